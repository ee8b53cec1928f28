import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMSampleData
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
        var random = SplitMix64(seed: 99)
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

    /// What the fast path must answer for a record: `.reject` when the exact check reports (never accepted), `.accept`
    /// when the exact check passes and the record is plain enough for the fast path, `.exact` when the exact check
    /// passes but the fast path may leave it to the exact check.
    enum Expected: Sendable { case reject, accept, exact }

    static let validCEF =
        "CEF:0|Kerio|Control|9|1:2013028|ET POLICY curl User-Agent Outbound|3|rt=1767600000000 act=alert proto=TCP "
        + "src=192.168.20.111 spt=44177 dst=194.174.226.17 dpt=25 msg=IPS: Alert cs1=Low cs1Label=IPS Severity "
        + "cat=IntrusionPrevention"
    static let validECS = [
        #"{"@timestamp":"2026-01-05T08:00:00.000Z","log":{"level":"Low"},"message":"IPS: Alert, severity: Low,"#,
        #" Rule ID: 1:2013028 ET POLICY curl User-Agent Outbound, proto:TCP, ip/port:192.168.20.111:44177(file"#,
        #"server.company.local) -> 194.174.226.17:25","ecs":{"version":"9.4.0"},"event":{"kind":"alert","categ"#,
        #"ory":["intrusion_detection","network"],"type":["allowed"],"action":"ips_alert","severity":3,"module""#,
        #":"kerio_control","dataset":"kerio_control.security","original":"[05/Jan/2026 08:00:00] IPS: Alert, s"#,
        #"everity: Low, Rule ID: 1:2013028 ET POLICY curl User-Agent Outbound, proto:TCP, ip/port:192.168.20.1"#,
        #"11:44177(fileserver.company.local) -> 194.174.226.17:25"},"rule":{"id":"1:2013028","name":"ET POLICY"#,
        #" curl User-Agent Outbound"},"source":{"address":"192.168.20.111","ip":"192.168.20.111","port":44177,"#,
        #""domain":"fileserver.company.local"},"destination":{"address":"194.174.226.17","ip":"194.174.226.17""#,
        #","port":25},"network":{"transport":"tcp","type":"ipv4","iana_number":"6"},"observer":{"vendor":"Keri"#,
        #"o","product":"Control","version":"9","type":"firewall"},"related":{"ip":["192.168.20.111","194.174.2"#,
        #"26.17"],"hosts":["fileserver.company.local"]}}"#,
    ].joined()
    static let validLEEF =
        "LEEF:2.0|Kerio|Control|9|1:2013028|x09|devTime=1767600000000\tsev=3\tproto=TCP\tsrc=192.168.20.111\t"
        + "srcPort=44177\tdst=194.174.226.17\tdstPort=25\taction=alert\tmsg=IPS: Alert\tcat=IntrusionPrevention"

    /// Records around what the fast paths skip or read differently from the exact check: the CEF fast path stops only
    /// at `\` and `=` and looks back from `=` for the next key (spaces inside a value are not looked at); LEEF finds
    /// `=` and the delimiter eight bytes at a time and reads the version once; ECS jumps to the first special byte of
    /// a string and judges `$ref`-to-type properties from a summary. Each is judged by both checks.
    @Test(arguments: [
        (Format.cef, "msg=IPS: Alert", "msg=a\\\\ b", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=a\\\\", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=x\\=y", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=a \\= b", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=a\\nb\\rc", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=a b.c,d[e]f", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=x", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=a  b", Expected.accept),  // a double space inside a value is valid
        (Format.cef, "msg=IPS: Alert", "msg=a cs1\\=b", Expected.accept),
        (Format.cef, "|ET POLICY", "|ET\\|POLICY", Expected.accept),
        (Format.cef, "|ET POLICY", "|ET\\\\POLICY", Expected.accept),
        (Format.cef, "msg=IPS: Alert", "msg=a=b", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a b=c", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a ", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg= a", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a \\\\=b", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a \\=b=c", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a .b=c", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a b\\", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a\\tb", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a =b", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a msg=b", Expected.reject),
        (Format.cef, "msg=IPS: Alert", "msg=a\\\\=b", Expected.reject),
        (Format.cef, "cat=IntrusionPrevention", "cat=IntrusionPrevention ", Expected.reject),
        (Format.cef, "cat=IntrusionPrevention", "cat=IntrusionPrevention\\", Expected.reject),
        (Format.cef, "cat=IntrusionPrevention", "cat=IntrusionPrevention\\\\", Expected.reject),
        (Format.cef, "cat=IntrusionPrevention", "cat=IntrusionPrevention=", Expected.reject),
        (Format.cef, "cat=IntrusionPrevention", "cat=Intrusion Prevention", Expected.reject),
        (Format.cef, "|ET POLICY", "|ET\\POLICY", Expected.reject),
        (Format.cef, "|3|", "|3", Expected.reject),
        (Format.leef, "msg=IPS: Alert", "msg=a=b", Expected.accept),
        (Format.leef, "msg=IPS: Alert", "msg=a=b==c", Expected.accept),
        (Format.leef, "\tcat=IntrusionPrevention", "\tcatIntrusionPrevention", Expected.reject),
        (Format.leef, "\tcat=", "\t\tcat=", Expected.reject),
        (Format.leef, "cat=IntrusionPrevention", "cat=IntrusionPrevention\t", Expected.reject),
        (Format.leef, "cat=IntrusionPrevention", "cat=", Expected.reject),
        (Format.leef, "\tcat=", "\tc-at=", Expected.reject),
        (Format.leef, "\tcat=", "\t=x\tcat=", Expected.reject),
        (Format.leef, "|Kerio|", "|Ke\trio|", Expected.reject),
        (Format.leef, "LEEF:2.0|", "LEEF:2.1|", Expected.reject),
        (Format.leef, "LEEF:2.0|", "LEEF:3.0|", Expected.reject),
        (Format.leef, "LEEF:2.0|", "LEEF:2.0x|", Expected.reject),
        (Format.leef, "LEEF:2.0|", "LEEF:20|", Expected.reject),
        (Format.leef, "|x09|devTime", "|devTime", Expected.reject),
        (Format.leef, "|x09|devTime", "|x5E|devTime", Expected.reject),
        (Format.leef, "\tmsg=IPS: Alert", "\tmsg=IPS: Alert\tmsg=x", Expected.reject),
        (Format.leef, "devTime=1767600000000", "devTime=176760000000", Expected.reject),
        (Format.ecs, "\"port\":44177", "\"port\":65535", Expected.accept),
        (Format.ecs, "\"port\":44177", "\"port\":0", Expected.accept),
        (Format.ecs, "\"port\":44177", "\"port\":4.4177e4", Expected.exact),
        (Format.ecs, "\"severity\":3", "\"severity\":-3", Expected.accept),
        (Format.ecs, "\"message\":\"IPS", "\"message\":\"\\\"q\\\" \\u00e9 IPS", Expected.accept),
        (Format.ecs, "\"message\":\"IPS", "\"message\":\"é IPS", Expected.accept),
        (Format.ecs, "\"message\":\"IPS", "\"message\":\"IPS\u{7F}", Expected.accept),
        (Format.ecs, "\"ip\":\"192.168.20.111\"", "\"ip\":\"fe80::1\"", Expected.accept),
        (Format.ecs, "\"port\":44177", "\"port\":70000", Expected.reject),
        (Format.ecs, "\"port\":44177", "\"port\":-1", Expected.reject),
        (Format.ecs, "\"port\":44177", "\"port\":1.5", Expected.reject),
        (Format.ecs, "\"port\":44177", "\"port\":\"44177\"", Expected.reject),
        (Format.ecs, "\"port\":44177", "\"port\":null", Expected.reject),
        (Format.ecs, "\"severity\":3", "\"severity\":true", Expected.reject),
        (Format.ecs, "\"message\":\"IPS", "\"message\":\"\u{01} IPS", Expected.reject),
        (Format.ecs, "\"message\":\"IPS", "\"message\":\"IPS0123456789abcdef\\x", Expected.reject),
        (Format.ecs, "\"message\":\"IPS", "\"message\":\"IPS\\ud800", Expected.reject),
        (Format.ecs, "\"message\":\"IPS", "\"message\":\"I\"PS", Expected.reject),
        (Format.ecs, "\"ip\":\"192.168.20.111\"", "\"ip\":\"192.168.20.1111\"", Expected.reject),
        // After the valid record, these have its shape (or nearly): the shape, the key order and the remembered
        // values must not vouch for them.
        (Format.ecs, "\"ip\":\"192.168.20.111\"", "\"ip\":\"192.168.20.311\"", Expected.reject),
        (Format.ecs, "\"module\":\"kerio_control\"", "\"module\":\"kerio_contro1\"", Expected.reject),
        (Format.ecs, "\"kind\":\"alert\"", "\"kind\":\"alarm\"", Expected.reject),
        (Format.ecs, "\"intrusion_detection\",\"network\"", "\"network\",\"network\"", Expected.reject),
        (Format.ecs, "\"intrusion_detection\",\"network\"", "\"network\",\"intrusion_detection\"", Expected.accept),
        (
            Format.ecs, "\"ip\":[\"192.168.20.111\",\"194.174.226.17\"]",
            "\"ip\":[\"194.174.226.17\",\"194.174.226.17\"]",
            Expected.reject
        ),
        (Format.ecs, "\"iana_number\":\"6\"", "\"iana_number\":\"6a\"", Expected.reject),
        (
            Format.ecs, "\"@timestamp\":\"2026-01-05T08:00:00.000Z\"", "\"@timestamp\":\"2026-01-05T08:00:00.000z\"",
            Expected.reject
        ),
        (
            Format.ecs, "\"@timestamp\":\"2026-01-05T08:00:00.000Z\"", "\"@timestamp\":\"2026-02-30T08:00:00.000Z\"",
            Expected.reject
        ),
        (Format.ecs, "\"port\":25", "\"port\":025", Expected.reject),
        (Format.ecs, "\"severity\":3", "\"severity\":3.5", Expected.reject),
        (Format.ecs, "{\"@timestamp\"", "{\"ecs\":{\"version\":\"9.4.0\"},\"@timestamp\"", Expected.reject),
        (Format.ecs, "\"log\":{\"level\":\"Low\"},", "", Expected.accept),
        (Format.ecs, "\"ecs\":{\"version\":\"9.4.0\"},", "", Expected.reject),
        (Format.ecs, "\"log\":{\"level\":\"Low\"},", "\"log\" : {\"level\":\"Low\"} ,", Expected.accept),
    ])
    func edgeRecordsAreJudgedAsTheExactCheckJudgesThem(
        _ format: Format, _ original: String, _ replacement: String, _ expected: Expected
    ) throws {
        let valid: String
        switch format {
        case .cef: valid = Self.validCEF
        case .leef: valid = Self.validLEEF
        case .ecs: valid = Self.validECS
        }
        var judge = try Judge(format)
        // Twice: the second time through what the first left (ECS: the record's shape, with its values remembered).
        for _ in 0..<2 {
            let before = judge.judge(Array(valid.utf8))
            #expect(before.exact.isEmpty && before.fast, "the valid record: \(before.exact)")
        }
        let range = try #require(valid.range(of: original), "no \(original) in \(valid)")
        let record = Array(valid.replacingCharacters(in: range, with: replacement).utf8)
        let (fast, exact) = judge.judge(record)
        let text = String(decoding: record, as: UTF8.self)
        switch expected {
        case .reject:
            #expect(!exact.isEmpty, "the exact check finds nothing in \(text)")
            #expect(!fast, "the fast path accepts \(text)")
        case .accept:
            #expect(exact.isEmpty, "\(text): \(exact)")
            #expect(fast, "not on the fast path: \(text)")
        case .exact:
            #expect(exact.isEmpty, "\(text): \(exact)")
        }
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
        var random = SplitMix64(seed: 7)
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

    /// The eight-bytes-at-a-time helpers answer what a byte loop answers, at every position and alignment.
    @Test func byteScansAgreeWithByteLoops() {
        var random = SplitMix64(seed: 17)
        let bytes: [UInt8] = [
            0x09, 0x08, 0x0B, 0x1F, 0x20, 0x29, 0x3D, 0x5C, 0x7C, 0x7F, 0x80, 0xC3, 0xA9, 0xFF, 0x00, 0x41, 0x01,
        ]
        for _ in 0..<800 {
            let line = (0..<Int(random.next() % 40)).map { _ in bytes[Int(random.next() % UInt64(bytes.count))] }
            line.withUnsafeBufferPointer { buffer in
                for allowTab in [false, true] {
                    let exact =
                        UTF8Check.firstInvalidOffset(buffer) == nil
                        && buffer.allSatisfy { $0 >= 0x20 || (allowTab && $0 == 0x09) }
                    #expect(CleanText.isClean(buffer, allowTab: allowTab) == exact, "\(line) allowTab \(allowTab)")
                }
                guard let base = buffer.baseAddress else { return }
                for start in 0...line.count {
                    for (a, b) in [(UInt8(0x3D), UInt8(0x5C)), (0x7C, 0x09), (0x00, 0x01)] {
                        let pair = line[start...].firstIndex { $0 == a || $0 == b } ?? line.count
                        #expect(ByteScan.first(a, b, in: base, from: start, to: line.count) == pair, "\(line) \(start)")
                        let single = line[start...].firstIndex(of: a) ?? line.count
                        #expect(ByteScan.first(a, in: base, from: start, to: line.count) == single, "\(line) \(start)")
                    }
                }
            }
        }
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
