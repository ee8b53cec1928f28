/// How values are shown inside issue messages: quoted, control characters made visible, long values shortened.
///
/// Issues are printed on terminals, so a hostile value must not be able to inject escape sequences or line breaks.
enum IssueText {
    /// The longest value, in Unicode scalars, quoted whole.
    static let quoteLimit = 64

    /// `'value'`, with control characters written as `\n`, `\t`, `\u{1B}` and values over ``quoteLimit`` cut with `…`.
    static func quoted(_ value: some StringProtocol) -> String {
        var result = "'"
        var count = 0
        for scalar in value.unicodeScalars {
            if count == quoteLimit {
                result += "…"
                break
            }
            count += 1
            result += visible(scalar)
        }
        return result + "'"
    }

    /// ``quoted(_:)`` for raw bytes; ill-formed UTF-8 shows as U+FFFD.
    static func quoted(bytes: UnsafeBufferPointer<UInt8>) -> String {
        quoted(String(decoding: bytes.prefix(quoteLimit * 4), as: UTF8.self))
    }

    /// One scalar as it appears in a message.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{2028}", "\u{2029}":
            "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: String(scalar)
        }
    }

    /// A byte as it appears in a message: `'x'` when printable ASCII, else `byte 0x01`.
    static func describe(byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    /// `"a", "b" and "c"` style list of quoted names, for messages listing choices.
    static func list(_ names: [String], conjunction: String = "or") -> String {
        let quotedNames = names.map { quoted($0) }
        guard quotedNames.count > 1 else { return quotedNames.first ?? "" }
        return quotedNames.dropLast().joined(separator: ", ") + " \(conjunction) " + quotedNames.last!
    }
}
