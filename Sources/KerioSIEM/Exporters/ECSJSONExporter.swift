/// Placeholder, replaced by the real exporter.
public struct ECSJSONExporter: EventExporter {
    public static let format = ExportFormat(name: "ecs", fileExtension: "ecs", mediaType: "text/plain", summary: "ECSJSON")
    public init(options: ExportOptions) throws(ExportError) {}
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {}
}
