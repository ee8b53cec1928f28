import KerioSIEM
import Testing

@testable import KerioSIEMSampleData

/// The library-level bad-input matrix: what the conversion pipeline does with bytes that are not a clean log.
///
/// Every case checks that each line is accounted for (`report.isBalanced`), how many lines of each sort there were
/// and why the unparsed ones failed, and that chunking does not change anything. The second half runs the same inputs
/// through every built-in format with unparsed records on and checks the output stays valid UTF-8 without raw NULs.
struct BadInputTests {
    /// A deterministic exporter for these tests: `kind reason` per record, between `BEGIN` and `END` lines.
    struct Recorder: EventExporter {
        static let format = ExportFormat(
            name: "recorder", fileExtension: "txt", mediaType: "text/plain",
            summary: "kind and failure reason per record (tests)")
        init(options: ExportOptions) throws(ExportError) {}
        mutating func writePrologue(into output: inout OutputBuffer) { output.write("BEGIN\n") }
        mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
            output.write(event.kind.name)
            output.write(UInt8(ascii: " "))
            output.write(event.failure?.reason.rawValue ?? "-")
            output.write(UInt8(ascii: "\n"))
        }
        mutating func writeEpilogue(into output: inout OutputBuffer) { output.write("END\n") }
    }

    /// One bad input and what the report must say about it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [UInt8]
        var lines: Int
        var blank = 0
        var parsed: [Kind] = []
        var unparsed: [ParseFailure.Reason] = []
        var limit = ParserLimits().maximumLineLength
        /// When false, only the number of unparsed lines is fixed; each may fail on its start (missing or invalid
        /// timestamp, invalid syslog header): random lines that begin with `[` or `<` fail later than others.
        var exactReasons = true

        var testDescription: String { name }
    }

    static let startup = Array("[17/Jun/2013 12:11:33] Engine: Startup".utf8)
    static let shutdown = Array("[17/Jun/2013 12:11:34] Engine: Shutdown".utf8)
    static let authPrefix = Array(
        "[14/Nov/2026 14:00:08] Authentication: WebAdmin: Client: 203.0.113.73: Invalid password for user ".utf8)
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// 64 KiB of reproducible random bytes (about 256 LFs, so about 257 lines).
    static let blob: [UInt8] = {
        var generator = SplitMix64(seed: 0x5EED)
        return (0..<65_536).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }()

    static let cases: [Case] = [
        Case(
            name: "invalid UTF-8 in a value", input: authPrefix + [0x62, 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80, 0x0A],
            lines: 1, parsed: [.authenticationFailure]),
        Case(
            name: "invalid UTF-8 instead of a record", input: [0xFF, 0xFE, 0xC0, 0xAF, 0x0A, 0x80, 0x0A],
            lines: 2, unparsed: [.missingTimestamp, .missingTimestamp]),
        Case(
            name: "NUL and C0 bytes in a value",
            input: authPrefix + [0x00, 0x01, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x7F, 0x0A],
            lines: 1, parsed: [.authenticationFailure]),
        Case(
            name: "a line of NULs", input: [UInt8](repeating: 0, count: 300) + [0x0A], lines: 1,
            unparsed: [.missingTimestamp]),
        // CR is data, not a break (a value must not start a forged record): CR-only files read as one line.
        Case(
            name: "CR-only line ends", input: startup + [0x0D] + shutdown + [0x0D], lines: 1,
            unparsed: [.unknownRecord]),
        Case(
            name: "CR-only line ends over the limit",
            input: Array((0..<2_000).map { _ in startup + [0x0D] }.joined()), lines: 1,
            unparsed: [.lineTooLong]),
        Case(
            name: "CRLF line ends", input: startup + [0x0D, 0x0A] + [0x0D, 0x0A] + shutdown + [0x0D, 0x0A], lines: 3,
            blank: 1, parsed: [.engineStartup, .engineShutdown]),
        Case(
            name: "a UTF-8 BOM at the start", input: bom + startup + [0x0A] + shutdown + [0x0A], lines: 2,
            parsed: [.engineStartup, .engineShutdown]),
        Case(
            name: "a UTF-8 BOM after a syslog header",
            input: Array("<190>1 2026-04-05T10:00:00.123+02:00 fw1 security - - - ".utf8) + bom
                + Array("[05/Apr/2026 10:00:00] Engine: Startup\n".utf8),
            lines: 1, parsed: [.engineStartup]),
        Case(
            name: "a line over the limit, then a good one",
            input: startup + [UInt8](repeating: 0x41, count: 200) + [0x0A] + shutdown + [0x0A], lines: 2,
            parsed: [.engineShutdown], unparsed: [.lineTooLong], limit: 100),
        Case(
            name: "spaces over the limit are not blank", input: [UInt8](repeating: 0x20, count: 101) + [0x0A],
            lines: 1, unparsed: [.lineTooLong], limit: 100),
        Case(
            name: "the default limit", input: startup + [UInt8](repeating: 0x41, count: 70_000) + [0x0A], lines: 1,
            unparsed: [.lineTooLong]),
        Case(name: "an empty input", input: [], lines: 0),
        Case(name: "only line breaks", input: [0x0A, 0x0D, 0x0A, 0x20, 0x09, 0x0A], lines: 3, blank: 3),
        Case(
            name: "no final newline", input: startup + [0x0A] + shutdown, lines: 2,
            parsed: [.engineStartup, .engineShutdown]),
        Case(
            name: "a binary blob", input: blob, lines: lineCount(blob),
            blank: lineCount(blob) - unparsedLineCount(blob),
            unparsed: [ParseFailure.Reason](repeating: .missingTimestamp, count: unparsedLineCount(blob)),
            exactReasons: false),
    ]

    /// Lines the splitter reads: one per LF, plus a last line without one.
    static func lineCount(_ input: [UInt8]) -> Int {
        input.count(where: { $0 == 0x0A }) + (input.last.map { $0 != 0x0A } ?? false ? 1 : 0)
    }

    /// Non-blank lines (random bytes never start with `[` followed by a valid time, so none of them parse).
    static func unparsedLineCount(_ input: [UInt8]) -> Int {
        var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
        if input.last == 0x0A { lines.removeLast() }
        return lines.count { line in
            let line = line.last == 0x0D ? line.dropLast() : line[...]
            return !line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        }
    }

    /// Converts `input` through `exporter` in chunks of `chunkSize`, unparsed records on.
    static func convert<E: EventExporter>(_ input: [UInt8], with exporter: E, limit: Int, chunkSize: Int) throws
        -> (output: [UInt8], report: ConversionReport, rejects: [[UInt8]])
    {
        var options = ConversionOptions()
        options.emitUnparsed = true
        let parser = SecurityLogParser(limits: ParserLimits(maximumLineLength: limit))
        var session = ConversionSession(exporter: exporter, parser: parser, options: options)
        var rejects: [[UInt8]] = []
        session.onUnparsed = { _, bytes in rejects.append(Array(bytes)) }
        var sink = MemorySink()
        try input.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + chunkSize)
                try session.feed(UnsafeBufferPointer(rebasing: all[start..<end]), to: &sink)
                start = end
            }
        }
        let report = try session.finish(to: &sink)
        return (sink.bytes, report, rejects)
    }

    @Test("Every line is accounted for, with the right kind or reason", arguments: cases)
    func accounted(_ item: Case) throws {
        let (output, report, rejects) = try Self.convert(
            item.input, with: try Recorder(options: ExportOptions()),
            limit: item.limit, chunkSize: 1 << 20)
        #expect(report.isBalanced)
        #expect(report.linesRead == item.lines)
        #expect(report.blankLines == item.blank)
        #expect(report.eventsParsed == item.parsed.count)
        #expect(report.unparsedLines == item.unparsed.count)
        #expect(report.bytesRead == item.input.count)
        #expect(rejects.count == item.unparsed.count)
        #expect(rejects.allSatisfy { $0.count <= item.limit }, "rejects are cut at the limit")
        for kind in Set(item.parsed) {
            #expect(report.count(of: kind) == item.parsed.count(where: { $0 == kind }))
        }
        let records = String(decoding: output, as: UTF8.self).split(separator: "\n").dropFirst().dropLast()
        #expect(records.count == item.parsed.count + item.unparsed.count)
        guard item.exactReasons else {
            let early: Set<ParseFailure.Reason> = [.missingTimestamp, .invalidTimestamp, .invalidSyslogHeader]
            #expect(Set(report.countsByReason.keys).isSubset(of: early), "\(report.countsByReason)")
            return
        }
        var expectedReasons: [ParseFailure.Reason: Int] = [:]
        for reason in item.unparsed { expectedReasons[reason, default: 0] += 1 }
        #expect(report.countsByReason == expectedReasons)
        // Records come out in input order.
        if item.parsed.isEmpty || item.unparsed.isEmpty {
            let expected = item.parsed.map { "\($0.name) -" } + item.unparsed.map { "unparsed \($0.rawValue)" }
            #expect(records.map(String.init) == expected)
        }
    }

    @Test("Chunking changes nothing", arguments: cases)
    func chunkIndependent(_ item: Case) throws {
        let recorder = try Recorder(options: ExportOptions())
        let whole = try Self.convert(item.input, with: recorder, limit: item.limit, chunkSize: max(1, item.input.count))
        for chunkSize in [1, 2, 3, 7, 64, 4_093] {
            let chunked = try Self.convert(item.input, with: recorder, limit: item.limit, chunkSize: chunkSize)
            #expect(chunked.output == whole.output, "chunk size \(chunkSize)")
            #expect(chunked.report == whole.report, "chunk size \(chunkSize)")
            #expect(chunked.rejects == whole.rejects, "chunk size \(chunkSize)")
        }
    }

    @Test func invalidUTF8ReachesTheEventVerbatim() {
        let line = Self.authPrefix + [0x62, 0xC3, 0x28, 0x00, 0x0D, 0xFF]
        var event = SecurityEvent(kind: .unparsed)
        line.withUnsafeBufferPointer { SecurityLogParser().parse($0, into: &event) }
        #expect(event.kind == .authenticationFailure)
        // The parser keeps the raw bytes (CR and NUL included); repairing them is each exporter's job.
        #expect(event.withBytes(of: .userName) { Array($0) } == [0x62, 0xC3, 0x28, 0x00, 0x0D, 0xFF])
        #expect(event.withOriginalBytes { Array($0) } == line)
    }

    /// Every name (aliases included) of every built-in format.
    static let formatNames = ExporterRegistry.standard.formats.flatMap(\.allNames)

    @Test(
        "Built-in formats write valid UTF-8 without raw NULs, whatever the input",
        arguments: formatNames, cases.filter { $0.input.count < 100_000 })
    func builtInFormatsStayValid(_ format: String, _ item: Case) throws {
        var options = ExportOptions()
        options.includeOriginal = true
        let exporter = try ExporterRegistry.standard.makeExporter(named: format, options: options)
        let (output, report, _) = try Self.convert(item.input, with: exporter, limit: item.limit, chunkSize: 4_096)
        #expect(report.isBalanced)
        #expect(String(validating: output, as: UTF8.self) != nil, "\(format) wrote invalid UTF-8")
        #expect(!output.contains(0x00), "\(format) wrote a raw NUL")
    }
}
