import Foundation
import Testing

@testable import KerioSIEM
@testable import KerioSIEMSampleData

/// The CEF and LEEF writers are generated from `CEFLEEFFieldTable.txt`; these tests keep the three in step.
///
/// - the checked-in generated files are exactly what the table generates (regenerate with
///   `Scripts/generate-field-writers.sh`, which runs this suite with `KERIO_SIEM_GENERATE=1`; that run fails on
///   purpose after writing, so regenerated code is always compiled and checked before it is committed);
/// - the generated writers write the same bytes as ``CEFLEEFTableInterpreter`` for every sample event, every event
///   with one value removed, with one value kept, and seeded random subsets, under every option that changes a pair (single-value subsets
///   with the defaults only);
/// - every event field has a row, and malformed tables are refused.
struct CEFLEEFFieldTableTests {
    static let isGenerating = ProcessInfo.processInfo.environment["KERIO_SIEM_GENERATE"] == "1"

    @Test("The generated writer is what the table generates", arguments: CEFLEEFFieldTable.Format.allCases)
    func generatedFileIsUpToDate(_ format: CEFLEEFFieldTable.Format) throws {
        let source = CEFLEEFWriterGenerator.source(of: format, from: try CEFLEEFFieldTable.load())
        let url = CEFLEEFWriterGenerator.url(of: format)
        if Self.isGenerating {
            try Data(source.utf8).write(to: url)
            Issue.record("wrote \(url.path); build and run again without KERIO_SIEM_GENERATE to check it")
            return
        }
        let checkedIn = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(
            checkedIn == source,
            "\(url.lastPathComponent) is not what CEFLEEFFieldTable.txt generates: run Scripts/generate-field-writers.sh"
        )
    }

    @Test("Every TextField and NumberField has a row")
    func everyFieldIsMapped() throws {
        let values = try CEFLEEFFieldTable.load().rows.map(\.value)
        for field in TextField.allCases { #expect(values.contains(.text(field)), "no row for .\(field.backing)") }
        for field in NumberField.allCases { #expect(values.contains(.number(field)), "no row for .\(field.backing)") }
    }

    /// A table line under test: the real rows, with one line replaced.
    static let malformedRows: [(String, String)] = [
        ("unknown rule", ".sourceHost | 70 write shost | 80 pair srcHost"),
        ("position taken", ".sourceHost | 60 pair shost | 80 pair srcHost"),
        ("unknown field", ".sourceHostName | 70 pair shost | 80 pair srcHost"),
        ("missing column", ".sourceHost | 70 pair shost"),
        ("wrong argument count", ".sourceHost | 70 pair shost srcHost | 80 pair srcHost"),
        ("rule does not fit the value", ".sourceHost | 70 port shost other | 80 pair srcHost"),
        ("unknown option", ".sourceHost | 70 pair shost cap=10 | 80 pair srcHost"),
        ("category not last", ".sourceHost | 510 pair shost | 80 pair srcHost"),
    ]

    @Test("A malformed table is refused, naming its line", arguments: malformedRows)
    func malformedTable(_ name: String, _ line: String) throws {
        let text = String(decoding: try Data(contentsOf: CEFLEEFFieldTable.url), as: UTF8.self)
        let original = try #require(
            text.split(separator: "\n").first { $0.hasPrefix(".sourceHost ") }, "the table maps .sourceHost")
        let broken = text.replacingOccurrences(of: original, with: line)
        #expect(throws: CEFLEEFFieldTable.ParseError.self, "\(name)") { try CEFLEEFFieldTable.parse(broken) }
    }

    // MARK: - Generated writers against the interpreter

    /// The options that change which pairs are written or how.
    static let optionSets: [(name: String, options: ExportOptions)] = {
        var original = ExportOptions()
        original.includeOriginal = true
        var observer = ExportOptions()
        observer.observerHostName =
            "fw1 observer name that is long enough to be cut at one hundred bytes, "
            + "if only it were a little longer than that"
        var caret = ExportOptions()
        caret.leefDelimiter = UInt8(ascii: "^")
        caret.includeOriginal = true
        var version1 = ExportOptions()
        version1.leefVersion = .v1
        version1.observerHostName = "fw1"
        return [
            ("defaults", ExportOptions()), ("includeOriginal", original), ("observerHost", observer),
            ("leefCaret", caret), ("leefVersion1", version1),
        ]
    }()

    /// Every sample event: the hand-built ones, the hostile ones, and every line of every bundled sample parsed.
    static func sampleEvents() throws -> [SecurityEvent] {
        var events = SampleEvents.allAndVariants.map(\.event) + SampleEvents.hostile
        let parser = SecurityLogParser()
        for name in Fixtures.sampleNames {
            for line in try Fixtures.sampleLines(name) { events.append(parser.parse(bytes: line)) }
        }
        return events
    }

    /// `event` with the present values of `keep` (a predicate over text fields, number fields and the envelope
    /// parts) only.
    static func subset(of event: SecurityEvent, keeping keep: (String) -> Bool) -> SecurityEvent {
        var copy = event
        for field in TextField.allCases where !keep("\(field.backing)") { copy[field] = nil }
        for field in NumberField.allCases where !keep("\(field.backing)") { copy[field] = nil }
        if !keep("timestamp") { copy.timestamp = nil }
        if !keep("syslog") { copy.syslog = nil }
        if !keep("failure") { copy.failure = nil }
        if !keep("direction") { copy.direction = nil }
        if !keep("ipsAction") { copy.ipsAction = nil }
        return copy
    }

    static let valueNames: [String] =
        TextField.allCases.map { "\($0.backing)" } + NumberField.allCases.map { "\($0.backing)" }
        + ["timestamp", "syslog", "failure", "direction", "ipsAction"]

    /// The sample event, the event without each one value and with only each one value (with the default options:
    /// those subsets do not depend on them), and 8 seeded random subsets.
    static func variants(of event: SecurityEvent, seed: UInt64, everySingleValue: Bool) -> [SecurityEvent] {
        var events = [event]
        if everySingleValue {
            for name in valueNames {
                events.append(subset(of: event) { $0 != name })
                events.append(subset(of: event) { $0 == name })
            }
        }
        var random = SplitMix64(seed: seed)
        for _ in 0..<8 {
            let bits = random.next()
            events.append(subset(of: event) { bits & (1 << UInt64(valueNames.firstIndex(of: $0)!)) != 0 })
        }
        return events
    }

    @Test("The generated writers write what the table says", arguments: CEFLEEFFieldTable.Format.allCases)
    func generatedWritersMatchTheInterpreter(_ format: CEFLEEFFieldTable.Format) throws {
        let table = try CEFLEEFFieldTable.load()
        let samples = try Self.sampleEvents()
        var compared = 0
        var mismatches = 0
        for (name, options) in Self.optionSets {
            let interpreter = CEFLEEFTableInterpreter(table: table, format: format, options: options)
            let cef = try CEFExporter(options: options)
            let leef = try LEEFRecordWriter(options: options, version: options.leefVersion)
            for (index, sample) in samples.enumerated() {
                for event in Self.variants(of: sample, seed: UInt64(index), everySingleValue: name == "defaults") {
                    let severity = EventSeverityScale.cef(of: event)
                    var generated = OutputBuffer()
                    var interpreted = OutputBuffer()
                    switch format {
                    case .cef: cef.writeExtension(of: event, into: &generated)
                    case .leef: leef.writeAttributes(of: event, severity: severity, into: &generated)
                    }
                    interpreter.write(event, severity: severity, into: &interpreted)
                    compared += 1
                    if generated.bytes != interpreted.bytes {
                        mismatches += 1
                        if mismatches <= 3 {
                            Issue.record(
                                """
                                \(format) with \(name), event \(index) (\(event.kind)):
                                  generated:   \(String(decoding: generated.bytes.prefix(600), as: UTF8.self))
                                  interpreted: \(String(decoding: interpreted.bytes.prefix(600), as: UTF8.self))
                                """)
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(compared) records differ")
        #expect(compared > 10_000, "the comparison covers every sample, subset and option set")
    }
}
