import Foundation
import Testing

/// `kerio-siem` running with a pipe on standard input that the test writes to line by line, and standard output read
/// by a background thread that notes when each output line arrived: for the live-input tests (streaming latency,
/// signals, `follow`).
final class LiveProcess: @unchecked Sendable {
    /// One output line and the moment it was read.
    struct Arrival {
        var line: String
        var at: ContinuousClock.Instant
    }

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var arrivals: [Arrival] = []
    private var bytes: [UInt8] = []
    private let readerDone = DispatchSemaphore(value: 0)
    let stderrPath: String

    /// Starts the binary with `arguments` in `directory`; `nil` (and an issue recorded) when it is not built.
    init?(_ arguments: [String], in directory: TemporaryDirectory, stdinIsPipe: Bool = true) throws {
        guard let path = Binary.path else {
            Issue.record("kerio-siem is not built; run `swift build --product kerio-siem`")
            return nil
        }
        Binary.ignoreSIGPIPE
        stderrPath = directory.path("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        process.standardInput = stdinIsPipe ? input : FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        try output.fileHandleForWriting.close()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                let now = ContinuousClock.now
                lock.lock()
                bytes.append(contentsOf: buffer[..<count])
                pending.append(contentsOf: buffer[..<count])
                while let end = pending.firstIndex(of: 0x0A) {
                    arrivals.append(Arrival(line: String(decoding: pending[..<end], as: UTF8.self), at: now))
                    pending.removeSubrange(...end)
                }
                lock.unlock()
            }
            readerDone.signal()
        }
    }

    /// Writes `text` to standard input (add the LF yourself) and returns when it was written.
    @discardableResult
    func write(_ text: String) throws -> ContinuousClock.Instant {
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        return ContinuousClock.now
    }

    /// Closes standard input (the end of the input).
    func closeInput() throws { try input.fileHandleForWriting.close() }

    /// The output lines so far.
    var lines: [Arrival] { lock.withLock { arrivals } }

    /// Everything written to standard output so far.
    var stdout: [UInt8] { lock.withLock { bytes } }

    /// What the process wrote to standard error.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits until `count` output lines have arrived or `timeout` passed; returns whether they did.
    func waitForLines(_ count: Int, timeout: Duration = .seconds(10)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if lines.count >= count { return true }
            usleep(2_000)
        }
        return lines.count >= count
    }

    /// Sends `signalNumber`.
    func signal(_ signalNumber: Int32) { kill(process.processIdentifier, signalNumber) }

    /// Waits for the process to end (killing it after `timeout`, recording an issue) and for its output to be read.
    func waitForExit(timeout: Duration = .seconds(30)) {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        if process.isRunning {
            Issue.record("kerio-siem did not end within \(timeout)")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        readerDone.wait()
        try? input.fileHandleForWriting.close()
    }
}
