import Foundation
import Testing

/// Live input: lines written slowly into a pipe come out as records within 50 ms each, with any `--jobs`, in order
/// and byte-identical to a batch run; and `SIGTERM`, `SIGINT` and `SIGHUP` while standard input is still open lose no
/// record.
@Suite(.serialized)
struct StreamingTests {
    /// The records of these lines are what the tests wait for; the sample's first lines are IPS records.
    static let lines: [String] = {
        let text = (try? String(contentsOfFile: Self.samplePath, encoding: .utf8)) ?? ""
        return Array(text.split(separator: "\n").prefix(6).map(String.init))
    }()

    static var samplePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/security.log").path
    }

    /// The latency bound of the issue: each record within 50 ms of its line.
    static let bound = Duration.milliseconds(50)

    @Test(arguments: [1, 2, 8])
    func eachRecordLeavesWithin50msOfItsLine(jobs: Int) throws {
        #expect(Self.lines.count == 6)
        // A descheduled process on a loaded two-core machine can miss a deadline; a program that holds records
        // back misses them all, by seconds. Two retries tell the two apart without hiding the second.
        var worst = Duration.zero
        for _ in 0..<3 {
            worst = try worstLatency(jobs: jobs)
            if worst <= Self.bound { break }
        }
        #expect(worst <= Self.bound, "worst latency \(worst) with -j \(jobs)")
    }

    /// Writes the lines 120 ms apart and returns the worst delay between a line's write and its record's arrival;
    /// also checks the streamed output is byte-identical to a batch conversion of the same lines.
    private func worstLatency(jobs: Int) throws -> Duration {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        guard let live = try LiveProcess(["-f", "cef", "-q", "-j", "\(jobs)"], in: directory) else { return .zero }
        var worst = Duration.zero
        for (index, line) in Self.lines.enumerated() {
            let written = try live.write(line + "\n")
            #expect(live.waitForLines(index + 1, timeout: .seconds(5)), "record \(index + 1) never came")
            // The first record also waits for the process to start (under load, a few hundred milliseconds): the
            // bound is about the lines after it.
            if index > 0, let arrival = live.lines.dropFirst(index).first?.at {
                worst = max(worst, arrival - written)
            }
            usleep(120_000)
        }
        try live.closeInput()
        live.waitForExit()
        #expect(live.process.terminationStatus == 0)
        let batch = try Binary.run(["-f", "cef", "-q", "-j", "\(jobs)"], stdin: .bytes(Array(batchInput.utf8)))
        #expect(batch?.stdout == live.stdout, "the streamed output differs from the batch output")
        return worst
    }

    private var batchInput: String { Self.lines.map { $0 + "\n" }.joined() }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP], [1, 4])
    func aSignalWithStandardInputOpenWritesEveryRecordFirst(signalNumber: Int32, jobs: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        guard
            let live = try LiveProcess(
                ["-f", "xml", "-q", "-j", "\(jobs)", "--rejects", "rejects.log"], in: directory)
        else { return }
        for line in Self.lines { try live.write(line + "\n") }
        try live.write("not a Kerio line\n")
        // A partial line: it was read, so it is converted (here: rejected) rather than lost.
        try live.write("[14/Nov/2026 09:15:02] Engine: Start")
        #expect(live.waitForLines(2 + Self.lines.count), "records before the signal")
        usleep(100_000)
        live.signal(signalNumber)
        live.waitForExit()

        #expect(live.process.terminationReason == .uncaughtSignal, "ends by the signal: \(live.stderr)")
        #expect(live.process.terminationStatus == signalNumber)
        let output = String(decoding: live.stdout, as: UTF8.self)
        #expect(output.hasSuffix("</events>\n"), "the XML document is closed")
        #expect(output.components(separatedBy: "<event><timestamp>").count - 1 == Self.lines.count)
        let rejects = String(decoding: directory.read("rejects.log") ?? [], as: UTF8.self)
        #expect(rejects == "not a Kerio line\n[14/Nov/2026 09:15:02] Engine: Start\n")
        #expect(directory.contents().filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalKeepsTheOutputFileAllOrNothing(signalNumber: Int32) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("out.cef", "old contents\n")
        guard
            let live = try LiveProcess(
                ["-f", "cef", "-q", "-o", "out.cef", "--rejects", "rejects.log"], in: directory)
        else { return }
        for line in Self.lines { try live.write(line + "\n") }
        usleep(200_000)
        live.signal(signalNumber)
        live.waitForExit()
        #expect(live.process.terminationReason == .uncaughtSignal)
        #expect(live.process.terminationStatus == signalNumber)
        // A partial output file would pass for a complete one: the old file stays, nothing else is left.
        #expect(directory.read("out.cef") == Array("old contents\n".utf8))
        #expect(directory.contents().filter { !$0.hasPrefix("stderr-") } == ["out.cef"])
    }

    /// A collector that closes the pipe and then sends SIGTERM (syslog-ng's `program()` on stop or reload) leaves
    /// lines in the pipe that kerio-siem has not read yet: they are read and converted too, before the end.
    @Test(arguments: [1, 4])
    func whatIsAlreadyInThePipeWhenTheSignalComesIsConvertedToo(jobs: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Standard output is a file, and the pipe is filled faster than a debug build converts: when the writer
        // closes it and the signal follows at once, up to a pipe's worth of lines is still unread.
        guard let live = try LiveProcess(["-f", "cef", "-q", "-j", "\(jobs)"], in: directory) else { return }
        let lines = (0..<3_000).map { Self.lines[$0 % Self.lines.count] + "\n" }.joined()
        try live.write(lines)
        try live.closeInput()
        live.signal(SIGTERM)
        live.waitForExit()
        let records = String(decoding: live.stdout, as: UTF8.self).utf8.split(separator: 0x0A).count
        #expect(records == 3_000, "every line in the pipe was converted (\(live.process.terminationReason))")
    }
}
