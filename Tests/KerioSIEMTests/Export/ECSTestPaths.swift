import Foundation

/// Where the repository's files are, found from this source file's path (no resource bundle needed).
enum ECSTestPaths {
    /// The repository root: `Tests/KerioSIEMTests/Export/ECSTestPaths.swift` is four levels below it.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `Tests/KerioSIEMTests/Resources`.
    static let resources = root.appendingPathComponent("Tests/KerioSIEMTests/Resources")
    /// The ECS 9.4.0 field list copied from the shared reference material.
    static let ecsFields = resources.appendingPathComponent("ecs_fields.tsv")
    /// `Schemas/`.
    static let schemas = root.appendingPathComponent("Schemas")
    /// The Python reader used by the round-trip tests.
    static let roundTripScript = root.appendingPathComponent("Scripts/roundtrip/ecs_roundtrip.py")

    /// Whether golden files and schemas should be rewritten from the current code (the test still fails).
    static var isRecording: Bool { ProcessInfo.processInfo.environment["KERIO_SIEM_RECORD"] == "1" }

    /// A fresh temporary file path with `extension`.
    static func temporaryFile(_ extension: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("kerio-siem-\(UUID().uuidString).\(`extension`)")
    }
}
