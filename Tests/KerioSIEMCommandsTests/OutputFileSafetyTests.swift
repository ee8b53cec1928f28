import Foundation
import KerioSIEM
import SystemPackage
import Testing

/// Regression tests for how `-o` and `--rejects` files are created, committed and cleaned up (issue 10, §3 rows 4,
/// 5, 6, 14, 19, 20).
@Suite("Output files: private while written, cleaned up on every signal, committed together")
struct OutputFileSafetyTests {
    static let record = "[29/Feb/2024 14:02:51] Engine: Startup\n"

    /// A running `kerio-siem` whose standard input stays open until ``finish()``, so a test can act mid-run.
    final class RunningConversion {
        let process = Process()
        let input = Pipe()
        let stderr = Pipe()

        init(_ arguments: [String], in directory: TemporaryDirectory) throws {
            let binary = try #require(Binary.path, "kerio-siem is not built")
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.currentDirectoryURL = directory.url
            process.standardInput = input
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = stderr
            try process.run()
        }

        func send(_ text: String) throws { try input.fileHandleForWriting.write(contentsOf: Array(text.utf8)) }

        /// Closes standard input and waits; returns the status and what was written to standard error.
        func finish() throws -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
            try? input.fileHandleForWriting.close()
            let errors = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, process.terminationReason, String(decoding: errors, as: UTF8.self))
        }
    }

    /// Waits (at most 10 s) until `directory` holds a temporary output file; returns its name.
    static func temporaryFile(in directory: TemporaryDirectory) throws -> String {
        for _ in 0..<1_000 {
            if let name = directory.contents().first(where: { $0.hasSuffix(".tmp") }) { return name }
            usleep(10_000)
        }
        throw CocoaError(.fileNoSuchFile)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test(
        "The temporary file is private while written, and gets the target's mode only at commit",
        arguments: [0o600, 0o644, nil] as [Int?])
    func temporaryFileIsPrivate(_ existingMode: Int?) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        if let existingMode {
            let old = try directory.write("out.cef", "old\n")
            try FileManager.default.setAttributes([.posixPermissions: existingMode], ofItemAtPath: old)
        }
        let run = try RunningConversion(["-f", "cef", "-o", "out.cef", "-q"], in: directory)
        try run.send(Self.record)
        let temporary = try Self.temporaryFile(in: directory)
        #expect(try Self.mode(directory.path(temporary)) == 0o600)
        let result = try run.finish()
        #expect(result.status == 0, "\(result.stderr)")
        let mask = umask(0)
        umask(mask)
        let expected = existingMode ?? (0o666 & ~Int(mask))
        #expect(try Self.mode(directory.path("out.cef")) == expected)
    }

    @Test("A file-size limit (ulimit -f) is exit 74 with no temporary file left")
    func fileSizeLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("big.log", String(repeating: Self.record, count: 7_000))
        // dash and bash both count `ulimit -f` in blocks of at least 512 bytes: 64 blocks ≥ 32 KiB, far below the
        // XML of 7,000 records.
        let status = try FreshUserDefectTests.shell(
            #"ulimit -f 64 && exec "$1" -f xml -q -o out.xml big.log"#, in: directory)
        #expect(status == 74)
        #expect(directory.read("out.xml") == nil)
        #expect(directory.contents().allSatisfy { !$0.hasSuffix(".tmp") }, "\(directory.contents())")
    }

    @Test(
        "Every catchable fatal signal removes the temporary files and ends the process by that signal",
        arguments: [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGXCPU, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF])
    func signalsCleanUp(_ signalNumber: Int32) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try RunningConversion(["-f", "cef", "-q", "-o", "out.cef", "--rejects", "r.log"], in: directory)
        try run.send(Self.record + "junk\n")
        _ = try Self.temporaryFile(in: directory)
        kill(run.process.processIdentifier, signalNumber)
        let result = try run.finish()
        #expect(result.reason == .uncaughtSignal && result.status == signalNumber)
        #expect(directory.contents().isEmpty, "left behind: \(directory.contents())")
    }

    @Test("When the output cannot be renamed into place, --rejects keeps its old contents too")
    func failedRenameCommitsNeither() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("r.log", "old rejects\n")
        let run = try RunningConversion(["-f", "cef", "-q", "-o", "out.cef", "--rejects", "r.log"], in: directory)
        try run.send("junk\n" + Self.record)
        _ = try Self.temporaryFile(in: directory)
        // A non-empty directory now stands where the output goes: rename(2) over it fails.
        try FileManager.default.createDirectory(
            atPath: directory.path("out.cef/inside"),
            withIntermediateDirectories: true)
        let result = try run.finish()
        #expect(result.status == 74, "\(result.stderr)")
        #expect(directory.read("r.log") == Array("old rejects\n".utf8))
        #expect(
            directory.contents().allSatisfy { !$0.hasSuffix(".tmp") && !$0.hasSuffix(".old") },
            "\(directory.contents())")
    }

    @Test("A group commit puts back an earlier target when a later rename fails")
    func groupCommitRestores() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("first", "old first\n")
        let first = try AtomicFileOutput(path: .init(directory.path("first")))
        let second = try AtomicFileOutput(path: .init(directory.path("second")))
        try Array("new\n".utf8).withUnsafeBufferPointer {
            try first.write($0)
            try second.write($0)
        }
        try FileManager.default.createDirectory(
            atPath: directory.path("second/inside"),
            withIntermediateDirectories: true)
        #expect(throws: FileIOError.self) { try AtomicFileOutput.commit([first, second]) }
        #expect(directory.read("first") == Array("old first\n".utf8))
        #expect(directory.contents().sorted() == ["first", "second"])
    }

    @Test("--rejects naming a directory is reported as --rejects")
    func rejectsDirectoryNamesTheFlag() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("f.log", Self.record)
        let result = try #require(try Binary.run(["-f", "cef", "--rejects", "/tmp", log]))
        #expect(result.exited(73))
        #expect(result.stderr.contains("--rejects '/tmp' is a directory"), "\(result.stderr)")
    }

    @Test("A dangling symbolic link as -o: the file it names is created and the link stays")
    func danglingLink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("f.log", Self.record)
        try FileManager.default.createDirectory(atPath: directory.path("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory.path("link.cef"),
            withDestinationPath: "real/target.cef")
        let result = try #require(try Binary.run(["-f", "cef", "-o", "link.cef", log], in: directory))
        #expect(result.exited(0), "\(result.stderr)")
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("link.cef"))
                == "real/target.cef")
        #expect(String(decoding: directory.read("real/target.cef") ?? [], as: UTF8.self).hasPrefix("CEF:0|"))
    }

    @Test("A device out of inodes is exit 74 (an I/O failure), as out of space")
    func outOfInodes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("f.log", Self.record)
        try FileManager.default.createDirectory(atPath: directory.path("full"), withIntermediateDirectories: true)
        // A private mount namespace (as an unprivileged user too) with a tmpfs of two inodes: its root and one file.
        let status = try FreshUserDefectTests.shell(
            #"""
            exec unshare --map-root-user --mount sh -c '
                mount -t tmpfs -o size=1m,nr_inodes=2 none full || exit 99
                : > full/filler || exit 98
                exec "$0" -f cef -o full/out.cef f.log 2> err.txt' "$1"
            """#, in: directory)
        let errors = String(decoding: directory.read("err.txt") ?? [], as: UTF8.self)
        #expect(status == 74, "\(errors)")
        #expect(errors.contains("no free inode"))
    }
}
