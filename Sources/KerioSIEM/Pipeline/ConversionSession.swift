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

    /// Where the lines come from, for sources whose records keep an id when read again (a followed file): each
    /// parsed record then carries ``TextField/eventID``, the origin's prefix and the line's offset in the source.
    /// Set it before each ``feed(_:to:)-(UnsafeBufferPointer<UInt8>,_)`` whose bytes come from another place;
    /// `nil` (the default): records carry no id.
    public var lineOrigin: LineOrigin?

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
        if let lineOrigin { lineOrigin.name(event: &event, lineOffset: line.offset) }
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

/// Where a session's lines come from: an id prefix naming the source, and how the session's stream position maps to
/// the source's (``ConversionSession/lineOrigin``).
///
/// ```swift
/// // The next bytes fed are file bytes from `offset` on; the session has read `session.report.bytesRead` so far.
/// session.lineOrigin = LineOrigin(prefix: Array("3f9a0c5e1b7d2468".utf8),
///                                 sourceOffsetOfStreamStart: offset - session.report.bytesRead)
/// ```
public struct LineOrigin: Sendable, Equatable {
    /// The text before `-<offset>` in each id; at most ``maximumPrefixLength`` bytes are used.
    public var prefix: [UInt8]
    /// Added to a line's stream offset (``LineSplitter/Line/offset``) to get its offset in the source.
    public var sourceOffsetOfStreamStart: Int

    /// The longest prefix kept: with `-` and 20 digits of offset, an id fits CEF's 40-byte `externalId`.
    public static let maximumPrefixLength = 19

    /// Creates an origin.
    public init(prefix: [UInt8], sourceOffsetOfStreamStart: Int) {
        self.prefix = Array(prefix.prefix(Self.maximumPrefixLength))
        self.sourceOffsetOfStreamStart = sourceOffsetOfStreamStart
    }

    /// Sets `event`'s ``TextField/eventID`` to `<prefix>-<source offset>`, built on the stack.
    func name(event: inout SecurityEvent, lineOffset: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var count = 0
            for byte in prefix {
                buffer[count] = byte
                count += 1
            }
            buffer[count] = UInt8(ascii: "-")
            count += 1
            // Decimal digits, written backwards into the end of the buffer, then moved into place.
            var value = UInt64(max(0, sourceOffsetOfStreamStart + lineOffset))
            var digits = 0
            repeat {
                buffer[47 - digits] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                digits += 1
            } while value > 0
            for index in 0..<digits { buffer[count + index] = buffer[48 - digits + index] }
            count += digits
            event.setValueAfterOriginal(.eventID, UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }
}
