import Foundation
import KerioSIEM
import Testing

/// Runs exporters over events the way a conversion does (prologue, records, epilogue) and compares with goldens; the
/// CEF and LEEF tests render through it too.
enum ECSRendering {
    /// The complete output of `exporter` for `events`.
    static func render(_ exporter: some EventExporter, _ events: [SecurityEvent]) -> [UInt8] {
        var exporter = exporter
        var output = OutputBuffer()
        exporter.writePrologue(into: &output)
        for event in events { exporter.write(event, into: &output) }
        exporter.writeEpilogue(into: &output)
        return output.bytes
    }

    /// The complete output of `exporter` for `events`, as text.
    static func text(_ exporter: some EventExporter, _ events: [SecurityEvent]) -> String {
        String(decoding: render(exporter, events), as: UTF8.self)
    }

    /// The output of one record, without prologue or epilogue, as a string.
    static func record(_ exporter: some EventExporter, _ event: SecurityEvent) -> String {
        var exporter = exporter
        var output = OutputBuffer()
        exporter.write(event, into: &output)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// Writes `bytes` to a fresh temporary file.
    static func temporaryFile(_ bytes: [UInt8], extension: String) throws -> URL {
        let url = ECSTestPaths.temporaryFile(`extension`)
        try Data(bytes).write(to: url)
        return url
    }

    /// Compares `bytes` with `Golden/<format>/<name>`, the format named by the file's extension.
    static func expectGolden(_ bytes: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let format = ["ndjson": "ecs", "csv": "csv", "xml": "xml"][String(name.split(separator: ".").last ?? "")]
        try GoldenFile.expect(bytes, format: try #require(format), name: name, sourceLocation: sourceLocation)
    }

    /// Compares decoded `actual` pairs with `expected`, reporting the first differences by name.
    static func expectPairs(
        _ actual: [(String, ECSExpected.Leaf)], _ expected: [(String, ECSExpected.Leaf)],
        record: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            actual.map(\.0) == expected.map(\.0), "record \(record): field names/order",
            sourceLocation: sourceLocation)
        for ((name, value), (_, want)) in zip(actual, expected) where value != want {
            Issue.record(
                "record \(record) \(name): read back \(value), expected \(want)", sourceLocation: sourceLocation)
        }
    }
}
