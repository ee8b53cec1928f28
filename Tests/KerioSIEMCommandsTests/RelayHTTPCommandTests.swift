import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kerio-siem relay` with HTTP outputs, as a user runs it: where the HEC token comes from (never the command
/// line), and the usage errors (exit 64) for a token missing, a format Elasticsearch cannot take or a syslog header
/// asked for an HTTP output.
@Suite(.timeLimit(.minutes(1)))
struct RelayHTTPCommandTests {
    /// The test process's environment without any HEC token or Elasticsearch credentials.
    static var cleanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("KERIO_SIEM_") && !$0.key.hasPrefix("ELASTICSEARCH_")
        }
    }

    static let usageErrors: [(name: String, arguments: [String], message: String)] = [
        (
            "HEC without a token", ["--to", "splunk-hec+http://127.0.0.1:9", "-f", "ecs"],
            "Splunk HEC needs a token: set KERIO_SIEM_HEC_TOKEN or give --hec-token-file"
        ),
        (
            "Elasticsearch with -f cef", ["--to", "elasticsearch+http://127.0.0.1:9/logs-kerio-default", "-f", "cef"],
            "Elasticsearch takes JSON documents: use -f ecs"
        ),
        (
            "--hec-token-file for another output",
            ["--to", "tcp://127.0.0.1:9", "-f", "cef", "--hec-token-file", "/x"],
            "--hec-token-file is for a splunk-hec+https:// output"
        ),
        (
            "a syslog header for HEC",
            ["--to", "splunk-hec+http://127.0.0.1:9", "-f", "ecs", "--syslog-framing", "rfc5424"],
            "--syslog-framing rfc5424 is for syslog outputs (udp://, tcp://, tls://)"
        ),
        (
            "a syslog header for Elasticsearch",
            [
                "--to", "elasticsearch+http://127.0.0.1:9/logs-kerio-default", "-f", "ecs", "--syslog-framing",
                "rfc3164",
            ],
            "--syslog-framing rfc3164 is for syslog outputs (udp://, tcp://, tls://)"
        ),
        (
            "an unreadable --hec-token-file",
            ["--to", "splunk-hec+http://127.0.0.1:9", "-f", "ecs", "--hec-token-file", "/nonexistent/token"],
            "--hec-token-file /nonexistent/token: cannot be read"
        ),
    ]

    @Test("usage errors exit 64 with a message that says what to do", arguments: usageErrors.indices)
    func usageError(_ index: Int) throws {
        let (name, arguments, message) = Self.usageErrors[index]
        let result = try #require(
            try Binary.run(
                ["relay", "--listen", "tcp://127.0.0.1:0"] + arguments, environment: Self.cleanEnvironment))
        #expect(result.exited(64), "\(name): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
    }

    /// Where the token comes from.
    enum TokenSource: String, CaseIterable, CustomTestStringConvertible {
        case environment, file, fileOverEnvironment
        var testDescription: String { rawValue }
    }

    @Test(
        "the token from KERIO_SIEM_HEC_TOKEN or --hec-token-file is sent as Authorization: Splunk",
        arguments: TokenSource.allCases)
    func token(_ source: TokenSource) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var environment = Self.cleanEnvironment
        var arguments: [String] = []
        switch source {
        case .environment:
            environment["KERIO_SIEM_HEC_TOKEN"] = "from-the-environment"
        case .file:
            arguments = ["--hec-token-file", try directory.write("token", " from-the-file \nsecond line\n")]
        case .fileOverEnvironment:
            environment["KERIO_SIEM_HEC_TOKEN"] = "from-the-environment"
            arguments = ["--hec-token-file", try directory.write("token", "from-the-file")]
        }
        let expected = source == .environment ? "Splunk from-the-environment" : "Splunk from-the-file"

        let catcher = try HTTPCatcher()
        defer { catcher.stop() }
        guard let path = Binary.path else {
            Issue.record("kerio-siem is not built")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments =
            [
                "relay", "--listen", "tcp://127.0.0.1:0", "--to", "splunk-hec+http://127.0.0.1:\(catcher.port)", "-f",
                "ecs", "--drain-timeout", "2",
            ] + arguments
        process.environment = environment
        let stderrPath = directory.path("stderr")
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The relay says where it listens: "listening on tcp://127.0.0.1:PORT, delivering to …".
        var port: Int?
        let deadline = ContinuousClock.now + .seconds(10)
        while port == nil && ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on tcp://127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let listening = try #require(port, "\((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")")
        try Self.send("[14/Nov/2026 09:15:07] Engine: Startup\n", to: listening)

        let request = try #require(catcher.waitForRequest(within: .seconds(10)), "no request reached the catcher")
        #expect(request.head.hasPrefix("POST /services/collector/event HTTP/1.1\r\n"))
        let authorization = request.head.split(separator: "\r\n").filter {
            $0.lowercased().hasPrefix("authorization:")
        }
        #expect(authorization == ["Authorization: \(expected)"], "\(source)")
        #expect(request.body.contains(#""event":{"#), "the ECS object")

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    static func send(_ text: String, to port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(connected == 0)
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
    }
}

/// A loopback HTTP/1.1 listener that answers every request with HEC's success and keeps the first one: enough to
/// see what the binary sends (the strict HEC fake is in KerioSIEMRelayTests, which this target cannot import).
final class HTTPCatcher: Sendable {
    struct Request: Sendable {
        var head: String
        var body: String
    }

    let port: Int
    private let descriptor: Int32
    private let first = Mutex<Request?>(nil)

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        descriptor = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 8) == 0
                    && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { return }
                serve(connection)
            }
        }
    }

    /// Reads requests on `connection` (keep-alive) and answers each.
    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[..<count])
            while let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                guard buffer.count >= end.upperBound + length else { break }
                let body = String(decoding: buffer[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
                buffer.removeSubrange(..<(end.upperBound + length))
                first.withLock { if $0 == nil { $0 = Request(head: head + "\r\n", body: body) } }
                let answer = #"{"text":"Success","code":0}"#
                let response = Array(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\n\r\n\(answer)"
                        .utf8)
                _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            }
        }
    }

    /// The first request, once it came (polling), or nil after `limit`.
    func waitForRequest(within limit: Duration) -> Request? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let request = first.withLock({ $0 }) { return request }
            usleep(10_000)
        }
        return first.withLock { $0 }
    }

    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }
}
