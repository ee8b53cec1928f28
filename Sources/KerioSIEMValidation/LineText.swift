/// Byte-level helpers shared by the line-oriented validators (CEF, LEEF).
enum LineText {
    /// The offset of the first occurrence of `marker` (ASCII) in `line`.
    static func find(_ marker: StaticString, in line: UnsafeBufferPointer<UInt8>) -> Int? {
        let needle = UnsafeBufferPointer(start: marker.utf8Start, count: marker.utf8CodeUnitCount)
        guard line.count >= needle.count, let first = needle.first else { return nil }
        var index = 0
        let last = line.count - needle.count
        while index <= last {
            if line[index] == first, line[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Reports ill-formed UTF-8 and the first control character (TAB allowed when `allowTab`) in `line`.
    static func checkEncoding(
        _ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ issues: inout IssueList,
        allowTab: Bool, format: String
    ) {
        if let offset = UTF8Check.firstInvalidOffset(line) {
            issues.add(line: number, "invalid UTF-8 at column \(offset + 1) (\(format) records are UTF-8)")
        }
        var offset = 0
        while offset < line.count, line[offset] >= 0x20 || (allowTab && line[offset] == 0x09) { offset += 1 }
        guard offset < line.count else { return }
        let byte = line[offset]
        let name =
            switch byte {
            case 0x0D: "a raw carriage return (CR)"
            case 0x09: "a TAB"
            default: "control character U+00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true))"
            }
        let hint = byte == 0x0D ? " (lines end with LF alone; inside values CR must be escaped or replaced)" : ""
        issues.add(
            line: number,
            "\(name) at column \(offset + 1): \(format) records cannot carry control "
                + "characters\(hint)")
    }

    /// Filebeat's Ragel `space`: TAB, LF, VT, FF, CR and space.
    static func isRagelSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// A byte for an escape in a message (`t`, `=`, or `\u{1}` for a control byte).
    static func character(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "\\u{\(String(byte, radix: 16))}"
    }

    /// `'x'` (the whole UTF-8 character at `index`), or `byte 0xFF` when it is not well-formed.
    static func describe(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> String {
        let byte = line[index]
        if byte < 0x80 { return IssueText.describe(byte: byte) }
        let length = UTF8Check.sequenceLength(line, at: index)
        guard length > 0 else { return IssueText.describe(byte: byte) }
        return IssueText.quoted(String(decoding: line[index..<index + length], as: UTF8.self))
    }
}
