import KerioSIEM

/// The "parse" format: every line is split, parsed and counted, and nothing is written.
struct DiscardingExporter: EventExporter {
    static let format = ExportFormat(
        name: "parse", fileExtension: "txt", mediaType: "text/plain",
        summary: "parse only; writes nothing")

    init() {}

    init(options: ExportOptions) throws(ExportError) {}

    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {}
}
