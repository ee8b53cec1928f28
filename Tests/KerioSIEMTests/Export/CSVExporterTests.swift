import Foundation
import KerioSIEM
import Testing

/// The `csv` format: RFC 4180, one column per ECS field, formula guard.
struct CSVExporterTests {
    static func exporter(formulaGuard: Bool = true, _ options: ExportOptions = ExportOptions()) -> CSVExporter {
        var options = options
        options.csvFormulaGuard = formulaGuard
        return try! CSVExporter(options: options)
    }

    static let header = ECSField.allCases.map { "\($0.name)" }.joined(separator: ",") + "\r\n"

    /// The raw cells of `event`'s row (quotes kept), split at the commas outside quotes.
    static func cells(_ event: SecurityEvent, formulaGuard: Bool = true) -> [String: String] {
        let row = ECSRendering.record(exporter(formulaGuard: formulaGuard), event)
        var values: [String] = []
        var cell = ""
        var quoted = false
        for scalar in row.unicodeScalars.dropLast(2) {
            if scalar == "\"" { quoted.toggle() }
            if scalar == ",", !quoted {
                values.append(cell)
                cell = ""
            } else {
                cell.unicodeScalars.append(scalar)
            }
        }
        values.append(cell)
        #expect(values.count == ECSField.count)
        return Dictionary(uniqueKeysWithValues: zip(ECSField.allCases.map { "\($0.name)" }, values))
    }

    @Test func format() {
        #expect(CSVExporter.format.name == "csv")
        #expect(CSVExporter.format.mediaType.hasPrefix("text/csv"))
        #expect(CSVExporter.format.schema == "csv.schema.json")
    }

    @Test func headerIsTheDottedECSNamesOnce() {
        let bytes = ECSRendering.render(Self.exporter(), [])
        #expect(String(decoding: bytes, as: UTF8.self) == Self.header)
        #expect(Self.header.hasPrefix("@timestamp,log.level,log.syslog.priority,"))
        #expect(Self.header.hasSuffix(",kerio_control.antivirus.signature_count,kerio_control.syslog.timestamp\r\n"))
    }

    @Test func everyRowHasEveryColumn() {
        for (_, event) in SampleEvents.all {
            let row = ECSRendering.record(Self.exporter(), event)
            #expect(row.hasSuffix("\r\n"))
            #expect(!row.dropLast(2).contains("\n") && !row.dropLast(2).contains("\r"))
        }
        let cells = Self.cells(SampleEvents.engineStartup)
        #expect(cells.count == ECSField.count)
        #expect(cells["@timestamp"] == "2013-06-17T12:11:33.000Z")
        #expect(cells["event.category"] == "process")
        #expect(cells["source.ip"] == "")
    }

    @Test func ipsPacketDropRow() {
        let row = ECSRendering.record(Self.exporter(), SampleEvents.ipsPacketDrop)
        let original = SampleEvents.ipsPacketDrop.original
        let message = String(original.dropFirst("[02/Mar/2013 08:54:38] ".count))
        let expected =
            "2013-03-02T08:54:38.000Z,High,,,,,,,,,,,\"\(message)\",9.4.0,alert,intrusion_detection|network,"
            + "denied,ips_packet_drop,success,8,,kerio_control,kerio_control.security,,\"\(original)\",,,1:2010575,"
            + "ET TROJAN ASProtect/ASPack Packed Binary,95.211.98.71,95.211.98.71,80,hosted-by.example.com,,"
            + "192.168.48.131,192.168.48.131,49960,wsmith-pc.company.com,wsmith,,,,,wsmith,tcp,ipv4,6,,Kerio,Control,9,"
            + "firewall,,,,95.211.98.71|192.168.48.131,wsmith,hosted-by.example.com|wsmith-pc.company.com"
            + String(repeating: ",", count: 20) + "\r\n"
        #expect(row == expected)
    }

    @Test func goldenOfEveryKind() throws {
        try ECSRendering.expectGolden(
            ECSRendering.render(Self.exporter(), SampleEvents.all.map(\.event)),
            "kinds.csv")
    }

    @Test(
        "formula guard",
        arguments: [
            ("=1+2", "\"'=1+2\"", "=1+2"),
            ("+1", "\"'+1\"", "+1"),
            ("-1", "\"'-1\"", "-1"),
            ("@SUM(A1)", "\"'@SUM(A1)\"", "@SUM(A1)"),
            ("\tx", "\"'\tx\"", "\tx"),
            ("\rx", "\"'\rx\"", "\"\rx\""),
            ("\nx", "\"'\nx\"", "\"\nx\""),
            ("=1+2\";=1+2", "\"'=1+2\"\";=1+2\"", "\"=1+2\"\";=1+2\""),
            ("a=1", "a=1", "a=1"),
            (" =1", " =1", " =1"),
            ("", "", ""),
        ])
    func formulaGuard(_ value: String, _ guarded: String, _ unguarded: String) {
        var event = SampleEvents.engineStartup
        event[.ruleName] = value
        let rowOn = ECSRendering.record(Self.exporter(formulaGuard: true), event)
        let rowOff = ECSRendering.record(Self.exporter(formulaGuard: false), event)
        // (`event.id` between `event.dataset` and `event.original`: empty, the event has no id.)
        #expect(rowOn.contains(",kerio_control.security,,[17/Jun/2013 12:11:33] Engine: Startup,,,," + guarded + ","))
        #expect(
            rowOff.contains(",kerio_control.security,,[17/Jun/2013 12:11:33] Engine: Startup,,,," + unguarded + ","))
    }

    @Test func numbersAndTimestampsAreNeverGuarded() {
        var event = SampleEvents.ipsPacketDrop
        event[.sourcePort] = -5
        event[.sourceUser] = "-admin"
        let cells = Self.cells(event)
        #expect(cells["source.port"] == "-5")
        #expect(cells["source.user.name"] == "\"'-admin\"")
        #expect(cells["related.user"] == "\"'-admin|wsmith\"")
    }

    @Test func quotingDoublesQuotesAndKeepsLineBreaks() {
        var event = SampleEvents.engineStartup
        event[.ruleName] = "say \"hi\",\r\nbye"
        let row = ECSRendering.record(Self.exporter(), event)
        #expect(row.contains(",\"say \"\"hi\"\",\r\nbye\","))
    }

    @Test func nulAndOtherControlsBecomeReplacementCharacters() {
        var event = SampleEvents.engineStartup
        event[.ruleName] = "a\u{0}b\u{1}c\u{1B}d\te\u{7F}"
        let row = ECSRendering.record(Self.exporter(), event)
        #expect(row.contains(",a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\u{7F},"))
        #expect(!row.utf8.contains(0))
    }

    @Test(
        "hostile values round-trip through Python's csv (strict)", .enabled(if: ECSExternalTools.hasPython),
        arguments: [true, false])
    func hostileRoundTrip(_ formulaGuard: Bool) throws {
        try Self.roundTrip(SampleEvents.hostile, options: SampleEvents.hostileOptions, formulaGuard: formulaGuard)
    }

    @Test("samples round-trip through Python's csv (strict)", .enabled(if: ECSExternalTools.hasPython))
    func samplesRoundTrip() throws {
        try Self.roundTrip(SampleEvents.all.map(\.event), options: ExportOptions(), formulaGuard: true)
    }

    static func roundTrip(_ events: [SecurityEvent], options: ExportOptions, formulaGuard: Bool) throws {
        let bytes = ECSRendering.render(exporter(formulaGuard: formulaGuard, options), events)
        let file = try ECSRendering.temporaryFile(bytes, extension: "csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let decoded = try #require(try ECSExternalTools.readBack("csv", file) as? [String: Any])
        #expect(decoded["header"] as? [String] == ECSField.allCases.map { "\($0.name)" })
        let rows = try #require(decoded["rows"] as? [[String]])
        #expect(rows.count == events.count)
        for (index, (row, event)) in zip(rows, events).enumerated() {
            let expected = ECSExpected.csvRow(
                ECSRecordingVisitor.record(event, options: options),
                formulaGuard: formulaGuard)
            #expect(row.count == expected.count)
            for (column, (cell, want)) in zip(row, expected).enumerated() where Array(cell.unicodeScalars) != want {
                Issue.record(
                    """
                    row \(index) \(ECSField.allCases[column].name): read back \(ECSExpected.Leaf.text(cell)), \
                    expected \(ECSExpected.Leaf.string(want))
                    """)
            }
        }
    }
}
