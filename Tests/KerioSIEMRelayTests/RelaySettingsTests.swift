import NIOCore
import Testing

@testable import KerioSIEMRelay

/// The URLs, addresses and CIDR blocks of the command line.
@Suite struct RelaySettingsTests {
    @Test(arguments: [
        ("udp://0.0.0.0:514", ListenURL.Transport.udp, "0.0.0.0", 514),
        ("tcp://[::1]:6514", .tcp, "::1", 6514),
        ("TLS://relay.example:6514/", .tls, "relay.example", 6514),
    ])
    func listenURLs(_ text: String, _ transport: ListenURL.Transport, _ host: String, _ port: Int) throws {
        let url = try ListenURL(parsing: text)
        #expect(url.transport == transport)
        #expect(url.endpoint == Endpoint(host: host, port: port))
    }

    @Test(arguments: [
        "udp://:514", "tcp://::1:514", "tcp://host", "tcp://host:70000", "http://host:80", "host:514",
        "tcp://[::1", "tcp://host:+1",
    ])
    func badListenURLs(_ text: String) {
        #expect(throws: RelayConfigurationError.self) { try ListenURL(parsing: text) }
    }

    @Test(arguments: [
        ("-", DestinationURL.standardOutput),
        ("file:/var/log/k.cef", .file("/var/log/k.cef")),
        ("file:///var/log/k.cef", .file("/var/log/k.cef")),
        ("tls://siem:6514", .syslog(.tls, Endpoint(host: "siem", port: 6514))),
        ("splunk-hec+https://splunk:8088", .splunkHEC(Endpoint(host: "splunk", port: 8088), secure: true)),
        (
            "splunk-hec+http://127.0.0.1:8088/services/collector/event",
            .splunkHEC(Endpoint(host: "127.0.0.1", port: 8088), secure: false)
        ),
        (
            "elasticsearch+https://es:9200/logs-kerio.security-default",
            .elasticsearch(Endpoint(host: "es", port: 9200), dataStream: "logs-kerio.security-default", secure: true)
        ),
    ])
    func destinations(_ text: String, _ expected: DestinationURL) throws {
        #expect(try DestinationURL(parsing: text) == expected)
    }

    @Test(arguments: [
        "file:", "elasticsearch+https://es:9200", "elasticsearch+https://es:9200/Logs",
        "elasticsearch+https://es:9200/_x", "tcp://siem:514/path", "kafka://k:9092", "siem:514",
    ])
    func badDestinations(_ text: String) {
        #expect(throws: RelayConfigurationError.self) { try DestinationURL(parsing: text) }
    }

    @Test(arguments: [
        (["10.0.0.0/8"], "10.200.1.1", true), (["10.0.0.0/8"], "11.0.0.1", false),
        (["192.0.2.7"], "192.0.2.7", true), (["192.0.2.7"], "192.0.2.8", false),
        (["192.0.2.0/24"], "::ffff:192.0.2.9", true), (["2001:db8::/32"], "2001:db8:1::5", true),
        (["2001:db8::/32"], "2001:db9::5", false), (["0.0.0.0/0"], "203.0.113.1", true),
        (["::1/128", "127.0.0.1"], "127.0.0.1", true), ([], "198.51.100.1", true),
    ])
    func allowList(_ blocks: [String], _ sender: String, _ permitted: Bool) throws {
        let allow = try AllowList(blocks)
        #expect(allow.permits(try SocketAddress(ipAddress: sender, port: 514)) == permitted)
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0", "host", "10.0.0.0/x", ""])
    func badCIDRBlocks(_ text: String) {
        #expect(throws: RelayConfigurationError.self) { try AllowList([text]) }
    }

    @Test func backoffDoublesWithJitterUpToItsCap() {
        var backoff = Backoff()
        var previousCeiling = Duration.zero
        for attempt in 0..<12 {
            let delay = backoff.next()
            let ceiling = min(Duration.seconds(60), .milliseconds(500) * (1 << attempt))
            #expect(delay <= ceiling && delay >= ceiling / 2, "attempt \(attempt): \(delay)")
            #expect(ceiling >= previousCeiling)
            previousCeiling = ceiling
        }
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(500))
    }

    @Test(arguments: [StreamFraming.lineFeed, .octetCounting])
    func framing(_ framing: StreamFraming) {
        var batch = RecordBatch()
        batch.append(record: Array("CEF:0|a".utf8), time: nil, host: [UInt8]())
        batch.append(record: Array("CEF:0|bc\n".utf8), time: nil, host: [UInt8]())
        var bytes: [UInt8] = []
        framing.frame(batch, into: &bytes)
        let expected = framing == .lineFeed ? "CEF:0|a\nCEF:0|bc\n" : "7 CEF:0|a8 CEF:0|bc"
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}
