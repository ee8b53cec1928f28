import Foundation
import KerioSIEM
import Testing

/// Every sample through every built-in format, compared byte for byte with `Golden/<format>/<sample>.<ext>`.
///
/// Re-record after an intended output change with `KERIO_SIEM_RECORD=1 swift test --filter GoldenFileTests`; the
/// recording run still fails, so a re-recorded golden is always looked at before it is committed.
struct GoldenFileTests {
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")
    static let isRecording = ProcessInfo.processInfo.environment["KERIO_SIEM_RECORD"] == "1"

    @Test("Golden output", arguments: Fixtures.sampleNames, ExporterRegistry.standard.formats.map(\.name))
    func golden(sample: String, format name: String) throws {
        let format = try ExporterRegistry.standard.format(named: name)
        let exporter = try ExporterRegistry.standard.makeExporter(named: name, options: ExportOptions())
        let output = try Self.convert(try Fixtures.sample(sample), with: exporter)
        let base = (sample as NSString).deletingPathExtension
        let url = Self.goldenRoot.appendingPathComponent(name).appendingPathComponent("\(base).\(format.fileExtension)")
        if Self.isRecording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(output).write(to: url)
            Issue.record("recorded \(url.path); run again without KERIO_SIEM_RECORD to check it")
            return
        }
        let expected = try #require(try? Data(contentsOf: url), "missing golden \(url.path): record with KERIO_SIEM_RECORD=1")
        if Array(expected) != output {
            let got = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("""
                \(name)/\(sample) differs from the golden file at line \(line + 1):
                  expected: \(line < want.count ? String(want[line].prefix(300)) : "<end>")
                  actual:   \(line < got.count ? String(got[line].prefix(300)) : "<end>")
                """)
        }
    }

    /// Converts with unparsed lines emitted as records, so the goldens cover that path too.
    static func convert(_ input: [UInt8], with exporter: some EventExporter) throws -> [UInt8] {
        var options = ConversionOptions()
        options.emitUnparsed = true
        var session = ConversionSession(exporter: exporter, options: options)
        var sink = MemorySink()
        try input.withUnsafeBufferPointer { try session.feed($0, to: &sink) }
        _ = try session.finish(to: &sink)
        return sink.bytes
    }
}
