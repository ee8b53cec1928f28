import KerioSIEM
import Testing

/// One sample line and every value the parser must extract from it.
struct ExpectedRecord: Sendable, CustomTestStringConvertible {
    var line: String
    var kind: Kind
    var time: String
    var text: [TextField: String] = [:]
    var numbers: [NumberField: Int64] = [:]
    var action: IPSAction? = nil
    var direction: PacketDirection? = nil

    var testDescription: String { String(line.prefix(70)) }
}

/// Every line of the vendor's article (with its two rendering glitches), plus the real variants of Kerio Control's "Security log" knowledge-base article
let documentedRecords: [ExpectedRecord] = [
    ExpectedRecord(
        line:
            "[02/Mar/2013 08:54:38] IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binaryproto:TCP, ip/port:95.211.98.71:80(hosted-by.example.com) > 192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)",
        kind: .ips, time: "2013-03-02T08:54:38",
        text: [
            .severity: "High", .ruleID: "1:2010575", .ruleName: "ET TROJAN ASProtect/ASPack Packed Binary",
            .transport: "TCP",
            .sourceAddress: "95.211.98.71", .sourceHost: "hosted-by.example.com", .destinationAddress: "192.168.48.131",
            .destinationHost: "wsmith-pc.company.com", .destinationUser: "wsmith",
        ],
        numbers: [.sourcePort: 80, .destinationPort: 49960], action: .packetDrop),
    ExpectedRecord(
        line:
            "[02/Mar/2010 08:54:38] IPS: Packet drop, severity: High, Rule ID: 1:2008575 ET TROJAN ASProtect/ASPack Packed Binary proto:TCP, ip/port:95.211.98.71:80(hosted-by.example.com) -> 192.168.48.131:49960(wsmith-pc.company.com,user:smith)",
        kind: .ips, time: "2010-03-02T08:54:38",
        text: [
            .severity: "High", .ruleID: "1:2008575", .ruleName: "ET TROJAN ASProtect/ASPack Packed Binary",
            .transport: "TCP",
            .sourceAddress: "95.211.98.71", .sourceHost: "hosted-by.example.com", .destinationAddress: "192.168.48.131",
            .destinationHost: "wsmith-pc.company.com", .destinationUser: "smith",
        ],
        numbers: [.sourcePort: 80, .destinationPort: 49960], action: .packetDrop),
    ExpectedRecord(
        line:
            "[14/Nov/2026 10:02:44] IPS: Packet drop, severity: Blacklist, Rule ID: 1:2522571 ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic group 572, proto:UDP, ip/port:192.168.11.120:59073 -> 171.25.193.9:123",
        kind: .ips, time: "2026-11-14T10:02:44",
        text: [
            .severity: "Blacklist", .ruleID: "1:2522571",
            .ruleName: "ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic group 572",
            .transport: "UDP", .sourceAddress: "192.168.11.120", .destinationAddress: "171.25.193.9",
        ],
        numbers: [.sourcePort: 59073, .destinationPort: 123], action: .packetDrop),
    ExpectedRecord(
        line:
            "[14/Nov/2026 10:05:00] IPS: Alert, severity: Medium, Rule ID: 1:2019401, proto:TCP, ip/port:203.0.113.7:4444(user:jnovak) -> 192.168.1.23:445(user:eva)",
        kind: .ips, time: "2026-11-14T10:05:00",
        text: [
            .severity: "Medium", .ruleID: "1:2019401", .transport: "TCP", .sourceAddress: "203.0.113.7",
            .sourceUser: "jnovak",
            .destinationAddress: "192.168.1.23", .destinationUser: "eva",
        ],
        numbers: [.sourcePort: 4444, .destinationPort: 445], action: .alert),
    ExpectedRecord(
        line:
            "[14/Nov/2026 10:07:30] IPS: Packet drop, severity: High, Rule ID: 1:2024897 ET EXPLOIT \"Struts\" <OGNL> & (CVE-2017-5638), a|b=c\\d, proto:TCP, ip/port:[2001:db8:85a3::8a2e:370:7334]:443(v6.example.net) -> [2001:db8::10]:51514(pc.local,user:eva.svobodová)",
        kind: .ips, time: "2026-11-14T10:07:30",
        text: [
            .severity: "High", .ruleID: "1:2024897",
            .ruleName: "ET EXPLOIT \"Struts\" <OGNL> & (CVE-2017-5638), a|b=c\\d", .transport: "TCP",
            .sourceAddress: "2001:db8:85a3::8a2e:370:7334", .sourceHost: "v6.example.net",
            .destinationAddress: "2001:db8::10",
            .destinationHost: "pc.local", .destinationUser: "eva.svobodová",
        ],
        numbers: [.sourcePort: 443, .destinationPort: 51514], action: .packetDrop),
    ExpectedRecord(
        line:
            "[14/Nov/2026 10:06:12] IPS: Alert, severity: Low, Rule ID: 1:2100366 GPL ICMP_INFO PING *NIX, proto:ICMP, ip/port:198.51.100.20 -> 2001:db8::1",
        kind: .ips, time: "2026-11-14T10:06:12",
        text: [
            .severity: "Low", .ruleID: "1:2100366", .ruleName: "GPL ICMP_INFO PING *NIX", .transport: "ICMP",
            .sourceAddress: "198.51.100.20", .destinationAddress: "2001:db8::1",
        ],
        action: .alert),
    ExpectedRecord(
        line:
            "[17/Jul/2013 11:46:38] Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:61.173.81.166:1864 > 195.39.55.10:445, flags: SYN, seq:3819654104 ack:0, win:16384, tcplen:0",
        kind: .antiSpoofing, time: "2013-07-17T11:46:38",
        text: [
            .interface: "LAN", .transport: "TCP", .sourceAddress: "61.173.81.166", .destinationAddress: "195.39.55.10",
            .tcpFlags: "SYN",
        ],
        numbers: [
            .packetLength: 48, .sourcePort: 1864, .destinationPort: 445, .tcpSequence: 3_819_654_104,
            .tcpAcknowledgement: 0,
            .tcpWindow: 16384, .tcpPayloadLength: 0,
        ],
        direction: .from),
    ExpectedRecord(
        line:
            "[14/Nov/2026 11:00:01] Anti-Spoofing: Packet to Internet (Cable, backup), proto:TCP, len:52, ip/port:10.10.10.10:443 -> 192.168.5.20:50122, flags: ACK PSH, seq:1099972190 ack:3795090926, win:64036, tcplen:7",
        kind: .antiSpoofing, time: "2026-11-14T11:00:01",
        text: [
            .interface: "Internet (Cable, backup)", .transport: "TCP", .sourceAddress: "10.10.10.10",
            .destinationAddress: "192.168.5.20",
            .tcpFlags: "ACK PSH",
        ],
        numbers: [
            .packetLength: 52, .sourcePort: 443, .destinationPort: 50122, .tcpSequence: 1_099_972_190,
            .tcpAcknowledgement: 3_795_090_926, .tcpWindow: 64036, .tcpPayloadLength: 7,
        ],
        direction: .to),
    ExpectedRecord(
        line:
            "[27/Oct/2019 00:41:20] {pktdrop} packet dropped: Anti-spoofing (from Cable, proto:UDP, len:334, 10.20.30.40:68 -> 255.255.255.255:67, udplen:306)",
        kind: .antiSpoofing, time: "2019-10-27T00:41:20",
        text: [
            .interface: "Cable", .transport: "UDP", .sourceAddress: "10.20.30.40",
            .destinationAddress: "255.255.255.255",
        ],
        numbers: [.packetLength: 334, .sourcePort: 68, .destinationPort: 67, .udpPayloadLength: 306], direction: .from),
    ExpectedRecord(
        line:
            "[14/Nov/2026 11:05:00] {pktdrop} packet dropped: Anti-spoofing (to LAN (office), proto:ICMP, len:84, 212.212.62.103 > 69.172.201.208, type:8 code:0 id:12380 seq:1 ttl:64)",
        kind: .antiSpoofing, time: "2026-11-14T11:05:00",
        text: [
            .interface: "LAN (office)", .transport: "ICMP", .sourceAddress: "212.212.62.103",
            .destinationAddress: "69.172.201.208",
        ],
        numbers: [.packetLength: 84, .icmpType: 8, .icmpCode: 0, .icmpID: 12380, .icmpSequence: 1, .ipTTL: 64],
        direction: .to),
    ExpectedRecord(
        line:
            "[17/Jul/2013 11:55:14] FTP: Bounce attack attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 10,11,12,13,14,15",
        kind: .ftpBounceAttack, time: "2013-07-17T11:55:14",
        text: [.sourceAddress: "1.2.3.4", .destinationAddress: "5.6.7.8", .ftpCommand: "PORT 10,11,12,13,14,15"]),
    ExpectedRecord(
        line:
            "[17/Jul/2013 11:56:27] FTP: Malicious server reply: client: 1.2.3.4, server: 5.6.7.8, response: 227 Entering Passive Mode (10,11,12,13,14,15)",
        kind: .ftpMaliciousReply, time: "2013-07-17T11:56:27",
        text: [
            .sourceAddress: "1.2.3.4", .destinationAddress: "5.6.7.8",
            .ftpResponse: "227 Entering Passive Mode (10,11,12,13,14,15)",
        ]),
    ExpectedRecord(
        line: "[14/Nov/2026 12:00:05] Authentication: HTTP Proxy: Client: 192.168.1.21: User jflyaway doesn't exist",
        kind: .authenticationFailure, time: "2026-11-14T12:00:05",
        text: [
            .authService: "HTTP Proxy", .sourceAddress: "192.168.1.21", .authReason: "User jflyaway doesn't exist",
            .userName: "jflyaway",
        ]),
    ExpectedRecord(
        line:
            "[14/Nov/2026 12:00:09] Authentication: VPN Client: Client: 2001:db8::42: Kerberos 5 auth: user james@company.com not authenticated",
        kind: .authenticationFailure, time: "2026-11-14T12:00:09",
        text: [
            .authService: "VPN Client", .sourceAddress: "2001:db8::42",
            .authReason: "Kerberos 5 auth: user james@company.com not authenticated", .userName: "james@company.com",
        ]),
    ExpectedRecord(
        line:
            "[14/Nov/2026 12:00:18] Authentication: WebAdmin SSL: Client: 192.168.1.22: Invalid password for user admin",
        kind: .authenticationFailure, time: "2026-11-14T12:00:18",
        text: [
            .authService: "WebAdmin SSL", .sourceAddress: "192.168.1.22",
            .authReason: "Invalid password for user admin", .userName: "admin",
        ]),
    ExpectedRecord(
        line:
            "[14/Nov/2026 12:00:15] Authentication: Admin: Client: 10.0.0.2: Too many failed attempts: address blocked",
        kind: .authenticationFailure, time: "2026-11-14T12:00:15",
        text: [
            .authService: "Admin", .sourceAddress: "10.0.0.2", .authReason: "Too many failed attempts: address blocked",
        ]),
    ExpectedRecord(line: "[17/Jun/2013 12:11:33] Engine: Startup", kind: .engineStartup, time: "2013-06-17T12:11:33"),
    ExpectedRecord(line: "[17/Jun/2013 12:22:43] Engine: Shutdown", kind: .engineShutdown, time: "2013-06-17T12:22:43"),
    ExpectedRecord(
        line: "[28/Jun/2013 10:58:58] Intrusion Prevention engine: Startup", kind: .ipsEngineStartup,
        time: "2013-06-28T10:58:58"),
    ExpectedRecord(
        line: "[28/Jun/2013 11:18:52] Intrusion Prevention engine: Shutdown", kind: .ipsEngineShutdown,
        time: "2013-06-28T11:18:52"),
    ExpectedRecord(
        line: "[09/Jul/2013 17:00:58] IPS: Basic rules successfully updated to version 1.176",
        kind: .ipsRulesUpdate, time: "2013-07-09T17:00:58", text: [.rulesVersion: "1.176"]),
    ExpectedRecord(
        line:
            "[10/Jul/2013 11:56:18] Antivirus update: Kerio Antivirus database has been successfully updated. Kerio Antivirus engine version/Signature count: (AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)/8528221) is now active.",
        kind: .antivirusUpdate, time: "2013-07-10T11:56:18",
        text: [.antivirusEngine: "AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)"],
        numbers: [.signatureCount: 8_528_221]),
    ExpectedRecord(
        line:
            "<190>1 2026-11-14T09:15:02.123+01:00 fw1.company.local security - - - [14/Nov/2026 09:15:02] Engine: Startup",
        kind: .engineStartup, time: "2026-11-14T09:15:02+01:00",
        text: [.syslogHostname: "fw1.company.local", .syslogAppName: "security"]),
    ExpectedRecord(
        line: "<190>1 2026-11-14T10:15:02Z fw1 security - - - \u{FEFF}Engine: Shutdown",
        kind: .engineShutdown, time: "2026-11-14T10:15:02Z", text: [.syslogHostname: "fw1", .syslogAppName: "security"]),
    ExpectedRecord(
        line:
            "<134>1 2026-11-14T11:00:00.000-05:00 kerio-control kerio 2210 sec [origin ip=\"192.0.2.1\" x=\"a\\]b\"] Engine: Startup",
        kind: .engineStartup, time: "2026-11-14T11:00:00-05:00",
        text: [
            .syslogHostname: "kerio-control", .syslogAppName: "kerio", .syslogProcID: "2210", .syslogMessageID: "sec",
        ],
        numbers: [.processID: 2210]),
    ExpectedRecord(
        line:
            "<190>Nov  4 08:01:02 fw1 kerio[1234]: FTP: Bounce attack attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 1,2,3,4,5,6",
        kind: .ftpBounceAttack, time: "1970-11-04T08:01:02",
        text: [
            .syslogHostname: "fw1", .syslogAppName: "kerio", .syslogProcID: "1234", .sourceAddress: "1.2.3.4",
            .destinationAddress: "5.6.7.8", .ftpCommand: "PORT 1,2,3,4,5,6",
        ],
        numbers: [.processID: 1234]),
]

struct KBArticleTests {
    let parser = SecurityLogParser()

    @Test("Every documented record yields exactly its values", arguments: documentedRecords)
    func documentedRecord(_ expected: ExpectedRecord) {
        let event = parser.parse(expected.line)
        #expect(event.kind == expected.kind, "\(event.failure.map { "\($0)" } ?? "")")
        #expect(event.timestamp?.description == expected.time)
        #expect(event.ipsAction == expected.action)
        #expect(event.direction == expected.direction)
        for field in TextField.allCases where field != .message {
            #expect(event[field] == expected.text[field], "\(field)")
        }
        for field in NumberField.allCases {
            #expect(event[field] == expected.numbers[field], "\(field)")
        }
        #expect(event.original == expected.line)
    }

    @Test func messageIsTheRecordAfterThePrefix() {
        let event = parser.parse(
            "<190>1 2026-11-14T10:15:02Z fw1 security - - - [14/Nov/2026 10:15:02] Engine: Startup")
        #expect(event[.message] == "Engine: Startup")
        #expect(event.syslog?.facility == 23)
        #expect(event.syslog?.severity == 6)
        #expect(event.syslog?.format == .rfc5424)
        #expect(event.syslog?.timestamp?.description == "2026-11-14T10:15:02Z")
    }

    @Test func headerOffsetAppliesOnlyToTheSameWallClock() {
        // Same wall clock (two seconds of send delay): the header's offset is the box's zone.
        let same = parser.parse(
            "<190>1 2026-11-14T09:15:04+01:00 fw1 security - - - [14/Nov/2026 09:15:02] Engine: Startup")
        #expect(same.timestamp?.description == "2026-11-14T09:15:02+01:00")
        // A relay re-stamped the header in UTC: its offset says nothing about Kerio's clock.
        let relayed = parser.parse(
            "<190>1 2026-11-14T08:15:02Z relay security - - - [14/Nov/2026 09:15:02] Engine: Startup")
        #expect(relayed.timestamp?.description == "2026-11-14T09:15:02")
        #expect(relayed.timestamp?.epochMilliseconds(in: try! KerioTimeZone(identifier: "+01:00")) == 1_794_644_102_000)
        // RFC 3164 headers state no offset.
        let bsd = parser.parse("<13>Nov 14 09:15:02 fw1 security: [14/Nov/2026 09:15:02] Engine: Startup")
        #expect(bsd.timestamp?.utcOffsetSeconds == nil)
    }

    @Test func rfc3164YearComesFromTheParser() {
        let event = SecurityLogParser(syslogYear: 2026).parse("<13>Feb 29 10:00:00 fw1 security: Engine: Startup")
        #expect(event.kind == .unparsed)  // 2026 is not a leap year
        #expect(event.failure?.reason == .invalidTimestamp)
        let leap = SecurityLogParser(syslogYear: 2028).parse("<13>Feb 29 10:00:00 fw1 security: Engine: Startup")
        #expect(leap.kind == .engineStartup)
        #expect(leap.timestamp?.description == "2028-02-29T10:00:00")
    }
}
