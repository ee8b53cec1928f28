/// Writes the `key=value` attributes of one LEEF record straight into the output: the delimiter before every
/// attribute but the first, values through ``Escaping/leefValue(delimiter:)`` (the delimiter, CR, LF and TAB become
/// a space; other C0 controls and invalid UTF-8 become U+FFFD), cut to a cap where LEEF has one; an empty value is not
/// written at all (no `key=`).
///
/// Unlike CEF, values keep their spaces: QRadar reads a value up to the next delimiter (`key=([^<delim>]+)`).
///
/// ```swift
/// let attributes = LEEFAttributeWriter(startingAt: output, delimiter: 0x09, escaping: .leefValue(delimiter: 0x09))
/// attributes.number("srcPort", 80, into: &output)
/// ```
struct LEEFAttributeWriter {
    /// Where the attributes start in the output: no delimiter is written before the first one.
    let start: Int
    /// The attribute delimiter byte.
    let delimiter: UInt8
    /// ``Escaping/leefValue(delimiter:)`` for ``delimiter``.
    let escaping: Escaping

    /// A writer for attributes that start at the current end of `output`.
    init(startingAt output: OutputBuffer, delimiter: UInt8, escaping: Escaping) {
        start = output.count
        self.delimiter = delimiter
        self.escaping = escaping
    }

    /// Writes the delimiter (if needed), `key` and `=`.
    @inline(__always)
    func begin(_ key: StaticString, into output: inout OutputBuffer) {
        if output.count != start { output.write(delimiter) }
        output.write(key)
        output.write(UInt8(ascii: "="))
    }

    /// Writes `key=value` for a literal of letters, digits and spaces only (safe with every allowed delimiter).
    @inline(__always)
    func literal(_ key: StaticString, _ value: StaticString, into output: inout OutputBuffer) {
        begin(key, into: &output)
        output.write(value)
    }

    /// Writes `key=<decimal>` (`-` is never the delimiter, see ``LEEFRecordWriter/validateDelimiter(_:)``).
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

    /// Writes `key=value` for raw bytes, cut to `limit` bytes (if any) and escaped.
    /// - Returns: whether the attribute was written (`false` for an empty value).
    @discardableResult
    func text(_ key: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, limit: Int?,
              into output: inout OutputBuffer) -> Bool {
        var end = bytes.count
        if let limit { end = ValueBounds.prefixEnd(bytes, 0..<end, limit: limit, doubled: ValueBounds.leefDoubled) }
        guard end > 0 else { return false }
        begin(key, into: &output)
        output.write(UnsafeBufferPointer(rebasing: bytes[0..<end]), escaping: escaping)
        return true
    }

    /// Writes `key=value` for a text field of `event`.
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
}
