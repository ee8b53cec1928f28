import KerioSIEM
import Testing

@testable import KerioSIEMRelay

/// What a batch carries besides the records: time, device and id when the output uses them
/// (``ConversionSettings/keepsRecordDetails``), only the record ends when it does not; joining both kinds stays
/// aligned.
@Suite struct RecordBatchTests {
    static let lines = [
        "<134>1 2026-12-01T12:00:00.000Z fw1 kerio - - - [05/Jan/2026 08:00:00] Engine: Startup",
        "[05/Jan/2026 08:00:01] Engine: Shutdown",
        "not a Kerio line",
    ]

    /// The batch of ``lines`` from a converter that keeps details or not, the sender being 192.0.2.7.
    static func convert(keepingDetails: Bool) -> RecordBatch {
        var settings = ConversionSettings(parser: SecurityLogParser(), conversion: ConversionOptions(), timeZone: .utc)
        settings.conversion.emitUnparsed = true
        settings.keepsRecordDetails = keepingDetails
        let converter = makeMessageConverter(exporter: try! CEFExporter(options: ExportOptions()), settings: settings)
        converter.sender = Array("192.0.2.7".utf8)
        for line in lines { Array(line.utf8).withUnsafeBytes { converter.addMessage($0) } }
        return converter.finish()
    }

    @Test func withoutDetailsTheRecordsAreTheSameAndOnlyTheEndsAreNoted() {
        let full = Self.convert(keepingDetails: true)
        let bare = Self.convert(keepingDetails: false)
        #expect(full.count == 3 && bare.count == 3)
        #expect(full.bytes == bare.bytes)
        #expect(full.ends == bare.ends)
        #expect(full.hasDetails && !bare.hasDetails)
        #expect(full.host(at: 0) == Array("fw1".utf8)[...] && full.host(at: 1) == Array("192.0.2.7".utf8)[...])
        #expect(full.time(at: 0) == 1_767_600_000_000)
        for index in 0..<bare.count {
            #expect(bare.time(at: index) == nil && bare.host(at: index).isEmpty && bare.id(at: index).isEmpty)
        }
    }

    /// Joined either way round, a batch with details and one without give every record its own details (nil and
    /// empty for those that had none).
    @Test(arguments: [true, false])
    func joiningBatchesWithAndWithoutDetailsKeepsThemAligned(_ detailedFirst: Bool) {
        let full = Self.convert(keepingDetails: true)
        let bare = Self.convert(keepingDetails: false)
        var joined = detailedFirst ? full : bare
        joined.append(contentsOf: detailedFirst ? bare : full)
        #expect(joined.count == 6 && joined.hasDetails)
        let detailed = detailedFirst ? 0..<3 : 3..<6
        for index in 0..<6 {
            let source = index % 3
            #expect(joined.record(at: index) == full.record(at: source))
            if detailed.contains(index) {
                #expect(joined.host(at: index) == full.host(at: source))
                #expect(joined.time(at: index) == full.time(at: source))
            } else {
                #expect(joined.host(at: index).isEmpty && joined.time(at: index) == nil)
            }
        }
        var copied = bare
        copied.append(recordOf: full, at: 0)
        #expect(copied.count == 4 && copied.hasDetails && copied.host(at: 3) == full.host(at: 0))
    }
}
