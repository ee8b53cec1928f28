import KerioSIEM

/// A third-party format, written the way another package would write it: only `KerioSIEM`'s public API.
///
/// Splunk's HTTP Event Collector takes one JSON object per event:
/// `{"time":1362214478.000,"host":"fw1","sourcetype":"kerio:security","event":"<the Kerio record>"}`.
struct SplunkHECExporter: EventExporter {
    static let format = ExportFormat(
        name: "splunk-hec", aliases: ["hec"], fileExtension: "json", mediaType: "application/json",
        summary: "Splunk HTTP Event Collector JSON, one object per line")

    let sourcetype: String
    let zone: KerioTimeZone

    init(options: ExportOptions) throws(ExportError) {
        let sourcetype = options.custom["sourcetype"] ?? "kerio:security"
        guard !sourcetype.isEmpty else { throw .invalidOption("sourcetype", "must not be empty") }
        self.sourcetype = sourcetype
        self.zone = options.timeZone
    }

    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        output.write("{")
        if let timestamp = event.timestamp {
            let milliseconds = timestamp.epochMilliseconds(in: zone)
            output.write("\"time\":")
            output.write(decimal: milliseconds / 1_000)
            output.write(UInt8(ascii: "."))
            output.write(decimal: Int(milliseconds % 1_000), width: 3)
            output.write(",")
        }
        if event.contains(.syslogHostname) {
            output.write("\"host\":\"")
            output.write(.syslogHostname, of: event, escaping: .jsonString)
            output.write("\",")
        }
        output.write("\"sourcetype\":\"")
        output.write(sourcetype, escaping: .jsonString)
        output.write("\",\"fields\":{\"kind\":\"")
        output.write(event.kind.name, escaping: .jsonString)
        output.write("\"},\"event\":\"")
        event.withOriginalBytes { output.write($0, escaping: .jsonString) }
        output.write("\"}\n")
    }
}
