public import KerioSIEM
import KerioSIEMValidation

extension ExporterRegistry {
    /// This registry with kerio-siem's validators attached to the built-in formats it holds: `cef`, `leef`, `leef1`
    /// (LEEF 1.0 only), `ecs`, `csv` and `xml`, each loading the schema its ``ExportFormat/schema`` names. Formats
    /// already given a validator keep theirs; other formats are untouched. ``KerioSIEMCommand/main(registry:)``
    /// applies it, so a third-party build of the command line validates the built-ins too.
    ///
    /// ```swift
    /// let registry = try ExporterRegistry.standard.registering(MyExporter.self, validator: { _ in MyValidator() })
    ///     .withStandardValidators()
    /// try registry.makeValidator(named: "cef")    // a CEFValidator
    /// ```
    public func withStandardValidators() -> ExporterRegistry {
        self.attachingValidator({ try CEFValidator(format: $0) }, to: CEFExporter.self)
            .attachingValidator({ try LEEFValidator(format: $0) }, to: LEEFExporter.self)
            .attachingValidator({ try LEEFValidator(format: $0, requiredVersion: "1.0") }, to: LEEF1Exporter.self)
            .attachingValidator({ try ECSJSONValidator(format: $0) }, to: ECSJSONExporter.self)
            .attachingValidator({ try CSVValidator(format: $0) }, to: CSVExporter.self)
            .attachingValidator({ try XMLSchemaValidator(format: $0) }, to: XMLExporter.self)
    }
}
