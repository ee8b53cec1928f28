private import CLibXML2
public import KerioSIEM
import Synchronization

/// Validates XML output with libxml2 against `kerio-siem-events.xsd` (XML Schema 1.0), streaming.
///
/// The document is read in chunks and fed to libxml2's SAX parser with the schema validator plugged in
/// (`xmlSchemaValidateStream`): no tree is built, so memory stays bounded on any size (no size cap) and each problem
/// is reported, at its line, as soon as libxml2 finds it. Reported:
/// - what ``XMLGuard`` refuses before libxml2 sees it: an empty or non-XML file (saying what it starts with), any
///   encoding but UTF-8, a DOCTYPE (so entities are never declared, let alone expanded), more than 64 attributes on
///   an element, a token over 4 MiB. Reading stops there;
/// - well-formedness errors (the first fatal one ends reading): mismatched tags, illegal characters such as the
///   reference `&#x1;` (XML 1.0 §2.2, §4.1), ill-formed UTF-8, references to undeclared entities;
/// - every schema violation libxml2 finds: unknown or missing elements, wrong types and facets, …
///
/// Speed: a document that starts with kerio-siem's own prolog is first read by ``XMLFastPath``, which vouches for
/// each record it can prove valid against a model of the same XSD (``XMLFastSchema``). At the first record it cannot
/// vouch for, the rest of the document goes to libxml2 as above, behind a synthesized prolog and as many line breaks
/// as put that record on its real line: libxml2 is then in the state it would have reached after the vouched records,
/// so every issue is libxml2's own message at its real line.
///
/// Safety: no DTD ever reaches the parser, entities are not substituted, and every external entity or schema load is
/// refused by an entity loader that returns nothing, so validating a hostile file reads no other file and opens no
/// connection. libxml2's global state (initialisation, error handlers, entity loader) is serialised by one lock;
/// validations run one at a time.
///
/// ```swift
/// let validator = try XMLSchemaValidator()
/// // out.xml:12: error: [xml] Element 'sourc': This element is not expected. Expected is ( source ).
/// ```
public struct XMLSchemaValidator: OutputValidator {
    /// The format checked, `xml` unless made for another registry format (``init(format:)``).
    public let formatName: String
    private let schema: CompiledSchema
    /// The record scanner of the same XSD, or `nil` when the XSD holds a construct ``XMLFastSchema`` does not model.
    let fastPath: XMLFastPath?
    /// Whether ``fastPath`` is used; tests turn it off to compare with libxml2 alone.
    var usesFastPath = true

    /// The bytes read from the input at a time.
    static let chunkSize = 256 << 10

    /// Guards libxml2's process-wide state: its error handlers and entity loader are globals.
    private static let lock = Mutex<Void>(())

    /// `xmlInitParser()`, run once before any other libxml2 call.
    private static let initialized: Void = { xmlInitParser() }()

    /// A validator using the bundled `kerio-siem-events.xsd`.
    /// - Throws: ``SchemaError`` when the bundled XSD does not compile.
    public init() throws(SchemaError) {
        try self.init(schema: SchemaCatalog.bytes(named: SchemaCatalog.xml))
    }

    /// The validator of a registered XML format: its name tags the issues, its ``ExportFormat/schema`` names the
    /// bundled XSD used (`kerio-siem-events.xsd` when it has none). The factory the command line registers.
    /// - Throws: ``SchemaError`` when that XSD is not bundled or does not compile.
    public init(format: ExportFormat) throws(SchemaError) {
        let name = format.schema ?? SchemaCatalog.xml
        try self.init(schema: SchemaCatalog.bytes(named: name), schemaName: name, formatName: format.name)
    }

    /// A validator using `schema`, the text of a self-contained XSD (no `xs:include`/`xs:import` of other files: they
    /// are never loaded).
    /// - Throws: ``SchemaError`` with libxml2's first error and its line when the XSD does not compile.
    public init(schema: [UInt8], schemaName: String = "kerio-siem-events.xsd", formatName: String = "xml")
        throws(SchemaError)
    {
        guard !schema.isEmpty, schema.count < Int(Int32.max) else {
            throw SchemaError(schema: schemaName, message: "the XSD is empty or too large")
        }
        var errors: [(line: Int, message: String)] = []
        var compiled: OpaquePointer?
        Self.lock.withLock { _ in
            _ = Self.initialized
            let collector = Collector { line, message in errors.append((line, message)) }
            compiled = Self.withSafeEntityLoader(collector) {
                schema.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                    buffer.withMemoryRebound(to: CChar.self) { text in
                        guard let parser = xmlSchemaNewMemParserCtxt(text.baseAddress, Int32(text.count)) else {
                            return nil
                        }
                        defer { xmlSchemaFreeParserCtxt(parser) }
                        xmlSchemaSetParserStructuredErrors(
                            parser,
                            { context, error in
                                Self.record(error?.pointee, into: context)
                            }, Unmanaged.passUnretained(collector).toOpaque())
                        return xmlSchemaParse(parser)
                    }
                }
            }
        }
        guard let compiled else {
            let first = errors.first
            throw SchemaError(
                schema: schemaName, line: first.map(\.line).flatMap { $0 > 0 ? $0 : nil },
                message: first?.message ?? "libxml2 could not compile the XSD")
        }
        self.schema = CompiledSchema(compiled)
        self.formatName = formatName
        // Only for an XSD libxml2 compiled: the fast model never stands in for a schema libxml2 would refuse.
        self.fastPath = XMLFastSchema(xsd: schema).map(XMLFastPath.init(schema:))
    }

    /// Validates an XML document read in chunks, reporting each problem as found.
    ///
    /// Why a pointer: ``OutputValidator``'s requirement (see there): `read` fills the chunk buffer in place.
    public func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void
    ) throws {
        try validate(fileName: fileName, reading: read, report: report, handOver: { _ in })
    }

    /// ``validate(fileName:reading:report:)``, also telling `handOver` the line at which libxml2 took over (1 when it
    /// read the whole document); not called when the fast path vouched for the whole document. For tests.
    func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void, handOver: (Int) -> Void
    ) throws {
        try IssueList.run(file: fileName, tag: formatName, report: report) { issues in
            try withoutActuallyEscaping(read) { read in
                let feed = Feed(read: read)
                defer { feed.storage.deallocate() }
                try validate(feed, &issues, handOver: handOver)
            }
        }
    }

    private func validate(_ feed: Feed, _ issues: inout IssueList, handOver: (Int) -> Void) throws {
        // The prolog is checked on the first bytes before libxml2 is involved at all.
        try feed.fill(atLeast: XMLGuard.prologLength)
        if let problem = XMLGuard.prologProblem(feed.unread) {
            issues.add(line: 1, problem)
            return
        }
        if usesFastPath, let fastPath, try feed.vouch(with: fastPath) {
            return
        }
        handOver(feed.guardState.line)
        feed.scanFilled()
        var result: Int32 = 0
        withoutActuallyEscaping(
            { (line: Int, message: String) in issues.add(line: line, message) },
            do: { add in
                let collector = Collector(add)
                feed.collector = collector
                defer { feed.collector = nil }
                Self.lock.withLock { _ in
                    _ = Self.initialized
                    result = Self.withSafeEntityLoader(collector) { stream(feed) }
                }
            })
        if let error = feed.readError { throw error }
        if result != 0 && issues.isEmpty {
            issues.add(line: feed.guardState.line, "libxml2 reports the document invalid without saying why")
        }
    }

    /// Runs libxml2's streaming schema validation over `feed`; libxml2's result (0 when valid).
    private func stream(_ feed: Feed) -> Int32 {
        guard let validation = xmlSchemaNewValidCtxt(schema.pointer) else {
            feed.collector?.add(1, "libxml2 could not create a validation context")
            return -1
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        let context = Unmanaged.passUnretained(feed.collector!).toOpaque()
        xmlSchemaSetValidStructuredErrors(
            validation,
            { context, error in
                Self.record(error?.pointee, into: context)
            }, context)
        let input = xmlParserInputBufferCreateIO(
            { context, buffer, length in
                guard let context, let buffer, length > 0 else { return -1 }
                return Unmanaged<Feed>.fromOpaque(context).takeUnretainedValue().give(buffer, Int(length))
            }, nil, Unmanaged.passUnretained(feed).toOpaque(), XML_CHAR_ENCODING_NONE)
        guard let input else {
            feed.collector?.add(1, "libxml2 could not start reading the document")
            return -1
        }
        // xmlSchemaValidateStream owns `input` from here on and frees it.
        return xmlSchemaValidateStream(validation, input, XML_CHAR_ENCODING_NONE, nil, nil)
    }

    // MARK: - Feeding libxml2

    /// The bytes between the input and libxml2: read in ``chunkSize`` chunks, each scanned by ``XMLGuard`` before
    /// libxml2 may see it. On a refusal libxml2 gets the bytes before the refused construct, then a read error; the
    /// refusal is reported at that point (so issues stay in document order) and libxml2's errors after it, which
    /// would only describe the cut, are dropped.
    private final class Feed {
        let read: (UnsafeMutableRawBufferPointer) throws -> Int
        /// The buffer, then a second chunk's room (so the fast path can always read a whole chunk after keeping an
        /// unfinished record, see ``vouch(with:)``) and the sentinel byte ``XMLFastPath`` needs.
        let storage = UnsafeMutableRawBufferPointer.allocate(
            byteCount: 2 * XMLSchemaValidator.chunkSize + 16, alignment: 16)
        /// The bytes read from the input at a time.
        let buffer: UnsafeMutableRawBufferPointer
        var start = 0
        var end = 0
        /// `end` is cut short by this refusal.
        var refusal: XMLGuard.Refusal?
        var guardState = XMLGuard()
        var atEnd = false
        var readError: (any Error)?
        var collector: Collector?
        /// Given to libxml2 before the buffered bytes: the synthesized start of a document handed over by the fast
        /// path, then ``pendingLineFeeds`` line feeds.
        var prefix: [UInt8] = []
        var prefixOffset = 0
        var pendingLineFeeds = 0
        /// The bytes read from the input so far.
        var total = 0

        init(read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
            self.read = read
            buffer = UnsafeMutableRawBufferPointer(rebasing: storage[..<XMLSchemaValidator.chunkSize])
        }

        /// Runs `fastPath` over the document from its first byte, record by record, refilling the buffer as records
        /// are consumed. True when it vouched for the whole document; otherwise the feed is left ready for libxml2:
        /// `start` at the first byte not vouched for (just after a `>`, where ``XMLGuard`` would be in text with no
        /// token open), ``guardState`` on that byte's line, and the prefix that puts libxml2 in the state it would
        /// be in after reading the vouched bytes, with that byte on its real line. Only a document starting with
        /// ``XMLFastPath/canonicalProlog`` and a line break is scanned.
        func vouch(with fastPath: XMLFastPath) throws -> Bool {
            let prolog = XMLFastPath.canonicalProlog
            guard end - start > prolog.count, unread.starts(with: prolog), unread[prolog.count] == 0x0A else {
                return false
            }
            let bytes = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var cursor = start + prolog.count
            var line = XMLFastPath.prologLine
            while true {
                bytes[end] = 0  // the sentinel
                switch fastPath.step(bytes, from: cursor, to: end, atEnd: atEnd) {
                case .record(let next, let newlines):
                    cursor = next
                    line += newlines
                    continue
                case .finished:
                    start = end
                    return true
                case .unvouched:
                    break
                case .needMore:
                    if cursor > 0 {
                        // Keep the unfinished unit, at the front of the buffer.
                        storage.baseAddress!.copyMemory(from: storage.baseAddress! + cursor, byteCount: end - cursor)
                        end -= cursor
                        cursor = 0
                    }
                    guard end < buffer.count else { break }  // one unit fills a chunk: libxml2 reads it
                    // Up to the next multiple of the chunk size, as libxml2's reads would have gone: the input is
                    // read in the same pieces with or without the fast path (so is its line count when reading
                    // stops early, which the command line reports).
                    let want = XMLSchemaValidator.chunkSize - total % XMLSchemaValidator.chunkSize
                    let got = try read(UnsafeMutableRawBufferPointer(rebasing: storage[end..<end + want]))
                    total += got
                    if got == 0 { atEnd = true } else { end += got }
                    continue
                }
                break
            }
            start = cursor
            prefix = prolog
            prefixOffset = 0
            pendingLineFeeds = line - XMLFastPath.prologLine
            guardState = XMLGuard(line: line)
            return false
        }

        /// The buffered bytes libxml2 has not been given yet.
        var unread: UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(
                start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: end - start)
        }

        /// Reads until `count` bytes are buffered or the input ends.
        func fill(atLeast count: Int) throws {
            while end < count && !atEnd {
                let got = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
                total += got
                if got == 0 { atEnd = true } else { end += got }
            }
        }

        /// Scans the buffered bytes, cutting them at a refusal.
        func scanFilled() {
            if let found = guardState.scan(unread) {
                refusal = found
                end = start + found.offset
            }
        }

        /// libxml2's read callback: copies up to `length` bytes to `destination`; 0 at the end, -1 to stop.
        func give(_ destination: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32 {
            if prefixOffset < prefix.count {
                let count = min(length, prefix.count - prefixOffset)
                prefix.withUnsafeBytes { prefix in
                    UnsafeMutableRawPointer(destination).copyMemory(
                        from: prefix.baseAddress! + prefixOffset, byteCount: count)
                }
                prefixOffset += count
                return Int32(count)
            }
            if pendingLineFeeds > 0 {
                let count = min(length, pendingLineFeeds)
                UnsafeMutableRawPointer(destination).initializeMemory(as: UInt8.self, repeating: 0x0A, count: count)
                pendingLineFeeds -= count
                return Int32(count)
            }
            if start == end {
                if let refusal {
                    collector?.add(refusal.line, refusal.message)
                    collector?.stopped = true
                    self.refusal = nil
                    return -1
                }
                if collector?.stopped == true { return -1 }
                if atEnd { return 0 }
                start = 0
                end = 0
                do {
                    let got = try read(buffer)
                    total += got
                    if got == 0 {
                        atEnd = true
                        return 0
                    }
                    end = got
                } catch {
                    readError = error
                    collector?.stopped = true
                    return -1
                }
                scanFilled()
                if start == end { return give(destination, length) }
            }
            let count = min(length, end - start)
            UnsafeMutableRawPointer(destination).copyMemory(from: buffer.baseAddress! + start, byteCount: count)
            start += count
            return Int32(count)
        }
    }

    // MARK: - libxml2 plumbing

    /// Runs `body` with an external entity loader that refuses every load (and a global error handler that collects
    /// what no context handler catches), restoring libxml2's previous state afterwards. Call with ``lock`` held.
    private static func withSafeEntityLoader<R>(_ collector: Collector, _ body: () -> R) -> R {
        let previousLoader = xmlGetExternalEntityLoader()
        xmlSetExternalEntityLoader { url, _, _ in
            // Refuse: no file or URL named by a document or schema is ever opened. libxml2 reports the failed load.
            _ = url
            return nil
        }
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque()) { context, error in
            XMLSchemaValidator.record(error?.pointee, into: context)
        }
        kerio_siem_silence_generic_errors(1)
        defer {
            kerio_siem_silence_generic_errors(0)
            xmlSetStructuredErrorFunc(nil, nil)
            xmlSetExternalEntityLoader(previousLoader)
        }
        return body()
    }

    /// Hands one libxml2 error to the collector behind `context`; warnings are dropped.
    private static func record(_ error: xmlError?, into context: UnsafeMutableRawPointer?) {
        guard let error, let context else { return }
        let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue, !collector.stopped else { return }
        var message = error.message.map { String(cString: $0) } ?? "libxml2 error \(error.code)"
        while let last = message.unicodeScalars.last, last == "\n" || last == " " || last == "\r" {
            message.unicodeScalars.removeLast()
        }
        collector.add(Int(error.line) > 0 ? Int(error.line) : collector.lastLine, message)
    }

    /// Where libxml2's C callbacks deliver errors, through their context pointer.
    private final class Collector {
        let sink: (Int, String) -> Void
        /// Set once reading was cut off: later errors describe the cut, not the document.
        var stopped = false
        /// The line of the last error, for the few libxml2 gives none.
        var lastLine = 1
        private var last: (line: Int, message: String)?

        init(_ sink: @escaping (Int, String) -> Void) {
            self.sink = sink
        }

        /// Passes an error on, once: libxml2 repeats some errors verbatim.
        func add(_ line: Int, _ message: String) {
            if let last, last.line == line, last.message == message { return }
            last = (line, message)
            lastLine = line
            sink(line, message)
        }
    }

    /// A compiled XSD, freed with the last validator that uses it. libxml2 only reads it while validating.
    private final class CompiledSchema: @unchecked Sendable {
        let pointer: OpaquePointer

        init(_ pointer: OpaquePointer) {
            self.pointer = pointer
        }

        deinit {
            let pointer = self.pointer
            XMLSchemaValidator.lock.withLock { _ in xmlSchemaFree(pointer) }
        }
    }
}
