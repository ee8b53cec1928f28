public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Converts files and descriptors into one output: the ``ConversionSession`` loop around `read(2)`.
///
/// Inputs are read in order, in large chunks (1 MiB by default), through **one** session: one exporter, one prologue
/// and one epilogue (a single XML document or CSV header for all files). Each input ends its own last line, even
/// without a final line break, so lines never join across files; diagnostics name the input and count lines from 1
/// within it. The returned ``ConversionReport`` covers all inputs.
///
/// With ``jobs`` above 1 the inputs are converted by ``ParallelConversion``: blocks of lines on several threads,
/// written in input order, so the output, report and rejects are byte-identical to `jobs = 1`.
///
/// Use this to embed the converter without the CLI:
///
/// ```swift
/// import KerioSIEM
///
/// var exportOptions = ExportOptions()
/// exportOptions.timeZone = try KerioTimeZone(identifier: "Europe/Prague")
/// let output = try AtomicFileOutput(path: "events.ndjson")
/// var sink = output
/// var conversion = FileConversion()
/// conversion.onUnparsed = { diagnostic, _ in print(diagnostic) }   // security.log:17: unknown-record: …
/// let report = try conversion.convert([ConversionInput(path: "security.log")], format: "ecs",
///                                     exportOptions: exportOptions, to: &sink)
/// try output.commit()
/// print(report.recordsWritten)
/// ```
///
/// ## Live inputs
///
/// A regular file is read in full blocks for throughput. Any other input (a pipe, a FIFO, a socket, a terminal) is
/// *live*: whenever it has nothing more to read at the moment (`poll` says so), every record of the lines read so far
/// is handed to the sink before the conversion waits, so a record leaves within milliseconds of its line's arrival,
/// with any ``jobs``, and the output stays byte-identical to a batch run. While a live input keeps its buffer full the
/// conversion runs at block speed.
///
/// Errors stop the conversion and leave the sink as it is (an ``AtomicFileOutput`` not committed keeps the target
/// untouched). Cancelling the current task is noticed between chunks (`CancellationError`).
public struct FileConversion {
    /// The default read size: 1 MiB.
    public static let defaultChunkSize = 1 << 20

    /// The parser (line-length limit, syslog year).
    public var parser: SecurityLogParser
    /// Strictness, unparsed records, flushing. `sourceName` is not used: each input's ``ConversionInput/name`` is.
    public var options: ConversionOptions
    /// Bytes asked of `read(2)` at a time.
    public var chunkSize: Int
    /// Called for each unparsed line with its diagnostic (input name, line within that input) and raw bytes; not
    /// called in strict mode, which stops at the first one. An error thrown here stops the conversion.
    ///
    /// Why a pointer: the unparsed line is handed over in place, without a copy per line, and is valid only during the
    /// call: copy it (`Array(bytes)`) to keep it.
    public var onUnparsed: ((ParseDiagnostic, UnsafeBufferPointer<UInt8>) throws -> Void)?
    /// Called after each chunk with the total bytes read so far, over all inputs (for progress display).
    public var onProgress: ((Int) -> Void)?
    /// Worker threads; 1 converts on the calling thread. Default 1 (the CLI defaults to the number of cores).
    public var jobs = 1
    /// Called whenever every line read so far has been converted and its records handed to the sink, and the
    /// conversion is about to wait for a live input (see *Live inputs* above): flush anything the caller buffers
    /// beside the sink here (the CLI's `--rejects` writer does). An error thrown here stops the conversion.
    public var onIdle: (() throws -> Void)?
    /// When this descriptor becomes readable, a live input ends as if its writer had closed it: the lines read so far
    /// (a partial last line included) are converted, the epilogue is written, and ``convert(_:with:to:)`` returns;
    /// later inputs are not read. The CLI points it at a pipe its `SIGTERM`/`SIGINT`/`SIGHUP` handler writes to, so a
    /// signal loses no record. Regular files are read to their end regardless (they never wait).
    public var stopDescriptor: FileDescriptor?

    /// Creates a conversion.
    /// - Parameters:
    ///   - parser: the parser; its limits bound the line length.
    ///   - options: see ``ConversionOptions``.
    ///   - chunkSize: bytes per `read(2)`, at least 1. Default 1 MiB.
    public init(
        parser: SecurityLogParser = SecurityLogParser(), options: ConversionOptions = ConversionOptions(),
        chunkSize: Int = FileConversion.defaultChunkSize
    ) {
        precondition(chunkSize > 0, "chunk size must be positive")
        self.parser = parser
        self.options = options
        self.chunkSize = chunkSize
    }

    /// Converts `inputs`, in order, through `exporter` into `sink`.
    /// - Returns: the counts for all inputs together; diagnostics carry each input's name and line.
    /// - Throws: ``FileIOError`` for an input that cannot be opened or read, the sink's error,
    ///   ``ConversionError/unparsedLine(_:)`` in strict mode, the `onUnparsed` handler's error, or
    ///   `CancellationError`.
    public func convert(
        _ inputs: [ConversionInput], with exporter: some EventExporter,
        to sink: inout some ByteSink
    ) throws -> ConversionReport {
        var sessionOptions = options
        sessionOptions.sourceName = nil
        var conversion = ParallelConversion(
            exporter: exporter, parser: parser, options: sessionOptions, jobs: jobs,
            blockSize: ParallelConversion<CEFExporter>.defaultBlockSize)
        // Line numbers run on across inputs; `Position` turns them back into per-input ones. The reader counts the
        // line breaks it hands over, so it knows the global line number at which each input starts.
        let position = Position()
        if let onUnparsed {
            conversion.onUnparsed = { diagnostic, bytes in try onUnparsed(position.localize(diagnostic), bytes) }
        }
        var reader = InputSequenceReader(
            inputs: inputs, chunkSize: chunkSize, position: position, onProgress: onProgress,
            stop: stopDescriptor)
        defer { reader.closeCurrent() }
        var report: ConversionReport
        do {
            report = try conversion.convert(
                reading: { try reader.read(into: $0) }, hasPendingInput: { reader.hasPendingInput() },
                onIdle: onIdle, to: &sink)
        } catch ConversionError.unparsedLine(let diagnostic) {
            throw ConversionError.unparsedLine(position.localize(diagnostic))
        }
        // A damaged archive ends the input, so that every line before the damage is converted and written; only
        // then is it reported.
        if let damage = reader.damage { throw damage }
        report.bytesRead -= reader.addedTerminators
        report.diagnostics = report.diagnostics.map(position.localize)
        return report
    }

    /// Converts `inputs` into `sink` with the format registered as `name` in `registry`.
    /// - Throws: ``RegistryError/unknownFormat(_:known:)``, the exporter's ``ExportError``, or what
    ///   ``convert(_:with:to:)`` throws.
    public func convert(
        _ inputs: [ConversionInput], format name: String,
        exportOptions: ExportOptions = ExportOptions(), registry: ExporterRegistry = .current,
        to sink: inout some ByteSink
    ) throws -> ConversionReport {
        let exporter = try registry.makeExporter(named: name, options: exportOptions)
        return try convert(inputs, with: exporter, to: &sink)
    }

    /// One `read(2)`: retries `EINTR`, waits with `poll` on a non-blocking descriptor. 0 means end of input.
    /// - Parameter stop: a descriptor (or -1) whose readability ends the input: it is polled together with
    ///   `descriptor` before reading, and 0 is returned once it is readable.
    static func readChunk(
        _ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer,
        name: String, stop: CInt = -1
    ) throws(FileIOError) -> Int {
        if stop >= 0 {
            var requests = [
                pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
            ]
            while true {
                let ready = poll(&requests, 2, -1)
                if ready > 0 { break }
                let error = Errno(rawValue: errno)
                if ready < 0 && error != .interrupted { throw FileIOError(.read, path: name, errno: error) }
            }
            if requests[1].revents != 0 { return 0 }
        }
        while true {
            let count = read(descriptor.rawValue, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            let error = Errno(rawValue: errno)
            switch error {
            case .interrupted:
                continue
            case .resourceTemporarilyUnavailable, .wouldBlock:
                var request = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
                _ = poll(&request, 1, -1)
            default:
                throw FileIOError(.read, path: name, errno: error)
            }
        }
    }
}

/// Reads the inputs one after another as one stream, ending each input's last line with an added LF when it has
/// none (so lines never join across files), and counting line breaks to tell ``Position`` where each input starts.
private struct InputSequenceReader {
    let inputs: [ConversionInput]
    let chunkSize: Int
    let position: Position
    let onProgress: ((Int) -> Void)?
    private var index = 0
    private var current: (descriptor: FileDescriptor, closes: Bool, name: String)?
    /// Whether the current input is live (not a regular file): then it is polled before each read.
    private var currentIsLive = false
    /// The descriptor that ends live input when readable (-1: none).
    private let stop: CInt
    /// Set once `stop` became readable: the input ends when what is waiting in it has been read.
    private(set) var stopped = false
    /// Bytes read since the stop.
    private var drained = 0
    /// Set once the current input's first bytes showed a gzip stream; `nil` for plain input.
    private var gzip: GzipDecoder?
    /// Whether the current input's first bytes are still to be looked at.
    private var atInputStart = false
    /// Compressed bytes of the gzip inputs before the current one (progress counts what is read from disk).
    private var rawReadBefore = 0
    private var lastByte: UInt8?
    private var owesTerminator = false
    private var lineBreaks = 0
    /// Bytes read from plain (not compressed) inputs.
    private var plainRead = 0
    private(set) var addedTerminators = 0
    /// The corrupt or truncated archive that ended the input early, reported after the conversion.
    private(set) var damage: FileIOError?

    init(
        inputs: [ConversionInput], chunkSize: Int, position: Position, onProgress: ((Int) -> Void)?,
        stop: FileDescriptor?
    ) {
        self.stop = stop?.rawValue ?? -1
        self.inputs = inputs
        self.chunkSize = chunkSize
        self.position = position
        self.onProgress = onProgress
    }

    /// Fills (part of) `buffer`; 0 at the end of the last input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if owesTerminator {
                owesTerminator = false
                buffer[0] = 0x0A
                addedTerminators += 1
                lineBreaks += 1
                return 1
            }
            if current == nil {
                guard index < inputs.count else { return 0 }
                try open(inputs[index])
            }
            guard let (descriptor, _, name) = current else { return 0 }
            let window = UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(chunkSize))
            var count: Int
            if let gzip {
                count = try inflate(gzip, into: window)
            } else {
                if currentIsLive && stop >= 0 {
                    if stopped {
                        count = try drainAfterStop(descriptor, into: window, name: name)
                    } else {
                        // 0 at the end of the input, or as soon as the stop is readable (nothing read then).
                        count = try FileConversion.readChunk(descriptor, into: window, name: name, stop: stop)
                        if count == 0 && Self.isReadable(stop) {
                            count = try drainAfterStop(descriptor, into: window, name: name)
                        }
                    }
                } else {
                    count = try FileConversion.readChunk(descriptor, into: window, name: name)
                }
                if atInputStart {
                    atInputStart = false
                    // A pipe may deliver one byte first; the magic number needs two.
                    if count == 1 && window[0] == 0x1F {
                        count += try FileConversion.readChunk(
                            descriptor, into: UnsafeMutableRawBufferPointer(rebasing: window[1...]), name: name)
                    }
                    if GzipDecoder.isGzip(UnsafeRawBufferPointer(rebasing: window[..<count])) {
                        // Rotated logs are archived with gzip: inflate them, recognised by content, not by name.
                        let decoder = GzipDecoder(
                            descriptor: descriptor, name: name,
                            prefix: UnsafeRawBufferPointer(rebasing: window[..<count]))
                        gzip = decoder
                        count = try inflate(decoder, into: window)
                    }
                }
            }
            if count == 0 {
                closeCurrent()
                index += 1
                if let lastByte, lastByte != 0x0A { owesTerminator = true }
                continue
            }
            let bytes = UnsafeBufferPointer(
                start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
            lastByte = bytes[count - 1]
            lineBreaks += Self.countLineBreaks(bytes)
            if gzip == nil { plainRead += count }
            onProgress?(plainRead + rawReadBefore + (gzip?.compressedBytesRead ?? 0))
            if Task.isCancelled { throw CancellationError() }
            return count
        }
    }

    /// After the stop: what the writer already put into the pipe is still read, as long as it is there at once (up to
    /// ``drainLimit`` bytes: a writer that keeps writing cannot hold the stop off), then this input ends and no later
    /// input is read. A collector that closes the pipe and then sends `SIGTERM` (syslog-ng's `program()`) so loses
    /// nothing.
    private mutating func drainAfterStop(
        _ descriptor: FileDescriptor, into window: UnsafeMutableRawBufferPointer, name: String
    ) throws -> Int {
        stopped = true
        if drained < Self.drainLimit && Self.isReadable(descriptor.rawValue) {
            let limit = min(window.count, Self.drainLimit - drained)
            let count = try FileConversion.readChunk(
                descriptor, into: UnsafeMutableRawBufferPointer(rebasing: window[..<limit]), name: name)
            drained += count
            if count > 0 { return count }
        }
        index = inputs.count - 1
        return 0
    }

    /// The most bytes read after the stop: 4 MiB, more than any pipe or socket buffer holds.
    static let drainLimit = 4 << 20

    /// Whether the next read is expected to return at once: always for regular files and between inputs, and for a
    /// live input when `poll` reports bytes (or the end) waiting. `false` means the conversion would wait for the
    /// writer, so everything converted so far should be delivered first.
    func hasPendingInput() -> Bool {
        guard currentIsLive, gzip == nil, !owesTerminator, let current else { return true }
        return Self.isReadable(current.descriptor.rawValue)
    }

    /// `poll` with no timeout: are bytes, the end, or an error waiting on `descriptor`?
    static func isReadable(_ descriptor: CInt) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&request, 1, 0)
            if ready >= 0 { return ready > 0 }
            if errno != EINTR { return true }
        }
    }

    /// Inflates the next chunk; a damaged archive ends all input (no later input is read: the run fails here) and
    /// is kept in ``damage``.
    private mutating func inflate(_ decoder: GzipDecoder, into window: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            return try decoder.read(into: window)
        } catch {
            guard case .corruptCompressedInput = error else { throw error }
            damage = error
            index = inputs.count - 1
            return 0
        }
    }

    private mutating func open(_ input: ConversionInput) throws {
        position.begin(input.name, atLine: lineBreaks)
        lastByte = nil
        atInputStart = true
        switch input.source {
        case .descriptor(let given):
            current = (given, false, input.name)
        case .path(let path):
            let descriptor = try ConversionInput.openForReading(path, name: input.name)
            #if os(Linux)
                _ = posix_fadvise(descriptor.rawValue, 0, 0, POSIX_FADV_SEQUENTIAL)
            #endif
            current = (descriptor, true, input.name)
        }
        // Regular files (and block devices) are read at block speed; everything else may wait for its writer.
        let type = (try? current?.descriptor.stat())?.type
        currentIsLive = type != .regular && type != .blockSpecial
    }

    /// Closes the current input if this reader opened it.
    mutating func closeCurrent() {
        if let current, current.closes { _ = close(current.descriptor.rawValue) }
        current = nil
        if let gzip { rawReadBefore += gzip.compressedBytesRead }
        gzip = nil
    }

    /// LF count, with memchr (vectorised), so counting costs a fraction of parsing.
    static func countLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard var cursor = bytes.baseAddress else { return 0 }
        let end = cursor + bytes.count
        var count = 0
        while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
            count += 1
            cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }
}

/// Which input the session is in, and where each input's lines start in the session's running count.
private final class Position {
    /// (name, session line count before the input's first line) per input begun, in order.
    private var inputs: [(name: String, offset: Int)] = []

    func begin(_ name: String, atLine offset: Int) { inputs.append((name, offset)) }

    /// `diagnostic` with the name of the input its line belongs to, and the line counted within that input.
    func localize(_ diagnostic: ParseDiagnostic) -> ParseDiagnostic {
        guard let input = inputs.last(where: { $0.offset < diagnostic.line }) else { return diagnostic }
        var localized = diagnostic
        localized.source = input.name
        localized.line = diagnostic.line - input.offset
        return localized
    }
}
