import SystemPackage

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
    public var onUnparsed: ((ParseDiagnostic, UnsafeBufferPointer<UInt8>) throws -> Void)?
    /// Called after each chunk with the total bytes read so far, over all inputs (for progress display).
    public var onProgress: ((Int) -> Void)?

    /// Creates a conversion.
    /// - Parameters:
    ///   - parser: the parser; its limits bound the line length.
    ///   - options: see ``ConversionOptions``.
    ///   - chunkSize: bytes per `read(2)`, at least 1. Default 1 MiB.
    public init(parser: SecurityLogParser = SecurityLogParser(), options: ConversionOptions = ConversionOptions(),
                chunkSize: Int = FileConversion.defaultChunkSize) {
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
    public func convert(_ inputs: [ConversionInput], with exporter: some EventExporter,
                        to sink: inout some ByteSink) throws -> ConversionReport {
        var sessionOptions = options
        sessionOptions.sourceName = nil
        var session = ConversionSession(exporter: exporter, parser: parser, options: sessionOptions)
        // Line numbers in the session run on across inputs; `Position` turns them back into per-input ones.
        let position = Position()
        if let onUnparsed {
            session.onUnparsed = { diagnostic, bytes in try onUnparsed(position.localize(diagnostic), bytes) }
        }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var totalRead = 0
        var addedTerminators = 0
        var report: ConversionReport
        do {
            for input in inputs {
                position.begin(input.name, atLine: session.report.linesRead)
                let lastByte = try feed(input, into: buffer, session: &session, sink: &sink, totalRead: &totalRead)
                // End the input's last line here, so it is not joined to the next input's first line. After a CR a
                // LF is swallowed as the second half of CR LF, which also keeps the next input's own first LF.
                if let lastByte, lastByte != 0x0A {
                    var terminator: UInt8 = 0x0A
                    try withUnsafePointer(to: &terminator) {
                        try session.feed(UnsafeBufferPointer(start: $0, count: 1), to: &sink)
                    }
                    addedTerminators += 1
                }
            }
            report = try session.finish(to: &sink)
        } catch ConversionError.unparsedLine(let diagnostic) {
            throw ConversionError.unparsedLine(position.localize(diagnostic))
        }
        report.bytesRead -= addedTerminators
        report.diagnostics = report.diagnostics.map(position.localize)
        return report
    }

    /// Converts `inputs` into `sink` with the format registered as `name` in `registry`.
    /// - Throws: ``RegistryError/unknownFormat(_:known:)``, the exporter's ``ExportError``, or what
    ///   ``convert(_:with:to:)`` throws.
    public func convert(_ inputs: [ConversionInput], format name: String,
                        exportOptions: ExportOptions = ExportOptions(), registry: ExporterRegistry = .current,
                        to sink: inout some ByteSink) throws -> ConversionReport {
        let exporter = try registry.makeExporter(named: name, options: exportOptions)
        return try convert(inputs, with: exporter, to: &sink)
    }

    /// Feeds one input to the session, chunk by chunk. Returns the input's last byte, `nil` if it was empty.
    private func feed<Exporter: EventExporter>(
        _ input: ConversionInput, into buffer: UnsafeMutableRawBufferPointer,
        session: inout ConversionSession<Exporter>, sink: inout some ByteSink, totalRead: inout Int
    ) throws -> UInt8? {
        let descriptor: FileDescriptor
        let closesDescriptor: Bool
        switch input.source {
        case .descriptor(let given):
            descriptor = given
            closesDescriptor = false
        case .path(let path):
            descriptor = try ConversionInput.openForReading(path, name: input.name)
            closesDescriptor = true
            #if os(Linux)
            _ = posix_fadvise(descriptor.rawValue, 0, 0, POSIX_FADV_SEQUENTIAL)
            #endif
        }
        defer { if closesDescriptor { _ = close(descriptor.rawValue) } }

        var lastByte: UInt8?
        while true {
            let count = try Self.readChunk(descriptor, into: buffer, name: input.name)
            if count == 0 { break }
            let start = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let chunk = UnsafeBufferPointer(start: start, count: count)
            lastByte = chunk[count - 1]
            try session.feed(chunk, to: &sink)
            totalRead += count
            onProgress?(totalRead)
            if Task.isCancelled { throw CancellationError() }
        }
        return lastByte
    }

    /// One `read(2)`: retries `EINTR`, waits with `poll` on a non-blocking descriptor. 0 means end of input.
    private static func readChunk(_ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer,
                                  name: String) throws(FileIOError) -> Int {
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
