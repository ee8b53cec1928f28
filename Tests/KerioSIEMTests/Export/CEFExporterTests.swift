import KerioSIEM
import Testing

/// Exact CEF output for hand-built events of every kind, and the rules behind it: typed keys, caps, trimming, syslog
/// framing, options.
struct CEFExporterTests {
    /// A sample event and the exact record the default options produce for it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var event: SecurityEvent
        var line: String
        var testDescription: String { name }

        init(_ name: String, _ event: SecurityEvent, _ line: String) {
            self.name = name
            self.event = event
            self.line = line
        }
    }

    /// `CEF:0|Kerio|Control|9|<header>|<pairs joined by spaces>\n`.
    static func cef(_ header: String, _ pairs: [String]) -> String {
        "CEF:0|Kerio|Control|9|" + header + "|" + pairs.joined(separator: " ") + "\n"
    }

    static func render(_ event: SecurityEvent, _ options: ExportOptions = ExportOptions()) throws -> String {
        ECSRendering.text(try CEFExporter(options: options), [event])
    }

    /// One case per sample of ``SampleEvents/allAndVariants``, in that order; the values are those of the events.
    static let cases: [Case] = [
        Case(
            "ips_packet_drop", SampleEvents.ipsPacketDrop,
            cef(
                "1:2010575|ET TROJAN ASProtect/ASPack Packed Binary|8",
                [
                    "rt=1362214478000", "act=blocked", "proto=TCP", "src=95.211.98.71", "spt=80",
                    "shost=hosted-by.example.com", "dst=192.168.48.131", "dpt=49960", "dhost=wsmith-pc.company.com",
                    "duser=wsmith", "msg=" + SampleEvents.ipsPacketDrop[.message]!, "cs1=High", "cs1Label=IPS Severity",
                    "cat=IntrusionPrevention",
                ])),
        Case(
            "ips_alert_blacklist", SampleEvents.ipsAlertBlacklist,
            cef(
                "1:2522571|ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic group 572|7",
                [
                    "rt=1775383200000", "act=alert", "proto=UDP", "src=192.168.11.120", "spt=59073", "suser=jdoe",
                    "dst=198.51.100.7", "dpt=123", "msg=" + SampleEvents.ipsAlertBlacklist[.message]!,
                    "cs1=Blacklist", "cs1Label=IPS Severity", "cat=IntrusionPrevention",
                ])),
        Case(
            "ips_alert_ipv6", SampleEvents.ipsAlertIPv6,
            cef(
                "1:3000002|IPS rule 1:3000002|5",
                [
                    "rt=1775473933000", "act=alert", "proto=TCP", "c6a2=2001:db8::10",
                    "c6a2Label=Source IPv6 Address", "spt=443", "c6a3=2001:db8::20",
                    "c6a3Label=Destination IPv6 Address", "dpt=52000", "msg=" + SampleEvents.ipsAlertIPv6[.message]!,
                    "cs1=Medium", "cs1Label=IPS Severity", "cat=IntrusionPrevention",
                ])),
        Case(
            "anti_spoofing_classic", SampleEvents.antiSpoofingClassic,
            cef(
                "anti_spoofing|Anti-spoofing packet drop|5",
                [
                    "rt=1374061598000", "act=blocked", "proto=TCP", "src=61.173.81.166", "spt=1864", "dst=195.39.55.10",
                    "dpt=445", "deviceInboundInterface=LAN", "msg=" + SampleEvents.antiSpoofingClassic[.message]!,
                    "cs5=SYN", "cs5Label=TCP Flags", "cn1=48", "cn1Label=Packet Length",
                    "KerioControlTcpSequence=3819654104", "KerioControlTcpAcknowledgement=0",
                    "KerioControlTcpWindow=16384", "KerioControlTcpPayloadLength=0", "cat=AntiSpoofing",
                ])),
        Case(
            "anti_spoofing_pktdrop", SampleEvents.antiSpoofingPacketDrop,
            cef(
                "anti_spoofing|Anti-spoofing packet drop|5",
                [
                    "rt=1572136880000", "act=blocked", "proto=UDP", "src=10.1.2.3", "spt=5353", "dst=10.1.2.255",
                    "dpt=5353", "deviceInboundInterface=Cable", "msg=" + SampleEvents.antiSpoofingPacketDrop[.message]!,
                    "cn1=334", "cn1Label=Packet Length", "KerioControlUdpPayloadLength=306", "cat=AntiSpoofing",
                ])),
        Case(
            "anti_spoofing_icmp", SampleEvents.antiSpoofingICMP,
            cef(
                "anti_spoofing|Anti-spoofing packet drop|5",
                [
                    "rt=1450798360000", "act=blocked", "proto=ICMP", "src=10.0.0.5", "dst=10.0.0.1",
                    "deviceOutboundInterface=WAN", "msg=" + SampleEvents.antiSpoofingICMP[.message]!, "cn1=84",
                    "cn1Label=Packet Length", "cn3=8", "cn3Label=ICMP Type", "KerioControlIcmpCode=0",
                    "KerioControlIcmpId=12380", "KerioControlIcmpSequence=1", "KerioControlIpTtl=64",
                    "cat=AntiSpoofing",
                ])),
        Case(
            "ftp_bounce_attack", SampleEvents.ftpBounceAttack,
            cef(
                "ftp_bounce_attack|FTP bounce attack attempt|7",
                [
                    "rt=1374062114000", "src=1.2.3.4", "dst=5.6.7.8",
                    "msg=" + SampleEvents.ftpBounceAttack[.message]!,
                    "cs3=PORT 10,11,12,13,14,15", "cs3Label=FTP Command", "cat=FTPInspection",
                ])),
        Case(
            "ftp_malicious_reply", SampleEvents.ftpMaliciousReply,
            cef(
                "ftp_malicious_reply|FTP malicious server reply|7",
                [
                    "rt=1374062187000", "src=1.2.3.4", "dst=5.6.7.8",
                    "msg=" + SampleEvents.ftpMaliciousReply[.message]!,
                    "cs4=227 Entering Passive Mode (10,11,12,13,14,15)", "cs4Label=FTP Response", "cat=FTPInspection",
                ])),
        Case(
            "authentication_failure", SampleEvents.authenticationFailure,
            cef(
                "authentication_failure|Authentication failure|5",
                [
                    "rt=1374138721000", "outcome=failure", "src=192.168.1.20", "duser=jsmith",
                    "msg=" + SampleEvents.authenticationFailure[.message]!, "reason=Invalid password for user jsmith",
                    "cs2=HTTP Proxy", "cs2Label=Authentication Service", "cat=Authentication",
                ])),
        Case(
            "engine_startup", SampleEvents.engineStartup,
            cef(
                "engine_startup|Engine startup|1",
                [
                    "rt=1371471093000", "msg=" + SampleEvents.engineStartup[.message]!, "cat=System",
                ])),
        Case(
            "engine_shutdown", SampleEvents.engineShutdown,
            cef(
                "engine_shutdown|Engine shutdown|1",
                [
                    "rt=1371471002000", "msg=" + SampleEvents.engineShutdown[.message]!, "cat=System",
                ])),
        Case(
            "ips_engine_startup", SampleEvents.ipsEngineStartup,
            cef(
                "ips_engine_startup|Intrusion Prevention engine startup|1",
                [
                    "rt=1372417180000", "msg=" + SampleEvents.ipsEngineStartup[.message]!, "cat=System",
                ])),
        Case(
            "ips_engine_shutdown", SampleEvents.ipsEngineShutdown,
            cef(
                "ips_engine_shutdown|Intrusion Prevention engine shutdown|1",
                [
                    "rt=1372417138000", "msg=" + SampleEvents.ipsEngineShutdown[.message]!, "cat=System",
                ])),
        Case(
            "ips_rules_update", SampleEvents.ipsRulesUpdate,
            cef(
                "ips_rules_update|IPS rules updated|1",
                [
                    "rt=1373389258000", "msg=" + SampleEvents.ipsRulesUpdate[.message]!,
                    "KerioControlRulesVersion=1.176",
                    "cat=Update",
                ])),
        Case(
            "antivirus_update", SampleEvents.antivirusUpdate,
            cef(
                "antivirus_update|Antivirus database updated|1",
                [
                    "rt=1373457378000", "msg=" + SampleEvents.antivirusUpdate[.message]!, "cn2=8528221",
                    "cn2Label=Signature Count",
                    "KerioControlAntivirusEngine=AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)", "cat=Update",
                ])),
        // A zone-less Kerio time is read in the options' zone (UTC): rt is 10:00:00Z, while the header's own time
        // (10:00:00.123+02:00) is 08:00:00.123Z.
        Case(
            "syslog_engine_startup", SampleEvents.syslogEngineStartup,
            cef(
                "engine_startup|Engine startup|1",
                [
                    "rt=1775383200000", "msg=" + SampleEvents.syslogEngineStartup[.message]!,
                    "KerioControlSyslogFormat=rfc5424", "KerioControlSyslogFacility=23", "KerioControlSyslogSeverity=6",
                    "KerioControlSyslogTime=1775376000123", "KerioControlSyslogAppName=security", "dvchost=fw1",
                    "cat=System",
                ])),
        Case(
            "unparsed_with_time", SampleEvents.unparsedWithTime,
            cef(
                "unparsed|Unparsed log line|0",
                [
                    "rt=1775383201000", "cs6=[05/Apr/2026 10:00:01] Dial: Line \"Connection\" dialing manually",
                    "cs6Label=rawEvent", "KerioControlParseError=unknown-record",
                    "KerioControlParseErrorDetail='Dial:' is not a Security-log record", "cat=Unparsed",
                ])),
        Case(
            "unparsed_without_time", SampleEvents.unparsedWithoutTime,
            cef(
                "unparsed|Unparsed log line|0",
                [
                    "cs6=garbage without a time", "cs6Label=rawEvent", "KerioControlParseError=missing-timestamp",
                    "KerioControlParseErrorDetail=no [dd/Mon/yyyy hh:mm:ss] prefix", "cat=Unparsed",
                ])),
        // The header's +02:00 applies to the bracketed time: rt is 08:00:00Z, 123 ms before the header's time.
        Case(
            "syslog_engine_startup_zoned", SampleEvents.syslogEngineStartupZoned,
            cef(
                "engine_startup|Engine startup|1",
                [
                    "rt=1775376000000", "msg=" + SampleEvents.syslogEngineStartupZoned[.message]!,
                    "KerioControlSyslogFormat=rfc5424", "KerioControlSyslogFacility=23", "KerioControlSyslogSeverity=6",
                    "KerioControlSyslogTime=1775376000123", "KerioControlSyslogAppName=security", "dvchost=fw1",
                    "cat=System",
                ])),
    ]

    @Test("Exact record for every kind", arguments: cases)
    func exactRecord(_ sample: Case) throws {
        #expect(try Self.render(sample.event) == sample.line)
    }

    @Test func everyKindHasASample() {
        let kinds = Set(Self.cases.map(\.event.kind.name))
        #expect(kinds == Set(Kind.allCases.map(\.name)))
    }

    @Test func everySampleHasACase() {
        #expect(Self.cases.map(\.name) == SampleEvents.allAndVariants.map(\.name))
    }

    @Test func rfc3164Framing() throws {
        var options = ExportOptions()
        options.syslogFraming = .rfc3164
        options.observerHostName = "fw1.example.com"
        let line = try Self.render(SampleEvents.ipsPacketDrop, options)
        #expect(line.hasPrefix("<35>Mar  2 08:54:38 fw1.example.com CEF:0|Kerio|Control|9|1:2010575|"))
        #expect(line.hasSuffix(" dvchost=fw1.example.com cat=IntrusionPrevention\n"))
        // A two-digit day is not padded; an engine record is informational.
        let engine = try Self.render(SampleEvents.ipsEngineStartup, options)
        #expect(engine.hasPrefix("<38>Jun 28 10:59:40 fw1.example.com CEF:0|"))
    }

    @Test func rfc5424Framing() throws {
        var options = ExportOptions()
        options.syslogFraming = .rfc5424
        options.timeZone = .fixed(secondsEastOfUTC: -5 * 3_600)
        let line = try Self.render(SampleEvents.ftpBounceAttack, options)
        #expect(
            line.hasPrefix(
                "<35>1 2013-07-17T16:55:14.000Z - kerio-siem - - - CEF:0|Kerio|Control|9|ftp_bounce_attack|"))
        #expect(line.contains("|7|rt=1374080114000 src=1.2.3.4 "))
    }

    @Test func framingUsesTheSyslogHostnameAndTime() throws {
        var options = ExportOptions()
        options.syslogFraming = .rfc5424
        // RFC 5424 gives the event's instant in UTC: 10:00:00+02:00 is 08:00:00Z.
        let rfc5424 = try Self.render(SampleEvents.syslogEngineStartupZoned, options)
        #expect(rfc5424.hasPrefix("<38>1 2026-04-05T08:00:00.000Z fw1 kerio-siem - - - CEF:0|Kerio|Control|9|"))
        // RFC 3164 gives the wall time as logged.
        options.syslogFraming = .rfc3164
        let rfc3164 = try Self.render(SampleEvents.syslogEngineStartupZoned, options)
        #expect(rfc3164.hasPrefix("<38>Apr  5 10:00:00 fw1 CEF:0|Kerio|Control|9|engine_startup|Engine startup|1|"))
    }

    @Test func framingWithoutATime() throws {
        var options = ExportOptions()
        options.syslogFraming = .rfc5424
        #expect(
            try Self.render(SampleEvents.unparsedWithoutTime, options).hasPrefix("<38>1 - - kerio-siem - - - CEF:0|"))
        options.syslogFraming = .rfc3164
        #expect(
            try Self.render(SampleEvents.unparsedWithoutTime, options).hasPrefix(
                "<38>Jan  1 00:00:00 kerio-control CEF:0|"))
    }

    @Test("The syslog HOST never holds spaces, colons or anything that could start a header")
    func framingSanitisesTheHost() throws {
        var options = ExportOptions()
        options.syslogFraming = .rfc3164
        options.observerHostName = "evil host CEF:0|x|ž"
        let line = try Self.render(SampleEvents.engineStartup, options)
        #expect(line.hasPrefix("<38>Jun 17 12:11:33 evil-host-CEF-0-x--- CEF:0|"))
        #expect(line.contains(" dvchost=evil host CEF:0|x|ž cat=System\n"))
    }

    @Test func includeOriginal() throws {
        var options = ExportOptions()
        options.includeOriginal = true
        let line = try Self.render(SampleEvents.syslogEngineStartup, options)
        #expect(
            line.contains(
                " cs6=<190>1 2026-04-05T10:00:00.123+02:00 fw1 security - - - [05/Apr/2026 10:00:00] Engine: Startup "
                    + "cs6Label=rawEvent "))
        // Without the option only unparsed records carry their line.
        #expect(!(try Self.render(SampleEvents.syslogEngineStartup)).contains("cs6"))
    }

    @Test func observerHostNameKeepsTheSyslogHostname() throws {
        var options = ExportOptions()
        options.observerHostName = "gateway"
        let line = try Self.render(SampleEvents.syslogEngineStartup, options)
        #expect(line.hasSuffix(" dvchost=gateway KerioControlSyslogHostName=fw1 cat=System\n"))
    }

    @Test func headerOptionsAreEscapedAndCut() throws {
        var options = ExportOptions()
        options.deviceVendor = "Ker|io\\ = x\r\ny\t"
        options.deviceProduct = String(repeating: "p", count: 70)
        options.deviceVersion = String(repeating: "é", count: 20)
        let line = try Self.render(SampleEvents.engineStartup, options)
        let expected =
            "CEF:0|Ker\\|io\\\\ = x  y |" + String(repeating: "p", count: 63) + "|"
            + String(repeating: "é", count: 15) + "|engine_startup|"
        #expect(line.hasPrefix(expected))
    }

    @Test func ipsNameFallsBackToTheRuleIDThenToTheKind() throws {
        var event = SampleEvents.ipsPacketDrop
        event[.ruleName] = nil
        #expect(try Self.render(event).hasPrefix("CEF:0|Kerio|Control|9|1:2010575|IPS rule 1:2010575|8|"))
        event[.ruleID] = nil
        #expect(try Self.render(event).hasPrefix("CEF:0|Kerio|Control|9|ips|IPS detection|8|"))
        event[.ruleName] = "A|B\\C"
        #expect(try Self.render(event).hasPrefix("CEF:0|Kerio|Control|9|ips|A\\|B\\\\C|8|"))
    }

    @Test(
        "Severity follows the documented table",
        arguments: [
            (Kind.ips, "High", 8), (.ips, "high", 8), (.ips, "Blacklist", 7), (.ips, "Medium", 5), (.ips, "Low", 3),
            (.ips, "Critical", 5), (.ips, nil, 5), (.antiSpoofing, nil, 5), (.ftpBounceAttack, nil, 7),
            (.ftpMaliciousReply, nil, 7), (.authenticationFailure, nil, 5), (.engineStartup, nil, 1),
            (.engineShutdown, nil, 1), (.ipsEngineStartup, nil, 1), (.ipsEngineShutdown, nil, 1),
            (.ipsRulesUpdate, nil, 1), (.antivirusUpdate, nil, 1), (.unparsed, nil, 0),
        ] as [(Kind, String?, Int)])
    func severity(_ kind: Kind, _ word: String?, _ expected: Int) throws {
        var event = SecurityEvent(kind: kind)
        event[.severity] = word
        event[.ruleID] = "1:1"
        let header = try Self.render(event).split(separator: "|", omittingEmptySubsequences: false)
        #expect(header[6] == "\(expected)")
    }

    @Test("Class id, Name and cat of every kind", arguments: Kind.allCases)
    func kindIdentity(_ kind: Kind) throws {
        let line = try Self.render(SecurityEvent(kind: kind))
        let fields = line.split(separator: "|", omittingEmptySubsequences: false)
        #expect(fields[4] == kind.name)
        #expect(String(fields[5]) == CEFLEEFReferenceModel.cefNames[kind])
        #expect(line.hasSuffix("cat=\(CEFLEEFReferenceModel.categories[kind]!)\n"))
    }

    @Test(
        "Addresses go to src/dst only when IPv4, to c6a2/c6a3 when IPv6, else to text keys",
        arguments: [
            ("10.0.0.1", "src=10.0.0.1 "),
            ("::ffff:10.0.0.1", "c6a2=::ffff:10.0.0.1 c6a2Label=Source IPv6 Address "),
            ("2001:DB8::A", "c6a2=2001:DB8::A c6a2Label=Source IPv6 Address "),
            ("fe80::1%eth0", "KerioControlSourceAddress=fe80::1%eth0 "),
            ("010.0.0.1", "KerioControlSourceAddress=010.0.0.1 "),
            ("256.0.0.1", "KerioControlSourceAddress=256.0.0.1 "),
            ("1:2:3:4:5:6:7:8:9", "KerioControlSourceAddress=1:2:3:4:5:6:7:8:9 "),
            ("host.example.com", "KerioControlSourceAddress=host.example.com "),
        ])
    func addressTyping(_ address: String, _ expected: String) throws {
        var event = SecurityEvent(kind: .ips)
        event[.sourceAddress] = address
        #expect(try Self.render(event).contains("|5|" + expected))
    }

    @Test func portsOutOfRangeAndEarlyTimesKeepTheirValues() throws {
        var event = SecurityEvent(kind: .antiSpoofing, timestamp: SampleEvents.time(1969, 12, 31, 23, 59, 59))
        event[.sourcePort] = 70_000
        event[.destinationPort] = -1
        let line = try Self.render(event)
        #expect(
            line.contains(
                "|5|KerioControlEpochMillis=-1000 act=blocked KerioControlSourcePort=70000 "
                    + "KerioControlDestinationPort=-1 cat=AntiSpoofing\n"))
    }

    @Test func spacesAreTrimmedAndEmptyValuesOmitted() throws {
        var event = SecurityEvent(kind: .authenticationFailure)
        event[.message] = " \t spaced out \t "
        event[.authReason] = "    "
        event[.userName] = ""
        event[.authService] = "\tWebAdmin "
        #expect(
            try Self.render(event)
                == Self.cef(
                    "authentication_failure|Authentication failure|5",
                    [
                        "outcome=failure", "msg=spaced out", "cs2=WebAdmin", "cs2Label=Authentication Service",
                        "cat=Authentication",
                    ]))
    }

    @Test func escapesInTheExtension() throws {
        var event = SecurityEvent(kind: .ftpBounceAttack)
        event[.ftpCommand] = "a=b\\c|d\ne\rf\tg\u{0}h"
        #expect(try Self.render(event).contains("|7|cs3=a\\=b\\\\c|d\\ne\\rf g\u{FFFD}h cs3Label=FTP Command "))
    }

    @Test("Values are cut on a character boundary so that their escaped form fits the key's cap")
    func caps() throws {
        var event = SecurityEvent(kind: .antiSpoofing)
        event[.transport] = String(repeating: "ž", count: 20)  // 40 bytes → 15 characters (30 bytes) fit 31
        event[.message] = String(repeating: "=", count: 600)  // escaped as \= : 511 fit 1,023
        event[.interface] = String(repeating: "a", count: 127) + "é"  // é would end at byte 129
        event[.syslogHostname] = String(repeating: "h", count: 99) + " x"  // cut at 100, then the trailing space
        event.direction = .to
        let line = try Self.render(event)
        #expect(line.contains("proto=" + String(repeating: "ž", count: 15) + " "))
        #expect(line.contains(" msg=" + String(repeating: "\\=", count: 511) + " "))
        #expect(line.contains(" deviceOutboundInterface=" + String(repeating: "a", count: 127) + " "))
        #expect(line.contains(" dvchost=" + String(repeating: "h", count: 99) + " cat="))
    }

    @Test func registryOffersCEFAndBothLEEFVersions() throws {
        let names = ExporterRegistry.standard.formats.map(\.name)
        let cef = try #require(names.firstIndex(of: "cef"))
        #expect(names[cef + 1] == "leef")
        #expect(names[cef + 2] == "leef1")
        #expect(CEFExporter.format.schema == "cef.schema.json")
        #expect(ExporterRegistry.standard.lookup("cef") == CEFExporter.self)
    }

    @Test func aNewExporterPerStreamWritesTheSameBytes() throws {
        let events = SampleEvents.allAndVariants.map(\.event)
        let first = ECSRendering.text(try CEFExporter(options: ExportOptions()), events)
        let second = ECSRendering.text(try CEFExporter(options: ExportOptions()), events)
        #expect(first == second)
        #expect(first.split(separator: "\n").count == events.count)
    }
}
