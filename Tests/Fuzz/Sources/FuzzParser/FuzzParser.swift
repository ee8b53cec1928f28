import KerioSIEM
import KerioSIEMSampleData

/// libFuzzer target: arbitrary bytes through the line splitter, the parser and the conversion session.
///
/// Checks, for every input (a failed check is a crash libFuzzer reports and saves):
/// - the report balances, and `linesRead` is the number of LF-separated lines;
/// - fed whole and fed in chunks of random sizes (drawn from the input's first bytes), the session writes the same
///   bytes and the same report; so does ``ParallelConversion`` with two workers and tiny blocks (lines cross blocks,
///   lines longer than a block take its streaming path);
/// - the session's records are exactly what parsing each line on its own gives (fresh event per line), so no state
///   leaks from one line into the next; every unparsed event has a failure and only those; every event's original
///   bytes are its line (cut at the limit); `--rejects` gets every unparsed line, byte for byte.
///
/// Work per input is linear in its size.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    // A first byte with its high bit set asks for a short line limit (1…256), so cut lines are exercised too; seed
    // lines start with `[` or `<` and keep the real limit.
    let limit = size >= 2 && input[0] & 0x80 != 0 ? Int(input[1]) + 1 : ParserLimits().maximumLineLength
    let parser = SecurityLogParser(limits: ParserLimits(maximumLineLength: limit))

    let whole = convert(input, parser: parser, chunkSeed: nil)
    let seed = input.prefix(8).reduce(UInt64(size)) { $0 << 8 | UInt64($1) }
    let chunked = convert(input, parser: parser, chunkSeed: seed)
    // Blocks shorter than a line (the streaming path) half the time, a few lines long otherwise.
    let blockSize = seed & 1 == 0 ? 1 + Int(seed % 97) : 128 + Int(seed % 2_048)
    let parallel = convertInParallel(input, parser: parser, blockSize: blockSize)
    let expected = Oracle(input, parser: parser)

    precondition(whole.report.isBalanced, "unbalanced report \(whole.report)")
    precondition(
        whole.report.linesRead == expected.lineCount,
        "read \(whole.report.linesRead) lines, the input has \(expected.lineCount)")
    precondition(whole.report.bytesRead == size)
    precondition(
        whole.report.eventsParsed == expected.eventsParsed,
        "events \(whole.report) vs \(expected.eventsParsed)")
    precondition(whole.report.unparsedLines == expected.rejects.count, "unparsed \(whole.report)")
    precondition(whole.report.blankLines == expected.blankLines, "blank \(whole.report)")
    precondition(whole.report.recordsWritten == expected.eventsParsed + expected.rejects.count)
    precondition(whole.report.countsByKind == expected.countsByKind, "per kind \(whole.report.countsByKind)")
    precondition(whole.output == expected.output, "session output differs from parsing line by line")
    precondition(whole.rejects == expected.rejects, "rejects differ from the unparsed lines")
    precondition(chunked.report == whole.report, "chunking changed the report: \(chunked.report) vs \(whole.report)")
    precondition(chunked.output == whole.output, "chunking changed the output")
    precondition(chunked.rejects == whole.rejects, "chunking changed the rejects")
    precondition(
        parallel.report == whole.report,
        "parallel conversion changed the report: \(parallel.report) vs \(whole.report)")
    precondition(parallel.output == whole.output, "parallel conversion changed the output")
    precondition(parallel.rejects == whole.rejects, "parallel conversion changed the rejects")
    return 0
}

/// What one conversion produced.
private struct Conversion {
    var output: [UInt8]
    var report: ConversionReport
    var rejects: [[UInt8]]
}

/// Converts `input` with unparsed records on, whole (`chunkSeed == nil`) or in chunks of sizes drawn from the seed.
private func convert(_ input: UnsafeBufferPointer<UInt8>, parser: SecurityLogParser, chunkSeed: UInt64?) -> Conversion {
    var options = ConversionOptions()
    options.emitUnparsed = true
    // A small threshold makes the session flush mid-input as well.
    options.flushThreshold = 512
    var session = ConversionSession(
        exporter: try! EventDump(options: ExportOptions()), parser: parser,
        options: options)
    var rejects: [[UInt8]] = []
    session.onUnparsed = { diagnostic, bytes in
        precondition(diagnostic.line >= 1)
        rejects.append(Array(bytes))
    }
    var sink = MemorySink()
    do {
        if let chunkSeed {
            var random = SplitMix(seed: chunkSeed)
            var start = 0
            while start < input.count {
                // Mostly tiny chunks (CR LF and multi-byte sequences split), sometimes larger ones.
                let draw = random.next()
                let length = 1 + Int((draw >> 8) % (draw & 3 == 0 ? 700 : 9))
                let end = min(input.count, start + length)
                try session.feed(UnsafeBufferPointer(rebasing: input[start..<end]), to: &sink)
                start = end
            }
        } else {
            try session.feed(input, to: &sink)
        }
        let report = try session.finish(to: &sink)
        return Conversion(output: sink.bytes, report: report, rejects: rejects)
    } catch {
        fatalError("a conversion that is not strict and writes to memory cannot fail: \(error)")
    }
}

/// Converts `input` with ``ParallelConversion`` (two workers), unparsed records on.
private func convertInParallel(
    _ input: UnsafeBufferPointer<UInt8>, parser: SecurityLogParser,
    blockSize: Int
) -> Conversion {
    var options = ConversionOptions()
    options.emitUnparsed = true
    options.flushThreshold = 512
    var conversion = ParallelConversion(
        exporter: try! EventDump(options: ExportOptions()), parser: parser,
        options: options, jobs: 2, blockSize: blockSize)
    var rejects: [[UInt8]] = []
    conversion.onUnparsed = { _, bytes in rejects.append(Array(bytes)) }
    var sink = MemorySink()
    do {
        let report = try conversion.convert(input, to: &sink)
        return Conversion(output: sink.bytes, report: report, rejects: rejects)
    } catch {
        fatalError("a parallel conversion that is not strict and writes to memory cannot fail: \(error)")
    }
}

/// The expected result, computed the simple way: split at LF, parse each line into a fresh event.
private struct Oracle {
    var lineCount = 0
    var blankLines = 0
    var eventsParsed = 0
    var countsByKind = Array(repeating: 0, count: Kind.allCases.count)
    var rejects: [[UInt8]] = []
    var output: [UInt8]

    init(_ input: UnsafeBufferPointer<UInt8>, parser: SecurityLogParser) {
        var buffer = OutputBuffer()
        let limit = parser.limits.maximumLineLength
        var start = 0
        while start < input.count {
            var end = start
            while end < input.count, input[end] != 0x0A { end += 1 }
            let next = end + 1
            // A CR before the LF (or at the very end of the input) belongs to the terminator; any other CR is data.
            if end > start, input[end - 1] == 0x0D { end -= 1 }
            let line = UnsafeBufferPointer(rebasing: input[start..<end])
            lineCount += 1
            start = next
            if line.count <= limit, line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                blankLines += 1
                continue
            }
            let event = parser.parse(Span(_unsafeElements: line))
            let kept = UnsafeBufferPointer(rebasing: line.prefix(limit))
            if line.count > limit {
                precondition(event.failure?.reason == .lineTooLong, "a line over the limit is reported as such")
            } else {
                event.withOriginalBytes { original in
                    precondition(original.elementsEqual(line), "the event's original bytes are the line")
                }
            }
            if event.kind == .unparsed {
                rejects.append(Array(kept))
            } else {
                eventsParsed += 1
                countsByKind[event.kind.ordinal] += 1
            }
            EventDump.write(event, original: kept, into: &buffer)
        }
        output = buffer.withBytes { Array($0) }
    }
}

/// A small deterministic generator (SplitMix64) for chunk sizes.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
