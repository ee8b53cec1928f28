import KerioSIEM
import Testing

@testable import KerioSIEMSampleData
@testable import KerioSIEMValidation

/// The ECS fast path's shortcuts — record shapes (`RecordShapes`), predicted keys (`KeyPrediction`), remembered
/// verdicts (`StringVerdictMemo`) — are taken for kerio-siem's own output and never accept what the exact check
/// reports.
struct RecordShapesTests {
    static func ecsRecords(lines: Int, seed: UInt64) throws -> [[UInt8]] {
        FastPathTests.lines(try FastPathTests.Format.ecs.output(lines: lines, seed: seed))
    }

    /// Once a record of each shape has been walked, every record is accepted by its shape alone.
    @Test func recordsOfAKnownShapeAreAcceptedByTheirShape() throws {
        let validator = try ECSJSONValidator()
        var state = validator.fast.makeState()
        let records = try Self.ecsRecords(lines: 400, seed: 31)
        #expect(records.count >= 300)
        for record in records {
            record.withUnsafeBufferPointer { #expect(validator.fast.accepts($0, &state)) }
        }
        #expect(state.shapes.edgeCount > 0)
        let edges = state.shapes.edgeCount
        for record in records {
            record.withUnsafeBufferPointer { bytes in
                #expect(
                    validator.fast.acceptsByShape(bytes.baseAddress!, count: bytes.count, &state),
                    "not by its shape: \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(state.shapes.edgeCount == edges, "matching added edges")
    }

    /// Soundness after learning: mutations of known records — most keep the record's shape and change a value —
    /// are accepted by the shape path only when the exact check reports nothing.
    @Test func shapesNeverAcceptWhatTheExactCheckReports() throws {
        var judge = try FastPathTests.Judge(.ecs)
        let records = try Self.ecsRecords(lines: 120, seed: 8)
        // Twice: the second pass matches each record by its shape and remembers its values there.
        for _ in 0..<2 {
            for record in records { _ = judge.judge(record) }
        }
        var random = SplitMix64(seed: 5)
        let replacements: [[UInt8]] =
            ["0", "9", "1", "a", "Z", "_", ".", ":", "-", " ", "\"", "\\", "é", "00", "255", "x"].map { Array($0.utf8) }
            + [[0xFF], [0x01]]
        var byShape = 0
        var rejected = 0
        for record in records {
            for _ in 0..<40 {
                var line = record
                // A byte of a letter or digit run (a value, most often) replaced or lengthened.
                let candidates = line.indices.filter {
                    line[$0] >= UInt8(ascii: "0") && line[$0] <= UInt8(ascii: "9")
                        || line[$0] | 0x20 >= UInt8(ascii: "a") && line[$0] | 0x20 <= UInt8(ascii: "z")
                }
                let position = candidates[random.next(below: candidates.count)]
                let piece = replacements[random.next(below: replacements.count)]
                if random.next() % 2 == 0 {
                    line.replaceSubrange(position...position, with: piece)
                } else {
                    line.insert(contentsOf: piece, at: position)
                }
                let shaped = line.withUnsafeBufferPointer {
                    judge.ecs.fast.acceptsByShape($0.baseAddress!, count: $0.count, &judge.ecsState)
                }
                let (fast, exact) = judge.judge(line)
                let text = String(decoding: line, as: UTF8.self)
                if shaped {
                    byShape += 1
                    #expect(exact.isEmpty, "accepted by its shape: \(text) — \(exact)")
                }
                if fast { #expect(exact.isEmpty, "fast path accepted: \(text) — \(exact)") }
                if !exact.isEmpty { rejected += 1 }
            }
        }
        // Both answers must occur, or the test proves nothing.
        #expect(byShape > 500, "by shape \(byShape)")
        #expect(rejected > 500, "rejected \(rejected)")
    }

    /// A whole document read in chunks of every size — records cut across reads, recognised by their shape where
    /// they start — gets the issues, on the lines, that the exact check alone gives.
    @Test(arguments: [7, 97, 1_000, 1 << 20])
    func documentsGetTheIssuesOfTheExactCheck(chunkSize: Int) throws {
        var lines = try Self.ecsRecords(lines: 200, seed: 12)
        var random = SplitMix64(seed: 3)
        for index in stride(from: 5, to: lines.count, by: 9) {
            // A value or a key changed, a byte cut, a CR added: new shapes, bad values, and lines of known shapes.
            var line = lines[index]
            let position = random.next(below: line.count)
            switch index % 4 {
            case 0: line[position] = UInt8(ascii: "9")
            case 1: line.remove(at: position)
            case 2: line.append(0x0D)
            default: line.insert(UInt8(ascii: "\""), at: position)
            }
            lines[index] = line
        }
        lines.insert([], at: 50)  // a blank line
        let document = Array(lines.joined(separator: [0x0A])) + [0x0A]
        let validator = try ECSJSONValidator()
        var exact = validator
        exact.usesFastPath = false
        let issues = validator.validate(bytes: document, fileName: "x", chunkSize: chunkSize)
        #expect(issues == exact.validate(bytes: document, fileName: "x", chunkSize: chunkSize))
        #expect(issues.count >= 10)
        #expect(issues.contains { $0.line == 51 })
    }

    /// A remembered verdict stands only for the very bytes remembered, per node, two values a node.
    @Test func verdictMemoKeepsTwoValuesPerNode() {
        var memo = StringVerdictMemo(nodeCount: 3)
        let values = ["192.168.1.1", "10.0.0.1", "fe80::1", String(repeating: "7", count: 32)].map { Array($0.utf8) }
        func contains(_ value: [UInt8], _ node: Int, padded: Bool = true) -> Bool {
            // Padded: the value inside a longer line (the read-ahead compare); not padded: at a line's end.
            let line = value + (padded ? Array(repeating: UInt8(ascii: "\""), count: 40) : [])
            return line.withUnsafeBufferPointer {
                memo.contains(
                    UnsafeBufferPointer(rebasing: $0[0..<value.count]), readable: line.count, node: node)
            }
        }
        func remember(_ value: [UInt8], _ node: Int) {
            let line = value + [UInt8(ascii: "\"")]
            line.withUnsafeBufferPointer {
                memo.remember(UnsafeBufferPointer(rebasing: $0[0..<value.count]), readable: line.count, node: node)
            }
        }
        #expect(!contains(values[0], 1))
        remember(values[0], 1)
        #expect(contains(values[0], 1) && contains(values[0], 1, padded: false))
        #expect(!contains(values[0], 0) && !contains(values[0], 2))
        #expect(!contains(Array("192.168.1.2".utf8), 1) && !contains(Array("192.168.1.".utf8), 1))
        remember(values[1], 1)
        #expect(contains(values[0], 1) && contains(values[1], 1))
        remember(values[2], 1)
        #expect(!contains(values[0], 1) && contains(values[1], 1) && contains(values[2], 1))
        remember(values[3], 2)
        #expect(contains(values[3], 2) && contains(values[3], 2, padded: false))
        let long = Array(repeating: UInt8(ascii: "7"), count: 33)
        remember(long, 0)
        #expect(!contains(long, 0))
        remember([], 0)
        #expect(contains([], 0) && !contains(values[0], 0))
    }

    /// A key is spelled exactly as compact JSON writes it; names that would need escaping are never predicted.
    @Test func spelledKeysMatchOnlyTheirOwnBytes() {
        let port = SpelledKey("port")
        #expect(port.length == 7)
        func spelled(_ key: SpelledKey, _ text: String, padding: Int) -> Bool {
            let bytes = Array(text.utf8) + Array(repeating: UInt8(ascii: " "), count: padding)
            return bytes.withUnsafeBufferPointer { key.isSpelled(at: $0.baseAddress!, available: $0.count) }
        }
        for padding in [0, 30] {
            #expect(spelled(port, "\"port\":", padding: padding))
            #expect(!spelled(port, "\"port\" :", padding: padding))
            #expect(!spelled(port, "\"por\":", padding: padding))
            #expect(!spelled(port, "\"ports\":", padding: padding))
            #expect(!spelled(port, "\"Port\":", padding: padding))
        }
        #expect(!spelled(port, "\"port\"", padding: 0))
        #expect(SpelledKey(String(repeating: "k", count: 21)).length == 24)
        #expect(SpelledKey(String(repeating: "k", count: 22)).length == 0)
        #expect(SpelledKey("a\"b").length == 0 && SpelledKey("a\\b").length == 0 && SpelledKey("é").length == 0)
        #expect(SpelledKey("tab\there").length == 0)
    }

    /// The SSE2 (or word) helpers answer what byte loops answer, at every start and length.
    @Test func stringScanAndCompareAgreeWithByteLoops() {
        var random = SplitMix64(seed: 23)
        let alphabet: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF, 0x30]
        for _ in 0..<300 {
            let line = (0..<random.next(below: 70)).map { _ in
                random.next() % 3 == 0 ? alphabet[random.next(below: alphabet.count)] : UInt8(ascii: "a")
            }
            line.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for start in 0...line.count {
                    let expected =
                        line[start...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 } ?? line.count
                    #expect(ByteScan.firstStringSpecial(in: base, from: start, to: line.count) == expected)
                }
            }
        }
        for length in 0...32 {
            let a = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            for difference in 0..<40 {
                var b = a
                b[difference] ^= 0x10
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        let expected = difference >= length
                        #expect(ByteScan.equalReadingAhead(a.baseAddress!, b.baseAddress!, length) == expected)
                        #expect(ByteScan.equal(a.baseAddress!, b.baseAddress!, length) == expected)
                    }
                }
            }
        }
        var target = [UInt8](repeating: 0, count: 32)
        let source = (0..<32).map { UInt8($0) }
        source.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { ByteScan.copy32(from: source.baseAddress!, to: $0.baseAddress!) }
        }
        #expect(target == source)
    }

    /// The byte automaton, by byte classes and for fixed-length patterns by position, answers as the VM does.
    @Test(arguments: [
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "^ab$", "^a?b$", "^[a-c][0-9]\\.$", "b", "^x*$", "^(ab|cd)$", "^[^a]{2}$",
    ])
    func automatonAgreesWithTheVMOnShortTexts(_ source: String) throws {
        let pattern = try SchemaPattern(source)
        var random = SplitMix64(seed: 41)
        let alphabet = Array("ab cd0123456789-.xé".unicodeScalars)
        var texts = ["", "2026-01-05", "2026-1-05", "ab", "b", "a", "abc", "cd", "xx", "a0.", "zz", "é2", "2026-01-0é"]
        for _ in 0..<400 {
            texts.append(
                String(
                    String.UnicodeScalarView(
                        (0..<random.next(below: 12)).map { _ in
                            alphabet[random.next(below: alphabet.count)]
                        })))
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let byBytes = bytes.withUnsafeBufferPointer { pattern.matches(inBytes: $0) }
            #expect(byBytes == pattern.matches(in: text), "\(source) on \(text)")
        }
    }
}
