import Foundation
import KerioSIEM

/// Paths and loaders shared by the tests: the repository root is found from this file's path, so no resource bundle.
enum Fixtures {
    /// The repository's root directory.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled samples, by file name.
    static let sampleNames = ["security.log", "syslog.log", "malformed.log", "hostile.log", "envelopes.log"]

    /// The bytes of `Samples/<name>`.
    static func sample(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("Samples").appendingPathComponent(name)))
    }

    /// The lines of `Samples/<name>` (split at LF, a CR before it removed), as raw bytes.
    static func sampleLines(_ name: String) throws -> [[UInt8]] {
        var lines = try sample(name).split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        if lines.last == [] { lines.removeLast() }
        return lines.map { $0.last == 0x0D ? Array($0.dropLast()) : $0 }
    }
}

extension SecurityLogParser {
    /// Parses raw bytes (test convenience).
    func parse(bytes: [UInt8]) -> SecurityEvent {
        var event = SecurityEvent(kind: .unparsed)
        bytes.withUnsafeBufferPointer { parse($0, into: &event) }
        return event
    }
}

extension SecurityEvent {
    /// Every present text and number value, for readable comparisons.
    var dump: [String: String] {
        var values: [String: String] = [:]
        for field in TextField.allCases where field != .message {
            if let value = self[field] { values["\(field)"] = value }
        }
        for field in NumberField.allCases {
            if let value = self[field] { values["\(field)"] = String(value) }
        }
        return values
    }
}
