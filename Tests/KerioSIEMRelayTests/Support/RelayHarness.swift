import Foundation
import KerioSIEM
import Logging
import Synchronization
import Testing

@testable import KerioSIEMRelay

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An in-process ``Relay`` with one `tcp://127.0.0.1:0` listener, the lines a test sends it with a plain socket,
/// and what they should become.
struct RelayHarness {
    /// The output formats the HTTP tests use: ECS (the event is the JSON object) and CEF (the event is a string).
    enum Format: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case ecs, cef
        var testDescription: String { rawValue }

        func exporter() -> any EventExporter {
            switch self {
            case .ecs: try! ECSJSONExporter(options: ExportOptions())
            case .cef: try! CEFExporter(options: ExportOptions())
            }
        }
    }

    let relay: Relay
    let port: Int
    let logs: LogCapture

    /// Starts a relay delivering to `destination` in `format`; `adjust` changes the configuration first. Retries
    /// are fast (a 20 ms first step, 200 ms at most) unless `adjust` says otherwise.
    static func start(
        to destination: String, format: Format, adjust: (inout RelayConfiguration) -> Void = { _ in }
    ) async throws -> RelayHarness {
        var configuration = RelayConfiguration(
            listens: [try ListenURL(parsing: "tcp://127.0.0.1:0")],
            destination: try DestinationURL(parsing: destination),
            exporter: format.exporter(), conversion: conversion)
        configuration.summaryInterval = nil
        configuration.drainTimeout = .seconds(5)
        configuration.retryBackoff.initial = .milliseconds(20)
        configuration.retryBackoff.maximum = .milliseconds(200)
        adjust(&configuration)
        let logs = LogCapture()
        let relay = try Relay(configuration: configuration, logger: Logger(label: "test") { _ in logs })
        let bound = try await relay.start()
        return RelayHarness(relay: relay, port: bound.listens[0].endpoint.port, logs: logs)
    }

    /// The conversion every test uses: the default parser (RFC 3164 years are 1970: fixed, so that times are
    /// known), unparsed lines not forwarded, Kerio times in UTC.
    static let conversion = ConversionSettings(
        parser: SecurityLogParser(syslogYear: 2026), conversion: ConversionOptions(), timeZone: .utc)

    /// Sends `lines` over one TCP connection, LF-framed, and closes it.
    func send(_ lines: [String]) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
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
        guard connected == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            sent += count
        }
    }

    /// Waits until the relay has confirmed `count` records sent (or refused), at most `limit`.
    func waitForSent(_ count: Int, within limit: Duration = .seconds(15)) async -> Bool {
        await eventually(within: limit) {
            relay.statistics.value(.sent) + relay.statistics.dropped(.rejected) >= count
        }
    }

    // MARK: - What the lines should become

    /// The lines of `Samples/NAME`.
    static func sample(_ name: String) -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples/\(name)")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// The records the shared converter makes of `lines` from 127.0.0.1, in order: what must arrive.
    static func expectedRecords(_ lines: [String], format: Format) -> [String] {
        let converter = makeMessageConverter(exporter: format.exporter(), settings: conversion)
        converter.sender = Array("127.0.0.1".utf8)
        for line in lines { Array((line + "\n").utf8).withUnsafeBytes { converter.addStream($0) } }
        let batch = converter.finish()
        return (0..<batch.count).map { String(decoding: batch.record(at: $0), as: UTF8.self) }
    }

    /// A record as the HTTP event must carry it: the parsed object for ECS, the string for CEF — both as text
    /// that compares equal whatever the key order (sorted keys).
    static func canonical(_ value: Any) -> String {
        if let text = value as? String { return text }
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// ``canonical(_:)`` of a record as the converter wrote it.
    static func canonical(record: String, format: Format) -> String {
        switch format {
        case .cef: record
        case .ecs: canonical((try? JSONSerialization.jsonObject(with: Data(record.utf8))) ?? record)
        }
    }
}

/// Keeps every log message of a relay, for the tests that check what it logged (a refused token is an error).
final class LogCapture: LogHandler, Sendable {
    private let entries = Mutex<[(Logger.Level, String)]>([])

    /// The messages logged at `level`.
    func messages(at level: Logger.Level) -> [String] {
        entries.withLock { $0.filter { $0.0 == level }.map(\.1) }
    }

    func log(event: LogEvent) { entries.withLock { $0.append((event.level, "\(event.message)")) } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
}
