import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A program the real-peer tests started: its output goes to files in the test's directory, it is waited for with
/// a bound, and it never outlives the test (``stop()`` kills it; every test defers a ``PeerScope/close()``).
final class PeerProcess: @unchecked Sendable {
    let process = Process()
    let name: String
    let stdoutPath: String
    let stderrPath: String

    /// Starts `executable` with `arguments`; standard input is /dev/null unless `stdin` names a file.
    init(
        _ name: String, executable: String, arguments: [String], directory: PeerDirectory, stdin: String? = nil,
        environment: [String: String]? = nil
    ) throws {
        self.name = name
        let unique = UUID().uuidString.prefix(8)
        stdoutPath = directory.path("\(name)-\(unique).out")
        stderrPath = directory.path("\(name)-\(unique).err")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.root)
        if let environment { process.environment = environment }
        process.standardInput = FileHandle(forReadingAtPath: stdin ?? "/dev/null")
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// What it wrote to standard error so far.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    /// What it wrote to standard output so far.
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }

    /// Sends `signalNumber`.
    func signal(_ signalNumber: Int32) {
        if process.isRunning { kill(process.processIdentifier, signalNumber) }
    }

    /// Waits for the end, at most `timeout`; the exit status (or 128 + signal), nil if it still runs.
    @discardableResult
    func waitForExit(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            usleep(10_000)
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// Kills it (SIGKILL) if it still runs, and reaps it.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs `executable` to its end (killed after `timeout`): its status and both outputs.
    static func runToEnd(
        _ executable: String, _ arguments: [String], stdin: String? = nil, timeout: Duration
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let directory = try PeerDirectory()
        defer { directory.remove() }
        let run = try PeerProcess(
            URL(fileURLWithPath: executable).lastPathComponent, executable: executable, arguments: arguments,
            directory: directory, stdin: stdin)
        guard let status = run.waitForExit(timeout: timeout) else {
            run.stop()
            return (-1, run.stdout, run.stderr + "\n(killed after \(timeout))")
        }
        return (status, run.stdout, run.stderr)
    }
}

/// A fresh directory for one test (configurations, certificates, outputs, logs), removed at the end unless
/// `KERIO_SIEM_PEERS_KEEP=1`.
struct PeerDirectory: Sendable {
    let root: String

    init() throws {
        root =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("kerio-siem-peers-\(UUID().uuidString.prefix(12))", isDirectory: true).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { root + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The bytes of `name`, empty when it does not exist (yet).
    func read(_ name: String) -> [UInt8] { FileManager.default.contents(atPath: path(name)).map { [UInt8]($0) } ?? [] }

    func remove() {
        if ProcessInfo.processInfo.environment["KERIO_SIEM_PEERS_KEEP"] == "1" {
            print("kept \(root)")
        } else {
            try? FileManager.default.removeItem(atPath: root)
        }
    }
}

/// Everything one test started, stopped together at its end (also when it fails half way).
final class PeerScope: @unchecked Sendable {
    let directory: PeerDirectory
    private var started: [PeerProcess] = []

    init() throws { directory = try PeerDirectory() }

    /// Keeps `process` to stop at ``close()``.
    @discardableResult
    func own(_ process: PeerProcess) -> PeerProcess {
        started.append(process)
        return process
    }

    /// Kills whatever still runs and removes the directory (the tests quote the logs they need in their
    /// expectations, so nothing is printed here).
    func close() {
        for process in started where process.isRunning { process.stop() }
        directory.remove()
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(_ timeout: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
