import Testing

/// A byte string that tries to forge, split, swallow or smuggle something in CEF or LEEF.
struct HostileValue: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]

    var testDescription: String { name }

    init(_ name: String, _ text: String) {
        self.name = name
        bytes = Array(text.utf8)
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    static let all: [HostileValue] = [
        HostileValue("pipes", "a|b||c|"),
        HostileValue("equals", "a=b==c="),
        HostileValue("backslashes", "a\\b\\\\c\\|d\\=e"),
        HostileValue("trailing backslash", "abc\\"),
        HostileValue("CR", "a\rb"),
        HostileValue("LF", "a\nb"),
        HostileValue("CRLF", "a\r\nb\r\n"),
        HostileValue("TAB", "\ta\tb\t"),
        HostileValue("LEEF delimiters", "a^b^^c\tx09|"),
        HostileValue("quotes and markup", "\"q\" 'a' <x attr=\"1\"> &amp; ]]> </x>"),
        HostileValue(
            "NUL and C0",
            bytes: [
                0x00, 0x61, 0x01, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x0B, 0x0C, 0x7F, 0x62,
                0x00,
            ]),
        // FF; C3 without its continuation; ED A0 80 (a UTF-16 surrogate); F0 9F 98 (truncated); E2 82 at the end.
        HostileValue(
            "invalid UTF-8",
            bytes: [
                0xFF, 0x61, 0xC3, 0x62, 0xED, 0xA0, 0x80, 0x63, 0xF0, 0x9F, 0x98,
                0xE2, 0x82,
            ]),
        HostileValue("formula =", "=cmd|' /C calc'!A0"),
        HostileValue("formula +", "+1+2"),
        HostileValue("formula -", "-2-3"),
        HostileValue("formula @", "@SUM(A1:A9)"),
        HostileValue("10 kB", bytes: Array(Array(repeating: "ab=\\|^\t\r\n é€🐎 \u{1}", count: 500).joined().utf8)),
        HostileValue("trailing spaces", "abc   "),
        HostileValue("leading spaces", "   abc"),
        HostileValue("only spaces", "    "),
        HostileValue("header injection", "x CEF:0|a|b|c|d|e|10|src=1.1.1.1 LEEF:2.0|a|b|c|d|^|src=1.1.1.1"),
        HostileValue("key injection", "x dst=6.6.6.6 cs1=evil cat=Forged"),
        HostileValue("Unicode", "žluťoučký kůň 🐎 \u{2028}\u{2029}\u{85}\u{FEFF}\u{FFFE}"),
        HostileValue("empty", ""),
    ]
}
