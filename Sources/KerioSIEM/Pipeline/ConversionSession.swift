/// The conversion pipeline without I/O: bytes in (any chunking), records out to a ``ByteSink``, every line counted.
///
/// Feed it chunks from anywhere (a file, a socket, a test); it splits lines, parses each into one reused event,
/// writes through the exporter into one reused buffer and hands the buffer to the sink in large blocks. Unparsed lines
/// go to `onUnparsed` (for `--rejects`) with their raw bytes.
///
/// ```swift
/// var session = try ConversionSession(exporter: CEFExporter(options: ExportOptions()))
/// var sink = MemorySink()
/// try session.feed(chunk, to: &sink)
/// let report = try session.finish(to: &sink)
/// ```
public struct ConversionSession<Exporter: EventExporter> {
    /// The exporter records are written through.
    public private(set) var exporter: Exporter
    /// The parser lines are read with.
    public let parser: SecurityLogParser
    /// Line, strictness and flushing settings.
    public let options: ConversionOptions
    /// The counts so far.
    public private(set) var report = ConversionReport()

    /// Called for each unparsed line with its diagnostic and raw bytes (cut at the splitter's limit).
    ///
    /// Why a pointer: the unparsed line is handed over in place, without a copy per line, and is valid only during the
    /// call: copy it (`Array(bytes)`) to keep it.
    public var onUnparsed: ((ParseDiagnostic, UnsafeBufferPointer<UInt8>) throws -> Void)?

    private var splitter: LineSplitter
    private var event = SecurityEvent(kind: .unparsed)
    private var output: OutputBuffer
    private var started = false
    private var finished = false

    /// Creates a session.
    /// - Parameters:
    ///   - exporter: the output format.
    ///   - parser: the parser (its limits also bound line length).
    ///   - options: strictness, unparsed records, flushing.
    public init(
        exporter: Exporter, parser: SecurityLogParser = SecurityLogParser(),
        options: ConversionOptions = ConversionOptions()
    ) {
        self.exporter = exporter
        self.parser = parser
        self.options = options
        self.splitter = LineSplitter(maximumLineLength: parser.limits.maximumLineLength)
        self.output = OutputBuffer(capacity: options.flushThreshold + 64 * 1_024)
    }

    /// Converts the lines completed by `chunk`; a partial last line waits for the next chunk or ``finish(to:)``.
    /// - Throws: the sink's error, the `onUnparsed` handler's error, or ``ConversionError`` in strict mode.
    ///
    /// Why a pointer: the zero-copy entry for buffers filled by `read(2)` or a socket; the `Span` and `Collection`
    /// overloads below are the safe forms, at the same speed.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, to sink: inout some ByteSink) throws {
        precondition(!finished, "feed after finish")
        if !started { start() }
        report.bytesRead += chunk.count
        // The splitter is moved out while it calls back into `self` (exclusive access), and back in afterwards;
        // the placeholder owns no buffer, so its carry stays uniquely referenced and is never copied.
        var splitter = self.splitter
        self.splitter = LineSplitter(maximumLineLength: 1)
        defer { self.splitter = splitter }
        try splitter.feed(chunk) { line in try self.convert(line) }
        if output.count >= options.flushThreshold { try flush(to: &sink) }
    }

    /// Converts the lines of `chunk` (see ``feed(_:to:)-(UnsafeBufferPointer<UInt8>,_)``).
    public mutating func feed(_ chunk: Span<UInt8>, to sink: inout some ByteSink) throws {
        try chunk.withUnsafeBufferPointer { try feed($0, to: &sink) }
    }

    /// Converts the lines of `chunk`: any bytes, such as `[UInt8]`, `ArraySlice<UInt8>` or a `String`'s `utf8` view.
    ///
    /// Contiguous collections are read in place; others are copied once into a temporary array.
    /// ```swift
    /// try session.feed(Array("Engine: Startup\n".utf8), to: &sink)
    /// ```
    public mutating func feed<Bytes: Collection<UInt8>>(_ chunk: Bytes, to sink: inout some ByteSink) throws {
        let done: Void? = try chunk.withContiguousStorageIfAvailable { try feed($0, to: &sink) }
        if done == nil { try Array(chunk).withUnsafeBufferPointer { try feed($0, to: &sink) } }
    }

    /// Converts the last line (if the input did not end with a line break), writes the epilogue and flushes.
    /// - Returns: the final report.
    public mutating func finish(to sink: inout some ByteSink) throws -> ConversionReport {
        precondition(!finished, "finish called twice")
        if !started { start() }
        var splitter = self.splitter
        self.splitter = LineSplitter(maximumLineLength: 1)
        try splitter.finish { line in try self.convert(line) }
        self.splitter = splitter
        exporter.writeEpilogue(into: &output)
        try flush(to: &sink)
        finished = true
        return report
    }

    private mutating func start() {
        started = true
        exporter.writePrologue(into: &output)
    }

    /// Hands every record converted so far to `sink` now, instead of waiting for ``ConversionOptions/flushThreshold``.
    ///
    /// A live stream calls this whenever its input has nothing more to read at the moment, so that each record
    /// leaves as soon as its line has arrived; a partial last line stays in the session until its line break comes.
    /// ```swift
    /// try session.feed(chunk, to: &sink)
    /// if nothingMoreToRead { try session.flush(to: &sink) }
    /// ```
    /// - Throws: the sink's error.
    public mutating func flush(to sink: inout some ByteSink) throws {
        precondition(!finished, "flush after finish")
        if !started { start() }
        guard !output.isEmpty else { return }
        report.bytesWritten += output.count
        try output.withBytes { try sink.write($0) }
        output.removeAll()
    }

    private mutating func convert(_ line: LineSplitter.Line) throws {
        report.linesRead += 1
        if Self.isBlank(line.bytes) && !line.isTruncated {
            report.blankLines += 1
            return
        }
        if line.isTruncated {
            event.reset(original: line.bytes)
            event.kind = .unparsed
            event.failure = ParseFailure(
                .lineTooLong, "line of \(line.fullLength) bytes exceeds the limit of \(line.bytes.count)")
        } else {
            parser.parse(line.bytes, into: &event)
        }
        if event.kind == .unparsed, let failure = event.failure {
            report.unparsedLines += 1
            report.countsByReason[failure.reason, default: 0] += 1
            let diagnostic = ParseDiagnostic(source: options.sourceName, line: report.linesRead, failure: failure)
            if report.diagnostics.count < options.maximumDiagnostics { report.diagnostics.append(diagnostic) }
            if options.strict { throw ConversionError.unparsedLine(diagnostic) }
            try onUnparsed?(diagnostic, line.bytes)
            guard options.emitUnparsed else { return }
        } else {
            report.eventsParsed += 1
            report.countsByKind[event.kind.ordinal] += 1
        }
        exporter.write(event, into: &output)
        report.recordsWritten += 1
    }

    /// Empty, or only spaces and tabs.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 { return false }
        return true
    }
}
