import Foundation
import KerioSIEM
import KerioSIEMCommands
import KerioSIEMSchemas
import KerioSIEMTesting
import Testing

@testable import KerioSIEMValidation

/// The built-in validators reached the way `kerio-siem validate` reaches them: through the registry, from the format.
struct RegistryValidatorsTests {
    static let registry = ExporterRegistry.standard.withStandardValidators()

    @Test func theCoreRegistryHasNoValidatorsTheCommandLineOneHasAll() throws {
        #expect(!ExporterRegistry.standard.hasValidator("cef"))
        #expect(throws: RegistryError.noValidator("cef", known: [])) {
            _ = try ExporterRegistry.standard.makeValidator(named: "cef")
        }
        for name in Self.registry.formats.flatMap(\.allNames) { #expect(Self.registry.hasValidator(name), "\(name)") }
        #expect(throws: RegistryError.unknownFormat("yaml", known: Self.registry.formats.map(\.name))) {
            _ = try Self.registry.makeValidator(named: "yaml")
        }
        #expect(
            RegistryError.noValidator("mine", known: ["cef", "csv"]).description
                == "format 'mine' has no validator; validators exist for: cef, csv")
    }

    /// Each validator is made from its format: the format's name tags issues and its `schema` is the schema loaded.
    @Test(arguments: ["cef", "leef", "leef1", "ecs", "json", "csv", "xml"])
    func validatorComesFromTheFormat(_ name: String) throws {
        let validator = try Self.registry.makeValidator(named: name)
        #expect(validator.formatName == (name == "json" ? "ecs" : name))
    }

    /// A format's `schema` is what its validator loads: a format naming a schema that is not bundled cannot validate.
    @Test func theFormatsSchemaIsTheOneLoaded() {
        let format = ExportFormat(
            name: "cef2", fileExtension: "cef", mediaType: "text/plain", summary: "x",
            schema: "missing.schema.json")
        #expect(throws: SchemaError.self) { try CEFValidator(format: format) }
        #expect(throws: SchemaError.self) { try XMLSchemaValidator(format: format) }
        let renamed = ExportFormat(
            name: "mycef", fileExtension: "cef", mediaType: "text/plain", summary: "x",
            schema: "cef.schema.json")
        #expect((try? CEFValidator(format: renamed))?.formatName == "mycef")
    }

    @Test func invalidSchemaDescribesTheSchemaError() {
        let error = SchemaError(schema: "cef.schema.json", line: 3, message: "trailing comma before '}'")
        #expect(error.description == "cef.schema.json:3: error: [schema] trailing comma before '}'")
    }

    @Test func everyBundledSchemaIsEmbedded() {
        #expect(
            BundledSchema.names == [
                "cef.schema.json", "csv.schema.json", "ecs-event.schema.json",
                "kerio-siem-events.xsd", "leef.schema.json",
            ])
        for name in BundledSchema.names {
            #expect(BundledSchema.bytes(named: name)?.isEmpty == false, "\(name)")
        }
        #expect(BundledSchema.bytes(named: "nope.json") == nil)
    }

    // MARK: - The conformance kit with each format's own validator

    /// Every built-in exporter's conformance output (samples and hostile events) passes its own validator.
    @Test(arguments: ["cef", "leef", "leef1", "ecs", "csv", "xml"])
    func conformanceOutputPassesItsOwnValidator(_ name: String) throws {
        let exporter = try #require(Self.registry.lookup(name))
        try Self.conformance(exporter, registry: Self.registry)
    }

    /// Opens the exporter existential for the generic kit.
    static func conformance<E: EventExporter>(_ exporter: E.Type, registry: ExporterRegistry) throws {
        var kit = ExporterConformance(exporter, recordsAreLines: E.format.name != "xml" && E.format.name != "csv")
        kit.validator = try registry.makeValidator(named: E.format.name)
        try kit.run()
    }

    // MARK: - The golden files

    /// One committed exporter output: `Tests/KerioSIEMTests/Golden/<format>/<sample>`.
    struct GoldenFile: Sendable, CustomTestStringConvertible {
        var format: String
        var path: String
        var testDescription: String { "\(format)/\(URL(fileURLWithPath: path).lastPathComponent)" }
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KerioSIEMTests/Golden")

    /// Every golden file, by the directory (format name) it is in.
    static let goldenFiles: [GoldenFile] = registry.formats.flatMap(\.allNames).flatMap { format -> [GoldenFile] in
        let directory = goldenDirectory.appendingPathComponent(format)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { GoldenFile(format: format, path: directory.appendingPathComponent($0).path) }
    }

    @Test func thereAreGoldenFiles() {
        #expect(Set(Self.goldenFiles.map(\.format)).isSuperset(of: ["cef", "leef", "ecs", "csv", "xml"]))
    }

    /// The exporters' committed outputs pass the bundled schemas, with no issue at all.
    @Test(arguments: goldenFiles)
    func goldenFileValidates(_ golden: GoldenFile) throws {
        let validator = try Self.registry.makeValidator(named: golden.format)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: golden.path)))
        let issues = validate(validator, bytes, fileName: golden.testDescription)
        #expect(issues.isEmpty, "\(issues.prefix(10).map(\.description).joined(separator: "\n"))")
    }

    /// The bundled schemas are not vacuous: breaking a golden record the same way for each format is caught.
    @Test(arguments: goldenFiles.filter { $0.path.hasSuffix("security.cef") || $0.path.hasSuffix("security.leef") })
    func goldenFileMutationFails(_ golden: GoldenFile) throws {
        let validator = try Self.registry.makeValidator(named: golden.format)
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: golden.path)), as: UTF8.self)
        let range = try #require(text.range(of: "95.211.98.71"))
        text.replaceSubrange(range, with: "95.211.98.710")
        let issues = validate(validator, text)
        #expect(issues.count == 1 && issues.first?.line == 1, "\(issues)")
    }
}
