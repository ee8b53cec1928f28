import Foundation
import Testing

/// Regression tests for the command-line defects a new user and a hostile tester found (issue 10, §3).
@Suite("Command-line defects found by a new user")
struct FreshUserDefectTests {
    static let record = "[29/Feb/2024 14:02:51] Engine: Startup\n"

    /// Runs `kerio-siem` through `/bin/sh` so that a test can close standard descriptors (`2>&-`, `>&-`).
    /// Returns the exit status.
    static func shell(_ script: String, in directory: TemporaryDirectory) throws -> Int32 {
        let binary = try #require(Binary.path, "kerio-siem is not built")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", binary]
        process.currentDirectoryURL = directory.url
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A scratch directory holding `bad.log` (one unparsed line) and `good.log` (one record).
    static func directoryWithMixedLogs() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        _ = try directory.write("bad.log", "not a kerio line\n")
        _ = try directory.write("good.log", Self.record)
        return directory
    }

    @Test(
        "--timezone takes offsets that start with a dash",
        arguments: [
            ["--timezone", "-0530"], ["--tz", "-05:00"], ["--timezone", "-5"], ["--timezone", "+02:00"],
        ])
    func negativeOffsets(_ zone: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("f.log", Self.record)
        let result = try #require(try Binary.run(["-f", "cef"] + zone + [log]))
        #expect(result.exited(0), "\(result.stderr)")
        #expect(result.stdoutText.hasPrefix("CEF:0|"))
    }

    @Test("A closed standard error never makes warnings land in the output file")
    func closedStandardErrorKeepsOutputClean() throws {
        let directory = try Self.directoryWithMixedLogs()
        defer { directory.remove() }
        let status = try Self.shell(#"exec "$1" -f cef -o o.cef bad.log good.log 2>&-"#, in: directory)
        #expect(status == 0)
        let output = String(decoding: directory.read("o.cef") ?? [], as: UTF8.self)
        #expect(output.split(separator: "\n").count == 1)
        #expect(output.hasPrefix("CEF:0|"))
        #expect(!output.contains("unparsed") && !output.contains("not a kerio line"))
    }

    @Test("A closed standard output is exit 74 and --rejects is not committed")
    func closedStandardOutputIsAnIOError() throws {
        let directory = try Self.directoryWithMixedLogs()
        defer { directory.remove() }
        let status = try Self.shell(#"exec "$1" -f cef --rejects r.log good.log bad.log >&-"#, in: directory)
        #expect(status == 74)
        #expect(directory.read("r.log") == nil)
        #expect(directory.contents().allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test(
        "An empty output or rejects name is a usage error before reading",
        arguments: [
            ["-o", ""], ["--rejects", ""],
        ])
    func emptyOutputName(_ option: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("f.log", Self.record)
        let result = try #require(try Binary.run(["-f", "cef"] + option + [log], in: directory))
        #expect(result.exited(64), "\(result.stderr)")
        #expect(result.stderr.contains("needs a file name"))
    }
}
