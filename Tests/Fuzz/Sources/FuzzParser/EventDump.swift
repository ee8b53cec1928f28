import KerioSIEM

/// A deterministic, lossless rendering of everything an event carries, so two events can be compared as bytes.
///
/// Text values and the original line are written length-prefixed and raw (not escaped), so no two different events
/// render the same. Used both as the session's exporter and for the line-by-line oracle.
struct EventDump: EventExporter {
    static let format = ExportFormat(
        name: "fuzz-dump", fileExtension: "dump", mediaType: "application/octet-stream",
        summary: "every value of every event, raw (fuzzing oracle)")

    init(options: ExportOptions) throws(ExportError) {}

    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        event.withOriginalBytes { Self.write(event, original: $0, into: &output) }
    }

    /// Writes `event` with `original` standing in for its original line (the oracle's cut lines).
    static func write(_ event: SecurityEvent, original: UnsafeBufferPointer<UInt8>, into output: inout OutputBuffer) {
        precondition(
            (event.kind == .unparsed) == (event.failure != nil),
            "an event has a failure exactly when it is unparsed: \(event.kind) "
                + String(describing: event.failure))
        output.write("kind=")
        output.write(event.kind.name)
        if let failure = event.failure {
            output.write(" failure=")
            output.write(failure.description)
        }
        if let timestamp = event.timestamp {
            output.write(" time=")
            output.write(timestamp.description)
            output.write(" ms=")
            output.write(decimal: timestamp.epochMilliseconds(in: .utc))
        }
        if let action = event.ipsAction { output.write(" action=\(action.rawValue)") }
        if let direction = event.direction { output.write(" direction=\(direction)") }
        if let syslog = event.syslog {
            output.write(
                " syslog=\(syslog.format.rawValue),\(syslog.priority.map(String.init) ?? "-"),\(syslog.timestamp?.description ?? "-")"
            )
        }
        for field in TextField.allCases {
            event.withBytes(of: field) { bytes in
                output.write(" t\(field.rawValue):\(bytes.count):")
                output.write(bytes)
            }
        }
        for field in NumberField.allCases {
            if let value = event[field] { output.write(" n\(field.rawValue)=\(value)") }
        }
        output.write(" original:\(original.count):")
        output.write(original)
        output.write(UInt8(ascii: "\n"))
    }
}
