import Foundation
import KerioSIEM
import Testing

/// The bundled `Samples/` through the real parser and the `ecs`, `csv` and `xml` exporters, read back by the external
/// consumers and validated against the schemas: the integration of parser and exporters (the hand-built events of
/// the other tests cannot drift from what the parser produces).
struct ECSParsedSampleTests {
    /// Every line of the sample parsed (unparsed lines included, as `--emit-unparsed` writes them).
    static func events(_ name: String) throws -> [SecurityEvent] {
        try Fixtures.sampleLines(name).map { SecurityLogParser().parse(bytes: $0) }
    }

    @Test(
        "parsed samples round-trip through Python's json", .enabled(if: ECSExternalTools.hasPython),
        arguments: Fixtures.sampleNames)
    func json(_ name: String) throws {
        try ECSJSONExporterTests.roundTrip(try Self.events(name), options: ExportOptions())
    }

    @Test(
        "parsed samples round-trip through Python's csv", .enabled(if: ECSExternalTools.hasPython),
        arguments: Fixtures.sampleNames)
    func csv(_ name: String) throws {
        try CSVExporterTests.roundTrip(try Self.events(name), options: ExportOptions(), formulaGuard: true)
    }

    @Test(
        "parsed samples round-trip through xml.etree", .enabled(if: ECSExternalTools.hasPython),
        arguments: Fixtures.sampleNames)
    func xml(_ name: String) throws {
        try XMLExporterTests.roundTrip(try Self.events(name), options: ExportOptions())
    }

    @Test(
        "parsed samples validate against the JSON Schema", .enabled(if: ECSExternalTools.hasJSONSchema),
        arguments: Fixtures.sampleNames)
    func jsonSchema(_ name: String) throws {
        let bytes = ECSRendering.render(try ECSJSONExporter(options: ExportOptions()), try Self.events(name))
        let file = try ECSRendering.temporaryFile(bytes, extension: "ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = ECSTestPaths.schemas.appendingPathComponent("ecs-event.schema.json").path
        let result = try #require(
            ECSExternalTools.run(["python3", ECSTestPaths.roundTripScript.path, "jsonschema", schema, file.path]))
        #expect(result.status == 0, "\(String(decoding: result.stdout, as: UTF8.self)) \(result.stderr)")
    }

    @Test(
        "parsed samples validate against the XSD", .enabled(if: ECSExternalTools.hasXMLLint),
        arguments: Fixtures.sampleNames)
    func xsd(_ name: String) throws {
        let bytes = ECSRendering.render(try XMLExporter(options: ExportOptions()), try Self.events(name))
        let file = try ECSRendering.temporaryFile(bytes, extension: "xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try #require(
            ECSExternalTools.run(["xmllint", "--noout", "--schema", XMLExporterTests.xsdPath, file.path]))
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Every parsed value reaches the output: the projection's field list covers what the parser fills.
    @Test("every parsed value appears", arguments: Fixtures.sampleNames)
    func everyParsedValueAppears(_ name: String) throws {
        for event in try Self.events(name) {
            let recorded = ECSRecordingVisitor.record(event)
            var texts: [[UInt8]] = []
            var numbers: [Int64] = []
            for (_, value) in recorded.fields {
                switch value {
                case .text(let bytes): texts.append(bytes)
                case .list(let items): texts += items
                case .integer(let number): numbers.append(number)
                case .timestamp: break
                }
            }
            for field in TextField.allCases {
                guard var bytes = event.withBytes(of: field, { Array($0) }) else { continue }
                if field == .transport { bytes = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
                #expect(texts.contains(bytes), "\(name): \(field) of '\(event.original)' is lost")
            }
            for field in NumberField.allCases {
                guard let number = event[field] else { continue }
                #expect(numbers.contains(number), "\(name): \(field) of '\(event.original)' is lost")
            }
        }
    }
}
