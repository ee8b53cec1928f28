/// Placeholder, replaced by the real exporter.
public struct CEFExporter: EventExporter {
    public static let format = ExportFormat(name: "cef", fileExtension: "cef", mediaType: "text/plain", summary: "CEF")
    public init(options: ExportOptions) throws(ExportError) {}
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {}
}
