import Foundation

/// The records of many test cases written to one file and read back by a consumer script in one run, each case's
/// lines kept apart.
///
/// Why: a Python start with `cefp` or the schema loaded costs 0.1–0.2 s. Run once per hostile value and script, the
/// CEF and LEEF round trips started Python 72 times, which cost more than the decoding. The batch starts it once per
/// script. A case sees the errors on its own lines (numbered from 1 within the case, as if read alone), every error
/// not tied to a line, and a non-zero exit status without errors; when the script read fewer records than there are
/// lines, no record can be matched to its case and every case fails.
///
/// ```swift
/// let batch = try CEFLEEFDecodedBatch([("pipes", bytes)], script: "leef_decode.py", schema: "leef.schema.json")
/// let (records, errors) = batch.slice("pipes")
/// ```
struct CEFLEEFDecodedBatch: @unchecked Sendable {  // immutable after init; the JSON records are [String: Any]
    let script: String
    /// Each case's lines, numbered from 0 in the batch.
    let lines: [String: Range<Int>]
    let lineCount: Int
    let decoded: CEFLEEFRoundTrip.Decoded

    /// Concatenates the parts (each a whole number of LF-ended records) and runs `script` on them once.
    init(_ parts: [(name: String, bytes: [UInt8])], script: String, schema: String? = nil) throws {
        var bytes: [UInt8] = []
        var lines: [String: Range<Int>] = [:]
        var start = 0
        for part in parts {
            precondition(lines[part.name] == nil, "two cases named \(part.name)")
            let count = part.bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            lines[part.name] = start..<start + count
            start += count
            bytes += part.bytes
        }
        self.script = script
        self.lines = lines
        lineCount = start
        decoded = try CEFLEEFRoundTrip.decode(bytes, script: script, schema: schema)
    }

    /// The records of case `name` and the errors that concern it.
    func slice(_ name: String) -> (records: [[String: Any]], errors: [String]) {
        guard let range = lines[name] else { return ([], ["no case named \(name) in the batch"]) }
        var errors: [String] = []
        for error in decoded.errors {
            guard let (line, rest) = Self.splitLineNumber(error) else {
                errors.append(error)
                continue
            }
            if range.contains(line - 1) { errors.append("line \(line - range.lowerBound): \(rest)") }
        }
        if decoded.status != 0 && decoded.errors.isEmpty {
            errors.append("exit status \(decoded.status) without an error")
        }
        guard decoded.records.count == lineCount else {
            errors.append(
                "read \(decoded.records.count) records from \(lineCount) lines: the records cannot be matched to cases")
            return ([], errors)
        }
        return (Array(decoded.records[range]), errors)
    }

    /// `("line 12: raw CR")` → `(12, "raw CR")`; `nil` for an error not tied to a line.
    static func splitLineNumber(_ error: String) -> (Int, Substring)? {
        guard error.hasPrefix("line "), let colon = error.firstIndex(of: ":"),
            let number = Int(error[error.index(error.startIndex, offsetBy: 5)..<colon])
        else { return nil }
        return (number, error[error.index(after: colon)...].drop { $0 == " " })
    }
}
