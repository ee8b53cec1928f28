public import KerioSIEM

/// Turns received syslog messages into a ``RecordBatch`` with the shared parser and the chosen exporter.
///
/// One converter serves one TCP/TLS connection or one UDP socket, on one thread at a time. Messages are fed as they
/// arrive; ``takeBatch()`` hands over every record converted so far. Counts go to ``report``.
///
/// ```swift
/// let converter = try makeMessageConverter(exporter: CEFExporter(options: ExportOptions()), settings: settings)
/// converter.sender = Array("192.0.2.1".utf8)
/// converter.addMessage(Array("Engine: Startup".utf8))
/// let batch = converter.takeBatch()
/// ```
public protocol MessageConverter: AnyObject {
    /// The sender's address as text: the device of records whose header names none.
    var sender: [UInt8] { get set }
    /// Lines read, records written, unparsed lines, … so far.
    var report: ConversionReport { get }
    /// Feeds a piece of an LF-framed stream (it may end inside a line; the rest comes with the next call).
    ///
    /// Why a pointer: the bytes of a socket read (a NIO `ByteBuffer`'s readable bytes) are converted in place, without
    /// a copy per message; they are only read during the call.
    func addStream(_ bytes: UnsafeRawBufferPointer)
    /// Feeds one whole message (a datagram, an octet-counted frame): an LF is added if it lacks one.
    ///
    /// Why a pointer: the bytes of a socket read (a NIO `ByteBuffer`'s readable bytes) are converted in place, without
    /// a copy per message; they are only read during the call.
    func addMessage(_ bytes: UnsafeRawBufferPointer)
    /// Feeds a piece of one message whose end comes with ``endMessage()``.
    ///
    /// Why a pointer: the bytes of a socket read (a NIO `ByteBuffer`'s readable bytes) are converted in place, without
    /// a copy per message; they are only read during the call.
    func addMessagePart(_ bytes: UnsafeRawBufferPointer)
    /// Ends the message fed in parts.
    func endMessage()
    /// Every record converted so far (empty if none); a partial LF-framed line stays.
    func takeBatch() -> RecordBatch
    /// Converts a partial last line too (the connection ended) and hands over the records.
    func finish() -> RecordBatch
}

/// What every converter of one relay shares: the parser, whether unparsed lines become records, the time zone.
public struct ConversionSettings: Sendable {
    /// The parser (its line limit is the relay's message size limit).
    public var parser: SecurityLogParser
    /// Unparsed lines as records (`--emit-unparsed`) or only counted.
    public var conversion: ConversionOptions
    /// The zone of Kerio timestamps that carry none, for HTTP outputs' event times.
    public var timeZone: KerioTimeZone
    /// Whether each record's time, device and id go with it in its ``RecordBatch`` (Splunk HEC and Elasticsearch
    /// use them); `false` saves noting them when the output is syslog or a file. ``Relay`` sets it from its
    /// destination.
    public var keepsRecordDetails = true

    /// Creates settings.
    public init(parser: SecurityLogParser, conversion: ConversionOptions, timeZone: KerioTimeZone) {
        self.parser = parser
        self.conversion = conversion
        self.timeZone = timeZone
    }
}

/// A converter for `exporter`'s format (the exporter is copied; each converter has its own state).
public func makeMessageConverter(exporter: any EventExporter, settings: ConversionSettings) -> any MessageConverter {
    func open<E: EventExporter>(_ exporter: E) -> any MessageConverter {
        TypedMessageConverter(exporter: exporter, settings: settings)
    }
    return open(exporter)
}

final class TypedMessageConverter<Exporter: EventExporter>: MessageConverter {
    private var session: ConversionSession<RecordingExporter<Exporter>>
    private let notes = RecordNotes()
    private var sink: BatchBytesSink
    private var finished = false

    init(exporter: Exporter, settings: ConversionSettings) {
        var options = settings.conversion
        // Unparsed lines must never end the relay.
        options.strict = false
        options.maximumDiagnostics = 0
        notes.keepsDetails = settings.keepsRecordDetails
        sink = BatchBytesSink(notes: notes)
        session = ConversionSession(
            exporter: RecordingExporter(wrapping: exporter, notes: notes, timeZone: settings.timeZone),
            parser: settings.parser, options: options)
    }

    var sender: [UInt8] {
        get { notes.fallbackHost }
        set { notes.fallbackHost = newValue }
    }

    var report: ConversionReport { session.report }

    func addStream(_ bytes: UnsafeRawBufferPointer) {
        feed(bytes)
    }

    func addMessage(_ bytes: UnsafeRawBufferPointer) {
        feed(bytes)
        if bytes.last != 0x0A { endMessage() }
    }

    func addMessagePart(_ bytes: UnsafeRawBufferPointer) { feed(bytes) }

    func endMessage() {
        var lineFeed: UInt8 = 0x0A
        withUnsafeBytes(of: &lineFeed) { feed($0) }
    }

    private func feed(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        // The sink and the handler never throw, and strict mode is off: nothing here can fail.
        try! session.feed(bytes.assumingMemoryBound(to: UInt8.self), to: &sink)
    }

    func takeBatch() -> RecordBatch {
        try! session.flush(to: &sink)
        return collect()
    }

    func finish() -> RecordBatch {
        guard !finished else { return RecordBatch() }
        finished = true
        _ = try! session.finish(to: &sink)
        return collect()
    }

    private func collect() -> RecordBatch {
        var batch = RecordBatch()
        guard !notes.ends.isEmpty else {
            sink.bytes.removeAll(keepingCapacity: true)
            notes.base = 0
            return batch
        }
        batch.bytes = sink.bytes
        notes.move(into: &batch)
        sink.bytes.removeAll(keepingCapacity: true)
        notes.base = 0
        return batch
    }
}

/// Collects the session's output blocks, and tells the notes where the session's (emptied) buffer now begins.
struct BatchBytesSink: ByteSink {
    var bytes: [UInt8] = []
    let notes: RecordNotes
    mutating func write(_ chunk: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: chunk)
        notes.base = bytes.count
    }
}
