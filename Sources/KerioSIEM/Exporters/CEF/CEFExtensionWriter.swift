/// Writes the `key=value` pairs of one CEF extension straight into the output: a space before every pair but the
/// first, values trimmed, cut to their key's length cap and escaped with ``Escaping/cefExtension``; a value that
/// ends up empty is not written at all (no `key=`).
///
/// Why trim: Filebeat's grammar ends every value at its last non-space character and the CEF guide says trailing
/// spaces of the last pair are lost, so a space at either end of a value cannot be carried reliably. Leading and
/// trailing spaces and TABs are therefore removed (after cutting, too), and a value of only spaces is omitted.
///
/// ```swift
/// let pairs = CEFExtensionWriter(startingAt: output)
/// pairs.number("spt", 80, into: &output)
/// pairs.text("msg", .message, of: event, limit: 1_023, into: &output)
/// ```
struct CEFExtensionWriter {
    /// Where the extension starts in the output: no separator is written before the first pair.
    let start: Int

    /// A writer for an extension that starts at the current end of `output`.
    init(startingAt output: OutputBuffer) { start = output.count }

    /// Writes the separator (if needed), `key` and `=`.
    @inline(__always)
    func begin(_ key: StaticString, into output: inout OutputBuffer) {
        if output.count != start { output.write(UInt8(ascii: " ")) }
        output.write(key)
        output.write(UInt8(ascii: "="))
    }

    /// Writes `key=value` for a literal the caller knows needs no escaping.
    @inline(__always)
    func literal(_ key: StaticString, _ value: StaticString, into output: inout OutputBuffer) {
        begin(key, into: &output)
        output.write(value)
    }

    /// Writes `key=<decimal>`.
    @inline(__always)
    func number(_ key: StaticString, _ value: Int64, into output: inout OutputBuffer) {
        begin(key, into: &output)
        output.write(decimal: value)
    }

    /// Writes `key=<decimal>` when `event` carries `field`.
    @inline(__always)
    func number(_ key: StaticString, _ field: NumberField, of event: SecurityEvent, into output: inout OutputBuffer) {
        if let value = event[field] { number(key, value, into: &output) }
    }

    /// Writes `key=<decimal>` and `labelKey=label` when `event` carries `field`.
    func labelledNumber(_ key: StaticString, _ labelKey: StaticString, _ label: StaticString, _ field: NumberField,
                        of event: SecurityEvent, into output: inout OutputBuffer) {
        guard let value = event[field] else { return }
        number(key, value, into: &output)
        literal(labelKey, label, into: &output)
    }

    /// Writes `key=value` for raw bytes: trimmed, cut to `limit` escaped bytes (if any), escaped.
    /// - Returns: whether the pair was written (`false` when the value was empty after trimming).
    @discardableResult
    func text(_ key: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, limit: Int?,
              into output: inout OutputBuffer) -> Bool {
        var range = ValueBounds.trimmingSpaces(bytes)
        if let limit {
            var end = ValueBounds.prefixEnd(bytes, range, limit: limit, doubled: ValueBounds.cefExtensionDoubled)
            while end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            range = range.lowerBound..<end
        }
        guard !range.isEmpty else { return false }
        begin(key, into: &output)
        output.write(UnsafeBufferPointer(rebasing: bytes[range]), escaping: .cefExtension)
        return true
    }

    /// Writes `key=value` for a text field of `event`: trimmed, cut to `limit`, escaped; nothing when absent or empty.
    @discardableResult
    func text(_ key: StaticString, _ field: TextField, of event: SecurityEvent, limit: Int?,
              into output: inout OutputBuffer) -> Bool {
        event.withBytes(of: field) { text(key, $0, limit: limit, into: &output) } ?? false
    }

    /// Writes `key=value` for a string (an option or a parse-failure message).
    @discardableResult
    func text(_ key: StaticString, _ string: String, limit: Int?, into output: inout OutputBuffer) -> Bool {
        var string = string
        return string.withUTF8 { text(key, $0, limit: limit, into: &output) }
    }

    /// Writes a custom string (`csN`, at most 4,000 bytes) and, if it was written, its label.
    func labelledText(_ key: StaticString, _ labelKey: StaticString, _ label: StaticString, _ field: TextField,
                      of event: SecurityEvent, into output: inout OutputBuffer) {
        if text(key, field, of: event, limit: CEFExporter.customStringLimit, into: &output) {
            literal(labelKey, label, into: &output)
        }
    }
}
