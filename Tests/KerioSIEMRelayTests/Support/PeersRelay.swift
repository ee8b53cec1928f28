import Foundation
import Testing

/// The built `kerio-siem relay` running as a subprocess, as an operator runs it: listeners on port 0 (the bound
/// ports are read from its "listening on …" log line), `--metrics 127.0.0.1:0` for the counters.
final class RelayProcess {
    let process: PeerProcess
    /// The bound `--listen` URLs, in the order given.
    private(set) var listens: [String] = []
    private(set) var metricsPort = 0

    /// Starts the relay and waits (at most 10 s) until it listens.
    init(
        _ scope: PeerScope, listen: [String], to destination: String, format: String = "cef",
        options: [String] = [], waitUntilListening: Bool = true
    ) throws {
        let binary = try PeerBinary.require()
        var arguments = ["relay"] + listen.flatMap { ["--listen", $0] }
        arguments += ["--to", destination, "-f", format, "--metrics", "127.0.0.1:0", "--summary-interval", "0"]
        process = scope.own(
            try PeerProcess(
                "kerio-siem-relay", executable: binary, arguments: arguments + options, directory: scope.directory))
        guard waitUntilListening else { return }
        let started = eventually(.seconds(10)) { !process.isRunning || process.stderr.contains("listening on ") }
        let log = process.stderr
        guard started, let line = log.split(separator: "\n").first(where: { $0.contains("listening on ") }) else {
            throw PeerNetworkError("the relay did not start: \(log.suffix(800))")
        }
        // "… listening on tcp://127.0.0.1:40123, udp://[::1]:40124, delivering to …, metrics on http://127.0.0.1:P/metrics"
        let afterListening = line.components(separatedBy: "listening on ").last ?? ""
        let urls = afterListening.components(separatedBy: ", delivering to ").first ?? ""
        listens = urls.components(separatedBy: ", ")
        if let metrics = line.components(separatedBy: "metrics on http://").last?.components(separatedBy: "/").first,
            let port = metrics.split(separator: ":").last.flatMap({ Int($0) })
        {
            metricsPort = port
        }
    }

    /// The bound port of the `index`th `--listen` URL.
    func port(_ index: Int = 0) -> Int { listens[index].split(separator: ":").last.flatMap { Int($0) } ?? 0 }

    /// The Prometheus samples of `/metrics`: `name` or `name{labels}` → value.
    func metrics() throws -> [String: Double] {
        let (status, body) = try PeerNetwork.get("/metrics", port: metricsPort)
        guard status == 200 else { throw PeerNetworkError("/metrics answered \(status)") }
        var samples: [String: Double] = [:]
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    /// One counter (0 when absent: swift-prometheus publishes a counter at its first increment).
    func metric(_ name: String) -> Int { Int((try? metrics())?[name] ?? 0) }

    /// `kerio_siem_relay_dropped_total{reason="…"}`.
    func dropped(_ reason: String) -> Int { metric("kerio_siem_relay_dropped_total{reason=\"\(reason)\"}") }

    /// `/healthz`: status code and body.
    func health() throws -> (status: Int, body: String) { try PeerNetwork.get("/healthz", port: metricsPort) }

    /// SIGTERM, then waits for the exit (at most `timeout`): the status, nil if it did not end.
    func terminate(timeout: Duration = .seconds(15)) -> Int32? {
        process.signal(SIGTERM)
        return process.waitForExit(timeout: timeout)
    }

    var stderr: String { process.stderr }
}

/// util-linux `logger` as the Kerio box: in a UTS namespace of its own whose hostname is `kerio-fw` (`unshare -u`),
/// so that the HOSTNAME it writes is not the relay's (both run on this machine).
enum KerioLogger {
    /// One way of sending, as logger's options.
    struct Mode: Sendable, CustomStringConvertible {
        var name: String
        var options: [String]
        /// Whether the envelope carries no time (`--rfc5424=notime`): then the records are byte for byte those of a
        /// batch conversion; an RFC 3164 time is masked instead.
        var timeless: Bool
        /// Whether it writes no HOSTNAME (`nohost`): the relay must name the sender's address instead.
        var hostless: Bool
        var udp: Bool { options.contains("--udp") }
        var description: String { name }
    }

    static let modes: [Mode] = [
        Mode(
            name: "RFC 5424, TCP, octet-counted", options: ["--rfc5424=notime", "--tcp", "--octet-count"],
            timeless: true, hostless: false),
        Mode(name: "RFC 5424, TCP, LF", options: ["--rfc5424=notime", "--tcp"], timeless: true, hostless: false),
        Mode(name: "RFC 5424, UDP", options: ["--rfc5424=notime", "--udp"], timeless: true, hostless: false),
        Mode(
            name: "RFC 5424 without HOSTNAME, UDP", options: ["--rfc5424=notime,nohost", "--udp"], timeless: true,
            hostless: true),
        Mode(name: "RFC 3164, TCP, LF", options: ["--rfc3164", "--tcp"], timeless: false, hostless: false),
        Mode(name: "RFC 3164, UDP", options: ["--rfc3164", "--udp"], timeless: false, hostless: false),
    ]

    /// The HOSTNAME logger writes.
    static let hostname = "kerio-fw"

    /// Sends every line of `file` to `host:port` (waits until logger is done, at most `timeout`).
    static func send(
        file: String, mode: Mode, host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(20),
        in scope: PeerScope
    ) throws {
        let process = try start(file: file, mode: mode, host: host, port: port, in: scope)
        let status = process.waitForExit(timeout: timeout)
        #expect(
            status == 0,
            "logger \(mode) to \(host):\(port): \(status.map { "\($0)" } ?? "still running") \(process.stderr)")
    }

    /// Starts logger sending `file` (it runs on; wait for it or kill it).
    static func start(file: String, mode: Mode, host: String = "127.0.0.1", port: Int, in scope: PeerScope) throws
        -> PeerProcess
    {
        let unshare = try PeerTools.require("unshare")
        let logger = try PeerTools.require("logger")
        let command =
            ([logger] + mode.options + [
                "-n", host, "-P", String(port), "-t", "kerio", "-p", "local5.info", "--size", "65536", "-f", file,
            ]).map { "'\($0)'" }.joined(separator: " ")
        return scope.own(
            try PeerProcess(
                "logger", executable: unshare,
                arguments: ["-u", "sh", "-c", "hostname \(hostname) && exec \(command)"],
                directory: scope.directory))
    }
}
