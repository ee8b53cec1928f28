/// Placeholder, replaced by the real exporter.
public struct LEEFExporter: EventExporter {
    public static let format = ExportFormat(name: "leef", fileExtension: "leef", mediaType: "text/plain", summary: "LEEF")
    public init(options: ExportOptions) throws(ExportError) {}
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {}
}
