/// Placeholder, replaced by the real exporter.
public struct XMLExporter: EventExporter {
    public static let format = ExportFormat(name: "xml", fileExtension: "xml", mediaType: "text/plain", summary: "XML")
    public init(options: ExportOptions) throws(ExportError) {}
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {}
}
