import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMSampleData
@testable import KerioSIEMValidation

/// The XML fast path vouches only for what libxml2 accepts: on every document, valid or broken, validation with it
/// reports exactly what libxml2 alone reports (same lines, same messages), and kerio-siem's own output never reaches
/// libxml2.
struct XMLFastPathTests {
    /// The bundled-schema validator as used (fast path first).
    let fast: XMLSchemaValidator
    /// The same validator with libxml2 alone.
    let exact: XMLSchemaValidator

    init() throws {
        fast = try XMLSchemaValidator()
        var exact = fast
        exact.usesFastPath = false
        self.exact = exact
    }

    /// `lines` generated Kerio lines (syslog envelopes and unparsed lines included) converted to XML.
    static func output(lines: Int, seed: UInt64) throws -> [UInt8] {
        var generator = SampleLogGenerator(seed: seed, syslogFraction: 0.2, malformedFraction: 0.05)
        var input: [UInt8] = []
        generator.write(lines: lines, into: &input)
        var session = ConversionSession(
            exporter: try XMLExporter(options: ExportOptions()), parser: SecurityLogParser(),
            options: ConversionOptions())
        var sink = MemorySink()
        try input.withUnsafeBufferPointer { try session.feed($0, to: &sink) }
        _ = try session.finish(to: &sink)
        return sink.bytes
    }

    /// The issues of `validator` on `bytes` read `chunkSize` bytes at a time, and the lines at which libxml2 took over.
    static func run(_ validator: XMLSchemaValidator, _ bytes: [UInt8], chunkSize: Int = 1 << 20) -> (
        issues: [ValidationIssue], handOvers: [Int]
    ) {
        var issues: [ValidationIssue] = []
        var handOvers: [Int] = []
        var offset = 0
        try? validator.validate(
            fileName: "x.xml",
            reading: { buffer in
                let count = min(buffer.count, chunkSize, bytes.count - offset)
                bytes.withUnsafeBytes { source in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
                }
                offset += count
                return count
            }, report: { issues.append($0) }, handOver: { handOvers.append($0) })
        return (issues, handOvers)
    }

    /// Checks that the fast path and libxml2 alone report the same on `bytes`, read whole and in small chunks.
    func expectSameVerdict(
        _ bytes: [UInt8], _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let reference = Self.run(exact, bytes).issues
        for chunkSize in [1 << 20, 4_096, 7] where chunkSize == 1 << 20 || bytes.count < 1 << 16 {
            let got = Self.run(fast, bytes, chunkSize: chunkSize).issues
            #expect(
                got == reference, "\(what()) (chunks of \(chunkSize)): fast \(got) vs libxml2 \(reference)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func bundledSchemaHasAFastModel() throws {
        let schema = try #require(fast.fastPath?.schema)
        #expect(schema.recordName == Array("event".utf8))
        #expect(schema.groups.count > 30)
    }

    /// kerio-siem's own output is vouched for from the first record to the end: libxml2 never reads it.
    @Test func ownOutputNeverReachesLibxml2() throws {
        let document = try Self.output(lines: 600, seed: 31)
        for chunkSize in [1 << 20, 4_096, 7] {
            let (issues, handOvers) = Self.run(fast, document, chunkSize: chunkSize)
            #expect(issues.isEmpty, "\(issues)")
            #expect(handOvers.isEmpty, "libxml2 took over at line \(handOvers) (chunks of \(chunkSize))")
        }
        #expect(Self.run(exact, document).issues.isEmpty)
    }

    /// A broken record is reported by libxml2 at its real line, and libxml2 starts right after the record before it.
    @Test func handOverAtTheFirstBrokenRecord() throws {
        var text = String(decoding: try Self.output(lines: 300, seed: 32), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let target = 200
        #expect(lines[target - 1].hasPrefix("<event>"))
        var broken = lines.map(String.init)
        broken[target - 1] = broken[target - 1].replacingOccurrences(of: "<ecs>", with: "<ecs >")
        broken[target + 9] = broken[target + 9].replacingOccurrences(of: "</observer>", with: "</observer><x/>")
        text = broken.joined(separator: "\n")
        let bytes = Array(text.utf8)
        let (issues, handOvers) = Self.run(fast, bytes)
        // libxml2 takes over just after the last vouched record, at the line break that ends its line.
        #expect(handOvers == [target - 1])
        #expect(issues.map(\.line) == [target + 10], "\(issues)")
        expectSameVerdict(bytes, "two broken records")
    }

    /// Bytes no XML may hold, values out of their type, and markup the fast path leaves to libxml2, each put into
    /// a record; libxml2 alone must say the same as the fast path with libxml2 behind it.
    static let insertions: [String] = [
        "]]>", ">", "&#0;", "&#x1;", "&#xD800;", "&#xFFFE;", "&#xFFFF;", "&#x10FFFF;", "&#x110000;", "&#1114112;",
        "&#13;", "&#x9;", "&#00000065;", "&#x;", "&#;", "&foo;", "&lt", "&amp;", "&quot;", "&apos;", "&", "<", "</",
        "<!-- c -->", "<![CDATA[x]]>", "<?pi x?>", "\r", "\r\n", "\t", "\u{0}", "\u{1}", "\u{7F}", "\u{85}",
        "\u{FFFE}", "\u{FFFF}", "\u{10FFFF}", "é", "\u{2028}", " ", "\n", "<x>", "<x/>", "/>", " a=\"1\"",
        "<!DOCTYPE x>", "<event>", "</event>", "</events>",
    ]
    /// Byte sequences that are not UTF-8 (or not XML characters) put into a record.
    static let rawInsertions: [[UInt8]] = [
        [0x80], [0xC0, 0x80], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF], [0xC2, 0x85], [0xE2, 0x80],
    ]

    @Test func insertionsAgreeWithLibxml2() throws {
        let document = try Self.output(lines: 40, seed: 33)
        var random = SplitMix64(seed: 7)
        for insertion in Self.insertions.map({ Array($0.utf8) }) + Self.rawInsertions {
            for _ in 0..<6 {
                var mutated = document
                // After the prolog, before the last 20 bytes (the closing root tag).
                let prolog = XMLFastPath.canonicalProlog.count
                let at = prolog + random.next(below: document.count - 20 - prolog)
                mutated.insert(contentsOf: insertion, at: at)
                expectSameVerdict(mutated, "\(insertion) at \(at)")
            }
        }
    }

    /// Random byte flips, insertions and deletions anywhere in the document.
    @Test func randomMutationsAgreeWithLibxml2() throws {
        let document = try Self.output(lines: 30, seed: 34)
        var random = SplitMix64(seed: 11)
        let interesting: [UInt8] = Array("<>&/;#]x \n\r\t\0".utf8) + [0x80, 0xC3, 0xEF, 0xFF]
        for round in 0..<400 {
            var mutated = document
            for _ in 0...random.next(below: 3) {
                let at = random.next(below: mutated.count)
                switch random.next(below: 4) {
                case 0: mutated[at] ^= UInt8(1 << random.next(below: 8))
                case 1: mutated.insert(interesting[random.next(below: interesting.count)], at: at)
                case 2: mutated.remove(at: at)
                default: mutated[at] = interesting[random.next(below: interesting.count)]
                }
            }
            expectSameVerdict(mutated, "round \(round)")
        }
    }

    /// Child elements swapped, duplicated, dropped or emptied.
    @Test func structuralMutationsAgreeWithLibxml2() throws {
        let document = String(decoding: try Self.output(lines: 40, seed: 35), as: UTF8.self)
        let tags = [
            "timestamp", "log", "message", "ecs", "kind", "category", "type", "action", "outcome", "severity",
            "module", "dataset", "original", "rule", "source", "destination", "ip", "port", "network", "transport",
            "iana_number", "observer", "vendor", "product", "version", "related", "hosts", "user", "name", "level",
        ]
        for tag in tags {
            let open = "<\(tag)>"
            let close = "</\(tag)>"
            guard let start = document.range(of: open),
                let end = document.range(of: close, range: start.upperBound..<document.endIndex)
            else { continue }
            let element = String(document[start.lowerBound..<end.upperBound])
            var variants: [String] = []
            variants.append(document.replacingCharacters(in: start.lowerBound..<end.upperBound, with: ""))
            variants.append(
                document.replacingCharacters(in: start.lowerBound..<end.upperBound, with: element + element))
            variants.append(document.replacingCharacters(in: start.lowerBound..<end.upperBound, with: open + close))
            variants.append(document.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "<\(tag)/>"))
            variants.append(document.replacingCharacters(in: start.lowerBound..<end.upperBound, with: " " + element))
            variants.append(
                document.replacingCharacters(
                    in: start.lowerBound..<end.upperBound, with: "<\(tag)\n>" + element.dropFirst(open.count)))
            // Swapped with the element after it.
            let rest = document[end.upperBound...]
            if rest.hasPrefix("<"), let nextEnd = rest.range(of: ">"), !rest.hasPrefix("</") {
                let nextName = rest[rest.index(after: rest.startIndex)..<nextEnd.lowerBound]
                if let nextClose = rest.range(of: "</\(nextName)>") {
                    let next = String(rest[rest.startIndex..<nextClose.upperBound])
                    variants.append(
                        document.replacingCharacters(in: start.lowerBound..<nextClose.upperBound, with: next + element))
                }
            }
            for (index, variant) in variants.enumerated() {
                expectSameVerdict(Array(variant.utf8), "\(tag) variant \(index)")
            }
        }
    }

    /// Typed values on both sides of every check: ranges, dates, IP patterns, enumerations.
    static let values: [(tag: String, values: [String])] = [
        (
            "port",
            [
                "0", "65535", "65536", "-1", "-0", "007", "+80", " 80", "80 ", "", "9223372036854775807",
                "9223372036854775808", "99999999999999999999", "1e3", "8\u{660}", "80&#x30;",
            ]
        ),
        (
            "severity",
            ["-9223372036854775808", "-9223372036854775809", "9223372036854775807", "0x1", "3.0", "-", "--1", "+"]
        ),
        (
            "timestamp",
            [
                "2026-02-30T00:00:00.000Z", "2024-02-29T00:00:00.000Z", "2023-02-29T00:00:00.000Z",
                "1900-02-29T00:00:00.000Z", "2000-02-29T00:00:00.000Z", "2026-04-31T00:00:00.000Z",
                "2026-13-01T00:00:00.000Z", "2026-00-01T00:00:00.000Z", "2026-01-00T00:00:00.000Z",
                "2026-01-01T24:00:00.000Z", "2026-01-01T23:60:00.000Z", "2026-01-01T23:59:60.000Z",
                "0000-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000+01:00", "2026-01-01T00:00:00.000",
                "2026-01-01T00:00:00.0000Z", "2026-01-01 00:00:00.000Z", "2026-01-01T00:00:00.000Z ",
            ]
        ),
        (
            "ip",
            [
                "1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "::", "::1",
                "fe80::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.4", "::1.2.3.4",
                "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "", ":", ":::", "abcd", "g::1", "1::2::3",
                "12345::1", "fffff::1", "a:b", " 1.2.3.4", "1.2.3.4 ", "FE80::A", "1.2.3.04", "1.2.3.4\u{A0}",
            ]
        ),
        ("kind", ["alert", "Alert", "alert ", " alert", "", "event", "pipeline_error", "al&#101;rt", "metric\n"]),
        ("iana_number", ["6", "17", "1234", "", "-1", "06", "a"]),
    ]

    @Test func typedValuesAgreeWithLibxml2() throws {
        let document = String(decoding: try Self.output(lines: 40, seed: 36), as: UTF8.self)
        for (tag, values) in Self.values {
            let open = "<\(tag)>"
            let close = "</\(tag)>"
            let start = try #require(document.range(of: open), "no \(tag) in the sample")
            let end = try #require(document.range(of: close, range: start.upperBound..<document.endIndex))
            for value in values {
                let variant = document.replacingCharacters(in: start.upperBound..<end.lowerBound, with: value)
                expectSameVerdict(Array(variant.utf8), "\(tag) = \(value.debugDescription)")
            }
        }
    }

    /// The document around the records: prolog variants, what follows the root, truncation, line endings.
    @Test func documentShapesAgreeWithLibxml2() throws {
        let document = try Self.output(lines: 20, seed: 37)
        let text = String(decoding: document, as: UTF8.self)
        var variants: [String] = [
            "", text + "x", text + "<!-- c -->", text + "\n\n  \n", text + "<events/>", text + "\r\n",
            text.replacingOccurrences(of: "\n", with: "\r\n"), "\u{FEFF}" + text,
            text.replacingOccurrences(of: "version=\"1\">", with: "version=\"2\">"),
            text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"utf-8\""),
            text.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: ""),
            text.replacingOccurrences(of: "\"1\">\n<event>", with: "\"1\"><event>"),
            text.replacingOccurrences(of: "</events>", with: ""),
            text.replacingOccurrences(of: "</events>", with: "</event>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">\n</events>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">\n</event>",
        ]
        for cut in stride(from: 100, to: document.count, by: 97) {
            variants.append(String(decoding: document[..<cut], as: UTF8.self))
        }
        for (index, variant) in variants.enumerated() {
            expectSameVerdict(Array(variant.utf8), "shape \(index)")
        }
        // Truncated inside a multi-byte character.
        var cut = Array(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">\n<event><timestamp>2026-01-05T08:00:00.000Z</timestamp><message>é"
                .utf8)
        cut.removeLast()
        expectSameVerdict(cut, "cut in a character")
    }

    /// A record larger than the fast path's buffer (two chunks) goes to libxml2 (valid, so no issue); so does a gap of
    /// white space as large.
    @Test func unitsLargerThanTheBuffer() throws {
        let document = String(decoding: try Self.output(lines: 20, seed: 38), as: UTF8.self)
        let huge = String(repeating: "a", count: 2 * XMLSchemaValidator.chunkSize + 10)
        let range = try #require(document.range(of: "<message>"))
        let big = document.replacingCharacters(in: range, with: "<message>" + huge)
        let (issues, handOvers) = Self.run(fast, Array(big.utf8))
        #expect(issues.isEmpty, "\(issues)")
        #expect(handOvers.count == 1)
        expectSameVerdict(Array(big.utf8), "a record larger than the buffer")
        let gap = document.replacingOccurrences(
            of: "</event>\n<event>",
            with: "</event>\n" + String(repeating: " ", count: 2 * XMLSchemaValidator.chunkSize) + "<event>")
        expectSameVerdict(Array(gap.utf8), "a gap larger than the buffer")
    }

    /// Line numbers stay real when libxml2 takes over deep into a long document.
    @Test func lateHandOverKeepsRealLines() throws {
        let document = try Self.output(lines: 3_000, seed: 39)
        var text = String(decoding: document, as: UTF8.self)
        let range = try #require(text.range(of: "<port>", options: .backwards))
        text.replaceSubrange(range, with: "<port>70000")
        let bytes = Array(text.utf8)
        let (issues, handOvers) = Self.run(fast, bytes, chunkSize: 65_536)
        #expect(handOvers.count == 1 && handOvers[0] > 2_000)
        #expect(issues.count == 1)
        #expect(issues == Self.run(exact, bytes).issues)
    }

    /// Unsupported XSD constructs leave the fast path off (libxml2 judges everything), and supported ones turn it on.
    @Test func unsupportedSchemasTurnTheFastPathOff() throws {
        let bundled = String(decoding: SchemaCatalog.bytes(named: SchemaCatalog.xml), as: UTF8.self)
        let pid = "<xs:element name=\"pid\" type=\"xs:long\" minOccurs=\"0\"/>"
        let changes: [(String, String)] = [
            (
                "<xs:sequence>\n            \(pid)\n          </xs:sequence>",
                "<xs:choice>\n            \(pid)\n          </xs:choice>"
            ),
            ("minOccurs=\"0\" maxOccurs=\"unbounded\"/>", "minOccurs=\"0\" maxOccurs=\"5\"/>"),
            ("[0-9]{1,3}", "\\d{1,3}"),
            ("[0-9]{1,3}", "[^a]{1,3}"),
            ("[0-9]{1,3}", ".{1,3}"),
            ("<xs:maxInclusive value=\"65535\"/>", "<xs:maxExclusive value=\"65535\"/>"),
            ("<xs:restriction base=\"xs:string\"/>", "<xs:restriction base=\"xs:token\"/>"),
            ("type=\"k:keyword\" minOccurs=\"0\"/>", "type=\"k:keyword\" minOccurs=\"0\" nillable=\"true\"/>"),
            ("use=\"required\" fixed=\"1\"", "use=\"required\""),
        ]
        for (original, replacement) in changes {
            #expect(bundled.contains(original), "the bundled XSD lacks \(original)")
            let changed = bundled.replacingOccurrences(of: original, with: replacement)
            let validator = try XMLSchemaValidator(schema: Array(changed.utf8))
            #expect(validator.fastPath == nil, "fast path on with \(replacement)")
        }
        #expect(XMLFastSchema(xsd: Array(bundled.utf8)) != nil)
        // With the fast path off (an xs:choice), a valid document is read by libxml2 from line 1.
        let choice = bundled.replacingOccurrences(of: changes[0].0, with: changes[0].1)
        let validator = try XMLSchemaValidator(schema: Array(choice.utf8))
        #expect(validator.fastPath == nil)
        let (issues, handOvers) = Self.run(validator, try Self.output(lines: 5, seed: 40))
        #expect(issues.isEmpty, "\(issues)")
        #expect(handOvers == [1])
    }

    @Test func portablePatterns() {
        #expect(XMLFastSchema.isPortable(pattern: "[0-9]{4}-[0-9]{2}T\\.(a|b)?c*d+"))
        for pattern in ["\\d", ".", "^a", "a$", "[^a]", "[a-]", "(?:a)", "a**", "a{,2}", "[\\d]", "\u{E9}", "[a-[b]]"] {
            #expect(!XMLFastSchema.isPortable(pattern: pattern), "\(pattern)")
        }
    }

    @Test func dateTimeChecks() {
        func check(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { XMLFastPath.isDateTime($0) }
        }
        #expect(check("2024-02-29T23:59:59.999Z"))
        #expect(check("2026-01-05T08:00:00Z"))
        #expect(!check("2026-02-29T00:00:00.000Z"))
        #expect(!check("2100-02-29T00:00:00.000Z"))
        #expect(check("2000-02-29T00:00:00.000Z"))
        #expect(!check("2026-06-31T00:00:00.000Z"))
        #expect(!check("2026-01-01T24:00:00.000Z"))
        #expect(!check("0000-01-01T00:00:00.000Z"))
        #expect(!check("2026-01-01T00:00:00.Z"))
    }
}
