/// An XML 1.0 document of `<event>` elements with ECS-named children: the `xml` format.
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <events xmlns="urn:kerio-siem:events:1" version="1">
/// <event><timestamp>2013-03-02T08:54:38.000Z</timestamp><log><level>High</level></log>…</event>
/// </events>
/// ```
///
/// The prologue writes the declaration and opens the root, each record is exactly one `<event>` line (so a line number
/// names a record), the epilogue closes the root — also when there were no records. Children mirror the JSON nesting
/// (`<source><ip>…</ip><port>80</port></source>`, `@timestamp` → `<timestamp>`, lists as repeated elements); text is
/// escaped by ``Escaping/xmlText`` (CR as `&#xD;`, LF as `&#xA;`; characters XML 1.0 forbids → U+FFFD).
/// `Schemas/kerio-siem-events.xsd` validates the document. See `XMLEventWriter`.
///
/// ```swift
/// var exporter = try XMLExporter(options: ExportOptions())
/// var out = OutputBuffer()
/// exporter.writePrologue(into: &out)
/// exporter.write(event, into: &out)
/// exporter.writeEpilogue(into: &out)
/// ```
public struct XMLExporter: EventExporter {
    /// `xml`, `.xml`, `application/xml`, schema `kerio-siem-events.xsd`.
    public static let format = ExportFormat(
        name: "xml", fileExtension: "xml", mediaType: "application/xml",
        summary: "XML 1.0 <events> document, ECS field names as elements", schema: "kerio-siem-events.xsd")

    /// The namespace of every element.
    public static let namespace = "urn:kerio-siem:events:1"

    private let projection: ECSProjection
    /// The last second written, kept across records (``ECSTimestampCache``).
    private var timestamps = ECSTimestampCache()
    /// ``Escaping/xmlText``, read once here rather than per value.
    private let escaping = Escaping.xmlText

    /// Creates an exporter.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` when ``ExportOptions/ecsVersion`` is empty.
    public init(options: ExportOptions) throws(ExportError) {
        guard !options.ecsVersion.isEmpty else { throw .invalidOption("ecsVersion", "ecs.version must not be empty") }
        projection = ECSProjection(options: options)
    }

    /// Appends the XML declaration and the opening root tag.
    public mutating func writePrologue(into output: inout OutputBuffer) {
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        output.write("<events xmlns=\"")
        output.write(Self.namespace)
        output.write("\" version=\"1\">\n")
    }

    /// Appends the event as one `<event>` element and a line break.
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        projection.write(event, into: &output, timestamps: &timestamps) {
            XMLEventWriter(stage: $0, escaping: escaping)
        }
    }

    /// Appends the closing root tag.
    public mutating func writeEpilogue(into output: inout OutputBuffer) {
        output.write("</events>\n")
    }
}
