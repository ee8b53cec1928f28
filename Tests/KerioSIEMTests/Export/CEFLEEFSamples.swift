import KerioSIEM

/// Hand-built events of every kind, as the parser would produce them from the KB-article lines, shared by the CEF and
/// LEEF tests.
enum CEFLEEFSamples {
    static func time(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int)
        -> EventTimestamp
    {
        EventTimestamp(CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)!)
    }

    /// `IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN …, proto:TCP, ip/port:95.211.98.71:80(host)
    /// -> 192.168.48.131:49960(host,user:wsmith)`.
    static var ipsIPv4: SecurityEvent {
        var event = SecurityEvent(kind: .ips, timestamp: time(2013, 3, 2, 8, 54, 38))
        event.ipsAction = .packetDrop
        event[.message] = """
            IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, \
            proto:TCP, ip/port:95.211.98.71:80(hosted-by.example.com) -> \
            192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)
            """
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
        return event
    }

    /// An IPS alert between IPv6 hosts, with no rule name and no DNS names.
    static var ipsIPv6: SecurityEvent {
        var event = SecurityEvent(kind: .ips, timestamp: time(2024, 2, 29, 23, 59, 59))
        event.ipsAction = .alert
        event[.message] = """
            IPS: Alert, severity: Medium, Rule ID: 1:3000002, proto:UDP, ip/port:2001:db8::1:443 -> fe80::2:5000
            """
        event[.severity] = "Medium"
        event[.ruleID] = "1:3000002"
        event[.transport] = "UDP"
        event[.sourceAddress] = "2001:db8::1"
        event[.sourcePort] = 443
        event[.destinationAddress] = "fe80::2"
        event[.destinationPort] = 5000
        return event
    }

    /// A blacklist hit with a user on the source host.
    static var ipsBlacklist: SecurityEvent {
        var event = SecurityEvent(kind: .ips, timestamp: time(2019, 10, 27, 0, 41, 20))
        event.ipsAction = .packetDrop
        event[.message] = """
            IPS: Packet drop, severity: Blacklist, Rule ID: 1:2522571 ET TOR Known Tor Relay/Router (Not Exit) Node \
            TCP Traffic group 572, proto:UDP, ip/port:192.168.11.120:59073(pc1,user:jan) -> 203.0.113.9:123
            """
        event[.severity] = "Blacklist"
        event[.ruleID] = "1:2522571"
        event[.ruleName] = "ET TOR Known Tor Relay/Router (Not Exit) Node TCP Traffic group 572"
        event[.transport] = "UDP"
        event[.sourceAddress] = "192.168.11.120"
        event[.sourcePort] = 59073
        event[.sourceHost] = "pc1"
        event[.sourceUser] = "jan"
        event[.destinationAddress] = "203.0.113.9"
        event[.destinationPort] = 123
        return event
    }

    /// The classic anti-spoofing record with TCP details.
    static var antiSpoofing: SecurityEvent {
        var event = SecurityEvent(kind: .antiSpoofing, timestamp: time(2013, 7, 17, 11, 46, 38))
        event.direction = .from
        event[.message] = """
            Anti-Spoofing: Packet from LAN, proto:TCP, len:48, ip/port:61.173.81.166:1864 -> 195.39.55.10:445, \
            flags: SYN, seq:3819654104 ack:0, win:16384, tcplen:0
            """
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
        return event
    }

    /// The `{pktdrop}` anti-spoofing form with UDP details, packet *to* the interface.
    static var antiSpoofingUDP: SecurityEvent {
        var event = SecurityEvent(kind: .antiSpoofing, timestamp: time(2019, 10, 27, 0, 41, 20))
        event.direction = .to
        event[.message] = """
            {pktdrop} packet dropped: Anti-spoofing (to Cable, proto:UDP, len:334, 10.1.2.3:5353 -> 10.1.2.255:5353, \
            udplen:306)
            """
        event[.interface] = "Cable"
        event[.transport] = "UDP"
        event[.packetLength] = 334
        event[.sourceAddress] = "10.1.2.3"
        event[.sourcePort] = 5353
        event[.destinationAddress] = "10.1.2.255"
        event[.destinationPort] = 5353
        event[.udpPayloadLength] = 306
        return event
    }

    /// An anti-spoofing drop of an ICMP echo request.
    static var antiSpoofingICMP: SecurityEvent {
        var event = SecurityEvent(kind: .antiSpoofing, timestamp: time(2015, 12, 22, 15, 32, 40))
        event.direction = .to
        event[.message] = """
            {pktdrop} packet dropped: Anti-spoofing (to WAN, proto:ICMP, len:84, 212.212.62.103 -> 69.172.201.208, \
            type:8 code:0 id:12380 seq:1 ttl:64)
            """
        event[.interface] = "WAN"
        event[.transport] = "ICMP"
        event[.packetLength] = 84
        event[.sourceAddress] = "212.212.62.103"
        event[.destinationAddress] = "69.172.201.208"
        event[.icmpType] = 8
        event[.icmpCode] = 0
        event[.icmpID] = 12380
        event[.icmpSequence] = 1
        event[.ipTTL] = 64
        return event
    }

    static var ftpBounceAttack: SecurityEvent {
        var event = SecurityEvent(kind: .ftpBounceAttack, timestamp: time(2013, 7, 17, 11, 55, 14))
        event[.message] = """
            FTP: Bounce attack attempt: client: 1.2.3.4, server: 5.6.7.8, command: PORT 10,11,12,13,14,15
            """
        event[.sourceAddress] = "1.2.3.4"
        event[.destinationAddress] = "5.6.7.8"
        event[.ftpCommand] = "PORT 10,11,12,13,14,15"
        return event
    }

    static var ftpMaliciousReply: SecurityEvent {
        var event = SecurityEvent(kind: .ftpMaliciousReply, timestamp: time(2013, 7, 17, 11, 56, 27))
        event[.message] = """
            FTP: Malicious server reply: client: 1.2.3.4, server: 5.6.7.8, response: 227 Entering Passive Mode \
            (10,11,12,13,14,15)
            """
        event[.sourceAddress] = "1.2.3.4"
        event[.destinationAddress] = "5.6.7.8"
        event[.ftpResponse] = "227 Entering Passive Mode (10,11,12,13,14,15)"
        return event
    }

    static var authenticationFailure: SecurityEvent {
        var event = SecurityEvent(kind: .authenticationFailure, timestamp: time(2013, 7, 18, 9, 12, 1))
        event[.message] = "Authentication: HTTP Proxy: Client: 192.168.1.20: Invalid password for user jsmith"
        event[.authService] = "HTTP Proxy"
        event[.sourceAddress] = "192.168.1.20"
        event[.authReason] = "Invalid password for user jsmith"
        event[.userName] = "jsmith"
        return event
    }

    static func simple(_ kind: Kind, _ timestamp: EventTimestamp, _ message: String) -> SecurityEvent {
        var event = SecurityEvent(kind: kind, timestamp: timestamp)
        event[.message] = message
        return event
    }

    static var engineStartup: SecurityEvent { simple(.engineStartup, time(2013, 6, 17, 12, 11, 33), "Engine: Startup") }
    static var engineShutdown: SecurityEvent {
        simple(.engineShutdown, time(2013, 6, 17, 12, 11, 30), "Engine: Shutdown")
    }
    static var ipsEngineStartup: SecurityEvent {
        simple(.ipsEngineStartup, time(2013, 6, 28, 10, 59, 2), "Intrusion Prevention engine: Startup")
    }
    static var ipsEngineShutdown: SecurityEvent {
        simple(.ipsEngineShutdown, time(2013, 6, 28, 10, 58, 58), "Intrusion Prevention engine: Shutdown")
    }

    static var ipsRulesUpdate: SecurityEvent {
        var event = simple(
            .ipsRulesUpdate, time(2013, 7, 9, 17, 0, 58),
            "IPS: Basic rules successfully updated to version 1.176")
        event[.rulesVersion] = "1.176"
        return event
    }

    static var antivirusUpdate: SecurityEvent {
        var event = simple(
            .antivirusUpdate, time(2013, 7, 10, 11, 56, 18),
            """
            Antivirus update: Kerio Antivirus database has been successfully updated. Kerio Antivirus engine \
            version/Signature count: (AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)/8528221) is now active.
            """)
        event[.antivirusEngine] = "AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)"
        event[.signatureCount] = 8_528_221
        return event
    }

    /// A line of another Kerio log: no time could be read, only the raw line survives.
    static var unparsed: SecurityEvent {
        var event = SecurityEvent(kind: .unparsed)
        event.setOriginal("(3004) Authentication subsystem warning: Invalid password for user admin")
        event.failure = ParseFailure(.missingTimestamp, "no [dd/Mon/yyyy hh:mm:ss] prefix and no syslog header")
        return event
    }

    /// An engine startup that arrived in an RFC 5424 syslog envelope.
    static var syslogEngineStartup: SecurityEvent {
        var event = SecurityEvent(
            kind: .engineStartup,
            timestamp: EventTimestamp(time(2026, 4, 5, 10, 0, 0).civil, utcOffsetSeconds: 7_200))
        event.setOriginal(
            """
            <190>1 2026-04-05T10:00:00.123+02:00 fw1 security - - - [05/Apr/2026 10:00:00] Engine: Startup
            """)
        event.syslog = SyslogEnvelope(
            format: .rfc5424, priority: 190,
            timestamp: EventTimestamp(
                CivilDateTime(
                    year: 2026, month: 4, day: 5, hour: 10, minute: 0, second: 0,
                    nanosecond: 123_000_000)!, utcOffsetSeconds: 7_200))
        event[.message] = "Engine: Startup"
        event[.syslogHostname] = "fw1"
        event[.syslogAppName] = "security"
        return event
    }

    /// One sample of every kind (several for IPS and anti-spoofing), named for test output.
    static let all: [(String, SecurityEvent)] = [
        ("ipsIPv4", ipsIPv4), ("ipsIPv6", ipsIPv6), ("ipsBlacklist", ipsBlacklist), ("antiSpoofing", antiSpoofing),
        ("antiSpoofingUDP", antiSpoofingUDP), ("antiSpoofingICMP", antiSpoofingICMP),
        ("ftpBounceAttack", ftpBounceAttack), ("ftpMaliciousReply", ftpMaliciousReply),
        ("authenticationFailure", authenticationFailure), ("engineStartup", engineStartup),
        ("engineShutdown", engineShutdown), ("ipsEngineStartup", ipsEngineStartup),
        ("ipsEngineShutdown", ipsEngineShutdown), ("ipsRulesUpdate", ipsRulesUpdate),
        ("antivirusUpdate", antivirusUpdate), ("unparsed", unparsed), ("syslogEngineStartup", syslogEngineStartup),
    ]

    /// Writes `events` with `exporter` and returns the output as text.
    static func render(_ events: [SecurityEvent], with exporter: some EventExporter) -> String {
        var exporter = exporter
        var output = OutputBuffer()
        exporter.writePrologue(into: &output)
        for event in events { exporter.write(event, into: &output) }
        exporter.writeEpilogue(into: &output)
        return output.withBytes { String(decoding: $0, as: UTF8.self) }
    }
}
