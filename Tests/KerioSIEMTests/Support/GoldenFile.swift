import Foundation
import Testing

/// The one golden-file mechanism: expected outputs live in `Tests/KerioSIEMTests/Golden/<format>/<name>`, for the
/// bundled samples (``GoldenFileTests``) and for the hand-built events of every kind (`kinds.<ext>`).
///
/// Re-record after an intended output change with `KERIO_SIEM_RECORD=1 swift test --filter <suite>`; the recording
/// run still fails, so a re-recorded golden is always read before it is committed.
enum GoldenFile {
    /// `Tests/KerioSIEMTests/Golden`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")
    /// Whether golden files are rewritten from the current code (the test still fails).
    static let isRecording = ProcessInfo.processInfo.environment["KERIO_SIEM_RECORD"] == "1"

    /// Compares `bytes` with `Golden/<format>/<name>` (or records it, and fails), reporting the first differing line.
    static func expect(
        _ bytes: [UInt8], format: String, name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = root.appendingPathComponent(format).appendingPathComponent(name)
        if isRecording {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            Issue.record(
                "recorded \(url.path); run again without KERIO_SIEM_RECORD to check it",
                sourceLocation: sourceLocation)
            return
        }
        let expected = try #require(
            try? Data(contentsOf: url), "missing golden \(url.path): record with KERIO_SIEM_RECORD=1",
            sourceLocation: sourceLocation)
        guard Array(expected) != bytes else { return }
        let got = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line =
            zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        Issue.record(
            """
            \(format)/\(name) differs from the golden file at line \(line + 1):
              expected: \(line < want.count ? String(want[line].prefix(300)) : "<end>")
              actual:   \(line < got.count ? String(got[line].prefix(300)) : "<end>")
            """, sourceLocation: sourceLocation)
    }
}
