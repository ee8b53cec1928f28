import Foundation
import KerioSIEM
import KerioSIEMSampleData
import Testing

@testable import KerioSIEMValidation

/// The byte-level fast paths of the CEF, LEEF and ECS validators must never accept a record the exact check reports
/// (they would hide an issue), and must accept kerio-siem's own output (or validation is not fast).
struct FastPathTests {
    /// One line-oriented format: its validator with the bundled schema, and an exporter of the same format.
    enum Format: String, CaseIterable, Sendable {
        case cef, leef, ecs

        func validator() throws -> any OutputValidator {
            switch self {
            case .cef: try CEFValidator()
            case .leef: try LEEFValidator()
            case .ecs: try ECSJSONValidator()
            }
        }

        /// `lines` generated Kerio lines (with syslog envelopes and unparsed lines) converted to this format.
        func output(lines: Int, seed: UInt64, options: ExportOptions = ExportOptions()) throws -> [UInt8] {
            var generator = SampleLogGenerator(seed: seed, syslogFraction: 0.2, malformedFraction: 0.05)
            var input: [UInt8] = []
            generator.write(lines: lines, into: &input)
            switch self {
            case .cef: return try Self.convert(CEFExporter.self, input, options)
            case .leef: return try Self.convert(LEEFExporter.self, input, options)
            case .ecs: return try Self.convert(ECSJSONExporter.self, input, options)
            }
        }

        private static func convert<E: EventExporter>(_ type: E.Type, _ input: [UInt8], _ options: ExportOptions)
            throws -> [UInt8]
        {
            var session = ConversionSession(
                exporter: try E(options: options), parser: SecurityLogParser(), options: ConversionOptions())
            var sink = MemorySink()
            try input.withUnsafeBufferPointer { try session.feed($0, to: &sink) }
            _ = try session.finish(to: &sink)
            return sink.bytes
        }
    }

    /// A format's validator twice: as used (fast path first) and with the exact check alone.
    struct Judge {
        let format: Format
        let cef: CEFValidator
        let leef: LEEFValidator
        let ecs: ECSJSONValidator
        var cefState: CEFValidator.FastState
        var leefState: LEEFValidator.FastState
        var ecsState: JSONFastSchema.State

        init(_ format: Format) throws {
            self.format = format
            cef = try CEFValidator()
            leef = try LEEFValidator()
            ecs = try ECSJSONValidator()
            cefState = CEFValidator.FastState(cef.schema)
            leefState = LEEFValidator.FastState(leef.schema)
            ecsState = ecs.fast.makeState()
        }

        /// Whether the fast path accepts `line`, and the issues of the exact check alone.
        mutating func judge(_ line: [UInt8]) -> (fast: Bool, exact: [ValidationIssue]) {
            line.withUnsafeBufferPointer { bytes in
                switch format {
                case .cef:
                    var exact = cef
                    exact.usesFastPath = false
                    return (cef.isValidRecord(bytes, &cefState), exact.validate(bytes, fileName: "x"))
                case .leef:
                    var exact = leef
                    exact.usesFastPath = false
                    return (leef.isValidRecord(bytes, &leefState), exact.validate(bytes, fileName: "x"))
                case .ecs:
                    var exact = ecs
                    exact.usesFastPath = false
                    return (ecs.isValidRecord(bytes, &ecsState), exact.validate(bytes, fileName: "x"))
                }
            }
        }
    }

    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
    }

    /// Every record of a converted sample (syslog envelopes, unparsed lines and all) takes the fast path, and the
    /// exact check agrees that it is valid.
    @Test(arguments: Format.allCases)
    func ownOutputTakesTheFastPath(_ format: Format) throws {
        let records = Self.lines(try format.output(lines: 400, seed: 21))
        #expect(records.count >= 300)
        var judge = try Judge(format)
        for record in records {
            let (fast, exact) = judge.judge(record)
            #expect(exact.isEmpty, "\(exact)")
            #expect(fast, "not on the fast path: \(String(decoding: record, as: UTF8.self))")
        }
    }

    /// The same with each syslog header `--syslog-framing` writes (for ECS too): still valid, still fast.
    @Test(arguments: Format.allCases, [SyslogFraming.rfc3164, .rfc5424])
    func framedOutputTakesTheFastPath(_ format: Format, _ framing: SyslogFraming) throws {
        var options = ExportOptions()
        options.syslogFraming = framing
        let records = Self.lines(try format.output(lines: 200, seed: 22, options: options))
        #expect(records.count >= 150)
        #expect(records.allSatisfy { $0.first == UInt8(ascii: "<") })
        var judge = try Judge(format)
        for record in records {
            let (fast, exact) = judge.judge(record)
            #expect(exact.isEmpty, "\(exact)")
            #expect(fast, "not on the fast path: \(String(decoding: record, as: UTF8.self))")
        }
    }

    /// The bytes mutations insert: every byte the grammars give a meaning to, control bytes, and bad UTF-8 (not LF,
    /// which ends a record before any check sees it).
    static let alphabet: [[UInt8]] =
        [
            " ", "  ", "=", "\\", "|", "\t", "\r", "0", "00", "9", "-", ".", ":", "a", "Z", "\"", "{", "}", "[", "]",
            ",", "é", "x09", "n", "u", "\\u0041", "\\n", "\\=", "\\|", "e5", "1.5", "cs1=", "msg=", "src=", "\"port\":",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x7F], [0x00], [0xED, 0xA0, 0x80]]

    /// Soundness: over thousands of mutated records, whenever the fast path accepts, the exact check reports nothing
    /// (records without and with a syslog header, so that the mutations reach the header too).
    @Test(arguments: Format.allCases, [SyslogFraming.none, .rfc5424])
    func fastPathNeverAcceptsWhatTheExactCheckReports(_ format: Format, _ framing: SyslogFraming) throws {
        var random = Random(seed: 99)
        var options = ExportOptions()
        options.syslogFraming = framing
        let records = Self.lines(try format.output(lines: 60, seed: 5, options: options))
        var accepted = 0
        var rejected = 0
        var judge = try Judge(format)
        for record in records {
            for _ in 0..<60 {
                var line = record
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let position = Int(random.next() % UInt64(line.count + 1))
                    let piece = Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))]
                    switch random.next() % 4 {
                    case 0: line.insert(contentsOf: piece, at: position)
                    case 1 where position < line.count: line.remove(at: position)
                    case 2 where position < line.count:
                        line.replaceSubrange(position..<min(line.count, position + piece.count), with: piece)
                    default:
                        // Remove a whole token-sized run, so keys, values and separators go missing.
                        let end = min(line.count, position + Int(random.next() % 12))
                        line.removeSubrange(position..<end)
                    }
                }
                let (fast, exact) = judge.judge(line)
                if fast {
                    accepted += 1
                    #expect(exact.isEmpty, "fast path accepted: \(String(decoding: line, as: UTF8.self)) — \(exact)")
                } else {
                    rejected += 1
                }
            }
        }
        // The mutations must exercise both answers, or the test proves nothing.
        #expect(accepted > 50, "accepted \(accepted)")
        #expect(rejected > 50, "rejected \(rejected)")
    }

    /// Records that differ from a valid one only where a cache or a shortcut could hide it: each is judged first
    /// (fresh state) and again right after the valid record, with the same state.
    @Test(arguments: [
        (Format.leef, "|x09|", "||"),  // an empty LEEF 2.0 delimiter field, after a record that declared TAB
        (Format.leef, "|x09|", "|^|"),  // another delimiter, while the attributes are still TAB-separated
        (Format.leef, "LEEF:2.0|", "LEEF:1.0|"),  // LEEF 1.0 with a delimiter field left in the header
        (Format.cef, "CEF:0|", "CEF:1|"),
        (Format.cef, "|Kerio|", "|Ke\\rio|"),
        (Format.cef, " act=", "  act="),
        (Format.ecs, "{\"@timestamp\"", "{\"message\":\"x\",\"@timestamp\""),  // a duplicate key
        (Format.ecs, "\"kind\":\"", "\"kind\":\"x"),
        (Format.ecs, "\"port\":", "\"port\":0"),  // a leading zero
    ])
    func recordsNextToAValidOneGoToTheExactCheck(_ format: Format, _ original: String, _ replacement: String) throws {
        let valid = try #require(Self.lines(try format.output(lines: 20, seed: 3)).first)
        let text = String(decoding: valid, as: UTF8.self)
        let range = try #require(text.range(of: original), "no \(original) in \(text)")
        let broken = Array(text.replacingCharacters(in: range, with: replacement).utf8)
        var judge = try Judge(format)
        let (fast, exact) = judge.judge(broken)
        #expect(!exact.isEmpty, "the exact check finds nothing in \(String(decoding: broken, as: UTF8.self))")
        #expect(!fast)
        #expect(judge.judge(valid).fast)
        #expect(!judge.judge(broken).fast)
        #expect(judge.judge(valid).fast)
    }

    /// Every key and property name in the bundled schemas is found by its bytes at its position; near misses are not.
    @Test func keyTablesAgreeWithTheSchemas() throws {
        let cef = try CEFSchema(bytes: SchemaCatalog.bytes(named: SchemaCatalog.cef), name: "cef")
        let leef = try LEEFSchema(bytes: SchemaCatalog.bytes(named: SchemaCatalog.leef), name: "leef")
        let ecs = try JSONSchema(bytes: SchemaCatalog.bytes(named: SchemaCatalog.ecs), name: "ecs")
        var lists = [cef.extensionKeys.order, leef.attributes.order]
        for node in ecs.nodes where !node.properties.isEmpty { lists.append(node.properties.keys.sorted()) }
        #expect(lists.count > 10)
        for keys in lists {
            let table = ByteKeyTable(keys)
            #expect(table.count == keys.count)
            let known = Set(keys)
            for (position, key) in keys.enumerated() {
                #expect(Array(key.utf8).withUnsafeBufferPointer { table.index(of: $0) } == position, "\(key)")
                #expect(Array(table.key(at: position)) == Array(key.utf8))
                for near in [key + "x", String(key.dropLast()), key.uppercased(), "_" + key, key + " "]
                where !known.contains(near) {
                    #expect(Array(near.utf8).withUnsafeBufferPointer { table.index(of: $0) } == nil, "\(near)")
                }
            }
        }
    }

    /// The byte automaton answers what the Pike VM answers, for every pattern in the bundled schemas and a few more.
    @Test(
        arguments: [
            "^[0-9]{1,3}$", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$", "a|b+c", "x$", "^$",
            "[^a-z]", "(ab)*c?", "",
        ] + FastPathTests.schemaPatterns())
    func patternAutomatonAgreesWithTheVM(_ source: String) throws {
        let pattern = try SchemaPattern(source)
        var random = Random(seed: 7)
        let pieces = ["0", "1", "9", "25", "255", ".", ":", "a", "F", "f", "T", "Z", "-", "::", "1.2.3.4", " ", "é"]
        var texts = ["", "10.0.0.1", "fe80::1", "2026-01-05T08:00:00.000Z", "6", "1234", "abc", "ab", "c"]
        for _ in 0..<400 {
            texts.append(
                (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                    .joined())
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { pattern.matches(inBytes: $0) }
            #expect(fast == pattern.matches(in: text), "\(source) on \(text.debugDescription)")
        }
    }

    static func schemaPatterns() -> [String] {
        guard let schema = try? JSONSchema(bytes: SchemaCatalog.bytes(named: SchemaCatalog.ecs), name: "ecs") else {
            return []
        }
        return Array(Set(schema.nodes.compactMap { $0.pattern?.source })).sorted()
    }

    /// The byte parsers agree with the String ones the exact checks use.
    @Test(arguments: [
        "0", "-0", "7", "080", "-080", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "", "-", "1a", " 1", "+1", "00",
    ])
    func integerBytesAgreeWithStrings(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { NumberSyntax.integer(bytes: $0) } == NumberSyntax.integer(text))
        #expect(
            bytes.withUnsafeBufferPointer { NumberSyntax.canonicalInteger(bytes: $0) }
                == NumberSyntax.canonicalInteger(text))
    }
}

/// SplitMix64: deterministic mutations, the same on every run.
private struct Random {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
