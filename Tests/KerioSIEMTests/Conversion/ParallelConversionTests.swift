import KerioSIEM
import Testing

@testable import KerioSIEMSampleData

/// `ParallelConversion` must be indistinguishable from a sequential `ConversionSession`: same bytes, same report, same
/// rejects in the same order with the same (global) line numbers, for any number of jobs and any block size.
struct ParallelConversionTests {
    /// What a conversion produced, for comparing two of them.
    struct Outcome: Equatable {
        var output: [UInt8]
        var report: ConversionReport?
        var rejects: [Reject]
        var strictStop: ParseDiagnostic?
    }

    struct Reject: Equatable {
        var line: Int
        var bytes: [UInt8]
    }

    /// SplitMix64, so each property-test case is reproducible from its seed.
    struct Random {
        var state: UInt64
        mutating func next(below bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// A generated log with the awkward cases around it: syslog envelopes, malformed and blank lines, CR LF, a BOM,
    /// a line longer than the parser's limit, and a last line without a line break.
    static func hostileInput(seed: UInt64, lines: Int) -> [UInt8] {
        var generator = SampleLogGenerator(seed: seed, syslogFraction: 0.1, malformedFraction: 0.05)
        var bytes: [UInt8] = Array("\u{FEFF}[17/Jun/2013 12:11:33] Engine: Startup\r\n\n  \t\n".utf8)
        generator.write(lines: lines / 2, into: &bytes)
        bytes += Array("[17/Jun/2013 12:11:33] Engine: Shutdown\r\n".utf8)
        bytes += Array("[17/Jun/2013 12:11:34] Authentication: Admin: Client: 10.0.0.1: ".utf8)
        bytes += Array(repeating: UInt8(ascii: "x"), count: 70_000)  // over the 65,536-byte line limit
        bytes += [0x0D, 0x0A]
        generator.write(lines: lines - lines / 2, into: &bytes)
        bytes += Array("[17/Jun/2013 12:11:35] Engine: Startup".utf8)  // no final LF
        return bytes
    }

    /// Converts sequentially, feeding the input in one piece.
    static func sequential<E: EventExporter>(
        _ type: E.Type, _ input: [UInt8], parser: SecurityLogParser = SecurityLogParser(),
        options: ConversionOptions
    ) throws -> Outcome {
        var session = ConversionSession(exporter: try E(options: ExportOptions()), parser: parser, options: options)
        var rejects: [Reject] = []
        session.onUnparsed = { diagnostic, bytes in rejects.append(Reject(line: diagnostic.line, bytes: Array(bytes))) }
        var sink = MemorySink()
        do {
            try input.withUnsafeBufferPointer { try session.feed($0, to: &sink) }
            let report = try session.finish(to: &sink)
            return Outcome(output: sink.bytes, report: report, rejects: rejects)
        } catch ConversionError.unparsedLine(let diagnostic) {
            return Outcome(output: [], report: nil, rejects: rejects, strictStop: diagnostic)
        }
    }

    /// Converts with `jobs` workers and `blockSize`-byte blocks; `readSize` simulates short reads (pipes).
    static func parallel<E: EventExporter>(
        _ type: E.Type, _ input: [UInt8], jobs: Int, blockSize: Int, readSize: Int,
        parser: SecurityLogParser = SecurityLogParser(),
        options: ConversionOptions
    ) throws -> Outcome {
        var conversion = ParallelConversion(
            exporter: try E(options: ExportOptions()), parser: parser, options: options,
            jobs: jobs, blockSize: blockSize)
        var rejects: [Reject] = []
        conversion.onUnparsed = { diagnostic, bytes in
            rejects.append(Reject(line: diagnostic.line, bytes: Array(bytes)))
        }
        var sink = MemorySink()
        var offset = 0
        do {
            let report = try conversion.convert(
                reading: { buffer in
                    let count = min(buffer.count, readSize, input.count - offset)
                    input.withUnsafeBytes { all in
                        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<offset + count]))
                    }
                    offset += count
                    return count
                }, to: &sink)
            return Outcome(output: sink.bytes, report: report, rejects: rejects)
        } catch ConversionError.unparsedLine(let diagnostic) {
            return Outcome(output: [], report: nil, rejects: rejects, strictStop: diagnostic)
        }
    }

    static var exporterTypes: [any EventExporter.Type] { ExporterRegistry.standard.exporters + [KindLineExporter.self] }

    static func check<E: EventExporter>(
        _ type: E.Type, input: [UInt8], seed: UInt64, cases: Int, maxBlock: Int,
        options: ConversionOptions = ConversionOptions(),
        parser: SecurityLogParser = SecurityLogParser()
    ) throws {
        let expected = try sequential(type, input, parser: parser, options: options)
        var random = Random(state: seed)
        for _ in 0..<cases {
            let jobs = 2 + random.next(below: 3)
            let blockSize = 1 + random.next(below: maxBlock)
            let readSize = random.next(below: 2) == 0 ? Int.max : 1 + random.next(below: 3 * blockSize)
            let actual = try parallel(
                type, input, jobs: jobs, blockSize: blockSize, readSize: readSize, parser: parser,
                options: options)
            #expect(
                actual.output == expected.output, "\(E.format.name): jobs \(jobs), block \(blockSize), read \(readSize)"
            )
            #expect(
                actual.report == expected.report, "\(E.format.name): jobs \(jobs), block \(blockSize), read \(readSize)"
            )
            #expect(
                actual.rejects == expected.rejects,
                "\(E.format.name): jobs \(jobs), block \(blockSize), read \(readSize)")
            #expect(actual.strictStop == expected.strictStop)
        }
    }

    @Test("Byte-identical to sequential, any jobs and block size", arguments: exporterTypes.indices)
    func identicalToSequential(_ index: Int) throws {
        let type = Self.exporterTypes[index]
        let input = Self.hostileInput(seed: UInt64(index) + 1, lines: 2_000)
        try Self.check(type, input: input, seed: UInt64(index) * 7 + 3, cases: 12, maxBlock: 200_000)
    }

    @Test("Tiny blocks: every line straddles blocks or is longer than one", arguments: exporterTypes.indices)
    func tinyBlocks(_ index: Int) throws {
        let type = Self.exporterTypes[index]
        let input = Self.hostileInput(seed: 99, lines: 150)
        try Self.check(type, input: input, seed: UInt64(index) + 11, cases: 6, maxBlock: 600)
    }

    @Test("Unparsed records emitted, tiny line limit", arguments: exporterTypes.indices)
    func emitUnparsedAndShortLimit(_ index: Int) throws {
        var options = ConversionOptions()
        options.emitUnparsed = true
        options.maximumDiagnostics = 7
        options.sourceName = "test.log"
        options.flushThreshold = 1_000
        let parser = SecurityLogParser(limits: ParserLimits(maximumLineLength: 180))
        try Self.check(
            Self.exporterTypes[index], input: Self.hostileInput(seed: 5, lines: 600), seed: 21, cases: 8,
            maxBlock: 5_000, options: options, parser: parser)
    }

    @Test func strictModeStopsAtTheSameGlobalLine() throws {
        var options = ConversionOptions()
        options.strict = true
        var generator = SampleLogGenerator(seed: 3)
        var input: [UInt8] = []
        generator.write(lines: 1_234, into: &input)
        input += Array("not a record\n".utf8)
        generator.write(lines: 500, into: &input)
        input += Array("another bad one\n".utf8)
        let expected = try Self.sequential(KindLineExporter.self, input, options: options)
        #expect(expected.strictStop?.line == 1_235)
        for blockSize in [100, 4_096, 65_536, 1 << 20] {
            let actual = try Self.parallel(
                KindLineExporter.self, input, jobs: 2, blockSize: blockSize, readSize: .max,
                options: options)
            #expect(actual.strictStop == expected.strictStop, "block \(blockSize)")
            #expect(actual.rejects.isEmpty)
        }
    }

    @Test func diagnosticsAndRejectsCarryGlobalLineNumbers() throws {
        // Known bad lines at known places, far apart so that they land in different blocks.
        var generator = SampleLogGenerator(seed: 8)
        var input: [UInt8] = []
        var badLines: [Int] = []
        var line = 0
        for round in 0..<6 {
            generator.write(lines: 700 + round * 13, into: &input)
            line += 700 + round * 13
            input += Array("bad line \(round)\n".utf8)
            line += 1
            badLines.append(line)
        }
        let outcome = try Self.parallel(
            KindLineExporter.self, input, jobs: 3, blockSize: 16_384, readSize: .max,
            options: ConversionOptions())
        let report = try #require(outcome.report)
        #expect(report.diagnostics.map(\.line) == badLines)
        #expect(outcome.rejects.map(\.line) == badLines)
        #expect(outcome.rejects.map { String(decoding: $0.bytes, as: UTF8.self) } == (0..<6).map { "bad line \($0)" })
        #expect(report.linesRead == line)
        #expect(report.isBalanced)
    }

    @Test func emptyInputWritesPrologueAndEpilogueOnly() throws {
        let outcome = try Self.parallel(
            KindLineExporter.self, [], jobs: 2, blockSize: 1_024, readSize: .max,
            options: ConversionOptions())
        #expect(outcome.output == Array("BEGIN\nEND\n".utf8))
        #expect(outcome.report == (try Self.sequential(KindLineExporter.self, [], options: ConversionOptions())).report)
    }

    @Test func oneJobIsTheSequentialSession() throws {
        let input = Self.hostileInput(seed: 4, lines: 300)
        let expected = try Self.sequential(KindLineExporter.self, input, options: ConversionOptions())
        let actual = try Self.parallel(
            KindLineExporter.self, input, jobs: 1, blockSize: 333, readSize: 1_000,
            options: ConversionOptions())
        #expect(actual == expected)
    }

    @Test func bufferEntryPointMatches() throws {
        let input = Self.hostileInput(seed: 6, lines: 500)
        let expected = try Self.sequential(KindLineExporter.self, input, options: ConversionOptions())
        let conversion = ParallelConversion(
            exporter: try KindLineExporter(options: ExportOptions()), jobs: 2,
            blockSize: 8_192)
        var sink = MemorySink()
        let report = try input.withUnsafeBufferPointer { try conversion.convert($0, to: &sink) }
        #expect(sink.bytes == expected.output)
        #expect(report == expected.report)
    }

    struct SinkFailure: Error {}

    /// A sink that fails after some bytes, to check errors surface and no worker outlives the call.
    struct FailingSink: ByteSink {
        var remaining: Int
        mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            remaining -= bytes.count
            if remaining < 0 { throw SinkFailure() }
        }
    }

    @Test func sinkErrorsPropagate() throws {
        let input = Self.hostileInput(seed: 2, lines: 3_000)
        let conversion = ParallelConversion(
            exporter: try KindLineExporter(options: ExportOptions()), jobs: 2,
            blockSize: 4_096)
        var sink = FailingSink(remaining: 50_000)
        #expect(throws: SinkFailure.self) {
            _ = try input.withUnsafeBufferPointer { try conversion.convert($0, to: &sink) }
        }
    }

    @Test func readErrorsPropagate() throws {
        let conversion = ParallelConversion(
            exporter: try KindLineExporter(options: ExportOptions()), jobs: 2,
            blockSize: 100)
        var sink = MemorySink()
        var calls = 0
        #expect(throws: SinkFailure.self) {
            _ = try conversion.convert(
                reading: { buffer in
                    calls += 1
                    if calls > 40 { throw SinkFailure() }
                    let line = Array("[17/Jun/2013 12:11:33] Engine: Startup\n".utf8)
                    let count = min(buffer.count, line.count)
                    line.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    return count
                }, to: &sink)
        }
    }
}
