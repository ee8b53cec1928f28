import KerioSIEM
import KerioSIEMTesting
import Testing

struct ExporterRegistryTests {
    @Test func standardFormats() {
        let names = ExporterRegistry.standard.formats.map(\.name)
        for name in ["cef", "leef", "ecs", "csv", "xml"] { #expect(names.contains(name)) }
        #expect(ExporterRegistry.standard.lookup("json")?.format.name == "ecs")
        #expect(ExporterRegistry.standard.lookup("CEF")?.format.name == "cef")
    }

    @Test func unknownFormatListsTheKnownOnes() {
        #expect {
            _ = try ExporterRegistry.standard.makeExporter(named: "syslog-ng", options: ExportOptions())
        } throws: { error in
            guard case RegistryError.unknownFormat("syslog-ng", let known) = error else { return false }
            return known == ExporterRegistry.standard.formats.map(\.name)
        }
    }

    @Test func duplicatesAreRejected() throws {
        #expect(throws: RegistryError.duplicateName("cef")) {
            try ExporterRegistry.standard.registering(CEFExporter.self)
        }
        #expect(throws: RegistryError.duplicateName("cef")) {
            try ExporterRegistry([CEFExporter.self, CEFExporter.self])
        }
    }

    @Test func taskLocalRegistry() async throws {
        let custom = try ExporterRegistry([CEFExporter.self])
        ExporterRegistry.$current.withValue(custom) {
            #expect(ExporterRegistry.current.formats.map(\.name) == ["cef"])
        }
        #expect(ExporterRegistry.current.formats.count == ExporterRegistry.standard.formats.count)
    }

    @Test(
        "Every built-in exporter passes the conformance kit", arguments: ExporterRegistry.standard.formats.map(\.name))
    func builtInsConform(_ name: String) throws {
        let exporter = try #require(ExporterRegistry.standard.lookup(name))
        try runConformance(exporter, recordsAreLines: name != "xml" && name != "csv")
    }

    private func runConformance<E: EventExporter>(_ type: E.Type, recordsAreLines: Bool) throws {
        try ExporterConformance(type, recordsAreLines: recordsAreLines).run()
    }
}
