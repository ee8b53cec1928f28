import Foundation
import KerioSIEM
import KerioSIEMTesting
import Testing

/// A third party adds a format without touching kerio-siem: register, convert, pass the conformance kit.
struct ThirdPartyExporterTests {
    @Test func passesTheConformanceKitWithItsOwnValidator() throws {
        try ExporterConformance(SplunkHECExporter.self, validator: SplunkHECValidator()).run()
    }

    /// The registry promise holds for validation too: the format brings its validator, and whoever asks the registry
    /// for `splunk-hec` (as `kerio-siem validate -f splunk-hec` does) gets it, and it finds the broken lines.
    @Test func itsValidatorIsFoundThroughTheRegistry() throws {
        let registry = try ExporterRegistry.standard.registering(
            SplunkHECExporter.self, validator: { _ in SplunkHECValidator() })
        #expect(registry.hasValidator("hec"))
        let validator = try registry.makeValidator(named: "hec")
        let good = try convert(
            Array("[17/Jun/2013 12:11:33] Engine: Startup\n".utf8),
            with: try registry.makeExporter(named: "splunk-hec", options: ExportOptions()))
        #expect(validator.validate(bytes: Array(good.utf8), fileName: "good.json").isEmpty)
        let bad = good + "{\"sourcetype\":\"\",\"event\":\"x\"}\nnot json\n" + good
        let issues = validator.validate(bytes: Array(bad.utf8), fileName: "bad.json", chunkSize: 7)
        #expect(
            issues.map(\.description) == [
                "bad.json:2: error: [splunk-hec] no sourcetype", "bad.json:3: error: [splunk-hec] not a JSON object",
            ])
    }

    @Test func registersBesideTheBuiltIns() throws {
        let registry = try ExporterRegistry.standard.registering(SplunkHECExporter.self)
        #expect(registry.formats.map(\.name).suffix(1) == ["splunk-hec"])
        #expect(registry.lookup("hec") != nil)
        #expect(throws: RegistryError.duplicateName("splunk-hec")) { try registry.registering(SplunkHECExporter.self) }
    }

    @Test func convertsASampleThroughTheRegistry() throws {
        let registry = try ExporterRegistry.standard.registering(SplunkHECExporter.self)
        var options = ExportOptions()
        options.custom["sourcetype"] = "kerio:test"
        let exporter = try registry.makeExporter(named: "splunk-hec", options: options)
        let input = Array(
            "[17/Jun/2013 12:11:33] Engine: Startup\n<13>1 2026-11-14T10:00:00Z fw1 security - - - Engine: Shutdown\n"
                .utf8)
        let output = try convert(input, with: exporter)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["sourcetype"] as? String == "kerio:test")
        #expect((first?["time"] as? Double) == 1_371_471_093)
        #expect((first?["fields"] as? [String: String])?["kind"] == "engine_startup")
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(second?["host"] as? String == "fw1")
    }

    @Test func invalidOptionsAreRejected() {
        var options = ExportOptions()
        options.custom["sourcetype"] = ""
        #expect(throws: ExportError.self) { try SplunkHECExporter(options: options) }
    }

    /// Opens the existential once and runs the generic pipeline.
    private func convert(_ input: [UInt8], with exporter: some EventExporter) throws -> String {
        var session = ConversionSession(exporter: exporter)
        var sink = MemorySink()
        try input.withUnsafeBufferPointer { try session.feed($0, to: &sink) }
        _ = try session.finish(to: &sink)
        return sink.string
    }
}
