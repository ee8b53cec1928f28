import Foundation
import KerioSIEMSchemas
import Testing
@testable import KerioSIEMValidation

struct OutputValidatorsTests {
    @Test func unknownFormatsNameTheKnownOnes() {
        #expect(throws: ValidatorLookupError.noValidator("yaml", known: OutputValidators.formatNames)) {
            _ = try OutputValidators.validator(forFormat: "yaml")
        }
        let description = ValidatorLookupError.noValidator("yaml", known: ["cef", "csv"]).description
        #expect(description == "no validator for format 'yaml'; validators exist for: cef, csv")
    }

    @Test func invalidSchemaDescribesTheSchemaError() {
        let error = SchemaError(schema: "cef.schema.json", line: 3, message: "trailing comma before '}'")
        #expect(ValidatorLookupError.invalidSchema(error).description
            == "cef.schema.json:3: error: [schema] trailing comma before '}'")
    }

    @Test func everyBundledSchemaIsEmbedded() {
        #expect(BundledSchema.names == ["cef.schema.json", "csv.schema.json", "ecs-event.schema.json",
                                        "kerio-siem-events.xsd", "leef.schema.json"])
        for name in BundledSchema.names {
            #expect(BundledSchema.bytes(named: name)?.isEmpty == false, "\(name)")
        }
        #expect(BundledSchema.bytes(named: "nope.json") == nil)
    }

    // MARK: - The bundled schemas and the golden files

    /// The bundled schema each format name validates with.
    static let schemaFile = [
        "cef": "cef.schema.json", "leef": "leef.schema.json", "leef1": "leef.schema.json",
        "ecs": "ecs-event.schema.json", "json": "ecs-event.schema.json", "csv": "csv.schema.json",
        "xml": "kerio-siem-events.xsd",
    ]

    /// Whether the bundled schema of `format` is still the initial placeholder (`{}`, an empty `xs:schema`), which
    /// other branches replace; real schemas are kilobytes long.
    static func hasPlaceholderSchema(_ format: String) -> Bool {
        (BundledSchema.bytes(named: schemaFile[format] ?? "")?.count ?? 0) < 100
    }

    @Test(arguments: OutputValidators.formatNames.filter { !hasPlaceholderSchema($0) })
    func bundledSchemaLoads(_ name: String) throws {
        let validator = try OutputValidators.validator(forFormat: name)
        #expect(validator.formatName == (name == "json" ? "ecs" : name))
    }

    /// One committed exporter output: `Tests/KerioSIEMTests/Golden/<format>/<sample>`.
    struct GoldenFile: Sendable, CustomTestStringConvertible {
        var format: String
        var path: String
        var testDescription: String { "\(format)/\(URL(fileURLWithPath: path).lastPathComponent)" }
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KerioSIEMTests/Golden")

    /// Every golden file of a format that has a validator and a real bundled schema.
    static let goldenFiles: [GoldenFile] = OutputValidators.formatNames.filter { !hasPlaceholderSchema($0) }
        .flatMap { format -> [GoldenFile] in
            let directory = goldenDirectory.appendingPathComponent(format)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.sorted().map { GoldenFile(format: format, path: directory.appendingPathComponent($0).path) }
        }

    /// The exporters' committed outputs pass the bundled schemas, with no issue at all.
    @Test(arguments: goldenFiles)
    func goldenFileValidates(_ golden: GoldenFile) throws {
        let validator = try OutputValidators.validator(forFormat: golden.format)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: golden.path)))
        let issues = validate(validator, bytes, fileName: golden.testDescription)
        #expect(issues.isEmpty, "\(issues.prefix(10).map(\.description).joined(separator: "\n"))")
    }

    /// The bundled schemas are not vacuous: breaking a golden record the same way for each format is caught.
    @Test(arguments: goldenFiles.filter { $0.path.hasSuffix("security.cef") || $0.path.hasSuffix("security.leef") })
    func goldenFileMutationFails(_ golden: GoldenFile) throws {
        let validator = try OutputValidators.validator(forFormat: golden.format)
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: golden.path)), as: UTF8.self)
        let range = try #require(text.range(of: "95.211.98.71"))
        text.replaceSubrange(range, with: "95.211.98.710")
        let issues = validate(validator, text)
        #expect(issues.count == 1 && issues.first?.line == 1, "\(issues)")
    }
}
