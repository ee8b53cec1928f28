import KerioSIEM
import Testing

@testable import KerioSIEMSampleData

/// A deterministic exporter for pipeline tests: one line per record, `kind original`.
struct KindLineExporter: EventExporter {
    static let format = ExportFormat(name: "kind-line", fileExtension: "txt", mediaType: "text/plain", summary: "test")
    init(options: ExportOptions) throws(ExportError) {}
    mutating func writePrologue(into output: inout OutputBuffer) { output.write("BEGIN\n") }
    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        output.write(event.kind.name)
        output.write(UInt8(ascii: " "))
        event.withOriginalBytes { output.write($0, escaping: .plainText) }
        output.write(UInt8(ascii: "\n"))
    }
    mutating func writeEpilogue(into output: inout OutputBuffer) { output.write("END\n") }
}

struct ConversionSessionTests {
    static func convert(
        _ input: [UInt8], chunkSize: Int, options: ConversionOptions = ConversionOptions(),
        rejects: inout [[UInt8]]
    ) throws -> ([UInt8], ConversionReport) {
        var session = ConversionSession(exporter: try KindLineExporter(options: ExportOptions()), options: options)
        var collected: [[UInt8]] = []
        session.onUnparsed = { _, bytes in collected.append(Array(bytes)) }
        var sink = MemorySink()
        try feed(input, chunkSize: chunkSize, to: &session, &sink)
        let report = try session.finish(to: &sink)
        rejects = collected
        return (sink.bytes, report)
    }

    /// Feeds `input` to `session` in chunks of `chunkSize` bytes.
    static func feed(
        _ input: [UInt8], chunkSize: Int, to session: inout ConversionSession<some EventExporter>,
        _ sink: inout MemorySink
    ) throws {
        var start = 0
        try input.withUnsafeBufferPointer { all in
            while start < all.count {
                let end = min(all.count, start + chunkSize)
                try session.feed(UnsafeBufferPointer(rebasing: all[start..<end]), to: &sink)
                start = end
            }
        }
    }

    @Test("Every line is accounted for", arguments: Fixtures.sampleNames)
    func countsAddUp(_ name: String) throws {
        var rejects: [[UInt8]] = []
        let input = try Fixtures.sample(name)
        let (_, report) = try Self.convert(input, chunkSize: 4096, rejects: &rejects)
        let lines = try Fixtures.sampleLines(name)
        #expect(report.linesRead == lines.count)
        #expect(report.isBalanced)
        #expect(report.bytesRead == input.count)
        #expect(report.unparsedLines == rejects.count)
        #expect(report.countsByKind.reduce(0, +) == report.eventsParsed)
        // --rejects receives every unparsed line byte for byte.
        let parser = SecurityLogParser()
        let unparsed = lines.filter { line in
            !line.allSatisfy { $0 == 0x20 || $0 == 0x09 } && parser.parse(bytes: line).kind == .unparsed
        }
        #expect(rejects == unparsed)
    }

    @Test func securitySampleHasNoUnparsedLine() throws {
        var rejects: [[UInt8]] = []
        let (_, report) = try Self.convert(try Fixtures.sample("security.log"), chunkSize: 1 << 20, rejects: &rejects)
        #expect(report.unparsedLines == 0, "\(report.diagnostics)")
        #expect(report.count(of: .ips) == 12)
        #expect(report.count(of: .antiSpoofing) == 8)
    }

    @Test func malformedSampleIsAllUnparsedOrBlank() throws {
        var rejects: [[UInt8]] = []
        let (output, report) = try Self.convert(try Fixtures.sample("malformed.log"), chunkSize: 7, rejects: &rejects)
        #expect(report.eventsParsed == 0)
        #expect(report.blankLines == 2)
        #expect(report.unparsedLines == report.linesRead - 2)
        #expect(output == Array("BEGIN\nEND\n".utf8), "unparsed lines are not records unless asked")
        #expect(report.diagnostics.first?.line == 1)
    }

    @Test func unparsedRecordsWhenAsked() throws {
        var options = ConversionOptions()
        options.emitUnparsed = true
        var rejects: [[UInt8]] = []
        let (output, report) = try Self.convert(
            Array("garbage\n[17/Jun/2013 12:11:33] Engine: Startup\n".utf8), chunkSize: 3,
            options: options, rejects: &rejects)
        #expect(
            String(decoding: output, as: UTF8.self)
                == "BEGIN\nunparsed garbage\nengine_startup [17/Jun/2013 12:11:33] Engine: Startup\nEND\n")
        #expect(report.recordsWritten == 2)
    }

    @Test func strictStopsAtTheFirstUnparsedLine() throws {
        var options = ConversionOptions()
        options.strict = true
        options.sourceName = "in.log"
        var rejects: [[UInt8]] = []
        #expect {
            _ = try Self.convert(
                Array("[17/Jun/2013 12:11:33] Engine: Startup\nbad line\n".utf8), chunkSize: 100,
                options: options, rejects: &rejects)
        } throws: { error in
            guard case ConversionError.unparsedLine(let diagnostic) = error else { return false }
            return diagnostic.line == 2 && diagnostic.source == "in.log"
                && diagnostic.failure.reason == .missingTimestamp
        }
    }

    @Test(arguments: [1, 2, 17, 255, 4096, 1 << 20])
    func chunkingGivesIdenticalOutput(chunkSize: Int) throws {
        var input: [UInt8] = []
        for name in Fixtures.sampleNames { input += try Fixtures.sample(name) }
        var rejects: [[UInt8]] = []
        let (reference, referenceReport) = try Self.convert(input, chunkSize: input.count, rejects: &rejects)
        let (output, report) = try Self.convert(input, chunkSize: chunkSize, rejects: &rejects)
        #expect(output == reference)
        #expect(report == referenceReport)
    }

    /// The README feeds `[UInt8]` chunks; every common byte collection must be accepted and give the same output.
    @Test(arguments: ["array", "slice", "utf8", "span", "noncontiguous"])
    func feedTakesAnyByteCollection(_ shape: String) throws {
        var input: [UInt8] = []
        for name in Fixtures.sampleNames { input += try Fixtures.sample(name) }
        var rejects: [[UInt8]] = []
        let (reference, _) = try Self.convert(input, chunkSize: input.count, rejects: &rejects)
        var session = ConversionSession(exporter: try KindLineExporter(options: ExportOptions()))
        var sink = MemorySink()
        for start in stride(from: 0, to: input.count, by: 1_000) {
            let chunk = Array(input[start..<min(input.count, start + 1_000)])
            switch shape {
            case "array": try session.feed(chunk, to: &sink)
            case "slice": try session.feed(input[start..<min(input.count, start + 1_000)], to: &sink)
            case "utf8": try session.feed(String(decoding: chunk, as: UTF8.self).utf8, to: &sink)
            case "span": try session.feed(chunk.span, to: &sink)
            default: try session.feed(chunk.lazy.map { $0 }, to: &sink)
            }
        }
        _ = try session.finish(to: &sink)
        if shape == "utf8" {
            // Decoding repairs invalid UTF-8, so only the valid-UTF-8 reference can be compared byte for byte.
            #expect(sink.bytes.count > 0)
        } else {
            #expect(sink.bytes == reference)
        }
    }

    @Test func convertingAFileEqualsConvertingItsLinesOneByOne() throws {
        var input: [UInt8] = []
        for name in Fixtures.sampleNames { input += try Fixtures.sample(name) }
        var rejects: [[UInt8]] = []
        var options = ConversionOptions()
        options.emitUnparsed = true
        let (whole, _) = try Self.convert(input, chunkSize: 1 << 16, options: options, rejects: &rejects)
        var exporter = try KindLineExporter(options: ExportOptions())
        var output = OutputBuffer()
        exporter.writePrologue(into: &output)
        let parser = SecurityLogParser()
        for name in Fixtures.sampleNames {
            for line in try Fixtures.sampleLines(name) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                exporter.write(parser.parse(bytes: line), into: &output)
            }
        }
        exporter.writeEpilogue(into: &output)
        #expect(whole == output.bytes)
    }

    @Test func randomInputsAlwaysBalance() throws {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("[14/Nov/2026 12:00:00] Engine: Startup\n\r \t\u{0}x".utf8)
        for _ in 0..<200 {
            let count = Int(generator.next() % 2_000)
            let input = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            var rejects: [[UInt8]] = []
            let chunk = Int(generator.next() % 64) + 1
            let (_, report) = try Self.convert(input, chunkSize: chunk, rejects: &rejects)
            #expect(report.isBalanced)
            #expect(report.linesRead == Self.expectedLineCount(input))
        }
    }

    static func expectedLineCount(_ input: [UInt8]) -> Int {
        let breaks = input.filter { $0 == 0x0A }.count
        return breaks + (input.last.map { $0 != 0x0A } ?? false ? 1 : 0)
    }

    /// An exporter that writes each record's id (or `-`).
    struct IDLineExporter: EventExporter {
        static let format = ExportFormat(
            name: "id-line", fileExtension: "txt", mediaType: "text/plain", summary: "test")
        init(options: ExportOptions) throws(ExportError) {}
        mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
            if event.withBytes(of: .eventID, { output.write($0, escaping: .plainText) }) == nil {
                output.write(UInt8(ascii: "-"))
            }
            output.write(UInt8(ascii: "\n"))
        }
    }

    @Test("With a line origin, each record's id is the prefix and the line's offset in the source, at any chunking")
    func lineOriginNamesRecords() throws {
        let input = Array(
            ("Engine: Startup\n\n[02/Mar/2013 08:54:38] Engine: Shutdown\r\nnot a record\n"
                + String(repeating: "x", count: 300) + "\nEngine: Startup").utf8)
        let starts = LineSplitterTests.lineStarts(input)
        for chunkSize in [1, 2, 7, 64, input.count] {
            var options = ConversionOptions()
            options.emitUnparsed = true
            var session = ConversionSession(exporter: try IDLineExporter(options: ExportOptions()), options: options)
            var sink = MemorySink()
            // The source is a file read from offset 1000 on.
            session.lineOrigin = LineOrigin(prefix: Array("abc".utf8), sourceOffsetOfStreamStart: 1_000)
            try Self.feed(input, chunkSize: chunkSize, to: &session, &sink)
            _ = try session.finish(to: &sink)
            let ids = String(decoding: sink.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
            // The blank second line has no record.
            let expected = starts.enumerated().filter { $0.offset != 1 }.map { "abc-\(1_000 + $0.element)" }
            #expect(ids == expected, "chunk size \(chunkSize)")
        }
    }

    @Test("Without a line origin records carry no id; a long prefix is cut so an id fits 40 bytes")
    func noOriginNoID() throws {
        var session = ConversionSession(exporter: try IDLineExporter(options: ExportOptions()))
        var sink = MemorySink()
        let line = Array("[17/Jun/2013 12:11:33] Engine: Startup\n".utf8)
        try session.feed(line, to: &sink)
        session.lineOrigin = LineOrigin(
            prefix: Array(repeating: UInt8(ascii: "p"), count: 64), sourceOffsetOfStreamStart: Int(Int64.max) - 100)
        try session.feed(line, to: &sink)
        _ = try session.finish(to: &sink)
        let ids = String(decoding: sink.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(ids.first == "-")
        #expect(ids.last?.utf8.count ?? 0 <= 40)
        #expect(ids.last?.hasSuffix("-\(Int(Int64.max) - 100 + line.count)") == true)
    }
}
