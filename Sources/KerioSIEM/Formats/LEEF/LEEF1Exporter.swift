/// Writes LEEF 1.0 records whatever ``ExportOptions/leefVersion`` says: `LEEF:1.0|Vendor|Product|Version|EventID|`
/// then TAB-separated attributes. For consumers that only read 1.0; the mapping is ``LEEFExporter``'s.
///
/// ```swift
/// var exporter = try LEEF1Exporter(options: ExportOptions())
/// exporter.write(event, into: &output)   // LEEF:1.0|Kerio|Control|9|engine_startup|devTime=…<TAB>sev=1<TAB>…<TAB>cat=System
/// ```
public struct LEEF1Exporter: EventExporter {
    /// `leef1`, file extension `leef`, schema `leef.schema.json`.
    public static let format = ExportFormat(
        name: "leef1", fileExtension: "leef", mediaType: "text/plain",
        summary: "IBM QRadar LEEF 1.0 (TAB-separated), one record per line", schema: "leef.schema.json")

    var writer: LEEFRecordWriter

    /// Creates an exporter. ``ExportOptions/leefDelimiter`` is ignored: LEEF 1.0 always uses TAB.
    public init(options: ExportOptions) throws(ExportError) {
        writer = try LEEFRecordWriter(options: options, version: .v1)
    }

    /// Appends one record and its `\n`.
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        writer.write(event, into: &output)
    }
}
