import Foundation

@testable import KerioSIEM

/// The one set of hand-built events every exporter test uses (ECS, CSV, XML, CEF, LEEF): one (or more) of every record
/// kind, as the parser would produce them from the example lines, and hostile events whose text holds every character
/// the formats must survive.
///
/// ``all`` is the order and content of the `kinds.*` golden files: change an event there and the goldens change.
/// Variants that only some formats need go to ``variants``, outside the goldens.
enum SampleEvents {
    // MARK: - Building blocks

    static func time(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
        nanosecond: Int = 0, offset: Int? = nil
    ) -> EventTimestamp {
        EventTimestamp(
            CivilDateTime(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                nanosecond: nanosecond)!, utcOffsetSeconds: offset)
    }

    /// An event whose original line is `line` and whose `message` is the text after the `] ` of the time prefix.
    static func event(
        _ kind: Kind, _ line: String, at timestamp: EventTimestamp?,
        _ configure: (inout SecurityEvent) -> Void = { _ in }
    ) -> SecurityEvent {
        var event = SecurityEvent(kind: kind, timestamp: timestamp)
        event.setOriginal(line)
        if let end = line.range(of: "] ") { event[.message] = String(line[end.upperBound...]) }
        configure(&event)
        return event
    }

    // MARK: - One per kind (plus variants)

    static let ipsPacketDrop = event(
        .ips,
        "[02/Mar/2013 08:54:38] IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.211.98.71:80(hosted-by.example.com) -> 192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)",
        at: time(2013, 3, 2, 8, 54, 38)
    ) { event in
        event.ipsAction = .packetDrop
        event[.severity] = "High"
        event[.ruleID] = "1:2010575"
        event[.ruleName] = "ET TROJAN ASProtect/ASPack Packed Binary"
        event[.transport] = "TCP"
        event[.sourceAddress] = "95.211.98.71"
        event[.sourcePort] = 80
        event[.sourceHost] = "hosted-by.example.com"
        event[.destinationAddress] = "192.168.48.131"
        event[.destinationPort] = 49960
        event[.destinationHost] = "wsmith-pc.company.com"
        event[.destinationUser] = "wsmith"
    }

    static let ipsAlertBlacklist = event(
        .ips,
        "[05/Apr/2026 10:00:00] IPS: Alert, severity: Blacklist, Rule ID: 1:2522571 ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic group 572, proto:UDP, ip/port:192.168.11.120:59073(user:jdoe) -> 198.51.100.7:123",
        at: time(2026, 4, 5, 10, 0, 0)
    ) { event in
        event.ipsAction = .alert
        event[.severity] = "Blacklist"
        event[.ruleID] = "1:2522571"
        event[.ruleName] = "ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic group 572"
        event[.transport] = "UDP"
        event[.sourceAddress] = "192.168.11.120"
        event[.sourcePort] = 59073
        event[.sourceUser] = "jdoe"
        event[.destinationAddress] = "198.51.100.7"
        event[.destinationPort] = 123
    }

    static let ipsAlertIPv6 = event(
        .ips,
        "[06/Apr/2026 11:12:13] IPS: Alert, severity: Medium, Rule ID: 1:3000002, proto:TCP, ip/port:[2001:db8::10]:443 -> [2001:db8::20]:52000",
        at: time(2026, 4, 6, 11, 12, 13)
    ) { event in
        event.ipsAction = .alert
        event[.severity] = "Medium"
        event[.ruleID] = "1:3000002"
        event[.transport] = "TCP"
        event[.sourceAddress] = "2001:db8::10"
        event[.sourcePort] = 443
        event[.destinationAddress] = "2001:db8::20"
        event[.destinationPort] = 52000
    }

    static let antiSpoofingClassic = event(
        .antiSpoofing,
        "[17/Jul/2013 11:46:38] Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:61.173.81.166:1864 -> 195.39.55.10:445, flags: SYN, seq:3819654104 ack:0, win:16384, tcplen:0",
        at: time(2013, 7, 17, 11, 46, 38)
    ) { event in
        event.direction = .from
        event[.interface] = "LAN"
        event[.transport] = "TCP"
        event[.packetLength] = 48
        event[.sourceAddress] = "61.173.81.166"
        event[.sourcePort] = 1864
        event[.destinationAddress] = "195.39.55.10"
        event[.destinationPort] = 445
        event[.tcpFlags] = "SYN"
        event[.tcpSequence] = 3_819_654_104
        event[.tcpAcknowledgement] = 0
        event[.tcpWindow] = 16384
        event[.tcpPayloadLength] = 0
    }

    static let antiSpoofingPacketDrop = event(
        .antiSpoofing,
        "[27/Oct/2019 00:41:20] {pktdrop} packet dropped: Anti-spoofing (from Cable, proto:UDP, len:334, 10.1.2.3:5353 -> 10.1.2.255:5353, udplen:306)",
        at: time(2019, 10, 27, 0, 41, 20)
    ) { event in
        event.direction = .from
        event[.interface] = "Cable"
        event[.transport] = "UDP"
        event[.packetLength] = 334
        event[.sourceAddress] = "10.1.2.3"
        event[.sourcePort] = 5353
        event[.destinationAddress] = "10.1.2.255"
        event[.destinationPort] = 5353
        event[.udpPayloadLength] = 306
    }

    static let antiSpoofingICMP = event(
        .antiSpoofing,
        "[22/Dec/2015 15:32:40] {pktdrop} packet dropped: Anti-spoofing (to WAN, proto:ICMP, len:84, 10.0.0.5 -> 10.0.0.1, type:8 code:0 id:12380 seq:1 ttl:64)",
        at: time(2015, 12, 22, 15, 32, 40)
    ) { event in
        event.direction = .to
        event[.interface] = "WAN"
        event[.transport] = "ICMP"
        event[.packetLength] = 84
        event[.sourceAddress] = "10.0.0.5"
        event[.destinationAddress] = "10.0.0.1"
        event[.icmpType] = 8
        event[.icmpCode] = 0
        event[.icmpID] = 12380
        event[.icmpSequence] = 1
        event[.ipTTL] = 64
    }

    static let ftpBounceAttack = event(
        .ftpBounceAttack,
        "[17/Jul/2013 11:55:14] FTP: Bounce attack attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 10,11,12,13,14,15",
        at: time(2013, 7, 17, 11, 55, 14)
    ) { event in
        event[.sourceAddress] = "1.2.3.4"
        event[.destinationAddress] = "5.6.7.8"
        event[.ftpCommand] = "PORT 10,11,12,13,14,15"
    }

    static let ftpMaliciousReply = event(
        .ftpMaliciousReply,
        "[17/Jul/2013 11:56:27] FTP: Malicious server reply: client: 1.2.3.4, server: 5.6.7.8, response: 227 Entering Passive Mode (10,11,12,13,14,15)",
        at: time(2013, 7, 17, 11, 56, 27)
    ) { event in
        event[.sourceAddress] = "1.2.3.4"
        event[.destinationAddress] = "5.6.7.8"
        event[.ftpResponse] = "227 Entering Passive Mode (10,11,12,13,14,15)"
    }

    static let authenticationFailure = event(
        .authenticationFailure,
        "[18/Jul/2013 09:12:01] Authentication: HTTP Proxy: Client: 192.168.1.20: Invalid password for user jsmith",
        at: time(2013, 7, 18, 9, 12, 1)
    ) { event in
        event[.authService] = "HTTP Proxy"
        event[.sourceAddress] = "192.168.1.20"
        event[.authReason] = "Invalid password for user jsmith"
        event[.userName] = "jsmith"
    }

    static let engineStartup = event(
        .engineStartup, "[17/Jun/2013 12:11:33] Engine: Startup",
        at: time(2013, 6, 17, 12, 11, 33))
    static let engineShutdown = event(
        .engineShutdown, "[17/Jun/2013 12:10:02] Engine: Shutdown",
        at: time(2013, 6, 17, 12, 10, 2))
    static let ipsEngineStartup = event(
        .ipsEngineStartup, "[28/Jun/2013 10:59:40] Intrusion Prevention engine: Startup",
        at: time(2013, 6, 28, 10, 59, 40))
    static let ipsEngineShutdown = event(
        .ipsEngineShutdown,
        "[28/Jun/2013 10:58:58] Intrusion Prevention engine: Shutdown",
        at: time(2013, 6, 28, 10, 58, 58))

    static let ipsRulesUpdate = event(
        .ipsRulesUpdate, "[09/Jul/2013 17:00:58] IPS: Basic rules successfully updated to version 1.176",
        at: time(2013, 7, 9, 17, 0, 58)
    ) { event in
        event[.rulesVersion] = "1.176"
    }

    static let antivirusUpdate = event(
        .antivirusUpdate,
        "[10/Jul/2013 11:56:18] Antivirus update: Kerio Antivirus database has been successfully updated. Kerio Antivirus engine version/Signature count: (AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)/8528221) is now active.",
        at: time(2013, 7, 10, 11, 56, 18)
    ) { event in
        event[.antivirusEngine] = "AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)"
        event[.signatureCount] = 8_528_221
    }

    static let syslogEngineStartup = event(
        .engineStartup,
        "<190>1 2026-04-05T10:00:00.123+02:00 fw1 security - - - [05/Apr/2026 10:00:00] Engine: Startup",
        at: time(2026, 4, 5, 10, 0, 0)
    ) { event in
        event.syslog = SyslogEnvelope(
            format: .rfc5424, priority: 190,
            timestamp: time(2026, 4, 5, 10, 0, 0, nanosecond: 123_000_000, offset: 7200))
        event[.syslogHostname] = "fw1"
        event[.syslogAppName] = "security"
    }

    static let unparsedWithTime: SecurityEvent = {
        var event = SecurityEvent(kind: .unparsed, timestamp: time(2026, 4, 5, 10, 0, 1))
        event.setOriginal("[05/Apr/2026 10:00:01] Dial: Line \"Connection\" dialing manually")
        event.failure = ParseFailure(.unknownRecord, "'Dial:' is not a Security-log record")
        return event
    }()

    static let unparsedWithoutTime: SecurityEvent = {
        var event = SecurityEvent(kind: .unparsed)
        event.setOriginal("garbage without a time")
        event.failure = ParseFailure(.missingTimestamp, "no [dd/Mon/yyyy hh:mm:ss] prefix")
        return event
    }()

    /// Every sample, named, in a fixed order (the order of the golden files).
    static let all: [(name: String, event: SecurityEvent)] = [
        ("ips_packet_drop", ipsPacketDrop), ("ips_alert_blacklist", ipsAlertBlacklist),
        ("ips_alert_ipv6", ipsAlertIPv6), ("anti_spoofing_classic", antiSpoofingClassic),
        ("anti_spoofing_pktdrop", antiSpoofingPacketDrop), ("anti_spoofing_icmp", antiSpoofingICMP),
        ("ftp_bounce_attack", ftpBounceAttack), ("ftp_malicious_reply", ftpMaliciousReply),
        ("authentication_failure", authenticationFailure), ("engine_startup", engineStartup),
        ("engine_shutdown", engineShutdown), ("ips_engine_startup", ipsEngineStartup),
        ("ips_engine_shutdown", ipsEngineShutdown), ("ips_rules_update", ipsRulesUpdate),
        ("antivirus_update", antivirusUpdate), ("syslog_engine_startup", syslogEngineStartup),
        ("unparsed_with_time", unparsedWithTime), ("unparsed_without_time", unparsedWithoutTime),
    ]

    // MARK: - Variants outside the goldens

    /// ``syslogEngineStartup`` as the parser reads that line: the RFC 5424 header states `+02:00` for the same wall
    /// clock as the bracketed time, so the event time carries that offset (`08:00:00Z`) instead of the zone of the
    /// options. CEF and LEEF check that `rt`/`devTime` and the RFC 5424 frame then show that instant.
    static let syslogEngineStartupZoned: SecurityEvent = {
        var event = syslogEngineStartup
        event.timestamp = time(2026, 4, 5, 10, 0, 0, offset: 7200)
        return event
    }()

    /// Samples beyond ``all``, named; not in the golden files.
    static let variants: [(name: String, event: SecurityEvent)] = [
        ("syslog_engine_startup_zoned", syslogEngineStartupZoned)
    ]

    /// ``all`` then ``variants``.
    static let allAndVariants = all + variants

    // MARK: - Hostile values

    /// Text payloads holding what every format must survive: separators, escapes, line breaks, quotes, markup,
    /// control characters, invalid UTF-8, noncharacters, formula starts, a 10 kB value.
    static let hostilePayloads: [(name: String, bytes: [UInt8])] = {
        var payloads: [(String, [UInt8])] = [
            ("separators", Array("a|b|c=d\\e,f;g".utf8)),
            ("line-breaks", Array("one\rtwo\nthree\r\nfour\n\rfive".utf8)),
            ("tab", Array("\tlead tab\tinner".utf8)),
            ("quotes", Array("\"double\" 'single' \"\"".utf8)),
            ("markup", Array("<tag a=\"1\">&amp; ]]> </tag>".utf8)),
            ("nul-and-c0", [0x00, 0x41, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x1B, 0x1F, 0x7F, 0x42, 0x00]),
            (
                "invalid-utf8",
                [0xFF, 0x61, 0xC3, 0x62, 0xED, 0xA0, 0x80, 0x63, 0xF4, 0x90, 0x80, 0x80, 0xC0, 0xAF, 0xC3]
            ),
            ("noncharacters", [0xEF, 0xBF, 0xBE, 0x78, 0xEF, 0xBF, 0xBF, 0x79, 0xEF, 0xB7, 0x90]),
            ("formula-equals", Array("=HYPERLINK(\"http://x\",\"y\")".utf8)),
            ("formula-plus", Array("+SUM(A1:A2)".utf8)),
            ("formula-minus", Array("-2+3".utf8)),
            ("formula-at", Array("@cmd".utf8)),
            ("lead-cr", Array("\rX".utf8)),
            ("lead-lf", Array("\nY".utf8)),
            ("unicode", Array("é 😀 \u{2028} \u{FEFF} ℌ".utf8)),
            ("empty", []),
            ("backslashes", Array("\\\\n \\u0000 \\\"".utf8)),
        ]
        let unit = Array("0123456789<&>\"',|=\\\r\n\t\u{0}é".utf8)
        var big: [UInt8] = []
        while big.count < 10_240 { big.append(contentsOf: unit) }
        payloads.append(("10kB", big))
        return payloads
    }()

    /// One hostile event per payload: every text field holds the payload (user and host fields a variant, so that
    /// `related.*` keeps several), every number is set, kinds, actions and directions cycle, and every other event has
    /// valid IP addresses and a syslog envelope.
    static let hostile: [SecurityEvent] = hostilePayloads.enumerated().map { index, payload in
        var line = Array("[05/Apr/2026 10:00:00] ".utf8)
        line.append(contentsOf: payload.bytes)
        var event = SecurityEvent(kind: .unparsed)
        line.withUnsafeBufferPointer { event.reset(original: $0) }
        let kinds = Kind.allCases
        event.kind = kinds[index % kinds.count]
        event.timestamp = time(2026, 4, 5, 10, 0, index % 60, nanosecond: index * 1_000_000)
        event.ipsAction = [IPSAction.packetDrop, .alert, nil][index % 3]
        event.direction = [PacketDirection.from, .to, nil][index % 3]
        if event.kind == .unparsed {
            event.failure = ParseFailure(.malformedRecord, String(decoding: payload.bytes, as: UTF8.self))
        }
        for field in TextField.allCases {
            var value = payload.bytes
            switch field {
            case .destinationUser, .destinationHost: value.append(contentsOf: Array("2".utf8))
            case .userName: value.append(contentsOf: Array("3".utf8))
            default: break
            }
            value.withUnsafeBufferPointer { event.setBytes(field, $0) }
        }
        if index % 2 == 0 {
            event[.sourceAddress] = "10.0.0.\(index)"
            event[.destinationAddress] = "2001:db8::\(index)"
            event.syslog = SyslogEnvelope(
                format: index % 4 == 0 ? .rfc5424 : .rfc3164, priority: 134 + index,
                timestamp: time(2026, 4, 5, 8, 0, 0, offset: index % 4 == 0 ? 0 : nil))
        }
        for (offset, field) in NumberField.allCases.enumerated() {
            event[field] = [0, 65535, 4_294_967_295, Int64(offset), 9_223_372_036_854_775_807][(index + offset) % 5]
        }
        return event
    }

    /// Options whose own strings are hostile too (they reach `observer.*` and `ecs.version`).
    static let hostileOptions: ExportOptions = {
        var options = ExportOptions()
        options.deviceVendor = "=Ke|rio \"<&>\"\r\n"
        options.deviceProduct = "Con,trol\u{0}"
        options.deviceVersion = "-9"
        options.observerHostName = "@fw1\tx"
        return options
    }()
}
