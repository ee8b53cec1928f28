import KerioSIEM

/// A test format whose output does not depend on the real exporters: `# begin`, one `kind.name` per record,
/// `# end`. Registered as `kinds` in ``ExporterRegistry/testing``.
struct KindNameExporter: EventExporter {
    static let format = ExportFormat(
        name: "kinds", aliases: ["kind-names"], fileExtension: "txt",
        mediaType: "text/plain", summary: "kind names, one per line (tests)")

    /// `--option prefix=…` is written before each name, to show that custom options arrive.
    let prefix: String

    init(options: ExportOptions) throws(ExportError) {
        if options.custom["fail"] != nil { throw .invalidOption("fail", "asked to fail") }
        prefix = options.custom["prefix"] ?? ""
    }

    mutating func writePrologue(into output: inout OutputBuffer) { output.write("# begin\n") }

    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        output.write(prefix)
        output.write(event.kind.name)
        output.write(UInt8(ascii: "\n"))
    }

    mutating func writeEpilogue(into output: inout OutputBuffer) { output.write("# end\n") }
}

extension ExporterRegistry {
    /// The built-ins plus ``KindNameExporter``.
    static let testing: ExporterRegistry = {
        do {
            return try ExporterRegistry.standard.registering(KindNameExporter.self)
        } catch {
            fatalError("\(error)")
        }
    }()
}
