/// Writes events as IBM QRadar Log Event Extended Format records: LEEF 2.0 by default, LEEF 1.0 when
/// ``ExportOptions/leefVersion`` is ``LEEFVersion/v1``; one record per line, optionally behind a syslog header
/// (``ExportOptions/syslogFraming``).
///
/// ```
/// LEEF:2.0|Kerio|Control|9|1:2010575|x09|devTime=1362214478000<TAB>sev=8<TAB>…<TAB>cat=IntrusionPrevention
/// ```
///
/// LEEF has no escape mechanism, so values are sanitised (IBM QRadar "LEEF event components": no escape mechanism): the delimiter, CR, LF and TAB become a
/// space, other C0 controls and invalid UTF-8 become U+FFFD; in header fields `|` becomes a space. The 2.0 delimiter
/// (``ExportOptions/leefDelimiter``, default TAB, written `x09`) must be TAB or printable ASCII punctuation other than
/// `=`, `|`, `.`, `:` and `-`. The key mapping is in README.md, "CEF and LEEF output".
///
/// ```swift
/// var options = ExportOptions()
/// options.leefDelimiter = UInt8(ascii: "^")
/// var exporter = try LEEFExporter(options: options)
/// exporter.write(event, into: &output)   // LEEF:2.0|Kerio|Control|9|engine_startup|^|devTime=…^sev=1^…^cat=System
/// ```
public struct LEEFExporter: EventExporter {
    /// `leef`, file extension `leef`, schema `leef.schema.json`.
    public static let format = ExportFormat(
        name: "leef", fileExtension: "leef", mediaType: "text/plain",
        summary: "IBM QRadar LEEF 2.0 (1.0 with --leef-version 1.0), one record per line", schema: "leef.schema.json")

    var writer: LEEFRecordWriter

    /// Creates an exporter writing ``ExportOptions/leefVersion``.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` when writing 2.0 with an unusable ``ExportOptions/leefDelimiter``.
    public init(options: ExportOptions) throws(ExportError) {
        writer = try LEEFRecordWriter(options: options, version: options.leefVersion)
    }

    /// Appends one record and its `\n`.
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        writer.write(event, into: &output)
    }
}
