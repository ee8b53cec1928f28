/// RFC 4180 CSV with one fixed column per ECS field: the `csv` format.
///
/// The header row (written by ``writePrologue(into:)``) lists the dotted ECS names of every ``ECSField``, the same
/// names as in the `ecs` JSON output; each record is one row with one cell per column (empty when the record does not
/// carry the field), records end in CRLF. Cells holding `,` `"` CR or LF are quoted, with `"` doubled; list fields
/// (`event.category`, `event.type`, `related.*`) are joined with `|`; control characters other than TAB/LF/CR become
/// U+FFFD. Text cells starting with `= + - @`, TAB, CR or LF get a `'` prefix (and quotes) unless
/// ``ExportOptions/csvFormulaGuard`` is off; numbers are never prefixed. `Schemas/csv.schema.json` (a Frictionless
/// Table Schema) describes the columns. See `CSVRowWriter`.
///
/// ```swift
/// var exporter = try CSVExporter(options: ExportOptions())
/// var out = OutputBuffer()
/// exporter.writePrologue(into: &out)   // @timestamp,log.level,log.syslog.priority,…\r\n
/// exporter.write(event, into: &out)    // 2013-03-02T08:54:38.000Z,High,,,…\r\n
/// ```
public struct CSVExporter: EventExporter {
    /// `csv`, `.csv`, `text/csv; charset=utf-8; header=present`, schema `csv.schema.json`.
    public static let format = ExportFormat(
        name: "csv", fileExtension: "csv", mediaType: "text/csv; charset=utf-8; header=present",
        summary: "RFC 4180 CSV, one column per ECS field, formula-guarded", schema: "csv.schema.json")

    private let projection: ECSProjection
    /// The last second written, kept across records (``ECSTimestampCache``).
    private var timestamps = ECSTimestampCache()
    private let formulaGuard: Bool
    /// ``Escaping/csvField``, read once here rather than per value.
    private let escaping = Escaping.csvField

    /// Creates an exporter.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` when ``ExportOptions/ecsVersion`` is empty.
    public init(options: ExportOptions) throws(ExportError) {
        guard !options.ecsVersion.isEmpty else { throw .invalidOption("ecsVersion", "ecs.version must not be empty") }
        projection = ECSProjection(options: options)
        formulaGuard = options.csvFormulaGuard
    }

    /// Appends the header row.
    public mutating func writePrologue(into output: inout OutputBuffer) {
        CSVRowWriter.writeHeader(into: &output)
    }

    /// Appends the event as one row.
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        projection.write(event, into: &output, timestamps: &timestamps) {
            CSVRowWriter(stage: $0, escaping: escaping, formulaGuard: formulaGuard)
        }
    }
}
