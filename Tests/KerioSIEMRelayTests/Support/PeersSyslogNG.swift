import Foundation
import Testing

/// syslog-ng (Debian syslog-ng-core) as the SIEM: one source on a loopback port, a file destination the test reads
/// back. The recipe of /work/shared/PIPELINE.md's appendix and Scripts/check-collectors.sh: `-F` in the foreground,
/// its own configuration, persist file, pid file and control socket in the test's directory; `keep-hostname(yes)`
/// so that `${HOST}` is the HOSTNAME of the message (the Kerio box), not the relay's; `store-raw-message` so that
/// the file holds the very bytes of each message the relay sent.
final class SyslogNGReceiver {
    /// How syslog-ng reads: what the relay's `--to` must match.
    enum Source: Sendable, CustomStringConvertible {
        /// `network()`, LF framing (the relay's `tcp://` default).
        case tcpLines
        /// `syslog()`, RFC 6587 octet-counting (`--framing octet-counting`).
        case tcpOctetCounted
        /// `syslog()` over TLS, RFC 5425, with this certificate and key.
        case tls(certificate: String, key: String)

        var description: String {
            switch self {
            case .tcpLines: "TCP, LF"
            case .tcpOctetCounted: "TCP, octet-counted"
            case .tls: "TLS"
            }
        }
    }

    let source: Source
    let port: Int
    let host: String
    let outputPath: String
    private let scope: PeerScope
    private(set) var process: PeerProcess?
    private var starts = 0

    /// Prepares a receiver on a free port (nothing runs until ``start()``).
    init(_ scope: PeerScope, source: Source, host: String = "127.0.0.1") throws {
        self.scope = scope
        self.source = source
        self.host = host
        port = try PeerNetwork.freePort(host: host)
        outputPath = scope.directory.path("syslog-ng-received.log")
    }

    /// Starts syslog-ng (again after ``kill()``, on the same port, appending to the same file) and waits until it
    /// accepts connections.
    func start() throws {
        let executable = try PeerTools.require("syslog-ng")
        starts += 1
        let directory = scope.directory
        let ip = host.contains(":") ? "ip(\"\(host)\") ip-protocol(6)" : "ip(\"\(host)\")"
        let driver: String
        switch source {
        case .tcpLines:
            driver = "network(\(ip) port(\(port)) transport(\"tcp\") flags(store-raw-message, syslog-protocol))"
        case .tcpOctetCounted:
            driver = "syslog(\(ip) port(\(port)) transport(\"tcp\") flags(store-raw-message))"
        case .tls(let certificate, let key):
            driver = """
                syslog(\(ip) port(\(port)) transport("tls") flags(store-raw-message)
                    tls(key-file("\(key)") cert-file("\(certificate)") peer-verify(optional-untrusted)))
                """
        }
        let configuration = """
            @version: 3.38
            options { keep-hostname(yes); stats-freq(0); log-msg-size(262144); };
            source s_relay { \(driver); };
            destination d_file { file("\(outputPath)" template("${HOST}\\t${RAWMSG}\\n")); };
            log { source(s_relay); destination(d_file); };
            """
        let path = try directory.write("syslog-ng-\(starts).conf", configuration)
        let process = try PeerProcess(
            "syslog-ng", executable: executable,
            arguments: [
                "--no-caps", "-F", "-e", "-f", path, "-R", directory.path("syslog-ng.persist"),
                "-p", directory.path("syslog-ng.pid"), "-c", directory.path("syslog-ng.ctl"),
            ], directory: directory)
        scope.own(process)
        self.process = process
        let listening = eventually(.seconds(10)) {
            guard process.isRunning else { return true }
            guard let probe = try? PeerNetwork.connect(host: host, port: port, timeout: .seconds(1)) else {
                return false
            }
            close(probe)
            return true
        }
        guard listening, process.isRunning else {
            throw PeerNetworkError("syslog-ng did not start on \(host):\(port): \(process.stderr.suffix(600))")
        }
    }

    /// Kills syslog-ng at once (SIGKILL: a crash, not a shutdown).
    func kill() {
        process?.stop()
    }

    /// Stops or resumes its reading (SIGSTOP / SIGCONT): a receiver that stalls.
    func pause(_ paused: Bool) { process?.signal(paused ? SIGSTOP : SIGCONT) }

    /// One message syslog-ng wrote to its file.
    struct Message {
        /// `${HOST}`: the HOSTNAME of the message (keep-hostname).
        var host: String
        /// `${RAWMSG}`: the message as the relay sent it, without its framing.
        var message: String
    }

    /// What syslog-ng wrote: each message's `${HOST}` and its bytes as the relay sent them.
    var received: [Message] {
        guard let data = FileManager.default.contents(atPath: outputPath) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map {
            line in
            guard let tab = line.firstIndex(of: "\t") else { return Message(host: String(line), message: "") }
            return Message(host: String(line[..<tab]), message: String(line[line.index(after: tab)...]))
        }
    }

    /// Waits until at least `count` messages arrived; returns whether they did.
    func waitForMessages(_ count: Int, timeout: Duration = .seconds(15)) -> Bool {
        eventually(timeout) { received.count >= count }
    }
}

/// syslog-ng as a SENDER: reads Kerio lines from a file (as a Kerio box's log, `host-override("kerio-fw")`) and
/// forwards them to the relay with `network()` (RFC 3164, LF framing) or `syslog()` (RFC 5424, octet-counted).
enum SyslogNGSender {
    /// The destination driver.
    enum Driver: String, Sendable, CaseIterable {
        case network, syslog
    }

    /// Starts a syslog-ng that sends every line of `inputPath` to `port` with `driver`.
    static func start(_ scope: PeerScope, driver: Driver, inputPath: String, port: Int) throws -> PeerProcess {
        let executable = try PeerTools.require("syslog-ng")
        let directory = scope.directory
        let configuration = """
            @version: 3.38
            options { keep-hostname(yes); stats-freq(0); };
            source s_kerio {
                file("\(inputPath)" flags(no-parse) host-override("kerio-fw") program-override("kerio")
                    default-facility(local5) default-priority(info) follow-freq(0.1));
            };
            destination d_relay { \(driver.rawValue)("127.0.0.1" port(\(port)) transport("tcp") time-reopen(1)); };
            log { source(s_kerio); destination(d_relay); };
            """
        let path = try directory.write("syslog-ng-sender.conf", configuration)
        return scope.own(
            try PeerProcess(
                "syslog-ng-sender", executable: executable,
                arguments: [
                    "--no-caps", "-F", "-e", "-f", path, "-R", directory.path("sender.persist"),
                    "-p", directory.path("sender.pid"), "-c", directory.path("sender.ctl"),
                ], directory: directory))
    }
}
