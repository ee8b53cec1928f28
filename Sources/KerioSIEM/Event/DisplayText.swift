/// Text from a log line or a command line made safe to print on a terminal, in a message or a log.
///
/// Input is attacker-controlled: a raw ESC drives the terminal, a CR or LF forges a message line, a bidi override
/// (U+202E) shows a name reversed, U+2028 starts a new line in editors and JavaScript. Everything that is printable
/// stays as it is; the rest is shown escaped:
/// - bytes that are not UTF-8, C0 controls (TAB, CR and LF among them) and DEL: `\xNN`;
/// - C1 controls, bidirectional controls, zero-width and invisible format characters, the byte-order mark and the
///   line and paragraph separators: `\u{NNNN}`.
///
/// ```swift
/// DisplayText.escaping(Array("a\u{1B}[31m\u{202E}b".utf8))   // a\x1B[31m\u{202E}b
/// DisplayText.escaping("log\u{2028}x")                         // log\u{2028}x
/// ```
public enum DisplayText {
    /// `bytes` decoded as UTF-8, with invalid bytes and unsafe characters escaped (see the type).
    public static func escaping(_ bytes: some Collection<UInt8>) -> String {
        var result = ""
        var bytes = Array(bytes)[...]
        while !bytes.isEmpty {
            // The longest valid prefix, one scalar at a time, so that one bad byte costs one `\xNN`.
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let length = UTF8.width(scalar)
                append(scalar, to: &result)
                bytes = bytes.dropFirst(length)
            case .error, .emptyInput:
                result += hex(bytes.first!)
                bytes = bytes.dropFirst()
            }
        }
        return result
    }

    /// `text` with unsafe characters escaped (see the type).
    public static func escaping(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscaping) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars { append(scalar, to: &result) }
        return result
    }

    /// Whether `scalar` is shown escaped.
    public static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F: true  // C0, DEL, C1
        case 0x061C, 0x180E: true  // Arabic letter mark, Mongolian vowel separator
        case 0x200B...0x200F, 0x2028...0x202E: true  // zero-width, LRM/RLM, line/paragraph separators, bidi embeddings
        case 0x2060...0x206F: true  // word joiner, invisible operators, bidi isolates
        case 0xFEFF, 0xFFF9...0xFFFB: true  // byte-order mark, interlinear annotation
        default: false
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to result: inout String) {
        if !needsEscaping(scalar) {
            result.unicodeScalars.append(scalar)
        } else if scalar.value < 0x80 {
            result += hex(UInt8(scalar.value))
        } else {
            result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [0x5C, 0x78, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }
}
