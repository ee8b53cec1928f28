import Foundation
import Testing

/// SIGINT and SIGTERM in the middle of a long conversion: the process dies by the signal (shells show 130 / 143)
/// and leaves neither the output nor the rejects file, finished or temporary, behind.
struct SignalTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func signalDuringALongConversionLeavesNoFiles(signalNumber: Int32) throws {
        guard let path = Binary.path else {
            Issue.record("kerio-siem is not built; run `swift build --product kerio-siem`")
            return
        }
        Binary.ignoreSIGPIPE
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-f", "ecs", "-q", "--emit-unparsed", "-", "-o", "out.ndjson", "--rejects", "rejects.log"]
        process.currentDirectoryURL = directory.url
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()

        // A generated input, fed through a pipe so the conversion is certainly still running when the signal comes:
        // after this 1 MiB it waits for more. (1 MiB of these lines is several MiB of output already flushed into
        // the temporary file; 8 MiB cost a debug build some 4 s of CPU per signal and checked nothing more.)
        let block = Array(repeating: Samples.garbage + Array((Samples.engineStartup + "\n").utf8), count: 10_000)
            .flatMap { $0 }
        var fed = 0
        while fed < 1 << 20 {
            try input.fileHandleForWriting.write(contentsOf: Data(block))
            fed += block.count
        }
        let temporaries = directory.contents().filter { $0.hasSuffix(".tmp") }
        #expect(temporaries.count == 2, "the output and the rejects file are being written: \(directory.contents())")

        kill(process.processIdentifier, signalNumber)
        // A safety net, not a timing assertion: a process that ignores the signal must not hang the test run.
        var waited = 0
        while process.isRunning && waited < 30_000 {
            usleep(10_000)
            waited += 10
        }
        if process.isRunning {
            Issue.record("kerio-siem did not stop on signal \(signalNumber)")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()

        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signalNumber)
        #expect(directory.contents().isEmpty)
    }
}
