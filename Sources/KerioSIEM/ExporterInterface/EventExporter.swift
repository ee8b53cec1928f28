/// A SIEM output format: turns events into bytes.
///
/// Conformers are values; one instance serves one output stream, so an exporter may keep state (a CSV exporter knows
/// whether it wrote its header). `write(_:into:)` cannot fail: escaping makes every event representable, and an event
/// the format cannot show is an escaping bug that `KerioSIEMTesting` finds.
///
/// Use this to add a format from your own package, then register it:
///
/// ```swift
/// struct KeyValueExporter: EventExporter {
///     static let format = ExportFormat(name: "kv", fileExtension: "kv", mediaType: "text/plain",
///                                      summary: "key=value pairs, one record per line")
///     init(options: ExportOptions) throws(ExportError) {}
///     mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
///         output.write("kind=")
///         output.write(event.kind.name)
///         output.write(UInt8(ascii: "\n"))
///     }
/// }
/// let registry = try ExporterRegistry.standard.registering(KeyValueExporter.self)
/// ```
public protocol EventExporter: Sendable {
    /// Name, aliases, file extension, media type and summary, as the registry and `kerio-siem formats` show them.
    static var format: ExportFormat { get }

    /// Creates an exporter for one output stream.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` when `options` make no sense for this format.
    init(options: ExportOptions) throws(ExportError)

    /// Appends one event and its record terminator. Must never write a raw CR or LF inside a record.
    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer)

    /// Appends what comes before the first record (CSV header row, XML declaration and root tag). Called once.
    mutating func writePrologue(into output: inout OutputBuffer)

    /// Appends what comes after the last record (XML closing root tag). Called once, also when there were no events.
    mutating func writeEpilogue(into output: inout OutputBuffer)
}

extension EventExporter {
    /// Writes nothing.
    public mutating func writePrologue(into output: inout OutputBuffer) {}
    /// Writes nothing.
    public mutating func writeEpilogue(into output: inout OutputBuffer) {}
}

/// Why an exporter or a registry lookup failed.
public enum ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An option's value is not usable for this format: the option's name, and why.
    case invalidOption(String, String)

    /// A message for the user.
    public var description: String {
        switch self {
        case .invalidOption(let option, let why): "invalid option '\(option)': \(why)"
        }
    }
}
