extension ExporterRegistry {
    /// The five built-in formats, in display order: `cef`, `leef` (and `leef1`), `ecs` (alias `json`), `csv`, `xml`.
    public static let standard: ExporterRegistry = {
        do {
            return try ExporterRegistry([
                CEFExporter.self, LEEFExporter.self, LEEF1Exporter.self,
                ECSJSONExporter.self, CSVExporter.self, XMLExporter.self,
            ])
        } catch {
            fatalError("the built-in formats have distinct valid names: \(error)")
        }
    }()
}
