public import KerioSIEM

/// The events the conformance kit writes: real sample lines of every kind, and hostile variants.
public enum ConformanceEvents {
    /// One real Kerio line per record kind (and an unparsed one).
    public static let sampleLines: [String] = [
        "[02/Mar/2013 08:54:38] IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.211.98.71:80(hosted-by.example.com) -> 192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)",
        "[14/Nov/2026 10:07:30] IPS: Alert, severity: Low, Rule ID: 1:2024897, proto:TCP, ip/port:[2001:db8::1]:443 -> [2001:db8::10]:51514(user:eva)",
        "[17/Jul/2013 11:46:38] Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:61.173.81.166:1864 -> 195.39.55.10:445, flags: SYN, seq:3819654104 ack:0, win:16384, tcplen:0",
        "[14/Nov/2026 11:05:00] {pktdrop} packet dropped: Anti-spoofing (to LAN, proto:ICMP, len:84, 212.212.62.103 > 69.172.201.208, type:8 code:0 id:12380 seq:1 ttl:64)",
        "[17/Jul/2013 11:55:14] FTP: Bounce attack attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 10,11,12,13,14,15",
        "[17/Jul/2013 11:56:27] FTP: Malicious server reply: client: 1.2.3.4, server: 5.6.7.8, response: 227 Entering Passive Mode (10,11,12,13,14,15)",
        "[14/Nov/2026 12:00:05] Authentication: HTTP Proxy: Client: 192.168.1.21: User jflyaway doesn't exist",
        "[17/Jun/2013 12:11:33] Engine: Startup",
        "[17/Jun/2013 12:22:43] Engine: Shutdown",
        "[28/Jun/2013 10:58:58] Intrusion Prevention engine: Startup",
        "[28/Jun/2013 11:18:52] Intrusion Prevention engine: Shutdown",
        "[09/Jul/2013 17:00:58] IPS: Basic rules successfully updated to version 1.176",
        "[10/Jul/2013 11:56:18] Antivirus update: Kerio Antivirus database has been successfully updated. Kerio Antivirus engine version/Signature count: (AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)/8528221) is now active.",
        "<190>1 2026-11-14T09:15:02.123+01:00 fw1 security - - - [14/Nov/2026 09:15:02] Engine: Startup",
        "[14/Nov/2026 12:00:00] this is not a security-log record",
    ]

    /// The sample lines, parsed.
    public static func samples() -> [SecurityEvent] {
        let parser = SecurityLogParser()
        return sampleLines.map { parser.parse($0) }
    }

    /// Byte strings that try to forge, split or swallow fields in some format.
    public static let hostileValues: [[UInt8]] = [
        Array("a|b\\|c=d\\=e\\".utf8),
        Array("line1\nline2\r\nline3\rline4".utf8),
        Array("tab\there\u{0}nul\u{1}\u{1b}[31m\u{7f}".utf8),
        Array("\"quoted\",'single',<tag attr=\"x\">&amp;]]></tag>".utf8),
        Array("=1+2".utf8), Array("+cmd|' /C calc'!A0".utf8), Array("-2".utf8), Array("@SUM(A1)".utf8),
        [0xFF, 0xFE, 0x61, 0xC3, 0x20, 0xED, 0xA0, 0x80, 0xEF, 0xBF, 0xBE, 0xEF, 0xBF, 0xBF],
        Array(" leading and trailing spaces ".utf8),
        Array("^~`x09\u{2028}\u{2029}\u{85}".utf8),
        Array(repeating: UInt8(ascii: "A"), count: 10_000) + Array("\\".utf8),
        Array("CEF:0|Evil|Inject|1|x|y|10|src=6.6.6.6 LEEF:2.0|x|y|z|w|^|".utf8),
    ]

    /// Every text field set to every hostile value in turn, for every kind.
    public static func hostile() -> [SecurityEvent] {
        var events: [SecurityEvent] = []
        for (index, value) in hostileValues.enumerated() {
            let kind = Kind.allCases[index % Kind.allCases.count]
            events.append(filled(kind, text: value))
        }
        for kind in Kind.allCases { events.append(hostile(kind)) }
        return events
    }

    /// An event of `kind` whose every text value is hostile.
    public static func hostile(_ kind: Kind) -> SecurityEvent {
        filled(kind, text: hostileValues.flatMap { $0 + [0x20] })
    }

    /// An event of `kind` whose every text value is a plain word.
    public static func benign(_ kind: Kind) -> SecurityEvent {
        filled(kind, text: Array("value".utf8))
    }

    static func filled(_ kind: Kind, text: [UInt8]) -> SecurityEvent {
        var event = SecurityEvent(
            kind: kind,
            timestamp: EventTimestamp(CivilDateTime(year: 2026, month: 11, day: 14, hour: 12, minute: 0, second: 0)!))
        event.setOriginal(String(decoding: text, as: UTF8.self))
        text.withUnsafeBufferPointer { bytes in
            for field in TextField.allCases { event.setBytes(field, bytes) }
        }
        // Addresses keep their meaning: exporters may rely on the parser's guarantee that they are IP literals.
        event[.sourceAddress] = "192.0.2.1"
        event[.destinationAddress] = "2001:db8::1"
        for field in NumberField.allCases { event[field] = 1 }
        event[.sourcePort] = 65_535
        event[.tcpSequence] = 4_294_967_295
        event.ipsAction = .packetDrop
        event.direction = .from
        event.syslog = SyslogEnvelope(format: .rfc5424, priority: 191, timestamp: event.timestamp)
        if kind == .unparsed { event.failure = ParseFailure(.unknownRecord, "hostile") }
        return event
    }
}
