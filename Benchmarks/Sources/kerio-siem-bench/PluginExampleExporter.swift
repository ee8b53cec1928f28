import KerioSIEM

/// The README's "Adding your own format" exporter, compiled here in another module than `KerioSIEM`, as a third
/// party's would be: `kerio-siem-bench convert --format splunk-hec` measures what a plug-in pays for calling
/// ``OutputBuffer`` and ``Escaping`` across the module boundary (the README's "Performance" has the figures).
struct PluginExampleExporter: EventExporter {
    static let format = ExportFormat(
        name: "splunk-hec", aliases: ["hec"], fileExtension: "json",
        mediaType: "application/json", summary: "Splunk HTTP Event Collector JSON")
    let sourcetype: String

    init(options: ExportOptions) throws(ExportError) {
        sourcetype = options.custom["sourcetype"] ?? "kerio:security"
    }

    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        output.write("{\"sourcetype\":\"")
        output.write(sourcetype, escaping: .jsonString)
        output.write("\",\"event\":\"")
        event.withOriginalBytes { output.write($0, escaping: .jsonString) }
        output.write("\"}\n")
    }
}
