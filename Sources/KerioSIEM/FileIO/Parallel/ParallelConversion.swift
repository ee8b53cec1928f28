import Dispatch
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Converts one input with several worker threads, producing exactly the bytes, report and rejects a sequential
/// ``ConversionSession`` would.
///
/// The input is cut into large blocks at line boundaries. Each block is converted on a worker with its own parser
/// state, event, output buffer and copy of the exporter (taken *after* the original wrote the prologue), and the
/// blocks' outputs are written to the sink in input order. Reports are merged with diagnostics renumbered to global
/// line numbers, and `onUnparsed` sees the unparsed lines in input order, on the calling thread. At most
/// `2 × jobs` blocks are in flight, so memory stays bounded whatever the input size.
///
/// ```
///  input:  |── block 1 ──|── block 2 ──|── block 3 ──|── block 4 ──| …     cut after the last LF of each block
///  worker A:  convert 1        convert 3
///  worker B:       convert 2        convert 4
///  caller:  prologue · write 1 · write 2 · write 3 · write 4 · … · epilogue      in order, with merged reports
/// ```
///
/// Byte-identical output assumes what every built-in exporter satisfies: a record's bytes depend only on the event and
/// on the exporter's state after its prologue (records do not depend on earlier records). The epilogue is written by
/// the exporter copy that converted the last block. With `jobs == 1` the conversion is simply sequential.
///
/// ```swift
/// let conversion = ParallelConversion(exporter: try CEFExporter(options: ExportOptions()), jobs: 2)
/// var sink = MemorySink()
/// let report = try conversion.convert(reading: try FileDescriptor.open("security.log", .readOnly), to: &sink)
/// ```
public struct ParallelConversion<Exporter: EventExporter> {
    /// The default block size, 128 KiB: about 700 lines, large enough that per-block costs (a session, a dozen
    /// allocations, two semaphore handoffs) vanish, and small enough that a block's output (XML writes about 7 bytes per
    /// input byte) stays in a core's 1 MiB L2 cache until the calling thread writes it: measured against 512 KiB on
    /// 1 M lines with 2 jobs, 10–15 % less CPU time for ECS, CSV and XML and half the peak memory.
    public static var defaultBlockSize: Int { 128 << 10 }

    /// The exporter; each block converts with a copy of it.
    public let exporter: Exporter
    /// The parser lines are read with.
    public let parser: SecurityLogParser
    /// Strictness, unparsed records, flushing, diagnostics.
    public let options: ConversionOptions
    /// The number of worker threads (1: sequential, on the calling thread).
    public let jobs: Int
    /// The input bytes per block (a block ends after the last line break within it; a longer line is converted on
    /// the calling thread, streamed, with the same bounded memory as a sequential session).
    public let blockSize: Int
    /// Called on the calling thread for each unparsed line, in input order, with its global line number.
    ///
    /// Why a pointer: the unparsed line is handed over in place, without a copy per line, and is valid only during the
    /// call: copy it (`Array(bytes)`) to keep it.
    public var onUnparsed: ((ParseDiagnostic, UnsafeBufferPointer<UInt8>) throws -> Void)?

    /// Creates a conversion.
    /// - Parameters:
    ///   - exporter: the output format, before its prologue.
    ///   - parser: the parser (its limits also bound line length).
    ///   - options: strictness, unparsed records, flushing, diagnostics.
    ///   - jobs: worker threads, at least 1.
    ///   - blockSize: input bytes per block, at least 1.
    public init(
        exporter: Exporter, parser: SecurityLogParser = SecurityLogParser(),
        options: ConversionOptions = ConversionOptions(), jobs: Int,
        blockSize: Int = ParallelConversion.defaultBlockSize
    ) {
        precondition(jobs >= 1, "jobs must be at least 1")
        precondition(blockSize >= 1, "blockSize must be at least 1")
        self.exporter = exporter
        self.parser = parser
        self.options = options
        self.jobs = jobs
        self.blockSize = blockSize
    }

    /// Converts everything `file` yields until end of file.
    /// - Throws: the read's `Errno`, the sink's error, `onUnparsed`'s error, or ``ConversionError`` in strict mode.
    public func convert(reading file: FileDescriptor, to sink: inout some ByteSink) throws -> ConversionReport {
        try convert(reading: { try file.read(into: $0) }, to: &sink)
    }

    /// Converts the bytes of `input`.
    ///
    /// Why a pointer: memory the caller already holds (a mapped file, a received datagram) is converted without a copy;
    /// ``convert(bytes:to:)`` is the safe form.
    public func convert(_ input: UnsafeBufferPointer<UInt8>, to sink: inout some ByteSink) throws -> ConversionReport {
        var offset = 0
        return try convert(
            reading: { buffer in
                let count = min(buffer.count, input.count - offset)
                if count > 0 {
                    buffer.copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(input)[offset..<offset + count]))
                }
                offset += count
                return count
            }, to: &sink)
    }

    /// Converts `bytes` (any contiguous or non-contiguous collection: `[UInt8]`, `Data`, a `String`'s `utf8`).
    ///
    /// ```swift
    /// let report = try conversion.convert(bytes: Array("Engine: Startup\n".utf8), to: &sink)
    /// ```
    public func convert(bytes: some Collection<UInt8>, to sink: inout some ByteSink) throws -> ConversionReport {
        if let report = try bytes.withContiguousStorageIfAvailable({ try convert($0, to: &sink) }) { return report }
        return try Array(bytes).withUnsafeBufferPointer { try convert($0, to: &sink) }
    }

    /// Converts a stream of chunks: `read` fills (part of) the buffer it is given and returns the number of bytes
    /// written into it, 0 at the end of the input.
    ///
    /// Why a pointer: `read` fills the conversion's own block buffer in place (a `read(2)`, a `recv`, a copy), so no
    /// chunk is copied twice; a `Span` cannot be written into.
    /// - Throws: `read`'s error, the sink's error, `onUnparsed`'s error, or ``ConversionError`` in strict mode.
    public func convert(
        reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        to sink: inout some ByteSink
    ) throws -> ConversionReport {
        try convert(reading: read, hasPendingInput: nil, onIdle: nil, to: &sink)
    }

    /// Converts a stream of chunks that may be live (see ``FileConversion``'s *Live inputs*).
    /// - Parameters:
    ///   - hasPendingInput: `nil` for input that never waits; otherwise asked before each further read whether it
    ///     would return at once. When it says no, every record read so far is written to the sink (and `onIdle` is
    ///     called) before the read, and a block is cut after its last complete line instead of waiting to fill.
    ///   - onIdle: called after that delivery, before the read that may wait.
    func convert(
        reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        hasPendingInput: (() -> Bool)?, onIdle: (() throws -> Void)?,
        to sink: inout some ByteSink
    ) throws -> ConversionReport {
        let live = hasPendingInput.map { pending in Live(hasPendingInput: pending, onIdle: onIdle ?? {}) }
        // Generic code called from another module runs unspecialised: a metadata lookup per line and no inlining of
        // the exporter into the loop. For the built-in exporters, re-enter with the concrete type, which this module
        // compiles a specialised pipeline for. The sink is reached through a closure, so it adds no generic parameter.
        if let conversion = self as? ParallelConversion<CEFExporter> {
            return try conversion.run(read, live, { try sink.write($0) })
        }
        if let conversion = self as? ParallelConversion<LEEFExporter> {
            return try conversion.run(read, live, { try sink.write($0) })
        }
        if let conversion = self as? ParallelConversion<LEEF1Exporter> {
            return try conversion.run(read, live, { try sink.write($0) })
        }
        if let conversion = self as? ParallelConversion<ECSJSONExporter> {
            return try conversion.run(read, live, { try sink.write($0) })
        }
        if let conversion = self as? ParallelConversion<CSVExporter> {
            return try conversion.run(read, live, { try sink.write($0) })
        }
        if let conversion = self as? ParallelConversion<XMLExporter> {
            return try conversion.run(read, live, { try sink.write($0) })
        }
        return try run(read, live, { try sink.write($0) })
    }

    private func run(
        _ read: (UnsafeMutableRawBufferPointer) throws -> Int, _ live: Live?,
        _ write: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> ConversionReport {
        jobs == 1 ? try convertSequentially(read, live, write) : try convertInParallel(read, live, write)
    }

    // MARK: - One job

    private func convertSequentially(
        _ read: (UnsafeMutableRawBufferPointer) throws -> Int, _ live: Live?,
        _ write: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> ConversionReport {
        var session = ConversionSession(exporter: exporter, parser: parser, options: options)
        session.onUnparsed = onUnparsed
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(blockSize, 256 * 1_024), alignment: 16)
        defer { buffer.deallocate() }
        // The session flushes its output buffer straight into `write` (no intermediate copy of the output). The
        // closure does not escape: the sink lives only in this scope.
        return try withoutActuallyEscaping(write) { write in
            var sink = ForwardingSink(forward: write)
            while true {
                let count = try read(buffer)
                if count == 0 { break }
                try session.feed(
                    UnsafeBufferPointer(
                        start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        count: count), to: &sink)
                if let live, !live.hasPendingInput() {
                    try session.flush(to: &sink)
                    try live.onIdle()
                }
            }
            return try session.finish(to: &sink)
        }
    }

    // MARK: - Several jobs

    private func convertInParallel(
        _ read: (UnsafeMutableRawBufferPointer) throws -> Int, _ live: Live?,
        _ write: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> ConversionReport {
        var report = ConversionReport()
        var head = exporter
        var edge = OutputBuffer()
        head.writePrologue(into: &edge)
        try emit(edge, write, counting: &report)
        edge.removeAll()

        let workers = (0..<jobs).map { DispatchQueue(label: "kerio-siem.conversion.worker-\($0)") }
        let maximumInFlight = 2 * jobs
        var inFlight: [ConversionBlock<Exporter>] = []
        var nextToDeliver = 0
        var pool: [ConversionBlock<Exporter>] = []
        var reader = BlockReader(capacity: blockSize)
        var submitted = 0
        var linesBefore = 0
        var last = head
        let keepRejects = onUnparsed != nil
        // Whatever happens, no worker may still be converting when this function returns.
        defer { for block in inFlight[nextToDeliver...] { block.done.wait() } }

        while true {
            while !reader.isAtEnd && inFlight.count - nextToDeliver < maximumInFlight {
                // A live input that would wait: deliver every block in flight first (below), then read.
                if let live, inFlight.count > nextToDeliver, !live.hasPendingInput() { break }
                if let live, inFlight.count == nextToDeliver, !live.hasPendingInput() { try live.onIdle() }
                let block = pool.popLast() ?? ConversionBlock<Exporter>(capacity: blockSize)
                block.reset()
                let complete = try reader.fill(block, read, cutEarly: live?.hasPendingInput)
                if block.count == 0 {
                    pool.append(block)
                    break
                }
                inFlight.append(block)
                if complete {
                    let (exporter, parser, options) = (head, self.parser, self.options)
                    workers[submitted % jobs].async {
                        block.convert(exporter: exporter, parser: parser, options: options, keepRejects: keepRejects)
                        block.done.signal()
                    }
                    submitted += 1
                } else {
                    // One line longer than a block: stream it here, through a session whose splitter keeps only
                    // the line's first `maximumLineLength` bytes, exactly as the sequential path does.
                    defer { block.done.signal() }
                    try convertLongLine(block, reader: &reader, read, keepRejects: keepRejects, exporter: head)
                }
            }
            guard nextToDeliver < inFlight.count else { break }
            let block = inFlight[nextToDeliver]
            block.done.wait()
            nextToDeliver += 1
            try deliver(block, linesBefore: linesBefore, write, report: &report)
            linesBefore += block.report.linesRead
            if let exporter = block.exporter { last = exporter }
            pool.append(block)
            if nextToDeliver == inFlight.count {  // drop delivered blocks now and then (amortised O(1))
                inFlight.removeAll(keepingCapacity: true)
                nextToDeliver = 0
            }
        }
        last.writeEpilogue(into: &edge)
        try emit(edge, write, counting: &report)
        return report
    }

    private func convertLongLine(
        _ block: ConversionBlock<Exporter>, reader: inout BlockReader,
        _ read: (UnsafeMutableRawBufferPointer) throws -> Int, keepRejects: Bool,
        exporter: Exporter
    ) throws {
        var session = block.startSession(exporter: exporter, parser: parser, options: options, keepRejects: keepRejects)
        var sink = BlockSink(block: block)
        do {
            try session.feed(block.input, to: &sink)
            while let piece = try reader.readRestOfLine(into: block, read) {
                try session.feed(piece, to: &sink)
            }
            block.report = try session.finish(to: &sink)
        } catch let error as ConversionError {
            block.record(error, session: session)
        }
        block.exporter = session.exporter.inner
    }

    /// Hands a converted block to the caller: rejects, strict stop, output, counts.
    private func deliver(
        _ block: ConversionBlock<Exporter>, linesBefore: Int,
        _ write: (UnsafeBufferPointer<UInt8>) throws -> Void, report: inout ConversionReport
    ) throws {
        if let error = block.error { throw error }
        if let onUnparsed {
            try block.rejectBytes.withUnsafeBufferPointer { bytes in
                for (diagnostic, range) in block.rejects {
                    var global = diagnostic
                    global.line += linesBefore
                    try onUnparsed(global, UnsafeBufferPointer(rebasing: bytes[range]))
                }
            }
        }
        if var diagnostic = block.strictFailure {
            diagnostic.line += linesBefore
            throw ConversionError.unparsedLine(diagnostic)
        }
        if !block.output.isEmpty { try block.output.withUnsafeBufferPointer { try write($0) } }
        var counts = block.report
        for index in counts.diagnostics.indices { counts.diagnostics[index].line += linesBefore }
        report.merge(counts, keepingDiagnostics: options.maximumDiagnostics)
    }

    private func emit(
        _ buffer: OutputBuffer, _ write: (UnsafeBufferPointer<UInt8>) throws -> Void,
        counting report: inout ConversionReport
    ) throws {
        guard !buffer.isEmpty else { return }
        report.bytesWritten += buffer.count
        try buffer.withBytes { try write($0) }
    }
}

/// What a conversion of live input needs besides the reads: see ``ParallelConversion/convert(reading:hasPendingInput:onIdle:to:)``.
struct Live {
    /// Whether the next read would return at once.
    let hasPendingInput: () -> Bool
    /// Called once everything read is delivered, before a read that may wait.
    let onIdle: () throws -> Void
}
