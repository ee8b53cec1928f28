import Foundation
import KerioSIEM
import Testing

/// The built `kerio-siem` executable, run as a separate process: what only a real process shows (exit statuses as
/// the shell sees them, signals, pipes, standard input and output). Only the built-in formats exist here, so
/// these tests rely on what holds whatever the exporters write: exit statuses, files present or absent, and the
/// `--rejects` file (which receives unparsed input lines, not exporter output).
struct BinaryTests {
    @Test func versionIsPrinted() throws {
        let result = try #require(try Binary.run(["--version"]))
        #expect(result.exited(0))
        #expect(result.stdoutText == "0.1.0\n")
    }

    @Test(arguments: [
        ["--help"], ["convert", "--help"], ["formats", "--help"], ["validate", "--help"],
        ["help", "convert"],
    ])
    func helpShowsExamples(arguments: [String]) throws {
        let result = try #require(try Binary.run(arguments))
        #expect(result.exited(0))
        #expect(result.stdoutText.contains("Examples:"))
        #expect(result.stdoutText.contains("kerio-siem "))
    }

    @Test func convertHelpDocumentsExitStatuses() throws {
        let result = try #require(try Binary.run(["convert", "--help"]))
        for status in ["64", "66", "73", "74", "141"] { #expect(result.stdoutText.contains(status)) }
    }

    @Test func formatsListsTheBuiltIns() throws {
        let result = try #require(try Binary.run(["formats"]))
        #expect(result.exited(0))
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NAME") == true)
        let names = lines.dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(names == ExporterRegistry.standard.formats.map(\.name))
        #expect(Set(names).isSuperset(of: ["cef", "leef", "ecs", "csv", "xml"]))
    }

    @Test func formatsAsJSON() throws {
        let result = try #require(try Binary.run(["formats", "--json"]))
        #expect(result.exited(0))
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [[String: Any]])
        #expect(objects.compactMap { $0["name"] as? String } == ExporterRegistry.standard.formats.map(\.name))
        #expect(Set(objects.compactMap { $0["name"] as? String }).isSuperset(of: ["cef", "leef", "ecs", "csv", "xml"]))
        for object in objects {
            #expect(Set(object.keys) == ["name", "aliases", "extension", "mediaType", "schema", "description"])
        }
    }

    /// Shell completion asks the binary for `--format` values: they come from the registry in use.
    @Test(arguments: ["convert", "validate"])
    func formatCompletionListsRegistryNames(subcommand: String) throws {
        let result = try #require(
            try Binary.run([
                "---completion", subcommand, "--", "--format", "3", "0",
                "kerio-siem", subcommand, "--format", "",
            ]))
        #expect(result.exited(0))
        #expect(
            result.stdoutText.split(separator: "\n").map(String.init)
                == ExporterRegistry.standard.formats.flatMap(\.allNames))
    }

    // MARK: - Exit statuses

    @Test func missingInputAmongSeveralExits66AndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("present.log", Samples.garbage)

        let result = try #require(
            try Binary.run(
                [
                    "convert", "-f", "csv", "present.log", "missing.log",
                    "-o", "out.csv", "--rejects", "rejects.log",
                ], in: directory))

        #expect(result.exited(66))
        #expect(result.stderr.contains("missing.log"))
        #expect(directory.contents() == ["present.log"])
    }

    @Test func directoryInputExits66() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try #require(try Binary.run(["-f", "cef", ".", "-o", "out.cef"], in: directory))
        #expect(result.exited(66))
        #expect(directory.contents().isEmpty)
    }

    @Test(arguments: [
        ["-f", "nope", "in.log"],
        ["-f", "cef", "--timezone", "Mars/Olympus_Mons", "in.log"],
        ["-f", "cef", "in.log", "-o", "in.log"],
        ["validate", "-f", "nope", "in.log"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", Samples.garbage)

        let result = try #require(try Binary.run(arguments, in: directory))

        #expect(result.exited(64))
        #expect(!result.stderr.isEmpty)
        #expect(directory.read("in.log") == Samples.garbage)
        #expect(directory.contents() == ["in.log"])
    }

    /// `kerio-siem in.log >> in.log` would read its own output forever: standard output is compared too.
    @Test func appendingStandardOutputToAnInputIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage + Array((Samples.engineStartup + "\n").utf8))

        let result = try #require(
            try Binary.run(
                ["-f", "ecs", "--emit-unparsed", "in.log"], in: directory,
                stdoutFile: input))

        #expect(result.exited(64))
        #expect(result.stderr.contains("is the input"))
        #expect(directory.read("in.log") == Samples.garbage + Array((Samples.engineStartup + "\n").utf8))
    }

    @Test func fullDeviceExits74() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", Samples.garbage)

        let result = try #require(
            try Binary.run(
                [
                    "-f", "ecs", "-q", "in.log", "-o", "/dev/null",
                    "--rejects", "/dev/full",
                ], in: directory))

        #expect(result.exited(74))
        #expect(result.stderr.contains("no space left on device"))
    }

    @Test func strictWithAnUnparsedLineExits1AndLeavesNoFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", Samples.garbage)

        let result = try #require(try Binary.run(["-f", "xml", "--strict", "in.log", "-o", "out.xml"], in: directory))

        #expect(result.exited(1))
        #expect(result.stderr.contains("in.log:1: error: "))
        #expect(directory.contents() == ["in.log"])
    }

    @Test func devNullOutputWorksAndIsNotReplaced() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", Samples.garbage + Array((Samples.engineStartup + "\n").utf8))
        let before = try FileManager.default.attributesOfItem(atPath: "/dev/null")

        let result = try #require(
            try Binary.run(
                ["-f", "ecs", "--emit-unparsed", "in.log", "-o", "/dev/null"],
                in: directory))

        #expect(result.exited(0))
        let after = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(after[.type] as? FileAttributeType == .typeCharacterSpecial)
        #expect(after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int)
        #expect(directory.contents() == ["in.log"])
    }

    // MARK: - Pipelines

    @Test(arguments: [[], ["-"]])
    func standardInputThroughAPipe(inputArguments: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let result = try #require(
            try Binary.run(
                ["-f", "cef", "--rejects", "rejects.log"] + inputArguments,
                stdin: .pipe(Samples.garbage), in: directory))

        #expect(result.exited(0))
        #expect(directory.read("rejects.log") == Samples.garbage)
        #expect(result.stderr.contains("-:1: warning: "))
        #expect(result.stderr.contains("converted 1 input to standard output (cef)"))
    }

    @Test func summaryAccountsForEveryLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", Samples.garbage + [0x0A, 0x0A])

        let result = try #require(try Binary.run(["-f", "csv", "in.log", "-o", "out.csv"], in: directory))

        #expect(result.exited(0))
        #expect(result.stderr.contains("6 read: 0 parsed, 4 unparsed, 2 blank"))
        #expect(result.stderr.contains("lines/s"))
        #expect(result.stderr.contains("bytes    \(Samples.garbage.count + 2) B in"))
    }

    @Test func manyUnparsedLinesAreSummarisedAfterTen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", String(repeating: "garbage\n", count: 25))

        let result = try #require(try Binary.run(["-f", "csv", "in.log", "-o", "/dev/null"], in: directory))

        #expect(result.exited(0))
        #expect(result.stderr.contains("in.log:10: warning: "))
        #expect(!result.stderr.contains("in.log:11: warning: "))
        #expect(result.stderr.contains("… and 15 more unparsed lines"))
    }

    @Test func quietPrintsNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", Samples.garbage)

        let result = try #require(try Binary.run(["-q", "-f", "csv", "in.log", "-o", "/dev/null"], in: directory))

        #expect(result.exited(0))
        #expect(result.stderr.isEmpty)
    }

    @Test func closedOutputPipeStopsQuietly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The rejects go to the closed pipe: they are written whatever the exporters and the parser do.
        try directory.write("in.log", Array(repeating: Samples.garbage, count: 20_000).flatMap { $0 })

        let result = try #require(
            try Binary.run(
                [
                    "-f", "cef", "-q", "in.log", "-o", "/dev/null",
                    "--rejects", "/dev/stdout",
                ], in: directory, closedStdout: true))

        #expect(result.exited(141))
        #expect(result.stderr.isEmpty)
    }

    @Test func closedOutputPipeWithoutQuietPrintsNoError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.log", Array(repeating: Samples.garbage, count: 20_000).flatMap { $0 })

        let result = try #require(
            try Binary.run(
                ["-f", "ecs", "in.log", "--emit-unparsed"], in: directory,
                closedStdout: true))

        // Whether anything reaches the pipe depends on the exporter; either way no error and no crash report.
        #expect(result.exited(141) || result.exited(0))
        #expect(!result.stderr.contains("error"))
        #expect(!result.stderr.contains("Fatal"))
    }

    // MARK: - Validate

    @Test func validateMissingFileExits66() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try #require(try Binary.run(["validate", "--format", "cef", "missing.cef"], in: directory))
        #expect(result.exited(66))
        #expect(result.stderr.contains("missing.cef"))
    }
}
