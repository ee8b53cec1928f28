import Foundation
import KerioSIEM
import Testing

/// Every sample through every built-in format, compared byte for byte with `Golden/<format>/<sample>.<ext>`.
///
/// Re-record after an intended output change with `KERIO_SIEM_RECORD=1 swift test --filter GoldenFileTests`
/// (``GoldenFile``).
struct GoldenFileTests {
    @Test("Golden output", arguments: Fixtures.sampleNames, ExporterRegistry.standard.formats.map(\.name))
    func golden(sample: String, format name: String) throws {
        let format = try ExporterRegistry.standard.format(named: name)
        let exporter = try ExporterRegistry.standard.makeExporter(named: name, options: ExportOptions())
        let output = try Self.convert(try Fixtures.sample(sample), with: exporter)
        let base = (sample as NSString).deletingPathExtension
        try GoldenFile.expect(output, format: name, name: "\(base).\(format.fileExtension)")
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
