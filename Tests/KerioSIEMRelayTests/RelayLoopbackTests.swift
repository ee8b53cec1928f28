import KerioSIEM
import Logging
import NIOCore
import Testing

@testable import KerioSIEMRelay

/// The relay in process, on loopback: TCP and UDP in, TCP out to a test receiver; every record once, in the
/// format `convert` writes; the device is the header's HOSTNAME, else the sender. (Backpressure against a stalled
/// receiver is tested with a real syslog-ng in `RealPeerTests`.)
@Suite(.timeLimit(.minutes(1))) struct RelayLoopbackTests {
    static let lines = [
        "[14/Nov/2026 09:15:02] IPS: Packet drop, severity: High, Rule ID: 1:3000001 KERIO IPS Test Signature - High Severity, proto:TCP, ip/port:85.17.210.230:80(www.kerio.com) -> 10.0.0.1:49023",
        "[14/Nov/2026 09:15:03] Engine: Startup",
        "[14/Nov/2026 11:05:01] {pktdrop} packet dropped: Anti-spoofing (from Cable, proto:TCP, len:60, 100.64.1.1:55000 -> 192.168.1.2:3389, flags: SYN, seq:12345 ack:0, win:29200, tcplen:0)",
        "not a Kerio line at all",
    ]

    /// RFC 5424 messages from the Kerio box `fw1`.
    static func rfc5424(_ line: String) -> String { "<13>1 2026-11-14T09:15:02Z fw1 kerio - - - \(line)" }

    static func makeRelay(
        listen: [String], to port: Int, format: any EventExporter = try! CEFExporter(options: ExportOptions()),
        configure: (inout RelayConfiguration) -> Void = { _ in }
    ) throws -> Relay {
        var configuration = RelayConfiguration(
            listens: try listen.map { try ListenURL(parsing: $0) },
            destination: .syslog(.tcp, Endpoint(host: "127.0.0.1", port: port)), exporter: format)
        configuration.summaryInterval = nil
        configuration.retryBackoff.initial = .milliseconds(20)
        configuration.retryBackoff.maximum = .milliseconds(100)
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try Relay(configuration: configuration, logger: logger)
    }

    /// What `convert` writes for `messages` with `exporter` (the reference).
    static func converted(_ messages: [String], exporter: any EventExporter) -> [String] {
        func run<E: EventExporter>(_ exporter: E) -> [String] {
            var session = ConversionSession(exporter: exporter)
            var sink = MemorySink()
            try! session.feed(Array(messages.map { $0 + "\n" }.joined().utf8), to: &sink)
            _ = try! session.finish(to: &sink)
            return sink.string.split(separator: "\n").map(String.init)
        }
        return run(exporter)
    }

    @Test(arguments: [false, true])
    func tcpInEveryRecordOnceAsConvertWritesIt(_ octetCounted: Bool) async throws {
        let receiver = try await TestSyslogReceiver()
        let relay = try Self.makeRelay(listen: ["tcp://127.0.0.1:0"], to: receiver.port)
        let bound = try await relay.start().listens
        let messages = (0..<200).map { Self.rfc5424(Self.lines[$0 % 3]) }
        let stream = messages.map { octetCounted ? "\($0.utf8.count) \($0)" : "\($0)\n" }.joined()
        try await TestSender.sendTCP(Array(stream.utf8), port: bound[0].endpoint.port)
        let expected = Self.converted(messages, exporter: try CEFExporter(options: ExportOptions()))
        #expect(await receiver.wait { $0.filter { $0 == 0x0A }.count >= expected.count })
        let report = await relay.stop()
        #expect(receiver.lines == expected)
        #expect(report.undelivered == 0)
        #expect(relay.statistics.value(.sent) == expected.count)
        await receiver.close()
    }

    @Test func theSenderIsTheDeviceWhenTheHeaderNamesNone() async throws {
        let receiver = try await TestSyslogReceiver()
        let relay = try Self.makeRelay(listen: ["udp://127.0.0.1:0"], to: receiver.port)
        let bound = try await relay.start().listens
        try await TestSender.sendUDP(
            [Array(Self.lines[1].utf8), Array(Self.rfc5424(Self.lines[1]).utf8)], port: bound[0].endpoint.port)
        #expect(await receiver.wait { $0.filter { $0 == 0x0A }.count >= 2 })
        _ = await relay.stop()
        let lines = receiver.lines
        #expect(lines.count == 2)
        #expect(lines.contains { $0.contains("dvchost=127.0.0.1") })
        #expect(lines.contains { $0.contains("dvchost=fw1") })
        await receiver.close()
    }

    /// A sender on ::1 whose messages name no HOSTNAME is the device, and the outgoing syslog header names it as
    /// `::1` (RFC 5424 §6.2.4), for CEF and ECS alike; the record itself keeps the address too.
    @Test(arguments: ["cef", "ecs"])
    func anIPv6SenderIsTheHeadersHostname(_ format: String) async throws {
        var options = ExportOptions()
        options.syslogFraming = .rfc5424
        let exporter: any EventExporter =
            format == "cef" ? try CEFExporter(options: options) : try ECSJSONExporter(options: options)
        let receiver = try await TestSyslogReceiver()
        let relay = try Self.makeRelay(listen: ["tcp://[::1]:0"], to: receiver.port, format: exporter)
        let bound = try await relay.start().listens
        try await TestSender.sendTCP(Array((Self.lines[1] + "\n").utf8), port: bound[0].endpoint.port, host: "::1")
        #expect(await receiver.wait { $0.contains(0x0A) })
        _ = await relay.stop()
        let lines = receiver.lines
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("<38>1 2026-11-14T09:15:03.000Z ::1 kerio-siem - - - ") == true, "\(lines)")
        #expect(lines.first?.contains(format == "cef" ? " dvchost=::1 " : #""hostname":"::1""#) == true, "\(lines)")
        await receiver.close()
    }

    @Test func severalLinesInOneDatagramAreSeveralMessages() async throws {
        let receiver = try await TestSyslogReceiver()
        let relay = try Self.makeRelay(listen: ["udp://127.0.0.1:0"], to: receiver.port)
        let bound = try await relay.start().listens
        try await TestSender.sendUDP([Array((Self.lines[0] + "\n" + Self.lines[1]).utf8)], port: bound[0].endpoint.port)
        #expect(await receiver.wait { $0.filter { $0 == 0x0A }.count >= 2 })
        _ = await relay.stop()
        #expect(receiver.lines.count == 2)
        #expect(relay.statistics.value(.received) == 2)
        await receiver.close()
    }

    @Test(arguments: [false, true])
    func unparsedLinesAreCountedAndForwardedOnlyWhenAsked(_ emit: Bool) async throws {
        let receiver = try await TestSyslogReceiver()
        let relay = try Self.makeRelay(listen: ["tcp://127.0.0.1:0"], to: receiver.port) {
            $0.conversion.conversion.emitUnparsed = emit
        }
        let bound = try await relay.start().listens
        try await TestSender.sendTCP(Array(Self.lines.map { $0 + "\n" }.joined().utf8), port: bound[0].endpoint.port)
        #expect(await receiver.wait { $0.filter { $0 == 0x0A }.count >= (emit ? 4 : 3) })
        try await Task.sleep(for: .milliseconds(50))
        _ = await relay.stop()
        #expect(receiver.lines.count == (emit ? 4 : 3))
        #expect(relay.statistics.value(.unparsed) == 1)
        #expect(relay.statistics.value(.parsed) == 3)
        await receiver.close()
    }

    @Test func sendersOutsideTheAllowListAreDroppedAndCounted() async throws {
        let receiver = try await TestSyslogReceiver()
        let relay = try Self.makeRelay(listen: ["tcp://127.0.0.1:0", "udp://127.0.0.1:0"], to: receiver.port) {
            $0.allow = try! AllowList(["192.0.2.0/24"])
        }
        let bound = try await relay.start().listens
        try? await TestSender.sendTCP(Array((Self.lines[1] + "\n").utf8), port: bound[0].endpoint.port)
        try await TestSender.sendUDP([Array(Self.lines[1].utf8)], port: bound[1].endpoint.port)
        try await Task.sleep(for: .milliseconds(200))
        _ = await relay.stop()
        #expect(receiver.bytes.isEmpty)
        #expect(relay.statistics.dropped(.notAllowed) == 2)
        #expect(relay.statistics.value(.received) == 0)
        await receiver.close()
    }

    @Test func aStopWithTheReceiverDownReportsWhatIsUndelivered() async throws {
        let receiver = try await TestSyslogReceiver()
        let port = receiver.port
        await receiver.close()
        let relay = try Self.makeRelay(listen: ["tcp://127.0.0.1:0"], to: port) {
            $0.drainTimeout = .milliseconds(300)
        }
        let bound = try await relay.start().listens
        try await TestSender.sendTCP(
            Array((0..<5).map { Self.lines[$0 % 3] + "\n" }.joined().utf8), port: bound[0].endpoint.port)
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        let report = await relay.stop()
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(report.undelivered == 5)
        #expect(relay.statistics.dropped(.undelivered) == 5)
        #expect(relay.statistics.value(.retries) >= 1)
    }

    @Test func documentFormatsAreRefused() throws {
        #expect(throws: RelayConfigurationError.self) {
            try Self.makeRelay(listen: ["tcp://127.0.0.1:0"], to: 9, format: try XMLExporter(options: ExportOptions()))
        }
    }
}
