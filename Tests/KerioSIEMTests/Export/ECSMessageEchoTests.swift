import Foundation
import KerioSIEM
import Testing

/// The `ecs`, `csv` and `xml` writers escape `message` once and copy it into `event.original` when the message is the
/// line's tail (``ECSMessageEcho``). Only parsed events share those bytes (hand-built ones store the message
/// separately), so these lines go through the real parser, with hostile bytes on both sides of the boundary, and are
/// read back by the external consumers against the visitor's values.
struct ECSMessageEchoTests {
    /// Lines whose message holds every byte the three escapings rewrite, or whose prefix alone needs CSV quoting.
    static let lines: [[UInt8]] = [
        Array(
            "[02/Mar/2013 08:54:38] IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET \"TROJAN\" a\\b <&> é,"
                .utf8) + [0xFF, 0xC3, 0x0D, 0x01, 0xEF, 0xBF, 0xBF]
            + Array(", proto:TCP, ip/port:95.211.98.71:80 -> 192.168.48.131:49960".utf8),
        // Invalid UTF-8 right at the start of the message.
        Array("[17/Jun/2013 12:11:33] ".utf8) + [0xC3, 0x28, 0x80] + Array("Engine: Startup \"x\"".utf8),
        // A syslog header with a comma and a quote: the prefix alone forces CSV quoting.
        Array("<190>1 2026-04-05T10:00:00.123+02:00 fw,\"1 security - - - [05/Apr/2026 10:00:00] Engine: Startup".utf8),
        // A message that starts like a formula, and one that is plain.
        Array("[18/Jul/2013 09:12:01] =cmd| Authentication: x".utf8),
        Array("[17/Jun/2013 12:11:33] Engine: Startup".utf8),
    ]

    static func events() -> [SecurityEvent] { lines.map { SecurityLogParser().parse(bytes: $0) } }

    @Test func theLinesCarryTheirMessageAsTheirTail() {
        for event in Self.events() {
            guard let message = event[.message] else { continue }
            #expect(event.original.hasSuffix(message))
        }
        #expect(Self.events().contains { $0[.message] != nil })
    }

    @Test("ecs: message and event.original read back as the line", .enabled(if: ECSExternalTools.hasPython))
    func json() throws {
        try ECSJSONExporterTests.roundTrip(Self.events(), options: ExportOptions())
    }

    @Test(
        "csv: message and event.original read back as the line", .enabled(if: ECSExternalTools.hasPython),
        arguments: [true, false])
    func csv(_ formulaGuard: Bool) throws {
        try CSVExporterTests.roundTrip(Self.events(), options: ExportOptions(), formulaGuard: formulaGuard)
    }

    @Test("xml: message and event.original read back as the line", .enabled(if: ECSExternalTools.hasPython))
    func xml() throws {
        try XMLExporterTests.roundTrip(Self.events(), options: ExportOptions())
    }
}
