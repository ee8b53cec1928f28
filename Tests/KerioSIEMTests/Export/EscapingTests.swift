import Testing
import KerioSIEM

struct EscapingTests {
    static func escape(_ bytes: [UInt8], _ escaping: Escaping) -> String {
        var output = OutputBuffer()
        bytes.withUnsafeBufferPointer { output.write($0, escaping: escaping) }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    static func escape(_ text: String, _ escaping: Escaping) -> String { escape(Array(text.utf8), escaping) }

    @Test func cefHeader() {
        #expect(Self.escape("ET TROJAN a|b\\c=d", .cefHeader) == "ET TROJAN a\\|b\\\\c=d")
        #expect(Self.escape("x\ny\rz\tw", .cefHeader) == "x y z w")
        #expect(Self.escape("nul\u{0}", .cefHeader) == "nul\u{FFFD}")
    }

    @Test func cefExtension() {
        #expect(Self.escape("a=b\\c|d\nline2\rX", .cefExtension) == "a\\=b\\\\c|d\\nline2\\rX")
        #expect(Self.escape("tab\there", .cefExtension) == "tab here")
    }

    @Test func leef() {
        #expect(Self.escape("a\tb^c\nd|e=f", .leefValue(delimiter: 0x09)) == "a b^c d|e=f")
        #expect(Self.escape("a\tb^c\nd|e=f", .leefValue(delimiter: UInt8(ascii: "^"))) == "a b c d|e=f")
        #expect(Self.escape("Kerio|Control", .leefHeader) == "Kerio Control")
    }

    @Test func json() {
        #expect(Self.escape("\"q\" \\ \n\r\t\u{8}\u{c}\u{1}\u{1f}/", .jsonString) == "\\\"q\\\" \\\\ \\n\\r\\t\\b\\f\\u0001\\u001F/")
    }

    @Test func xml() {
        #expect(Self.escape("<a href=\"x\">&]]></a>\r\n\t\u{1}", .xmlText) == "&lt;a href=\"x\"&gt;&amp;]]&gt;&lt;/a&gt;&#xD;&#xA;\t\u{FFFD}")
        #expect(Self.escape("\"\t\n", .xmlAttribute) == "&quot;&#x9;&#xA;")
        #expect(Self.escape([0xEF, 0xBF, 0xBE, 0xEF, 0xBF, 0xBF, 0xEF, 0xBF, 0xBD], .xmlText) == "\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    /// Invalid UTF-8 is repaired exactly as `String(decoding:as:)` repairs it, in every escaping.
    @Test(arguments: [
        [0xFF], [0xC3], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0xAF],
        [0x61, 0xF0, 0x9F, 0x98, 0x80, 0x62], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80, 0x80],
    ] as [[UInt8]])
    func invalidUTF8IsRepairedLikeTheStandardLibrary(_ bytes: [UInt8]) {
        let expected = String(decoding: bytes, as: UTF8.self)
        #expect(Self.escape(bytes, .plainText) == expected)
        #expect(Self.escape(bytes, .cefExtension) == expected)
        #expect(Self.escape(bytes, .jsonString) == expected)
    }

    @Test func randomBytesAlwaysGiveValidUTF8() {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let bytes = (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            for escaping in [Escaping.cefHeader, .cefExtension, .leefHeader, .leefValue(delimiter: 0x5E), .jsonString, .xmlText,
                             .xmlAttribute, .plainText] {
                var output = OutputBuffer()
                bytes.withUnsafeBufferPointer { output.write($0, escaping: escaping) }
                #expect(String(validating: output.bytes, as: UTF8.self) != nil)
            }
        }
    }

    @Test(arguments: [0, 7, 9, 10, 99, 12345, Int64.max, Int64.min, -1] as [Int64])
    func decimals(_ value: Int64) {
        var output = OutputBuffer()
        output.write(decimal: value)
        #expect(String(decoding: output.bytes, as: UTF8.self) == String(value))
    }

    @Test func paddedDecimals() {
        var output = OutputBuffer()
        output.write(decimal: 7, width: 3)
        output.write(decimal: 2026, width: 4)
        output.write(decimal: 5, width: 1)
        #expect(String(decoding: output.bytes, as: UTF8.self) == "00720265")
    }
}
