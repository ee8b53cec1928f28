import Foundation
import KerioSIEM
import SystemPackage
import Testing

/// ``FileConversion``: several inputs into one session, per-input diagnostics, chunking.
struct FileConversionTests {
    private func convert(_ files: [[UInt8]], chunkSize: Int = FileConversion.defaultChunkSize, strict: Bool = false)
        throws -> (String, ConversionReport, [ParseDiagnostic], TemporaryDirectory)
    {
        let directory = try TemporaryDirectory()
        var inputs: [ConversionInput] = []
        for (index, bytes) in files.enumerated() {
            inputs.append(ConversionInput(path: FilePath(try directory.write("\(index + 1).log", bytes))))
        }
        var options = ConversionOptions()
        options.emitUnparsed = !strict
        options.strict = strict
        var conversion = FileConversion(options: options, chunkSize: chunkSize)
        var seen: [ParseDiagnostic] = []
        conversion.onUnparsed = { diagnostic, _ in seen.append(diagnostic) }
        var sink = MemorySink()
        let report = try conversion.convert(inputs, with: try KindNameExporter(options: ExportOptions()), to: &sink)
        return (sink.string, report, seen, directory)
    }

    @Test(arguments: [1, 2, 3, 7, 64, FileConversion.defaultChunkSize])
    func linesNeverJoinAcrossInputs(chunkSize: Int) throws {
        let (output, report, seen, directory) = try convert(
            [Array("garbage one".utf8), Array("garbage two\r".utf8), Array("\ngarbage three\n".utf8), []],
            chunkSize: chunkSize)
        defer { directory.remove() }

        #expect(output == "# begin\nunparsed\nunparsed\nunparsed\n# end\n")
        // File 3's leading LF is a blank line of its own, not the end of file 2's CR.
        #expect(report.linesRead == 4)
        #expect(report.blankLines == 1)
        #expect(report.unparsedLines == 3)
        #expect(report.isBalanced)
        #expect(report.bytesRead == 11 + 12 + 15)
        #expect(
            seen.map { "\($0.source!):\($0.line)" } == [
                "\(directory.path("1.log")):1", "\(directory.path("2.log")):1", "\(directory.path("3.log")):2",
            ])
        #expect(report.diagnostics == seen)
    }

    @Test func strictErrorNamesTheInputAndItsLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("a.log", "\n\n")
        let second = try directory.write("b.log", "\n\ngarbage\n")
        var options = ConversionOptions()
        options.strict = true
        var sink = MemorySink()

        #expect {
            _ = try FileConversion(options: options).convert(
                [ConversionInput(path: FilePath(first)), ConversionInput(path: FilePath(second))],
                with: try KindNameExporter(options: ExportOptions()), to: &sink)
        } throws: { error in
            guard case ConversionError.unparsedLine(let diagnostic) = error else { return false }
            return diagnostic.source == second && diagnostic.line == 3
        }
    }

    @Test func progressReportsTheBytesRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.log", Samples.garbage)
        var conversion = FileConversion(chunkSize: 5)
        var progress: [Int] = []
        conversion.onProgress = { progress.append($0) }
        var sink = MemorySink()

        _ = try conversion.convert(
            [ConversionInput(path: FilePath(path))],
            with: try KindNameExporter(options: ExportOptions()), to: &sink)

        #expect(progress.last == Samples.garbage.count)
        #expect(progress == progress.sorted())
        #expect(progress.count == (Samples.garbage.count + 4) / 5)
    }

    @Test func convertsByFormatName() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.log", Samples.garbage)
        var sink = MemorySink()

        let report = try FileConversion().convert(
            [ConversionInput(path: FilePath(path))], format: "kinds",
            registry: .testing, to: &sink)

        #expect(sink.string == "# begin\n# end\n")
        #expect(report.unparsedLines == Samples.garbageLines.count)
        #expect(throws: RegistryError.self) {
            _ = try FileConversion().convert([], format: "nope", registry: .testing, to: &sink)
        }
    }

    @Test func noInputsStillWritesPrologueAndEpilogue() throws {
        var sink = MemorySink()
        let report = try FileConversion().convert([], with: try KindNameExporter(options: ExportOptions()), to: &sink)
        #expect(sink.string == "# begin\n# end\n")
        #expect(report.linesRead == 0)
    }

    @Test func aMissingInputThrowsAnOpenError() throws {
        var sink = MemorySink()
        #expect(throws: FileIOError.failed(.open, path: "/no/such/file", .noSuchFileOrDirectory)) {
            _ = try FileConversion().convert(
                [ConversionInput(path: "/no/such/file")],
                with: try KindNameExporter(options: ExportOptions()), to: &sink)
        }
    }

    @Test func readsAnOpenDescriptor() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("in.log", Samples.garbage)
        let descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
        defer { try? descriptor.close() }
        var sink = MemorySink()

        let report = try FileConversion().convert(
            [ConversionInput(descriptor: descriptor, name: "fd")],
            with: try KindNameExporter(options: ExportOptions()), to: &sink)

        #expect(report.diagnostics.first?.source == "fd")
        #expect(report.bytesRead == Samples.garbage.count)
    }

    // MARK: - ConversionInput

    @Test func inspectReportsMissingFilesAndDirectories() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: FileIOError.isDirectory(path: directory.url.path)) {
            _ = try ConversionInput(path: FilePath(directory.url.path)).inspect()
        }
        #expect(throws: FileIOError.failed(.open, path: directory.path("x"), .noSuchFileOrDirectory)) {
            _ = try ConversionInput(path: FilePath(directory.path("x"))).inspect()
        }
        let path = try directory.write("in.log", Samples.garbage)
        let status = try ConversionInput(path: FilePath(path)).inspect()
        #expect(status.type == .regular && status.size == Int64(Samples.garbage.count))
    }

    @Test func inspectingAFIFODoesNotWaitForAWriter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.path("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(try ConversionInput(path: FilePath(fifo)).inspect().type == .fifo)
    }

    @Test func argumentDashIsStandardInput() {
        #expect(ConversionInput(argument: "-") == .standardInput)
        #expect(ConversionInput(argument: "-").isStandardInput)
        #expect(ConversionInput(argument: "a.log") == ConversionInput(path: "a.log"))
        #expect(ConversionInput(argument: "a.log").name == "a.log")
    }
}
