import Dispatch

/// One block of a ``ParallelConversion``: whole input lines, and everything converting them produced.
///
/// A block belongs to one thread at a time. The coordinator fills it and hands it to a worker; the worker converts it
/// and signals ``done``; the coordinator waits for that signal before reading anything back. The semaphore orders
/// those accesses (it is a full memory barrier), which is why the class can be `@unchecked Sendable`. Blocks are
/// recycled, so their buffers are allocated once per conversion, not once per block.
final class ConversionBlock<Exporter: EventExporter>: @unchecked Sendable {
    /// The input bytes; the first ``count`` hold whole lines (the last may lack its LF at the end of the input).
    let storage: UnsafeMutableRawBufferPointer
    /// How many bytes of ``storage`` are this block's input.
    var count = 0
    /// The converted records.
    var output: [UInt8] = []
    /// The raw bytes of the block's unparsed lines, back to back (only kept when the caller wants rejects).
    var rejectBytes: [UInt8] = []
    /// Each unparsed line's diagnostic (line numbers relative to the block) and its range in ``rejectBytes``.
    var rejects: [(ParseDiagnostic, Range<Int>)] = []
    /// The block's counts; diagnostics carry block-relative line numbers until the coordinator fixes them up.
    var report = ConversionReport()
    /// Strict mode's stop, with a block-relative line number.
    var strictFailure: ParseDiagnostic?
    /// Any other error the conversion threw.
    var error: (any Error)?
    /// The exporter after the block's records (the last block's writes the epilogue).
    var exporter: Exporter?
    /// Signalled by the worker when the block is converted.
    let done = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The input bytes.
    var input: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Forgets the previous conversion, keeping every buffer's capacity.
    func reset() {
        count = 0
        output.removeAll(keepingCapacity: true)
        rejectBytes.removeAll(keepingCapacity: true)
        rejects.removeAll(keepingCapacity: true)
        report = ConversionReport()
        strictFailure = nil
        error = nil
        exporter = nil
    }

    /// Converts ``input`` with a fresh session around a copy of `exporter` (which has already written the prologue).
    /// - Parameter keepRejects: whether to keep unparsed lines' bytes for the caller's `onUnparsed`.
    func convert(exporter: Exporter, parser: SecurityLogParser, options: ConversionOptions, keepRejects: Bool) {
        var session = startSession(exporter: exporter, parser: parser, options: options, keepRejects: keepRejects)
        var sink = BlockSink(block: self)
        do {
            // Fed in slices so the session's own output buffer stays near the flush threshold instead of growing to
            // the whole block's output; a line cut by a slice boundary is carried by the session's splitter.
            var start = 0
            let all = input
            while start < all.count {
                let end = min(all.count, start + Self.sliceSize)
                try session.feed(UnsafeBufferPointer(rebasing: all[start..<end]), to: &sink)
                start = end
            }
            report = try session.finish(to: &sink)
        } catch {
            record(error, session: session)
        }
        self.exporter = session.exporter.inner
    }

    /// Input bytes handed to the session per `feed`.
    static var sliceSize: Int { 64 * 1_024 }

    func startSession(
        exporter: Exporter, parser: SecurityLogParser, options: ConversionOptions,
        keepRejects: Bool
    ) -> ConversionSession<BlockExporter<Exporter>> {
        var session = ConversionSession(exporter: BlockExporter(wrapping: exporter), parser: parser, options: options)
        if keepRejects {
            session.onUnparsed = { [unowned self] diagnostic, bytes in
                let start = self.rejectBytes.count
                self.rejectBytes.append(contentsOf: bytes)
                self.rejects.append((diagnostic, start..<self.rejectBytes.count))
            }
        }
        return session
    }

    /// Keeps a conversion's error: strict mode's stop as a diagnostic, anything else as it is.
    func record(_ error: any Error, session: ConversionSession<BlockExporter<Exporter>>) {
        report = session.report
        if case ConversionError.unparsedLine(let diagnostic) = error {
            strictFailure = diagnostic
        } else {
            self.error = error
        }
    }
}
