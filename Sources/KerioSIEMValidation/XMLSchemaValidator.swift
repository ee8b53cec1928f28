private import CLibXML2
import Synchronization

/// Validates XML output with libxml2 against `kerio-siem-events.xsd` (XML Schema 1.0), streaming.
///
/// The document is read by libxml2's `xmlTextReader` with schema validation plugged in, so memory stays bounded and
/// line numbers are exact on any file size. Reported, each at its line:
/// - well-formedness errors (the first fatal one ends reading): mismatched tags, illegal characters such as the
///   reference `&#x1;` (XML 1.0 §2.2, §4.1), bad encoding, an empty document;
/// - every schema violation libxml2 finds: unknown or missing elements, wrong types and facets, …;
/// - a DOCTYPE declaration and entity references other than the predefined ones: kerio-siem XML never contains
///   them, and they are how XXE and entity-expansion attacks enter.
///
/// Safety: the parser never substitutes entities (`XML_PARSE_NOENT` is off), never loads a DTD (`XML_PARSE_DTDLOAD`
/// off), has no network (`XML_PARSE_NONET`), and every external entity or schema load is refused by an entity loader
/// that returns nothing, so validating a hostile file reads no other file and opens no connection. libxml2's global
/// state (initialisation, error handlers, entity loader) is serialised by one lock; validations run one at a time.
///
/// ```swift
/// let validator = try XMLSchemaValidator()
/// // out.xml:12: error: [xml] Element 'sourc': This element is not expected. Expected is ( source ).
/// ```
public struct XMLSchemaValidator: OutputValidator {
    /// `xml`.
    public var formatName: String { "xml" }
    private let schema: CompiledSchema

    /// The largest document accepted (libxml2 takes an `int` size).
    private static let maximumSize = Int(Int32.max)

    /// Guards libxml2's process-wide state: its error handlers and entity loader are globals.
    private static let lock = Mutex<Void>(())

    /// `xmlInitParser()`, run once before any other libxml2 call.
    private static let initialized: Void = { xmlInitParser() }()

    /// The parser options: no entity substitution, no DTD loading, no network, exact line numbers.
    private static let parserOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// A validator using the bundled `kerio-siem-events.xsd`.
    /// - Throws: ``SchemaError`` when the bundled XSD does not compile.
    public init() throws(SchemaError) {
        try self.init(schema: SchemaCatalog.bytes(named: SchemaCatalog.xml))
    }

    /// A validator using `schema`, the text of a self-contained XSD (no `xs:include`/`xs:import` of other files: they
    /// are never loaded).
    /// - Throws: ``SchemaError`` with libxml2's first error and its line when the XSD does not compile.
    public init(schema: [UInt8], schemaName: String = "kerio-siem-events.xsd") throws(SchemaError) {
        guard !schema.isEmpty, schema.count < Self.maximumSize else {
            throw SchemaError(schema: schemaName, message: "the XSD is empty or too large")
        }
        let collector = Collector()
        var compiled: OpaquePointer?
        Self.lock.withLock { _ in
            _ = Self.initialized
            compiled = Self.withSafeEntityLoader(collector) {
                schema.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                    buffer.withMemoryRebound(to: CChar.self) { text in
                        guard let parser = xmlSchemaNewMemParserCtxt(text.baseAddress, Int32(text.count)) else {
                            return nil
                        }
                        defer { xmlSchemaFreeParserCtxt(parser) }
                        xmlSchemaSetParserStructuredErrors(parser, { context, error in
                            Self.record(error?.pointee, into: context)
                        }, Unmanaged.passUnretained(collector).toOpaque())
                        return xmlSchemaParse(parser)
                    }
                }
            }
        }
        guard let compiled else {
            let first = collector.errors.first
            throw SchemaError(schema: schemaName, line: first.map(\.line).flatMap { $0 > 0 ? $0 : nil },
                              message: first?.message ?? "libxml2 could not compile the XSD")
        }
        self.schema = CompiledSchema(compiled)
    }

    /// Validates an XML document and returns every problem, by line.
    public func validate(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String) -> [ValidationIssue] {
        var issues = IssueList(file: fileName, tag: "xml")
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            issues.add(line: 1, "the document is empty")
            return issues.sorted()
        }
        guard bytes.count <= Self.maximumSize else {
            issues.add(line: 1, "the document is larger than 2 GiB, the most libxml2 reads from memory")
            return issues.sorted()
        }
        let collector = Collector()
        var valid = false
        var markup: [Collector.Entry] = []
        Self.lock.withLock { _ in
            _ = Self.initialized
            (valid, markup) = Self.withSafeEntityLoader(collector) {
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                    read(text, count: bytes.count, collector: collector)
                }
            }
        }
        for note in markup { issues.add(line: note.line, note.message) }
        var previous: Collector.Entry?
        for error in collector.errors where error != previous {
            previous = error
            issues.add(line: max(error.line, 1), error.message)
        }
        if !valid && issues.isEmpty {
            issues.add(line: 1, "libxml2 reports the document invalid without saying why")
        }
        return issues.sorted()
    }

    /// Streams the document through a schema-validating reader; returns whether it is valid, and the DOCTYPE and
    /// entity references met on the way.
    private func read(_ text: UnsafePointer<CChar>, count: Int, collector: Collector)
        -> (Bool, [Collector.Entry])
    {
        let context = Unmanaged.passUnretained(collector).toOpaque()
        // The validation context must outlive the reader: freeing the reader unplugs the schema from it.
        guard let validation = xmlSchemaNewValidCtxt(schema.pointer) else {
            return (false, [Collector.Entry(line: 1, message: "libxml2 could not create a validation context")])
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(validation, { context, error in
            Self.record(error?.pointee, into: context)
        }, context)
        guard let reader = xmlReaderForMemory(text, Int32(count), nil, nil, Self.parserOptions) else {
            return (false, [Collector.Entry(line: 1, message: "libxml2 could not start reading the document")])
        }
        defer { xmlFreeTextReader(reader) }
        collector.reader = reader
        defer { collector.reader = nil }
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            Self.record(error?.pointee, into: context)
        }, context)
        guard xmlTextReaderSchemaValidateCtxt(reader, validation, 0) == 0 else {
            return (false, [Collector.Entry(line: 1, message: "libxml2 could not plug the schema into the reader")])
        }
        var notes: [Collector.Entry] = []
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            let type = xmlTextReaderNodeType(reader)
            if type == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
                // The reader reads ahead, so its position is not the declaration's; the DOCTYPE precedes the root.
                let line = Self.line(of: "<!DOCTYPE", in: UnsafeRawBufferPointer(start: text, count: count))
                notes.append(Collector.Entry(line: line, message: "the document has a DOCTYPE declaration: kerio-siem "
                    + "XML never has one (DTDs and external entities are not loaded)"))
            } else if type == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) {
                let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
                let parent = xmlTextReaderCurrentNode(reader)?.pointee.parent
                let line = parent.map { Int(xmlGetLineNo($0)) } ?? Int(xmlTextReaderGetParserLineNumber(reader))
                notes.append(Collector.Entry(line: line, message: "entity reference &\(name); (only the predefined "
                    + "entities and character references are allowed; entities are never expanded)"))
            }
            status = xmlTextReaderRead(reader)
        }
        return (status == 0 && xmlTextReaderIsValid(reader) == 1, notes)
    }

    /// The 1-based line of the first occurrence of `marker` in `bytes` (1 when absent).
    private static func line(of marker: String, in bytes: UnsafeRawBufferPointer) -> Int {
        let needle = Array(marker.utf8)
        var line = 1
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return line }
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        return 1
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

    /// Adds one libxml2 error to the collector behind `context`; warnings are dropped.
    private static func record(_ error: xmlError?, into context: UnsafeMutableRawPointer?) {
        guard let error, let context else { return }
        let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "libxml2 error \(error.code)"
        while let last = message.unicodeScalars.last, last == "\n" || last == " " || last == "\r" {
            message.unicodeScalars.removeLast()
        }
        var line = Int(error.line)
        if line <= 0, let reader = collector.reader { line = Int(xmlTextReaderGetParserLineNumber(reader)) }
        collector.errors.append(Collector.Entry(line: line, message: message))
    }

    /// What libxml2 reported during one call, gathered through its C callbacks' context pointer.
    private final class Collector {
        struct Entry: Equatable {
            var line: Int
            var message: String
        }

        var errors: [Entry] = []
        /// The reader in use, to place errors libxml2 gives no line.
        var reader: OpaquePointer?
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
