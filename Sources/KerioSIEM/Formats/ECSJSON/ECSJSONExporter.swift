/// Elastic Common Schema (ECS 9.4.0) JSON, one object per line (NDJSON): the `ecs` format, alias `json`.
///
/// Each record is one line: a JSON object with nested objects (never dotted keys), keys in the fixed order of
/// ``ECSField`` (`@timestamp`, `log`, `message`, `ecs`, `event`, …), `long` fields as JSON numbers, and every string
/// escaped per RFC 8259 (lossless; invalid UTF-8 becomes U+FFFD). The field mapping is ``ECSProjection``'s, shared with
/// the `csv` and `xml` formats; `Schemas/ecs-event.schema.json` validates one record.
///
/// With ``ExportOptions/syslogFraming`` other than `.none` (the relay's default on syslog outputs) each object
/// follows the same syslog header as a CEF or LEEF record (`SyslogFrameWriter`: PRI from the CEF severity scale,
/// the Kerio box as HOSTNAME), so that a syslog receiver files the record under the Kerio box; the line is then no
/// longer plain NDJSON, which is why the default is `.none` (files, Splunk HEC, Elasticsearch).
///
/// ```swift
/// var exporter = try ECSJSONExporter(options: ExportOptions())
/// var out = OutputBuffer()
/// exporter.write(event, into: &out)
/// // {"@timestamp":"2013-03-02T08:54:38.000Z","log":{"level":"High"},"message":"IPS: Packet drop, …",
/// //  "ecs":{"version":"9.4.0"},"event":{"kind":"alert","category":["intrusion_detection","network"],…}}
/// ```
public struct ECSJSONExporter: EventExporter {
    /// `ecs` (alias `json`), `.ndjson`, `application/x-ndjson`, schema `ecs-event.schema.json`.
    public static let format = ExportFormat(
        name: "ecs", aliases: ["json"], fileExtension: "ndjson", mediaType: "application/x-ndjson",
        summary: "Elastic Common Schema 9.4 JSON, one object per line (NDJSON)", schema: "ecs-event.schema.json")

    private let projection: ECSProjection
    /// The last second written, kept across records (``ECSTimestampCache``).
    private var timestamps = ECSTimestampCache()
    /// ``Escaping/jsonString``, read once here rather than per value.
    private let escaping = Escaping.jsonString
    /// The optional syslog header before each object.
    private var frame: SyslogFrameWriter

    /// Creates an exporter.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` when ``ExportOptions/ecsVersion`` is empty.
    public init(options: ExportOptions) throws(ExportError) {
        guard !options.ecsVersion.isEmpty else { throw .invalidOption("ecsVersion", "ecs.version must not be empty") }
        projection = ECSProjection(options: options)
        frame = SyslogFrameWriter(options: options)
    }

    /// Appends the event as one JSON line, behind a syslog header when ``ExportOptions/syslogFraming`` asks for one.
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        if frame.framing != .none {
            frame.write(for: event, severity: EventSeverityScale.cef(of: event), into: &output)
        }
        projection.write(event, into: &output, timestamps: &timestamps) { ECSJSONWriter(stage: $0, escaping: escaping) }
    }
}
