import KerioSIEM
import Testing

/// Replays the checks of the `FuzzParser` libFuzzer target (`Tests/Fuzz`) on fixed inputs under `swift test`.
///
/// Holds every input the fuzzer made fail once the bug is fixed, and the edge inputs of the line splitter and the
/// parser's outer layers it must keep covering (CR at chunk, block and limit edges, BOMs cut short, lone brackets).
/// To add a crash: `python3 -c 'import sys; print(list(open(sys.argv[1], "rb").read()))' crash-<sha1>` and paste the
/// list below with a name saying what broke. As in the target, a first byte with its high bit set selects a line limit
/// of `second byte + 1`.
struct FuzzRegressionTests {
    /// A lossless rendering of every event (kind, failure, time, flags, every value, the original line), one per line.
    struct Dump: EventExporter {
        static let format = ExportFormat(
            name: "dump", fileExtension: "txt", mediaType: "text/plain",
            summary: "every value of every event (tests)")
        init(options: ExportOptions) throws(ExportError) {}
        mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
            event.withOriginalBytes { Self.write(event, original: $0, into: &output) }
        }
        static func write(
            _ event: SecurityEvent, original: UnsafeBufferPointer<UInt8>,
            into output: inout OutputBuffer
        ) {
            output.write("\(event.kind) \(String(describing: event.failure)) \(String(describing: event.timestamp))")
            output.write(" \(String(describing: event.ipsAction)) \(String(describing: event.direction))")
            output.write(" \(String(describing: event.syslog))")
            for field in TextField.allCases {
                event.withBytes(of: field) {
                    output.write(" t\(field.rawValue):\($0.count):")
                    output.write($0)
                }
            }
            for field in NumberField.allCases {
                if let value = event[field] { output.write(" n\(field.rawValue)=\(value)") }
            }
            output.write(" original:\(original.count):")
            output.write(original)
            output.write(UInt8(ascii: "\n"))
        }
    }

    struct Input: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    static let inputs: [Input] = [
        // Line splitter edges.
        Input(name: "CR as the last byte, no LF", bytes: [0x78, 0x0D]),
        Input(name: "CR LF only", bytes: [0x0D, 0x0A]),
        Input(name: "two CRs before LF", bytes: [0x61, 0x0D, 0x0D, 0x0A, 0x62]),
        Input(
            name: "limit 4: CR LF right after the limit", bytes: [0x80, 0x03] + Array("abcd\r\nabcde\r\nabc\r".utf8)),
        Input(name: "limit 1: every line cut", bytes: [0x80, 0x00, 0x0A, 0x0D, 0x0A, 0x20, 0x20, 0x0A, 0x09]),
        Input(name: "limit 2: spaces over the limit are not blank", bytes: [0x80, 0x01, 0x0A, 0x20, 0x20, 0x20, 0x0A]),
        // Outer layers of a line.
        Input(name: "a BOM alone", bytes: [0xEF, 0xBB, 0xBF]),
        Input(name: "a BOM cut short", bytes: [0xEF, 0xBB, 0x0A, 0xEF]),
        Input(name: "lone brackets", bytes: Array("[\n<\n[]\n<>\n<1>\n<191>1 \n".utf8)),
        Input(
            name: "syslog header then a BOM and nothing",
            bytes: Array("<190>1 2026-04-05T10:00:00.123+02:00 fw1 security - - - ".utf8) + [0xEF, 0xBB, 0xBF]),
        Input(
            name: "leap second and largest offset",
            bytes: Array("<190>1 9999-12-31T23:59:60.999999999-23:59 fw1 security - - - Engine: Startup\n".utf8)),
        Input(
            name: "year 1 with the largest positive offset",
            bytes: Array("<0>1 0001-01-01T00:00:00+23:59 h a - - - Engine: Shutdown".utf8)),
        Input(
            name: "records glued by CR",
            bytes: Array("[17/Jun/2013 12:11:33] Engine: Startup\r[17/Jun/2013 12:11:34] Engine: Shutdown\r\n".utf8)),
    ]

    /// Log lines whose records a built-in format once wrote wrong (found by `FuzzExporters`), with the text that must
    /// not appear in any format's output.
    static let exporterInputs: [(name: String, line: [UInt8], forbidden: String)] = [
        // FuzzExporters crash-ef3b63e8 (seed year1-plus2359): year 1 at 00:00 with a +23:59 offset is an instant in
        // year 0; ECS, CSV and XML wrote `0000-12-31T00:01:00.000Z`, which is no `xs:dateTime` (XML Schema 1.0 has no
        // year zero). Clamped to 0001-01-01T00:00:00.000Z now.
        ("year 0 after the offset", Array("<0>1 0001-01-01T00:00:00+23:59 h a - - - Engine: Startup".utf8), "0000-"),
        // FuzzExporters crash-b65d3505: two user names that differ only in invalid UTF-8 (0xFF, 0xFE) were both kept
        // in ECS `related.user`, and both written as "a�": the schema's uniqueItems failed. Compared as repaired
        // text now.
        (
            "related.user twice after UTF-8 repair",
            Array(
                "[02/Mar/2013 08:54:38] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:"
                    .utf8)
                + Array("95.211.98.71:80(h,user:a".utf8) + [0xFF] + Array(") -> 192.168.48.131:49960(h,user:a".utf8) + [
                    0xFE
                ]
                + Array(")".utf8),
            "\"a\u{FFFD}\",\"a\u{FFFD}\""
        ),
    ]

    @Test("Exporter regressions", arguments: ExporterRegistry.standard.formats.map(\.name))
    func exporterRegressions(_ format: String) throws {
        for input in Self.exporterInputs {
            var exporter = try ExporterRegistry.standard.makeExporter(named: format, options: ExportOptions())
            var event = SecurityEvent(kind: .unparsed)
            input.line.withUnsafeBufferPointer { SecurityLogParser().parse($0, into: &event) }
            #expect(event.kind != .unparsed, "\(input.name): \(String(describing: event.failure))")
            var output = OutputBuffer()
            exporter.writePrologue(into: &output)
            exporter.write(event, into: &output)
            exporter.writeEpilogue(into: &output)
            let text = String(decoding: output.bytes, as: UTF8.self)
            #expect(!text.contains(input.forbidden), "\(input.name): \(text)")
        }
    }

    /// Reads `input` the way the fuzz target does; returns output, report and rejects.
    static func convert(_ input: [UInt8], parser: SecurityLogParser, chunkSize: Int?) throws
        -> (output: [UInt8], report: ConversionReport, rejects: [[UInt8]])
    {
        var options = ConversionOptions()
        options.emitUnparsed = true
        options.flushThreshold = 512
        var session = ConversionSession(exporter: try Dump(options: ExportOptions()), parser: parser, options: options)
        var rejects: [[UInt8]] = []
        session.onUnparsed = { _, bytes in rejects.append(Array(bytes)) }
        var sink = MemorySink()
        try input.withUnsafeBufferPointer { all in
            let size = chunkSize ?? max(1, all.count)
            var start = 0
            while start < all.count {
                let end = min(all.count, start + size)
                try session.feed(UnsafeBufferPointer(rebasing: all[start..<end]), to: &sink)
                start = end
            }
        }
        let report = try session.finish(to: &sink)
        return (sink.bytes, report, rejects)
    }

    @Test("Replays the FuzzParser checks", arguments: inputs)
    func parserChecks(_ input: Input) throws {
        let bytes = input.bytes
        let limit = bytes.count >= 2 && bytes[0] & 0x80 != 0 ? Int(bytes[1]) + 1 : ParserLimits().maximumLineLength
        let parser = SecurityLogParser(limits: ParserLimits(maximumLineLength: limit))
        let whole = try Self.convert(bytes, parser: parser, chunkSize: nil)

        // The oracle: split at LF (a CR before it, or at the very end, belongs to the terminator), parse each line
        // into a fresh event.
        var expected = OutputBuffer()
        var lines = 0
        var blank = 0
        var rejects: [[UInt8]] = []
        var pieces = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if bytes.last == 0x0A || bytes.isEmpty { pieces.removeLast() }
        for piece in pieces {
            let line = piece.last == 0x0D ? Array(piece.dropLast()) : piece
            lines += 1
            if line.count <= limit, line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                blank += 1
                continue
            }
            var event = SecurityEvent(kind: .unparsed)
            line.withUnsafeBufferPointer { parser.parse($0, into: &event) }
            #expect((event.kind == .unparsed) == (event.failure != nil))
            if line.count > limit { #expect(event.failure?.reason == .lineTooLong) }
            let kept = Array(line.prefix(limit))
            if event.kind == .unparsed { rejects.append(kept) }
            kept.withUnsafeBufferPointer { Dump.write(event, original: $0, into: &expected) }
        }

        #expect(whole.report.isBalanced)
        #expect(whole.report.linesRead == lines)
        #expect(whole.report.blankLines == blank)
        #expect(whole.report.unparsedLines == rejects.count)
        #expect(whole.output == expected.bytes)
        #expect(whole.rejects == rejects)
        for chunkSize in [1, 2, 3, 5] {
            let chunked = try Self.convert(bytes, parser: parser, chunkSize: chunkSize)
            #expect(chunked.output == whole.output, "chunk size \(chunkSize)")
            #expect(chunked.report == whole.report, "chunk size \(chunkSize)")
        }
        for blockSize in [1, 2, 7, 64] {
            var options = ConversionOptions()
            options.emitUnparsed = true
            options.flushThreshold = 512
            var conversion = ParallelConversion(
                exporter: try Dump(options: ExportOptions()), parser: parser,
                options: options, jobs: 2, blockSize: blockSize)
            var parallelRejects: [[UInt8]] = []
            conversion.onUnparsed = { _, bytes in parallelRejects.append(Array(bytes)) }
            var sink = MemorySink()
            let report = try bytes.withUnsafeBufferPointer { try conversion.convert($0, to: &sink) }
            #expect(sink.bytes == whole.output, "block size \(blockSize)")
            #expect(report == whole.report, "block size \(blockSize)")
            #expect(parallelRejects == whole.rejects, "block size \(blockSize)")
        }
    }
}
