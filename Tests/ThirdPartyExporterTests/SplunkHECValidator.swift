import Foundation
import KerioSIEM

/// The third-party format's own validator, registered with it: every line of `splunk-hec` output is one JSON object
/// with a non-empty `sourcetype`, an `event` string, a `fields.kind` string and, when present, a numeric `time` and a
/// string `host`. Streaming: it reads 64 KiB at a time and keeps at most one line (cut at 64 KiB).
struct SplunkHECValidator: OutputValidator {
    let formatName = "splunk-hec"

    func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void
    ) throws {
        var splitter = LineSplitter()
        var number = 0
        func check(_ line: LineSplitter.Line) {
            number += 1
            if let problem = Self.problem(in: Data(line.bytes), truncated: line.isTruncated) {
                report(ValidationIssue(file: fileName, line: number, message: "[splunk-hec] \(problem)"))
            }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes(read)
            if count == 0 { break }
            chunk.withUnsafeBufferPointer { splitter.feed(UnsafeBufferPointer(rebasing: $0[..<count]), check) }
        }
        splitter.finish(check)
    }

    /// What is wrong with one line, or `nil`.
    static func problem(in line: Data, truncated: Bool) -> String? {
        if truncated { return "a line longer than 64 KiB" }
        guard let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] else {
            return "not a JSON object"
        }
        guard let sourcetype = object["sourcetype"] as? String, !sourcetype.isEmpty else {
            return "no sourcetype"
        }
        guard object["event"] is String else { return "no event string" }
        guard (object["fields"] as? [String: Any])?["kind"] is String else { return "no fields.kind" }
        if let time = object["time"], !(time is NSNumber) || time is Bool { return "time is not a number" }
        if let host = object["host"], !(host is String) { return "host is not a string" }
        let known: Set = ["time", "host", "sourcetype", "fields", "event"]
        if let other = object.keys.first(where: { !known.contains($0) }) { return "unknown key '\(other)'" }
        return nil
    }
}
