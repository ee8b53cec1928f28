import KerioSIEM
import Testing

@testable import KerioSIEMSampleData

struct MalformedLineTests {
    let parser = SecurityLogParser()

    static let cases: [(String, ParseFailure.Reason)] = [
        ("[31/Feb/2024 10:00:00] Engine: Startup", .invalidTimestamp),
        ("[29/Feb/2023 10:00:00] Engine: Startup", .invalidTimestamp),
        ("[29/Feb/1900 10:00:00] Engine: Startup", .invalidTimestamp),
        ("[31/Apr/2024 10:00:00] Engine: Startup", .invalidTimestamp),
        ("[01/Foo/2024 10:00:00] Engine: Startup", .invalidTimestamp),
        ("[01/jan/2024 10:00:00] Engine: Startup", .invalidTimestamp),
        ("[01/Jan/2024 24:00:00] Engine: Startup", .invalidTimestamp),
        ("[01/Jan/2024 23:60:00] Engine: Startup", .invalidTimestamp),
        ("[01/Jan/2024 23:59:60] Engine: Startup", .invalidTimestamp),
        ("[1/Jan/2024 10:00:00] Engine: Startup", .invalidTimestamp),
        ("[01/Jan/2024 10:00:00]Engine: Startup", .malformedRecord),
        ("Engine: Startup", .missingTimestamp),
        ("", .missingTimestamp),
        ("[14/Nov/2026 12:00:00] ", .unknownRecord),
        ("[14/Nov/2026 12:00:00] Engine: Restart", .unknownRecord),
        ("[14/Nov/2026 12:00:00] Engine: Startup now", .unknownRecord),
        (
            "[18/Apr/2013 13:39:45] ALLOW URL 'Kerio Antivirus update' 192.168.64.142 jsmith HTTP GET http://update.kerio.com/",
            .unknownRecord
        ),
        ("[14/Nov/2026 12:00:00] IPS: Something else", .unknownRecord),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: Blacklist, Rule ID: 1:2522571 ET TOR, proto:UDP, ip/port:192.168.11.120:59073 -> x.x.x.x:123",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:95.211.98.71:70000 -> 192.168.48.131:49960",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:95.211.98.71:80 -> 192.168.48.131:",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:256.1.1.1:80 -> 192.168.48.131:49960",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:01.1.1.1:80 -> 192.168.48.131:49960",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:[2001:db8:::1]:80 -> 192.168.48.131:49960",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:95.211.98.71:80 -> ",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 X, proto:TCP, ip/port:95.211.98.71:80",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: abc X, proto:TCP, ip/port:1.1.1.1:80 -> 2.2.2.2:1",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Pac",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] IPS: Packet drop, Rule ID: 1:2010575 X, proto:TCP, ip/port:1.1.1.1:80 -> 2.2.2.2:1",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] Anti-Spoofing: Packet sideways LAN, proto:TCP, len:48, ip/port:1.1.1.1:1 -> 2.2.2.2:2",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:1.1.1.1:1 -> 2.2.2.2:2, flags: SYN, seq:99999999999 ack:0",
            .invalidValue
        ),
        (
            "[14/Nov/2026 12:00:00] Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:1.1.1.1:1 -> 2.2.2.2:2, bogus:1",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:1.1.1.1:1 -> 2.2.2.2:2, win:1, win:2",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] {pktdrop} packet dropped: Anti-spoofing (from Cable, proto:UDP, len:334, 1.1.1.1:1 -> 2.2.2.2:2, udplen:306",
            .malformedRecord
        ),
        (
            "[14/Nov/2026 12:00:00] FTP: Bounce attack attempt: client: 1.2.3, server: 5.6.7.8, command: PORT 1",
            .invalidValue
        ),
        ("[14/Nov/2026 12:00:00] FTP: Bounce attack attempt: client: 1.2.3.4 command: PORT 1", .malformedRecord),
        (
            "[14/Nov/2026 12:00:00] FTP: Bounce attack: attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 1",
            .unknownRecord
        ),
        (
            "[14/Nov/2026 12:00:00] Authentication: WebAdmin: Client: not-an-ip: Invalid password for user admin",
            .invalidValue
        ),
        ("[14/Nov/2026 12:00:00] Authentication: WebAdmin: 1.2.3.4: Invalid password for user admin", .malformedRecord),
        (
            "[14/Nov/2026 12:00:00] Antivirus update: engine version/Signature count: (AVCORE v2.1/notanumber) is now active.",
            .invalidValue
        ),
        ("[14/Nov/2026 12:00:00] Antivirus update: Update failed", .unknownRecord),
        ("<999>1 2026-11-14T09:15:02Z fw1 security - - - Engine: Startup", .invalidSyslogHeader),
        ("<190>1 2026-13-14T09:15:02Z fw1 security - - - Engine: Startup", .invalidTimestamp),
        ("<190>1 2026-11-14T09:15:02 fw1 security - - - Engine: Startup", .invalidTimestamp),
        ("<190>1 2026-11-14T09:15:02Z fw1 security - - [unterminated Engine: Startup", .invalidSyslogHeader),
        // A recognisable header is never missing-timestamp: its time is NILVALUE and the message has none.
        ("<190>1 - fw1 security - - - Engine: Startup", .invalidTimestamp),
        ("<190>Foo 14 09:15:02 fw1 security: Engine: Startup", .invalidSyslogHeader),
        // No TAG (no word ending in ':'): the message is "security Engine: Startup", which is no record.
        ("<190>Nov 14 09:15:02 fw1 security Engine: Startup", .unknownRecord),
    ]

    @Test("Malformed lines are unparsed with the right reason", arguments: cases)
    func malformed(_ line: String, _ reason: ParseFailure.Reason) {
        let event = parser.parse(line)
        #expect(event.kind == .unparsed)
        #expect(event.failure?.reason == reason, "\(event.failure.map { "\($0)" } ?? "no failure")")
        #expect(event.original == line)
        #expect(
            event[.ruleID] == nil && event[.sourceAddress] == nil, "an unparsed event carries no half-parsed values")
    }

    @Test func arbitraryBytesNeverCrashAndAreKept() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 300)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if generator.next() % 2 == 0 { bytes = Array("[14/Nov/2026 12:00:00] IPS: Packet drop, ".utf8) + bytes }
            let event = parser.parse(bytes: bytes)
            #expect(event.withOriginalBytes { Array($0) } == bytes)
            if event.kind == .unparsed { #expect(event.failure != nil) }
        }
    }

    @Test func overlongLineIsRejected() {
        let parser = SecurityLogParser(limits: ParserLimits(maximumLineLength: 64))
        let event = parser.parse(
            "[14/Nov/2026 12:00:00] FTP: Bounce attack attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 1")
        #expect(event.failure?.reason == .lineTooLong)
    }
}
