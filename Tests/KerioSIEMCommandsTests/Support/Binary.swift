import Foundation
import Testing

/// The built `kerio-siem` executable, run as a user would.
///
/// It is found next to the test bundle (`swift test` builds every product into the same directory), through
/// `/proc/self/exe`, falling back to `.build/debug/kerio-siem` beside the package.
enum Binary {
    /// The executable's path, or `nil` when it has not been built.
    static let path: String? = {
        // Beside the running test bundle first: that is where `swift test` put the executable it just built.
        let besideBundle = [
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            CommandLine.arguments.first,
        ].compactMap { $0 }
        var candidates = besideBundle.map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("kerio-siem").path
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug/kerio-siem").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// What a run produced.
    struct Result {
        var status: Int32
        var reason: Process.TerminationReason
        var stdout: [UInt8]
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        /// Whether the process exited (rather than died by a signal) with `code`.
        func exited(_ code: Int32) -> Bool { reason == .exit && status == code }
    }

    /// Where the process's standard input comes from.
    enum Input {
        case none
        /// The bytes, from a regular file.
        case bytes([UInt8])
        /// The bytes, through a pipe (written from another thread, then closed).
        case pipe([UInt8])
        case file(String)
    }

    /// A closed pipe must surface as `EPIPE` in the test process too, not kill it.
    static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Runs the binary with `arguments` and waits for it. Records an issue and returns `nil` if it is not built.
    /// - Parameters:
    ///   - closedStdout: make standard output a pipe whose reading end is already closed (`… | head` after `head`
    ///     exited).
    ///   - stdoutFile: append standard output to this file (`>> file`).
    ///   - environment: the process's whole environment (nil: the test process's).
    static func run(
        _ arguments: [String], stdin: Input = .none, in directory: TemporaryDirectory? = nil,
        closedStdout: Bool = false, stdoutFile: String? = nil, environment: [String: String]? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result? {
        guard let path else {
            Issue.record(
                "kerio-siem is not built; run `swift build --product kerio-siem`",
                sourceLocation: sourceLocation)
            return nil
        }
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory.url }
        let stdoutPath = scratch.path("stdout")
        let stderrPath = scratch.path("stderr")
        #expect(FileManager.default.createFile(atPath: stdoutPath, contents: nil))
        #expect(FileManager.default.createFile(atPath: stderrPath, contents: nil))
        let stdoutHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        let stderrHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardError = stderrHandle
        if closedStdout {
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            process.standardOutput = pipe
        } else if let stdoutFile {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutFile))
            try handle.seekToEnd()  // `>> file`
            process.standardOutput = handle
        } else {
            process.standardOutput = stdoutHandle
        }
        switch stdin {
        case .none:
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        case .bytes(let bytes):
            let inputPath = try scratch.write("stdin", bytes)
            process.standardInput = FileHandle(forReadingAtPath: inputPath)
        case .pipe(let bytes):
            Binary.ignoreSIGPIPE
            let pipe = Pipe()
            process.standardInput = pipe
            DispatchQueue.global().async {
                try? pipe.fileHandleForWriting.write(contentsOf: Data(bytes))
                try? pipe.fileHandleForWriting.close()
            }
        case .file(let file):
            process.standardInput = FileHandle(forReadingAtPath: file)
        }
        try process.run()
        process.waitUntilExit()
        try stdoutHandle.close()
        try stderrHandle.close()
        return Result(
            status: process.terminationStatus, reason: process.terminationReason,
            stdout: scratch.read("stdout") ?? [],
            stderr: String(decoding: scratch.read("stderr") ?? [], as: UTF8.self))
    }
}
