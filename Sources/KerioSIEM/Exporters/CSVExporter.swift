/// Placeholder, replaced by the real exporter.
public struct CSVExporter: EventExporter {
    public static let format = ExportFormat(name: "csv", fileExtension: "csv", mediaType: "text/plain", summary: "CSV")
    public init(options: ExportOptions) throws(ExportError) {}
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {}
}
