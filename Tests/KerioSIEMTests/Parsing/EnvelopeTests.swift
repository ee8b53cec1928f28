import Foundation
import KerioSIEM
import Testing

/// One record of every kind the parser knows, in its file form's record text (after the bracketed time).
let envelopeRecords: [String] = [
    "IPS: Packet drop, severity: High, Rule ID: 1:3000001 KERIO IPS Test Signature - High Severity, proto:TCP, ip/port:85.17.210.230:80(www.kerio.com) -> 10.0.0.1:49023",
    "IPS: Alert, severity: Blacklist, Rule ID: 1:2403300 ET CINS Active Threat Intelligence Poor Reputation IP group 1, proto:TCP, ip/port:45.155.205.233:51234 -> 192.168.1.10:22(fileserver.company.local)",
    "Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:61.173.81.166:1864 -> 195.39.55.10:445, flags: SYN, seq:3819654104 ack:0, win:16384, tcplen:0",
    "{pktdrop} packet dropped: Anti-spoofing (from Cable, proto:UDP, len:334, 10.20.30.40:68 -> 255.255.255.255:67, udplen:306)",
    "FTP: Bounce attack attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 10,11,12,13,14,15",
    "FTP: Malicious server reply: client: 1.2.3.4, server: 5.6.7.8, response: 227 Entering Passive Mode (10,11,12,13,14,15)",
    "Authentication: HTTP Proxy: Client: 192.168.1.21: User jflyaway doesn't exist",
    "Engine: Startup",
    "Engine: Shutdown",
    "Intrusion Prevention engine: Startup",
    "Intrusion Prevention engine: Shutdown",
    "IPS: Basic rules successfully updated to version 1.176",
    "Antivirus update: Kerio Antivirus database has been successfully updated. Kerio Antivirus engine version/Signature count: (AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)/8528221) is now active.",
]

/// An envelope form: how a collector wraps a record, and what the header must yield.
struct Envelope: Sendable, CustomTestStringConvertible {
    var name: String
    /// The line with `{r}` where the record text goes.
    var template: String
    var format: SyslogEnvelope.Format?
    var priority: Int? = nil
    var hostname: String? = nil
    var appName: String? = nil
    var procID: String? = nil
    var messageID: String? = nil
    var processID: Int64? = nil
    /// The event time (`EventTimestamp.description`), with the parser's year 2026.
    var time: String

    var testDescription: String { name }
    func line(_ record: String) -> String { template.replacingOccurrences(of: "{r}", with: record) }
}

let envelopes: [Envelope] = [
    Envelope(name: "plain file form", template: "[14/Nov/2026 09:15:02] {r}", format: nil, time: "2026-11-14T09:15:02"),
    Envelope(
        name: "RFC 3164 with PRI and TAG", template: "<190>Nov 14 09:15:02 fw1 kerio: [14/Nov/2026 09:15:02] {r}",
        format: .rfc3164, priority: 190, hostname: "fw1", appName: "kerio", time: "2026-11-14T09:15:02"),
    Envelope(
        name: "RFC 3164 without PRI (rsyslog TraditionalFileFormat)", template: "Nov 14 09:15:02 fw1 kerio: {r}",
        format: .rfc3164, hostname: "fw1", appName: "kerio", time: "2026-11-14T09:15:02"),
    Envelope(
        name: "RFC 3164 without TAG", template: "<134>Nov  4 09:15:02 fw1 {r}",
        format: .rfc3164, priority: 134, hostname: "fw1", time: "2026-11-04T09:15:02"),
    Envelope(
        name: "RFC 3164 without PRI and TAG", template: "Mar  1 10:00:00 kerio-fw01 [01/Mar/2026 10:00:00] {r}",
        format: .rfc3164, hostname: "kerio-fw01", time: "2026-03-01T10:00:00"),
    Envelope(
        name: "TAG[PID] (syslog-ng file)", template: "Mar  1 10:00:00 kerio-fw01 kerio[2231]: {r}",
        format: .rfc3164, hostname: "kerio-fw01", appName: "kerio", procID: "2231", processID: 2231,
        time: "2026-03-01T10:00:00"),
    Envelope(
        name: "RFC 3339 in a 3164 header (rsyslog ForwardFormat)",
        template: "<134>2024-02-29T14:02:51-05:00 kerio-fw01 security: {r}",
        format: .rfc3164, priority: 134, hostname: "kerio-fw01", appName: "security", time: "2024-02-29T14:02:51-05:00"),
    Envelope(
        name: "rsyslog FileFormat (no PRI, RFC 3339)",
        template: "2024-02-29T14:02:51.123456+01:00 kerio-fw01 kerio-security: [29/Feb/2024 14:02:51] {r}",
        format: .rfc3164, hostname: "kerio-fw01", appName: "kerio-security", time: "2024-02-29T14:02:51+01:00"),
    Envelope(
        name: "RFC 5424 with PROCID, MSGID, SD and BOM",
        template:
            "<134>1 2024-02-29T14:02:51.250Z kerio-fw01 security 2231 IPS [meta sequenceId=\"7\"][x@1 v=\"a\\\"b\\\\c\\]d\"] \u{FEFF}{r}",
        format: .rfc5424, priority: 134, hostname: "kerio-fw01", appName: "security", procID: "2231", messageID: "IPS",
        processID: 2231, time: "2024-02-29T14:02:51.250000000Z"),
    Envelope(
        name: "RFC 5424 nil values", template: "<14>1 - - - - - - [14/Nov/2026 09:15:02] {r}",
        format: .rfc5424, priority: 14, time: "2026-11-14T09:15:02"),
]

/// Every record kind in every envelope form parses to the file form's record, plus the header's fields.
struct EnvelopeTests {
    let parser = SecurityLogParser(syslogYear: 2026)

    /// The record's own values: kind, flags and every value the record (not the header) carries.
    static func recordValues(_ event: SecurityEvent) -> [String] {
        var values = [
            "\(event.kind)", "\(event.ipsAction.map(\.rawValue) ?? "-")", "\(event.direction.map(\.rawValue) ?? "-")",
        ]
        let header: Set<TextField> = [.syslogHostname, .syslogAppName, .syslogProcID, .syslogMessageID]
        for field in TextField.allCases where !header.contains(field) {
            values.append("\(field)=\(event[field] ?? "nil")")
        }
        for field in NumberField.allCases where field != .processID {
            values.append("\(field)=\(event[field].map(String.init) ?? "nil")")
        }
        return values
    }

    @Test("Every record kind in every envelope", arguments: envelopeRecords, envelopes)
    func recordInEnvelope(_ record: String, _ envelope: Envelope) {
        let plain = parser.parse("[14/Nov/2026 09:15:02] " + record)
        #expect(plain.kind != .unparsed, "the file form must parse: \(plain.failure.map { "\($0)" } ?? "")")
        let line = envelope.line(record)
        let event = parser.parse(line)
        #expect(event.kind == plain.kind, "\(event.failure.map { "\($0)" } ?? "")")
        #expect(Self.recordValues(event) == Self.recordValues(plain))
        #expect(event.syslog?.format == envelope.format)
        #expect(event.syslog?.priority == envelope.priority)
        #expect(event[.syslogHostname] == envelope.hostname)
        #expect(event[.syslogAppName] == envelope.appName)
        #expect(event[.syslogProcID] == envelope.procID)
        #expect(event[.syslogMessageID] == envelope.messageID)
        #expect(event[.processID] == envelope.processID)
        #expect(event.timestamp?.description == envelope.time)
        #expect(event.original == line)
    }

    /// The eight lines of issue 11, verbatim in their headers, with the records completed.
    static let issueExamples: [(line: String, kind: Kind, host: String, app: String?)] = [
        ("Feb 29 14:02:51 kerio-fw01 kerio: Engine: Startup", .engineStartup, "kerio-fw01", "kerio"),
        (
            "2024-02-29T14:02:51.123456+01:00 kerio-fw01 kerio-security: " + envelopeRecords[0], .ips, "kerio-fw01",
            "kerio-security"
        ),
        (
            "<134>2024-02-29T14:02:51-05:00 kerio-fw01 security: " + envelopeRecords[6], .authenticationFailure,
            "kerio-fw01", "security"
        ),
        ("<134>Feb 29 14:02:51 kerio-fw01 " + envelopeRecords[0], .ips, "kerio-fw01", nil),
        ("<13>Feb  5 17:32:18 fw1 Engine: Startup", .engineStartup, "fw1", nil),
        ("Mar  1 10:00:00 kerio-fw01 kerio[2231]: " + envelopeRecords[4], .ftpBounceAttack, "kerio-fw01", "kerio"),
        (
            "<134>1 2024-02-29T14:02:51.250Z kerio-fw01 security 2231 IPS [meta sequenceId=\"7\"] \u{FEFF}"
                + envelopeRecords[2],
            .antiSpoofing, "kerio-fw01", "security"
        ),
        (
            "Mar  1 10:00:00 kerio-fw01 IPS: Alert, severity: Medium, Rule ID: 1:3000002 KERIO IPS Test Signature - Medium Severity, proto:TCP, ip/port:85.17.210.230:80 -> 10.0.0.1:49023",
            .ips, "kerio-fw01", nil
        ),
    ]

    @Test("The issue's eight examples", arguments: issueExamples.indices)
    func issueExample(_ index: Int) {
        let example = Self.issueExamples[index]
        let event = SecurityLogParser(syslogYear: 2024).parse(example.line)
        #expect(event.kind == example.kind, "\(event.failure.map { "\($0)" } ?? "")")
        #expect(event[.syslogHostname] == example.host)
        #expect(event[.syslogAppName] == example.app)
        let plain = parser.parse("[29/Feb/2024 14:02:51] " + (event[.message] ?? ""))
        #expect(Self.recordValues(event) == Self.recordValues(plain))
    }

    @Test func everyLineOfTheEnvelopesSampleParsesAsItsFileForm() throws {
        let lines = try Fixtures.sampleLines("envelopes.log")
        #expect(lines.count == 143)
        for line in lines {
            let event = SecurityLogParser(syslogYear: 2026).parse(bytes: line)
            #expect(
                event.kind != .unparsed,
                "\(String(decoding: line, as: UTF8.self)): \(event.failure.map { "\($0)" } ?? "")")
            let plain = parser.parse("[14/Nov/2026 09:15:02] " + (event[.message] ?? ""))
            #expect(Self.recordValues(event) == Self.recordValues(plain))
        }
    }

    // MARK: - Tag or record

    @Test func aWordEndingInAColonIsATagOnlyWhenTheRestParses() {
        // "kerio:" is a TAG (the rest parses); "IPS:" and "Engine:" are records (as TAGs the rest would not parse).
        let tagged = parser.parse("<13>Nov 14 09:15:02 fw1 Engine: Engine: Startup")
        #expect(tagged.kind == .engineStartup)
        #expect(tagged[.syslogAppName] == "Engine")
        let untagged = parser.parse("<13>Nov 14 09:15:02 fw1 Engine: Startup")
        #expect(untagged.kind == .engineStartup)
        #expect(untagged[.syslogAppName] == nil)
        // No HOSTNAME: a word ending in ':' right after the time is not a host name.
        let hostless = parser.parse("<13>Nov 14 09:15:02 Engine: Startup")
        #expect(hostless.kind == .engineStartup)
        #expect(hostless[.syslogHostname] == nil)
    }

    @Test func whenNeitherReadingParsesTheMorePreciseFailureIsReported() {
        // As a TAG "IPS" leaves "Packet drop, …" (unknown record); as a record it is a malformed IPS record.
        let event = parser.parse("<13>Nov 14 09:15:02 fw1 IPS: Packet drop, severity: High")
        #expect(event.failure?.reason == .malformedRecord)
        #expect(event[.syslogAppName] == nil)
        let unknown = parser.parse("<13>Nov 14 09:15:02 fw1 kerio: Something else")
        #expect(unknown.failure?.reason == .unknownRecord)
        #expect(unknown.failure?.message == "'Something else' is not a Security-log record")
        #expect(unknown[.syslogAppName] == "kerio")
        #expect(unknown[.syslogHostname] == "fw1")
    }

    @Test(
        "A recognisable header is never missing-timestamp",
        arguments: [
            ("<190>1 - fw1 security - - - Engine: Startup", ParseFailure.Reason.invalidTimestamp),
            ("Nov 31 09:15:02 fw1 kerio: Engine: Startup", .invalidTimestamp),
            ("Nov 14 25:15:02 fw1 kerio: Engine: Startup", .invalidTimestamp),
            ("2026-11-14T09:15:02 fw1 kerio: Engine: Startup", .invalidTimestamp),
            ("Nov 14 09:15:02 fw1 kerio: Something", .unknownRecord),
            ("Nov 14 09:15:02 fw1 kerio: [14/Nov/2026 9:15:02] Engine: Startup", .invalidTimestamp),
            ("November 14 fw1 Engine: Startup", .missingTimestamp),
            ("2026-11-14 09:15:02 fw1 Engine: Startup", .missingTimestamp),
        ])
    func reasonsStayPrecise(_ line: String, _ reason: ParseFailure.Reason) {
        let event = parser.parse(line)
        #expect(event.kind == .unparsed)
        #expect(event.failure?.reason == reason, "\(event.failure.map { "\($0)" } ?? "no failure")")
    }

    // MARK: - RFC 5424 limits

    static func rfc5424(
        host: String = "fw1", app: String = "security", procID: String = "-", messageID: String = "-",
        sd: String = "-"
    ) -> String {
        "<134>1 2026-11-14T09:15:02Z \(host) \(app) \(procID) \(messageID) \(sd) Engine: Startup"
    }

    @Test(
        "RFC 5424 limits",
        arguments: [
            (rfc5424(host: String(repeating: "h", count: 255)), nil),
            (rfc5424(host: String(repeating: "h", count: 256)), "RFC 5424 HOSTNAME is 256 bytes long, more than 255"),
            (rfc5424(app: String(repeating: "a", count: 48)), nil),
            (rfc5424(app: String(repeating: "a", count: 49)), "RFC 5424 APP-NAME is 49 bytes long, more than 48"),
            (rfc5424(procID: String(repeating: "1", count: 128)), nil),
            (rfc5424(procID: String(repeating: "1", count: 129)), "RFC 5424 PROCID is 129 bytes long, more than 128"),
            (rfc5424(messageID: String(repeating: "m", count: 32)), nil),
            (rfc5424(messageID: String(repeating: "m", count: 33)), "RFC 5424 MSGID is 33 bytes long, more than 32"),
            (rfc5424(app: "séc"), "RFC 5424 APP-NAME holds byte 0xC3, not printable US-ASCII (33–126)"),
            (rfc5424(messageID: "a\u{7F}"), "RFC 5424 MSGID holds byte 0x7F, not printable US-ASCII (33–126)"),
            (
                "<134>1 2026-11-14T09:15:02Z fw1  - - - Engine: Startup",
                "RFC 5424 APP-NAME is empty (two spaces in a row; '-' is the nil value)"
            ),
            (
                "<134>2 2026-11-14T09:15:02Z fw1 security - - - Engine: Startup",
                "RFC 5424 VERSION '2' is not 1, the only version defined"
            ),
            (
                "<134>10 2026-11-14T09:15:02Z fw1 security - - - Engine: Startup",
                "RFC 5424 VERSION '10' is not 1, the only version defined"
            ),
            ("<134>1 2026-11-14T09:15:02Z fw1 security", "RFC 5424 header ends after APP-NAME"),
        ] as [(String, String?)])
    func rfc5424Limits(_ line: String, _ message: String?) {
        let event = parser.parse(line)
        if let message {
            #expect(event.failure?.reason == .invalidSyslogHeader)
            #expect(
                event.failure?.message.hasPrefix(message) == true, "\(event.failure.map { "\($0)" } ?? "no failure")")
        } else {
            #expect(event.kind == .engineStartup, "\(event.failure.map { "\($0)" } ?? "")")
        }
    }

    @Test(
        "Structured data",
        arguments: [
            ("[a]", nil),
            ("[a b=\"\"]", nil),
            (
                "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]",
                nil
            ),
            ("[a b=\"q\\\"uote \\\\ back \\] close\"]", nil),
            ("[a b=\"backslash before other \\n bytes\"]", nil),
            ("[" + String(repeating: "i", count: 32) + "]", nil),
            (
                "[" + String(repeating: "i", count: 33) + "]",
                "STRUCTURED-DATA: SD-ID '" + String(repeating: "i", count: 33) + "' is 33 bytes long, more than 32"
            ),
            ("[a " + String(repeating: "p", count: 33) + "=\"v\"]", "STRUCTURED-DATA: PARAM-NAME"),
            ("[]", "STRUCTURED-DATA: SD-ID is empty or starts with byte 0x5D"),
            ("[a b=\"v]\"]", "STRUCTURED-DATA: unescaped ']' in the value of 'b'"),
            // The element is never closed: the message's first word is read as the next PARAM-NAME.
            ("[a b=\"v\"", "STRUCTURED-DATA: PARAM-NAME 'Engine:' is not followed by =\""),
            ("[a b=\"v]", "STRUCTURED-DATA: unescaped ']'"),
            ("[a b=\"v", "STRUCTURED-DATA: the value of 'b' has no closing quote"),
            ("[a b=v]", "STRUCTURED-DATA: PARAM-NAME 'b' is not followed by =\""),
            ("[a b]", "STRUCTURED-DATA: PARAM-NAME 'b' is not followed by =\""),
            ("[a=b]", "STRUCTURED-DATA: byte 0x3D where ' ' or ']' must follow"),
            ("[a \"b\"=\"c\"]", "STRUCTURED-DATA: PARAM-NAME is empty or starts with byte 0x22"),
            ("[a]x", "no space between STRUCTURED-DATA and MSG"),
            ("x", "STRUCTURED-DATA is neither '-' nor '[…]'"),
        ] as [(String, String?)])
    func structuredData(_ sd: String, _ message: String?) {
        let event = parser.parse(Self.rfc5424(sd: sd))
        if let message {
            #expect(event.failure?.reason == .invalidSyslogHeader)
            #expect(
                event.failure?.message.hasPrefix(message) == true, "\(event.failure.map { "\($0)" } ?? "no failure")")
        } else {
            #expect(event.kind == .engineStartup, "\(event.failure.map { "\($0)" } ?? "")")
        }
    }

    @Test func procIDIsANumberOnlyWhenItIsDecimal() {
        #expect(parser.parse(Self.rfc5424(procID: "2147483647"))[.processID] == 2_147_483_647)
        let big = parser.parse(Self.rfc5424(procID: "2147483648"))
        #expect(big[.processID] == nil && big[.syslogProcID] == "2147483648")
        let word = parser.parse(Self.rfc5424(procID: "worker-3"))
        #expect(word[.processID] == nil && word[.syslogProcID] == "worker-3")
        // Header fields survive a record that fails to parse.
        let failed = parser.parse("<134>1 2026-11-14T09:15:02Z fw1 security 42 IPS - Engine: Sideways")
        #expect(failed.kind == .unparsed)
        #expect(failed[.syslogProcID] == "42" && failed[.processID] == 42 && failed[.syslogMessageID] == "IPS")
    }

    // MARK: - Times

    static func now(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> SecurityLogParser {
        SecurityLogParser(
            syslogYear: .inferred(
                now: CivilDateTime(
                    year: year, month: month, day: day, hour: hour,
                    minute: minute, second: 0)!))
    }

    @Test func aDecember31LineReadOnJanuary1IsFromThePreviousYear() {
        let event = Self.now(2027, 1, 1, 0, 10).parse("Dec 31 23:59:58 fw1 kerio: Engine: Startup")
        #expect(event.timestamp?.description == "2026-12-31T23:59:58")
        // Within a day ahead is clock skew, not last year.
        let skewed = Self.now(2026, 11, 14, 9).parse("Nov 14 20:00:00 fw1 kerio: Engine: Startup")
        #expect(skewed.timestamp?.description == "2026-11-14T20:00:00")
        let lastYear = Self.now(2026, 11, 14, 9).parse("Nov 15 10:00:00 fw1 kerio: Engine: Startup")
        #expect(lastYear.timestamp?.description == "2025-11-15T10:00:00")
        // 29 February goes to the last year that has one, if that is the year before.
        let leap = Self.now(2025, 3, 1).parse("Feb 29 10:00:00 fw1 kerio: Engine: Startup")
        #expect(leap.timestamp?.description == "2024-02-29T10:00:00")
        let noLeap = Self.now(2026, 3, 1).parse("Feb 29 10:00:00 fw1 kerio: Engine: Startup")
        #expect(noLeap.failure?.reason == .invalidTimestamp)
        // A fixed year is taken as given.
        #expect(
            SecurityLogParser(syslogYear: 2020).parse("Dec 31 23:59:58 fw1 kerio: Engine: Startup")
                .timestamp?.description == "2020-12-31T23:59:58")
    }

    @Test func dayPaddingVariants() {
        for line in [
            "Nov  4 09:15:02 fw1 kerio: Engine: Startup", "Nov 04 09:15:02 fw1 kerio: Engine: Startup",
            "Nov 4 09:15:02 fw1 kerio: Engine: Startup",
        ] {
            #expect(parser.parse(line).timestamp?.description == "2026-11-04T09:15:02", "\(line)")
        }
    }

    @Test func theBracketedTimeStaysTheEventTime() {
        // The header is a relay's clock, hours away: the Kerio time wins, without the header's offset.
        let event = parser.parse("2026-11-14T18:00:00+01:00 relay kerio: [14/Nov/2026 09:15:02] Engine: Startup")
        #expect(event.timestamp?.description == "2026-11-14T09:15:02")
        #expect(event.syslog?.timestamp?.description == "2026-11-14T18:00:00+01:00")
        // Fractions of any length: the first nine digits are kept.
        let fine = parser.parse("2026-11-14T09:15:02.1234567891Z fw1 kerio: Engine: Startup")
        #expect(fine.timestamp?.civil.nanosecond == 123_456_789)
    }

    @Test func headerFieldsReachEveryFormat() throws {
        let line = "<134>1 2024-02-29T14:02:51.250Z kerio-fw01 security 2231 IPS - Engine: Startup"
        let event = parser.parse(line)
        func render(_ name: String) throws -> String {
            ECSRendering.record(
                try ExporterRegistry.standard.makeExporter(named: name, options: ExportOptions()), event)
        }
        let ecs = try render("ecs")
        #expect(
            ecs.contains("\"hostname\":\"kerio-fw01\",\"appname\":\"security\",\"procid\":\"2231\",\"msgid\":\"IPS\""))
        #expect(ecs.contains("\"process\":{\"pid\":2231}"))
        #expect(ecs.contains("\"facility\":{\"code\":16"))
        let cef = try render("cef")
        #expect(cef.contains("KerioControlSyslogProcId=2231 dvcpid=2231 KerioControlSyslogMsgId=IPS"))
        #expect(cef.contains("dvchost=kerio-fw01"))
        let leef = try render("leef")
        #expect(leef.contains("syslogProcId=2231") && leef.contains("syslogMsgId=IPS"))
        let xml = try render("xml")
        #expect(xml.contains("<procid>2231</procid>") && xml.contains("<pid>2231</pid>"))
    }
}
