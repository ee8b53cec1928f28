import ArgumentParser
import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMCommands

/// `kerio-siem convert`, parsed and run inside the test process with the `kinds` test format.
struct ConvertCommandTests {
    // MARK: - Output

    @Test func writesOnePrologueAndEpilogueForSeveralInputs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("a.log", Samples.garbageLines[0] + [0x0A])
        let second = try directory.write("b.log", Samples.garbageLines[1])  // no final line break
        let output = directory.path("out.txt")

        let status = runInProcess(["convert", "-f", "kinds", "--emit-unparsed", "-q", first, second, "-o", output])

        #expect(status == 0)
        #expect(directory.read("out.txt") == Array("# begin\nunparsed\nunparsed\n# end\n".utf8))
        #expect(directory.contents() == ["a.log", "b.log", "out.txt"])
    }

    @Test func convertIsTheDefaultSubcommandAndAliasesWork() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)

        let status = runInProcess(["--format", "KIND-NAMES", "-q", input, "--output", directory.path("out.txt")])

        #expect(status == 0)
        #expect(directory.read("out.txt") == Array("# begin\n# end\n".utf8))
    }

    @Test func customOptionsReachTheExporter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbageLines[1] + [0x0A])

        let status = runInProcess([
            "-f", "kinds", "--emit-unparsed", "--option", "prefix=x=", "-q", input,
            "-o", directory.path("out.txt"),
        ])

        #expect(status == 0)
        #expect(directory.read("out.txt") == Array("# begin\nx=unparsed\n# end\n".utf8))
    }

    @Test func exporterRejectingItsOptionsIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)

        #expect(runInProcess(["-f", "kinds", "--option", "fail=1", input, "-o", directory.path("out")]) == 64)
        #expect(directory.contents() == ["in.log"])
    }

    @Test func outputIntoDevNullIsWrittenInPlace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        let before = try FileManager.default.attributesOfItem(atPath: "/dev/null")

        #expect(runInProcess(["-f", "kinds", "--emit-unparsed", "-q", input, "-o", "/dev/null"]) == 0)

        let after = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(after[.type] as? FileAttributeType == .typeCharacterSpecial)
        #expect(after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int)
    }

    @Test func fifoOutputIsWrittenInPlace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        let fifo = directory.path("out.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        // A reader must hold the FIFO open, as a shell pipeline would.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        #expect(FileManager.default.createFile(atPath: directory.path("received"), contents: nil))
        reader.standardOutput = try FileHandle(forWritingTo: directory.url.appendingPathComponent("received"))
        try reader.run()

        let status = runInProcess(["-f", "kinds", "--emit-unparsed", "-q", input, "-o", fifo])
        reader.waitUntilExit()

        #expect(status == 0)
        let expected = "# begin\n" + String(repeating: "unparsed\n", count: Samples.garbageLines.count) + "# end\n"
        #expect(directory.read("received") == Array(expected.utf8))
        var fifoStatus = stat()
        #expect(stat(fifo, &fifoStatus) == 0 && (fifoStatus.st_mode & S_IFMT) == S_IFIFO)
        #expect(directory.contents() == ["in.log", "out.fifo", "received"])
    }

    @Test func replacesAnExistingFileAtomicallyKeepingItsPermissions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        let output = try directory.write("out.txt", "old contents\n")
        #expect(chmod(output, 0o640) == 0)

        #expect(runInProcess(["-f", "kinds", "-q", input, "-o", output]) == 0)

        #expect(directory.read("out.txt") == Array("# begin\n# end\n".utf8))
        #expect(directory.contents() == ["in.log", "out.txt"])
        var status = stat()
        #expect(stat(output, &status) == 0 && status.st_mode & 0o777 == 0o640)
    }

    @Test func aSymbolicLinkOutputReplacesTheFileItPointsTo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        let target = try directory.write("target.txt", "old\n")
        let link = directory.path("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        #expect(runInProcess(["-f", "kinds", "-q", input, "-o", link]) == 0)

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(directory.read("target.txt") == Array("# begin\n# end\n".utf8))
    }

    // MARK: - Strict mode and failures keep old outputs

    @Test func strictModeFailsAndLeavesNoOutputFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)

        let status = runInProcess([
            "-f", "kinds", "--strict", input, "-o", directory.path("out.txt"),
            "--rejects", directory.path("rejects.log"),
        ])

        #expect(status == 1)
        #expect(directory.contents() == ["in.log"])
    }

    @Test func aFailedConversionKeepsTheOldOutputFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        try directory.write("out.txt", "precious\n")
        try directory.write("rejects.log", "old rejects\n")

        let status = runInProcess([
            "-f", "kinds", "--strict", input, "-o", directory.path("out.txt"),
            "--rejects", directory.path("rejects.log"),
        ])

        #expect(status == 1)
        #expect(directory.read("out.txt") == Array("precious\n".utf8))
        #expect(directory.read("rejects.log") == Array("old rejects\n".utf8))
        #expect(directory.contents() == ["in.log", "out.txt", "rejects.log"])
    }

    @Test func aFullDeviceIsAnIOError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)

        #expect(runInProcess(["-f", "kinds", "-q", input, "-o", "/dev/full"]) == 74)
    }

    @Test func aClosedOutputPipeStopsQuietlyWith141() throws {
        Binary.ignoreSIGPIPE
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])  // nobody will read
        defer { close(ends[1]) }

        #expect(runInProcess(["-f", "kinds", "-q", input, "-o", "/dev/fd/\(ends[1])"]) == 141)
    }

    // MARK: - Rejects

    @Test func rejectsReceiveUnparsedLinesByteForByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // CR LF and a missing final line break are normalised to LF; blank lines are not rejects.
        var bytes = Samples.garbageLines[0] + [0x0D, 0x0A, 0x0A, 0x20, 0x09, 0x0A]
        for line in Samples.garbageLines.dropFirst() { bytes += line + [0x0A] }
        bytes.removeLast()
        let input = try directory.write("in.log", bytes)

        let status = runInProcess([
            "-f", "kinds", "-q", input, "-o", directory.path("out.txt"),
            "--rejects", directory.path("rejects.log"),
        ])

        #expect(status == 0)
        #expect(directory.read("rejects.log") == Samples.garbage)
    }

    @Test func rejectsOfSeveralInputsFollowInputOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("1.log", Samples.garbageLines[2] + [0x0A])
        let second = try directory.write("2.log", Samples.garbageLines[0] + [0x0A])

        #expect(
            runInProcess([
                "-f", "kinds", "-q", second, first, "-o", "/dev/null",
                "--rejects", directory.path("rejects.log"),
            ]) == 0)

        #expect(directory.read("rejects.log") == Samples.garbageLines[0] + [0x0A] + Samples.garbageLines[2] + [0x0A])
    }

    @Test func longLinesAreRejectedCutAtTheLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", String(repeating: "x", count: 100) + "\n")

        #expect(
            runInProcess([
                "-f", "kinds", "-q", "--max-line-length", "10", input, "-o", "/dev/null",
                "--rejects", directory.path("rejects.log"),
            ]) == 0)

        #expect(directory.read("rejects.log") == Array((String(repeating: "x", count: 10) + "\n").utf8))
    }

    // MARK: - Usage errors (64)

    @Test(arguments: [
        ["-f", "no-such-format"],
        ["-f", "kinds", "--timezone", "Not/AZone"],
        ["-f", "kinds", "--timezone", "+25:00"],
        ["-f", "kinds", "--leef-version", "3.0"],
        ["-f", "kinds", "--leef-delimiter", "ab"],
        ["-f", "kinds", "--syslog-framing", "rfc9999"],
        ["-f", "kinds", "--option", "novalue"],
        ["-f", "kinds", "--max-line-length", "0"],
        ["-f", "kinds", "-", "-"],
        ["-f", "kinds", "--strict", "--emit-unparsed"],
        ["-f", "kinds", "--no-such-option"],
        ["--output", "x"],
    ])
    func usageErrorsExit64(arguments: [String]) {
        #expect(runInProcess(["convert"] + arguments + ["/dev/null"]) == 64)
    }

    @Test func outputEqualToAnInputIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        let link = directory.path("alias.log")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
        let hardLink = directory.path("hard.log")
        try FileManager.default.linkItem(atPath: input, toPath: hardLink)

        #expect(runInProcess(["-f", "kinds", input, "-o", input]) == 64)
        #expect(runInProcess(["-f", "kinds", input, "-o", link]) == 64)
        #expect(runInProcess(["-f", "kinds", "/dev/null", input, "-o", hardLink]) == 64)
        #expect(runInProcess(["-f", "kinds", input, "-o", directory.path("ok.txt"), "--rejects", hardLink]) == 64)
        #expect(
            runInProcess([
                "-f", "kinds", input, "-o", directory.path("same"), "--rejects",
                directory.path("same"),
            ]) == 64)
        #expect(directory.read("in.log") == Samples.garbage)
        #expect(directory.contents() == ["alias.log", "hard.log", "in.log"])
    }

    @Test func readingAndWritingTheSameDeviceIsAllowed() {
        #expect(runInProcess(["-f", "kinds", "-q", "/dev/null", "-o", "/dev/null"]) == 0)
    }

    // MARK: - Inputs (66) and outputs (73)

    @Test func aMissingInputExits66AndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let present = try directory.write("present.log", Samples.garbage)

        let status = runInProcess([
            "-f", "kinds", present, directory.path("missing.log"), "-o", directory.path("out"),
            "--rejects", directory.path("rejects"),
        ])

        #expect(status == 66)
        #expect(directory.contents() == ["present.log"])
    }

    @Test func aDirectoryInputExits66() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        #expect(runInProcess(["-f", "kinds", directory.url.path, "-o", directory.path("out")]) == 66)
        #expect(directory.contents().isEmpty)
    }

    @Test func anUnreadableInputExits66() throws {
        guard geteuid() != 0 else { return }  // root reads everything
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)
        #expect(chmod(input, 0) == 0)

        #expect(runInProcess(["-f", "kinds", input, "-o", directory.path("out")]) == 66)
    }

    @Test func anOutputThatCannotBeCreatedExits73() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.log", Samples.garbage)

        #expect(runInProcess(["-f", "kinds", input, "-o", directory.url.path]) == 73)
        #expect(runInProcess(["-f", "kinds", input, "-o", directory.path("no/such/dir/out")]) == 73)
        #expect(runInProcess(["-f", "kinds", input, "-o", "/dev/null", "--rejects", directory.url.path]) == 73)
    }

    // MARK: - Options

    @Test func exportOptionsAreMappedOntoExportOptions() throws {
        let command = try #require(
            try KerioSIEMCommand.parseAsRoot([
                "convert", "-f", "cef", "--timezone", "+02:00", "--observer-host", "fw1", "--vendor", "V",
                "--product", "P", "--device-version", "7", "--leef-version", "1.0", "--leef-delimiter", "x5E",
                "--no-formula-guard", "--ecs-version", "8.11.0", "--syslog-framing", "rfc5424", "--include-original",
                "--option", "a=1", "--option", "b=2=3", "--syslog-year", "2024", "--max-line-length", "4096",
            ]) as? Convert)
        let options = command.export.exportOptions
        #expect(options.timeZone == KerioTimeZone.fixed(secondsEastOfUTC: 7_200))
        #expect(options.observerHostName == "fw1")
        #expect(options.deviceVendor == "V" && options.deviceProduct == "P" && options.deviceVersion == "7")
        #expect(options.leefVersion == .v1)
        #expect(options.leefDelimiter == UInt8(ascii: "^"))
        #expect(options.csvFormulaGuard == false)
        #expect(options.ecsVersion == "8.11.0")
        #expect(options.syslogFraming == .rfc5424)
        #expect(options.includeOriginal)
        #expect(options.custom == ["a": "1", "b": "2=3"])
        #expect(command.input.parser.syslogYear == 2024)
        #expect(command.input.parser.syslogYearRule == .fixed(2024))
        #expect(command.input.parser.limits.maximumLineLength == 4_096)
    }

    @Test func defaultsLeaveExportOptionsAlone() throws {
        let command = try #require(try KerioSIEMCommand.parseAsRoot(["-f", "cef"]) as? Convert)
        let options = command.export.exportOptions
        let defaults = ExportOptions()
        #expect(options.timeZone == .utc)
        #expect(options.deviceVendor == defaults.deviceVendor)
        #expect(options.leefVersion == defaults.leefVersion)
        #expect(options.leefDelimiter == defaults.leefDelimiter)
        #expect(options.csvFormulaGuard == defaults.csvFormulaGuard)
        #expect(options.syslogFraming == defaults.syslogFraming)
        #expect(options.includeOriginal == defaults.includeOriginal)
        #expect(command.input.parser.syslogYear == InputOptions.currentYear())
        #expect(command.input.conversionInputs == [.standardInput])
        // Without --syslog-year the year is inferred from the clock (a date a day ahead is last year's).
        guard case .inferred(let now) = command.input.parser.syslogYearRule else {
            Issue.record("the default year rule is \(command.input.parser.syslogYearRule), not inferred")
            return
        }
        #expect(now.year == InputOptions.currentYear())
    }

    @Test(
        arguments: [
            ("^", 0x5E), ("|", 0x7C), ("x09", 0x09), ("0x7C", 0x7C), ("X5e", 0x5E), ("\\t", 0x09),
            ("tab", 0x09),
        ] as [(String, UInt8)])
    func leefDelimiterSpellings(text: String, byte: UInt8) throws {
        #expect(try ExportOptionGroup.parseDelimiter(text) == byte)
    }

    @Test(arguments: ["", "ab", "\u{7}", "xZZ", "x80", "é"])
    func invalidLeefDelimiters(text: String) {
        #expect(throws: (any Error).self) { try ExportOptionGroup.parseDelimiter(text) }
    }
}
