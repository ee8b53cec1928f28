import KerioSIEM
import Testing

@testable import KerioSIEMSampleData

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
        #expect(
            Self.escape("\"q\" \\ \n\r\t\u{8}\u{c}\u{1}\u{1f}/", .jsonString)
                == "\\\"q\\\" \\\\ \\n\\r\\t\\b\\f\\u0001\\u001F/")
    }

    /// U+2028, U+2029 and U+0085 end a line for JavaScript and Python's `splitlines`: JSON escapes them, so one
    /// ECS record stays one line for those readers. Near the characters: their neighbours (U+2027, U+202A, U+0084)
    /// stay, and so does a value whose escapes land across the 16 KiB slices of the packed loop.
    @Test(arguments: [1, 5_000])
    func jsonUnicodeLineBreaks(_ repetitions: Int) {
        let unit = "a\u{2028}b\u{2029}c\u{85}d\u{2027}\u{202A}\u{84}\"e"
        let escaped = Self.escape(String(repeating: unit, count: repetitions), .jsonString)
        #expect(
            escaped == String(repeating: "a\\u2028b\\u2029c\\u0085d\u{2027}\u{202A}\u{84}\\\"e", count: repetitions))
        #expect(!escaped.unicodeScalars.contains { ["\u{2028}", "\u{2029}", "\u{85}"].contains($0) })
        // Other escapings leave them (their formats have no escape for them; see the README).
        #expect(Self.escape("x\u{2028}y", .cefExtension) == "x\u{2028}y")
        #expect(Self.escape("x\u{2028}y", .xmlText) == "x\u{2028}y")
    }

    @Test func xml() {
        #expect(
            Self.escape("<a href=\"x\">&]]></a>\r\n\t\u{1}", .xmlText)
                == "&lt;a href=\"x\"&gt;&amp;]]&gt;&lt;/a&gt;&#xD;&#xA;\t\u{FFFD}")
        #expect(Self.escape("\"\t\n", .xmlAttribute) == "&quot;&#x9;&#xA;")
        #expect(
            Self.escape([0xEF, 0xBF, 0xBE, 0xEF, 0xBF, 0xBF, 0xEF, 0xBF, 0xBD], .xmlText) == "\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    /// Invalid UTF-8 is repaired exactly as `String(decoding:as:)` repairs it, in every escaping.
    @Test(
        arguments: [
            [0xFF], [0xC3], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98], [0xF4, 0x90, 0x80, 0x80],
            [0xE0, 0x80, 0xAF],
            [0x61, 0xF0, 0x9F, 0x98, 0x80, 0x62], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82],
            [0x80, 0x80],
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
            for escaping in [
                Escaping.cefHeader, .cefExtension, .leefHeader, .leefValue(delimiter: 0x5E), .jsonString, .xmlText,
                .xmlAttribute, .plainText,
            ] {
                var output = OutputBuffer()
                bytes.withUnsafeBufferPointer { output.write($0, escaping: escaping) }
                #expect(String(validating: output.bytes, as: UTF8.self) != nil)
            }
        }
    }

    /// Every built-in escaping, by name (for parameterised tests).
    static let builtIn: [String: Escaping] = [
        "cefHeader": .cefHeader, "cefExtension": .cefExtension, "leefHeader": .leefHeader,
        "leefValue^": .leefValue(delimiter: 0x5E), "leefValueTab": .leefValue(delimiter: 0x09),
        "jsonString": .jsonString,
        "xmlText": .xmlText, "xmlAttribute": .xmlAttribute, "plainText": .plainText, "csvField": .csvField,
        // A third-party escaping with more printable specials than the vector probe holds (the scalar path).
        "fivePrintableSpecials": Escaping(special: ByteSet(0x00...0x1F).union([0x22, 0x26, 0x3C, 0x3D, 0x5C])) {
            byte, out in
            out.write(UInt8(ascii: "%"))
            out.write(decimal: Int(byte))
        },
        // One whose replacements are too long for the packed table (the closure path).
        "longReplacements": Escaping(special: ByteSet(0x00...0x1F).union([0x5C])) { byte, out in
            out.write("<control-")
            out.write(decimal: Int(byte))
            out.write(">")
        },
    ]

    /// What an escaping must write, computed scalar by scalar from the standard library's UTF-8 repair: special ASCII
    /// bytes as their single-byte escape, U+FFFE/U+FFFF as U+FFFD where XML forbids them, everything else unchanged.
    static func reference(_ bytes: [UInt8], _ escaping: Escaping) -> [UInt8] {
        var output: [UInt8] = []
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.isASCII, escaping.special.contains(UInt8(scalar.value)) {
                output += Array(escape([UInt8(scalar.value)], escaping).utf8)
            } else if escaping.replacesNoncharacters, scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                output += Array("\u{FFFD}".utf8)
            } else {
                output += Array(String(scalar).utf8)
            }
        }
        return output
    }

    /// Random values built from the pieces that exercise each path of the escaping loop: plain text (runs longer than
    /// the 16-byte vector probe), special and control bytes, valid multi-byte characters, noncharacters and
    /// ill-formed sequences — short ones, and ones longer than the 16 KiB slice a single reservation covers, so that
    /// characters straddle the slice boundary.
    static func randomValue(_ generator: inout SplitMix64, length: Int) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("plain text run, longer than sixteen bytes".utf8), Array("ab".utf8), [0x5C], [0x3D], [0x7C], [0x22],
            [0x26], [0x3C], [0x3E], [0x5E], [0x09], [0x0A], [0x0D], [0x00], [0x1F], [0x7F], [0xC3, 0xA9],
            [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0x80], [0xBF, 0xBF],
            [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xFF],
        ]
        var value: [UInt8] = []
        while value.count < length { value += pieces[Int(generator.next() % UInt64(pieces.count))] }
        return value
    }

    /// The vectorised, table-driven loop writes exactly what the scalar-by-scalar model says, for every escaping.
    @Test(arguments: builtIn.keys.sorted())
    func tableDrivenLoopMatchesTheReferenceModel(_ name: String) throws {
        let escaping = try #require(Self.builtIn[name])
        var generator = SplitMix64(seed: 11)
        var lengths = Array(0...70)
        lengths += [16_380, 16_383, 16_384, 16_385, 16_390, 40_000]
        for length in lengths {
            for _ in 0..<(length < 100 ? 20 : 3) {
                let value = Self.randomValue(&generator, length: length)
                var output = OutputBuffer()
                value.withUnsafeBufferPointer { output.write($0, escaping: escaping) }
                let actual = output.bytes
                let expected = Self.reference(value, escaping)
                // Only where they part: the values run to 40 KB. (Searched only on a mismatch: for every value it
                // was a debug-build walk over both outputs.)
                guard actual != expected else { continue }
                let firstDifference =
                    zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(actual.count, expected.count)
                Issue.record(
                    "\(name), \(value.count) bytes: output differs at byte \(firstDifference) of \(actual.count) (expected \(expected.count))"
                )
            }
        }
    }

    @Test(
        arguments: [
            0, 7, 9, 10, 11, 99, 100, 101, 999, 1_000, 12345, 65_535, 1_362_214_478_000, Int64.max, Int64.min,
            -1,
        ] as [Int64])
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
