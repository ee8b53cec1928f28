import KerioSIEM
import Testing

/// Exact LEEF 2.0 and 1.0 output for hand-built events of every kind, delimiter validation, and the LEEF-specific
/// rules (13-digit devTime, sev 1–10, identity keys, header sanitising).
struct LEEFExporterTests {
    /// A sample event and the exact LEEF 2.0 (TAB) record the default options produce for it.
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

    /// `LEEF:2.0|Kerio|Control|9|<event id>|x09|<attributes joined by TAB>\n`.
    static func leef(_ eventID: String, _ attributes: [String]) -> String {
        "LEEF:2.0|Kerio|Control|9|" + eventID + "|x09|" + attributes.joined(separator: "\t") + "\n"
    }

    static func render(_ event: SecurityEvent, _ options: ExportOptions = ExportOptions()) throws -> String {
        ECSRendering.text(try LEEFExporter(options: options), [event])
    }

    /// One case per sample of ``SampleEvents/allAndVariants``, in that order; the values are those of the events.
    static let cases: [Case] = [
        Case(
            "ips_packet_drop", SampleEvents.ipsPacketDrop,
            leef(
                "1:2010575",
                [
                    "devTime=1362214478000", "sev=8", "proto=TCP", "src=95.211.98.71", "srcPort=80",
                    "dst=192.168.48.131",
                    "dstPort=49960", "srcHost=hosted-by.example.com", "dstHost=wsmith-pc.company.com", "dstUser=wsmith",
                    "usrName=wsmith", "identSrc=192.168.48.131", "identHostName=wsmith-pc.company.com",
                    "action=blocked",
                    "ruleName=ET TROJAN ASProtect/ASPack Packed Binary", "ipsSeverity=High",
                    "msg=" + SampleEvents.ipsPacketDrop[.message]!, "cat=IntrusionPrevention",
                ])),
        // A user without a host name: identity from the source address, no identHostName.
        Case(
            "ips_alert_blacklist", SampleEvents.ipsAlertBlacklist,
            leef(
                "1:2522571",
                [
                    "devTime=1775383200000", "sev=7", "proto=UDP", "src=192.168.11.120", "srcPort=59073",
                    "dst=198.51.100.7", "dstPort=123", "srcUser=jdoe", "usrName=jdoe", "identSrc=192.168.11.120",
                    "action=alert", "ruleName=ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic group 572",
                    "ipsSeverity=Blacklist", "msg=" + SampleEvents.ipsAlertBlacklist[.message]!,
                    "cat=IntrusionPrevention",
                ])),
        Case(
            "ips_alert_ipv6", SampleEvents.ipsAlertIPv6,
            leef(
                "1:3000002",
                [
                    "devTime=1775473933000", "sev=5", "proto=TCP", "src=2001:db8::10", "srcPort=443",
                    "dst=2001:db8::20", "dstPort=52000", "action=alert", "ipsSeverity=Medium",
                    "msg=" + SampleEvents.ipsAlertIPv6[.message]!, "cat=IntrusionPrevention",
                ])),
        Case(
            "anti_spoofing_classic", SampleEvents.antiSpoofingClassic,
            leef(
                "anti_spoofing",
                [
                    "devTime=1374061598000", "sev=5", "proto=TCP", "src=61.173.81.166", "srcPort=1864",
                    "dst=195.39.55.10", "dstPort=445", "action=blocked", "inInterface=LAN",
                    "msg=" + SampleEvents.antiSpoofingClassic[.message]!, "tcpFlags=SYN", "tcpSequence=3819654104",
                    "tcpAcknowledgement=0", "tcpWindow=16384", "tcpPayloadLength=0", "packetLength=48",
                    "cat=AntiSpoofing",
                ])),
        Case(
            "anti_spoofing_pktdrop", SampleEvents.antiSpoofingPacketDrop,
            leef(
                "anti_spoofing",
                [
                    "devTime=1572136880000", "sev=5", "proto=UDP", "src=10.1.2.3", "srcPort=5353", "dst=10.1.2.255",
                    "dstPort=5353", "action=blocked", "inInterface=Cable",
                    "msg=" + SampleEvents.antiSpoofingPacketDrop[.message]!, "udpPayloadLength=306", "packetLength=334",
                    "cat=AntiSpoofing",
                ])),
        Case(
            "anti_spoofing_icmp", SampleEvents.antiSpoofingICMP,
            leef(
                "anti_spoofing",
                [
                    "devTime=1450798360000", "sev=5", "proto=ICMP", "src=10.0.0.5", "dst=10.0.0.1",
                    "action=blocked", "outInterface=WAN", "msg=" + SampleEvents.antiSpoofingICMP[.message]!,
                    "icmpType=8",
                    "icmpCode=0", "icmpId=12380", "icmpSequence=1", "ipTtl=64", "packetLength=84", "cat=AntiSpoofing",
                ])),
        Case(
            "ftp_bounce_attack", SampleEvents.ftpBounceAttack,
            leef(
                "ftp_bounce_attack",
                [
                    "devTime=1374062114000", "sev=7", "src=1.2.3.4", "dst=5.6.7.8",
                    "msg=" + SampleEvents.ftpBounceAttack[.message]!, "ftpCommand=PORT 10,11,12,13,14,15",
                    "cat=FTPInspection",
                ])),
        Case(
            "ftp_malicious_reply", SampleEvents.ftpMaliciousReply,
            leef(
                "ftp_malicious_reply",
                [
                    "devTime=1374062187000", "sev=7", "src=1.2.3.4", "dst=5.6.7.8",
                    "msg=" + SampleEvents.ftpMaliciousReply[.message]!,
                    "ftpResponse=227 Entering Passive Mode (10,11,12,13,14,15)", "cat=FTPInspection",
                ])),
        Case(
            "authentication_failure", SampleEvents.authenticationFailure,
            leef(
                "authentication_failure",
                [
                    "devTime=1374138721000", "sev=5", "src=192.168.1.20", "usrName=jsmith", "outcome=failure",
                    "msg=" + SampleEvents.authenticationFailure[.message]!, "reason=Invalid password for user jsmith",
                    "authService=HTTP Proxy", "cat=Authentication",
                ])),
        Case(
            "engine_startup", SampleEvents.engineStartup,
            leef(
                "engine_startup",
                [
                    "devTime=1371471093000", "sev=1", "msg=" + SampleEvents.engineStartup[.message]!, "cat=System",
                ])),
        Case(
            "engine_shutdown", SampleEvents.engineShutdown,
            leef(
                "engine_shutdown",
                [
                    "devTime=1371471002000", "sev=1", "msg=" + SampleEvents.engineShutdown[.message]!, "cat=System",
                ])),
        Case(
            "ips_engine_startup", SampleEvents.ipsEngineStartup,
            leef(
                "ips_engine_startup",
                [
                    "devTime=1372417180000", "sev=1", "msg=" + SampleEvents.ipsEngineStartup[.message]!, "cat=System",
                ])),
        Case(
            "ips_engine_shutdown", SampleEvents.ipsEngineShutdown,
            leef(
                "ips_engine_shutdown",
                [
                    "devTime=1372417138000", "sev=1", "msg=" + SampleEvents.ipsEngineShutdown[.message]!,
                    "cat=System",
                ])),
        Case(
            "ips_rules_update", SampleEvents.ipsRulesUpdate,
            leef(
                "ips_rules_update",
                [
                    "devTime=1373389258000", "sev=1", "msg=" + SampleEvents.ipsRulesUpdate[.message]!,
                    "rulesVersion=1.176",
                    "cat=Update",
                ])),
        Case(
            "antivirus_update", SampleEvents.antivirusUpdate,
            leef(
                "antivirus_update",
                [
                    "devTime=1373457378000", "sev=1", "msg=" + SampleEvents.antivirusUpdate[.message]!,
                    "antivirusEngine=AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)", "signatureCount=8528221",
                    "cat=Update",
                ])),
        // A zone-less Kerio time is read in the options' zone (UTC): devTime is 10:00:00Z, while the header's own
        // time (10:00:00.123+02:00) is 08:00:00.123Z.
        Case(
            "syslog_engine_startup", SampleEvents.syslogEngineStartup,
            leef(
                "engine_startup",
                [
                    "devTime=1775383200000", "sev=1", "msg=" + SampleEvents.syslogEngineStartup[.message]!,
                    "syslogFormat=rfc5424", "syslogFacility=23", "syslogSeverity=6", "syslogTime=1775376000123",
                    "syslogAppName=security", "deviceHostName=fw1", "cat=System",
                ])),
        Case(
            "unparsed_with_time", SampleEvents.unparsedWithTime,
            leef(
                "unparsed",
                [
                    "devTime=1775383201000", "sev=1", "parseError=unknown-record",
                    "parseErrorDetail='Dial:' is not a Security-log record",
                    "rawEvent=[05/Apr/2026 10:00:01] Dial: Line \"Connection\" dialing manually", "cat=Unparsed",
                ])),
        Case(
            "unparsed_without_time", SampleEvents.unparsedWithoutTime,
            leef(
                "unparsed",
                [
                    "sev=1", "parseError=missing-timestamp", "parseErrorDetail=no [dd/Mon/yyyy hh:mm:ss] prefix",
                    "rawEvent=garbage without a time", "cat=Unparsed",
                ])),
        // The header's +02:00 applies to the bracketed time: devTime is 08:00:00Z, 123 ms before the header's time.
        Case(
            "syslog_engine_startup_zoned", SampleEvents.syslogEngineStartupZoned,
            leef(
                "engine_startup",
                [
                    "devTime=1775376000000", "sev=1", "msg=" + SampleEvents.syslogEngineStartupZoned[.message]!,
                    "syslogFormat=rfc5424", "syslogFacility=23", "syslogSeverity=6", "syslogTime=1775376000123",
                    "syslogAppName=security", "deviceHostName=fw1", "cat=System",
                ])),
    ]

    @Test func everySampleHasACase() {
        #expect(Self.cases.map(\.name) == SampleEvents.allAndVariants.map(\.name))
    }

    @Test("Exact LEEF 2.0 record for every kind", arguments: cases)
    func exactRecord(_ sample: Case) throws {
        #expect(try Self.render(sample.event) == sample.line)
    }

    @Test(
        "LEEF 1.0, from the leef format's option or from leef1, is the same record with a 1.0 header",
        arguments: cases)
    func version1(_ sample: Case) throws {
        let attributes = String(sample.line.dropFirst("LEEF:2.0|Kerio|Control|9|".count))
            .split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        let expected = "LEEF:1.0|Kerio|Control|9|" + attributes[0] + "|" + attributes[2]
        var options = ExportOptions()
        options.leefVersion = .v1
        #expect(try Self.render(sample.event, options) == expected)
        #expect(ECSRendering.text(try LEEF1Exporter(options: ExportOptions()), [sample.event]) == expected)
    }

    @Test func caretDelimiter() throws {
        var options = ExportOptions()
        options.leefDelimiter = UInt8(ascii: "^")
        var event = SampleEvents.ftpBounceAttack
        event[.ftpCommand] = "PORT 1^2\t3"
        #expect(
            try Self.render(event, options) == """
                LEEF:2.0|Kerio|Control|9|ftp_bounce_attack|^|devTime=1374062114000^sev=7^src=1.2.3.4^dst=5.6.7.8^\
                msg=\(event[.message]!)^ftpCommand=PORT 1 2 3^cat=FTPInspection

                """)
    }

    @Test func syslogFraming() throws {
        var options = ExportOptions()
        options.syslogFraming = .rfc5424
        options.observerHostName = "fw1"
        #expect(
            try Self.render(SampleEvents.ipsAlertIPv6, options).hasPrefix(
                "<36>1 2026-04-06T11:12:13.000Z fw1 kerio-siem - - - LEEF:2.0|Kerio|Control|9|1:3000002|x09|"))
        options.syslogFraming = .rfc3164
        options.leefVersion = .v1
        let line = try Self.render(SampleEvents.authenticationFailure, options)
        #expect(line.hasPrefix("<36>Jul 18 09:12:01 fw1 LEEF:1.0|Kerio|Control|9|authentication_failure|devTime="))
        #expect(line.hasSuffix("\tdeviceHostName=fw1\tcat=Authentication\n"))
    }

    @Test func includeOriginal() throws {
        var options = ExportOptions()
        options.includeOriginal = true
        options.leefDelimiter = UInt8(ascii: "~")
        #expect(
            try Self.render(SampleEvents.syslogEngineStartup, options).hasSuffix(
                """
                ~deviceHostName=fw1~rawEvent=<190>1 2026-04-05T10:00:00.123+02:00 fw1 security - - - \
                [05/Apr/2026 10:00:00] Engine: Startup~cat=System

                """))
    }

    @Test(
        "Delimiters that could break the record or a typed value are rejected",
        arguments:
            Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            + Array(UInt8(ascii: "a")...UInt8(ascii: "z"))
            + [
                UInt8(ascii: "="), UInt8(ascii: "|"), UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: ":"),
                UInt8(ascii: "-"), 0x00, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xC3, 0xFF,
            ])
    func rejectedDelimiter(_ byte: UInt8) {
        var options = ExportOptions()
        options.leefDelimiter = byte
        #expect {
            _ = try LEEFExporter(options: options)
        } throws: { error in
            guard case ExportError.invalidOption("leefDelimiter", _) = error else { return false }
            return true
        }
    }

    @Test(
        "Printable punctuation and TAB are accepted and declared in the header",
        arguments: [
            (UInt8(0x09), "x09"), (UInt8(ascii: "^"), "^"), (UInt8(ascii: "~"), "~"), (UInt8(ascii: "#"), "#"),
            (UInt8(ascii: ";"), ";"), (UInt8(ascii: "!"), "!"), (UInt8(ascii: "\\"), "\\"), (UInt8(ascii: "/"), "/"),
            (UInt8(ascii: ","), ","), (UInt8(ascii: "_"), "_"),
        ])
    func acceptedDelimiter(_ byte: UInt8, _ declared: String) throws {
        var options = ExportOptions()
        options.leefDelimiter = byte
        let line = try Self.render(SampleEvents.engineStartup, options)
        let separator = byte == 0x09 ? "\t" : declared
        #expect(
            line == "LEEF:2.0|Kerio|Control|9|engine_startup|\(declared)|devTime=1371471093000\(separator)"
                + "sev=1\(separator)msg=Engine: Startup\(separator)cat=System\n")
    }

    @Test func version1IgnoresTheDelimiterOption() throws {
        var options = ExportOptions()
        options.leefDelimiter = UInt8(ascii: "a")
        options.leefVersion = .v1
        #expect(throws: Never.self) { _ = try LEEFExporter(options: options) }
        #expect(throws: Never.self) { _ = try LEEF1Exporter(options: options) }
        options.leefVersion = .v2
        #expect(throws: ExportError.self) { _ = try LEEFExporter(options: options) }
    }

    @Test(
        "devTime always has 13 digits; other instants keep their value in epochMillis",
        arguments: [
            (SampleEvents.time(2000, 1, 1, 0, 0, 0), "devTime=0946684800000"),
            (SampleEvents.time(1970, 1, 1, 0, 0, 0), "devTime=0000000000000"),
            (SampleEvents.time(1969, 12, 31, 23, 59, 59), "epochMillis=-1000"),
            (SampleEvents.time(2286, 11, 20, 17, 46, 40), "epochMillis=10000000000000"),
        ])
    func devTime(_ time: EventTimestamp, _ expected: String) throws {
        let line = try Self.render(SecurityEvent(kind: .engineStartup, timestamp: time))
        #expect(line == "LEEF:2.0|Kerio|Control|9|engine_startup|x09|\(expected)\tsev=1\tcat=System\n")
    }

    @Test("sev is the CEF severity clamped to 1–10", arguments: Kind.allCases)
    func severity(_ kind: Kind) throws {
        let line = try Self.render(SecurityEvent(kind: kind))
        let expected = max(1, CEFLEEFReferenceModel.cefSeverity(kind, word: nil))
        #expect(line.contains("|x09|sev=\(expected)\t"))
    }

    @Test("EventID and cat of every kind", arguments: Kind.allCases)
    func kindIdentity(_ kind: Kind) throws {
        let line = try Self.render(SecurityEvent(kind: kind))
        #expect(line.hasPrefix("LEEF:2.0|Kerio|Control|9|\(kind.name)|x09|"))
        #expect(line.hasSuffix("\tcat=\(CEFLEEFReferenceModel.categories[kind]!)\n"))
    }

    @Test func identityComesFromKerioHostUsers() throws {
        var event = SecurityEvent(kind: .ips)
        event[.sourceAddress] = "2001:db8::7"
        event[.sourceHost] = "pc7"
        event[.sourceUser] = "eva"
        event[.destinationAddress] = "10.0.0.1"
        event[.destinationUser] = "adam"
        #expect(
            try Self.render(event)
                == Self.leef(
                    "ips",
                    [
                        "sev=5", "src=2001:db8::7", "dst=10.0.0.1", "srcHost=pc7", "srcUser=eva", "dstUser=adam",
                        "usrName=eva",
                        "identSrc=2001:db8::7", "identHostName=pc7", "cat=IntrusionPrevention",
                    ]))
        // No identity from an address that is not an IP literal.
        event[.sourceAddress] = "unknown"
        #expect(!(try Self.render(event)).contains("identSrc"))
        // A failed login names an account, but nobody logged in: no identity.
        var login = SampleEvents.authenticationFailure
        login[.sourceUser] = "eva"
        let line = try Self.render(login)
        #expect(line.contains("\tusrName=jsmith\t"))
        #expect(!line.contains("identSrc"))
        login[.userName] = nil
        let withoutAccount = try Self.render(login)
        #expect(withoutAccount.contains("\tusrName=eva\t"))
        #expect(!withoutAccount.contains("identSrc"))
    }

    @Test func headerFieldsAreSanitisedAndCut() throws {
        var options = ExportOptions()
        options.deviceVendor = "Ker|io\tx\r\ny\u{1}"
        options.deviceProduct = String(repeating: "p", count: 300)
        var event = SampleEvents.ipsPacketDrop
        event[.ruleID] = "1:2|3"
        let line = try Self.render(event, options)
        #expect(line.hasPrefix("LEEF:2.0|Ker io x  y\u{FFFD}|" + String(repeating: "p", count: 255) + "|9|1:2 3|x09|"))
    }

    @Test func usrNameIsCutTo255Bytes() throws {
        var event = SampleEvents.authenticationFailure
        event[.userName] = String(repeating: "ab", count: 126) + "€"  // 252 + 3 bytes fits; one more byte would not
        #expect(try Self.render(event).contains("\tusrName=" + String(repeating: "ab", count: 126) + "€\t"))
        event[.userName] = String(repeating: "ab", count: 127) + "€"
        #expect(try Self.render(event).contains("\tusrName=" + String(repeating: "ab", count: 127) + "\t"))
    }

    @Test func formatsAreRegistered() throws {
        #expect(ExporterRegistry.standard.lookup("leef") == LEEFExporter.self)
        #expect(ExporterRegistry.standard.lookup("leef1") == LEEF1Exporter.self)
        #expect(LEEFExporter.format.schema == "leef.schema.json")
        #expect(LEEF1Exporter.format.schema == "leef.schema.json")
        #expect(LEEF1Exporter.format.fileExtension == "leef")
    }
}
