import KerioSIEM

// One writer per record family. Each writes the record text after `[dd/Mon/yyyy hh:mm:ss] ` and returns the kind the
// parser assigns to it.

extension SampleLogGenerator {
    /// Rule indices by severity class (0 High, 1 Medium, 2 Low).
    static let rulesBySeverity: [[Int]] = (0..<3).map { severity in
        SampleVocabulary.rules.indices.filter { SampleVocabulary.rules[$0].severity == severity }
    }

    /// `IPS: <Packet drop|Alert>, severity: <S>, Rule ID: 1:<sid>[ <name>], proto:<P>, ip/port:<src> -> <dst>`.
    mutating func writeIPS(_ buffer: inout [UInt8]) -> Kind {
        let severity = random.pick(weights: Self.severityWeights)  // High, Medium, Low, Blacklist
        let transport: SampleVocabulary.Transport
        let drop: Bool
        Self.put("IPS: ", &buffer)
        if severity == 3 {
            drop = random.chance(0.8)
            transport = random.chance(0.6) ? .tcp : .udp
        } else {
            drop = random.chance(severity == 0 ? 0.85 : severity == 1 ? 0.3 : 0.1)
            transport = .tcp  // replaced by the rule's below
        }
        Self.put(drop ? "Packet drop, severity: " : "Alert, severity: ", &buffer)
        var ruleTransport = transport
        switch severity {
        case 0: Self.put("High", &buffer)
        case 1: Self.put("Medium", &buffer)
        case 2: Self.put("Low", &buffer)
        default: Self.put("Blacklist", &buffer)
        }
        Self.put(", Rule ID: 1:", &buffer)
        if severity == 3 {
            let family = SampleVocabulary.blacklists[random.next(below: SampleVocabulary.blacklists.count)]
            let group = random.next(in: 1...700)
            Self.put(decimal: family.firstSID + group, &buffer)
            if random.chance(0.9) {
                buffer.append(UInt8(ascii: " "))
                Self.put(family.name, &buffer)
                Self.put(" group ", &buffer)
                Self.put(decimal: group, &buffer)
            }
        } else {
            let candidates = Self.rulesBySeverity[severity]
            let rule = SampleVocabulary.rules[candidates[random.next(below: candidates.count)]]
            ruleTransport = rule.transport
            Self.put(decimal: rule.sid, &buffer)
            if random.chance(0.9) {  // "only available for some intrusions"
                buffer.append(UInt8(ascii: " "))
                Self.put(rule.name, &buffer)
            }
        }
        Self.put(", proto:", &buffer)
        Self.put(ruleTransport == .tcp ? "TCP" : ruleTransport == .udp ? "UDP" : "ICMP", &buffer)
        Self.put(", ip/port:", &buffer)
        // Inbound (Internet → inside) or outbound; on either, the outside or the inside may be the server.
        let inbound = random.chance(0.6)
        let ipv6 = random.chance(0.03)
        let outsideIsServer = random.chance(inbound ? 0.5 : 0.7)
        var outsidePort: Int? = nil
        var insidePort: Int? = nil
        if ruleTransport != .icmp {
            outsidePort = outsideIsServer ? serverPort() : clientPort()
            insidePort = outsideIsServer ? clientPort() : serverPort()
        }
        let first: Network = inbound ? .outside : .inside
        let second: Network = inbound ? .inside : .outside
        putEndpoint(first, ipv6: ipv6, port: inbound ? outsidePort : insidePort, names: endpointNames(first), &buffer)
        Self.put(" -> ", &buffer)
        putEndpoint(second, ipv6: ipv6, port: inbound ? insidePort : outsidePort, names: endpointNames(second), &buffer)
        return .ips
    }

    static let severityWeights = [25, 30, 20, 25]

    /// The classic `Anti-Spoofing: Packet from|to <if>, proto:…` form, or `{pktdrop} packet dropped: Anti-spoofing (…)`.
    mutating func writeAntiSpoofing(_ buffer: inout [UInt8]) -> Kind {
        let classic = random.chance(0.65)
        let roll = random.next(below: 10)
        let transport: SampleVocabulary.Transport = roll < 6 ? .tcp : roll < 9 ? .udp : .icmp
        Self.put(classic ? "Anti-Spoofing: Packet " : "{pktdrop} packet dropped: Anti-spoofing (", &buffer)
        Self.put(random.chance(0.7) ? "from " : "to ", &buffer)
        Self.put(SampleVocabulary.interfaces[random.next(below: SampleVocabulary.interfaces.count)], &buffer)
        let length: Int
        switch transport {
        case .tcp:
            Self.put(", proto:TCP, len:", &buffer)
            length = random.chance(0.6) ? random.next(in: 40...60) : random.next(in: 40...1500)
        case .udp:
            Self.put(", proto:UDP, len:", &buffer)
            length = random.next(in: 28...1500)
        case .icmp:
            Self.put(", proto:ICMP, len:", &buffer)
            length = random.chance(0.8) ? 84 : random.next(in: 28...1500)
        }
        Self.put(decimal: length, &buffer)
        Self.put(classic ? ", ip/port:" : ", ", &buffer)
        // A spoofed source: an inside address arriving from outside, or the reverse.
        let spoofedInside = random.chance(0.5)
        let ipv6 = random.chance(0.01)
        let ports = transport != .icmp
        putEndpoint(
            spoofedInside ? .inside : .outside, ipv6: ipv6, port: ports ? clientPort() : nil, names: .none, &buffer)
        Self.put(" -> ", &buffer)
        putEndpoint(
            spoofedInside ? .outside : .inside, ipv6: ipv6, port: ports ? serverPort() : nil, names: .none, &buffer)
        switch transport {
        case .tcp:
            let flags = SampleVocabulary.tcpFlags[random.next(below: SampleVocabulary.tcpFlags.count)]
            let isSYN = flags.utf8CodeUnitCount == 3 && flags.utf8Start[0] == UInt8(ascii: "S")
            Self.put(", flags: ", &buffer)
            Self.put(flags, &buffer)
            Self.put(", seq:", &buffer)
            Self.put(decimal: Int(random.next() & 0xFFFF_FFFF), &buffer)
            Self.put(" ack:", &buffer)
            Self.put(decimal: isSYN ? 0 : Int(random.next() & 0xFFFF_FFFF), &buffer)
            Self.put(", win:", &buffer)
            Self.put(
                decimal: SampleVocabulary.tcpWindows[random.next(below: SampleVocabulary.tcpWindows.count)], &buffer)
            Self.put(", tcplen:", &buffer)
            Self.put(decimal: isSYN || length <= 40 ? 0 : random.next(below: length - 40 + 1), &buffer)
        case .udp:
            Self.put(", udplen:", &buffer)
            Self.put(decimal: length - 28, &buffer)
        case .icmp:
            let echo = random.chance(0.85)
            Self.put(echo ? ", type:8 code:0 id:" : ", type:3 code:3 id:", &buffer)
            Self.put(decimal: random.next(below: 65_536), &buffer)
            Self.put(" seq:", &buffer)
            Self.put(decimal: random.next(in: 1...200), &buffer)
            Self.put(" ttl:", &buffer)
            let ttl = random.next(below: 4)
            Self.put(decimal: ttl == 0 ? 64 : ttl == 1 ? 128 : ttl == 2 ? 255 : 56, &buffer)
        }
        if !classic { buffer.append(UInt8(ascii: ")")) }
        return .antiSpoofing
    }

    static let unknownUsers: [StaticString] = ["root", "test", "administrator", "guest", "user", "oracle", "sa", "ftp"]

    /// `Authentication: <service>: Client: <ip>: <reason>` with one of the three reason texts Kerio writes.
    mutating func writeAuthentication(_ buffer: inout [UInt8]) -> Kind {
        let service = random.pick(weights: SampleVocabulary.authServiceWeights)
        Self.put("Authentication: ", &buffer)
        Self.put(SampleVocabulary.authServices[service], &buffer)
        Self.put(": Client: ", &buffer)
        let fromOutside = (service == 0 || service == 3) && random.chance(0.6)  // WebAdmin, VPN Client
        if random.chance(0.03) {
            putIPv6(fromOutside ? .outside : .inside, &buffer)
        } else {
            putIPv4(fromOutside ? .outside : .inside, &buffer)
        }
        Self.put(": ", &buffer)
        let roll = random.next(below: 10)
        let users = SampleVocabulary.users
        if roll < 6 {
            Self.put("Invalid password for user ", &buffer)
            Self.put(users[random.next(below: users.count)], &buffer)
        } else if roll < 9 {
            Self.put("User ", &buffer)
            Self.put(Self.unknownUsers[random.next(below: Self.unknownUsers.count)], &buffer)
            Self.put(" doesn't exist", &buffer)
        } else {
            Self.put("Kerberos 5 auth: user ", &buffer)
            Self.put(users[random.next(below: users.count)], &buffer)
            Self.put("@company.com not authenticated", &buffer)
        }
        return .authenticationFailure
    }

    /// `FTP: Bounce attack attempt: … command: PORT …` or `FTP: Malicious server reply: … response: 227 …`.
    mutating func writeFTP(_ buffer: inout [UInt8]) -> Kind {
        let bounce = random.chance(0.5)
        Self.put(bounce ? "FTP: Bounce attack attempt: client: " : "FTP: Malicious server reply: client: ", &buffer)
        putIPv4(.inside, &buffer)
        Self.put(", server: ", &buffer)
        putIPv4(.outside, &buffer)
        Self.put(bounce ? ", command: PORT " : ", response: 227 Entering Passive Mode (", &buffer)
        // The foreign address and port the command or reply smuggles in, as h1,h2,h3,h4,p1,p2.
        for index in 0..<6 {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            Self.put(decimal: index == 0 ? random.next(in: 1...223) : random.next(below: 256), &buffer)
        }
        if !bounce { buffer.append(UInt8(ascii: ")")) }
        return bounce ? .ftpBounceAttack : .ftpMaliciousReply
    }

    /// Engine and IPS-engine start/stop (each alternating, as a restart would log it), rules and antivirus updates.
    mutating func writeEngineOrUpdate(_ buffer: inout [UInt8]) -> Kind {
        switch random.pick(weights: Self.engineWeights) {
        case 0:
            rulesVersion += 1
            Self.put("IPS: Basic rules successfully updated to version 1.", &buffer)
            Self.put(decimal: rulesVersion, &buffer)
            return .ipsRulesUpdate
        case 1:
            signatureCount += random.next(in: 100...5_000)
            if random.chance(0.02) {
                antivirusEngine = min(antivirusEngine + 1, SampleVocabulary.antivirusEngines.count - 1)
            }
            Self.put(
                "Antivirus update: Kerio Antivirus database has been successfully updated. Kerio Antivirus engine version/Signature count: (",
                &buffer)
            Self.put(SampleVocabulary.antivirusEngines[antivirusEngine], &buffer)
            buffer.append(UInt8(ascii: "/"))
            Self.put(decimal: signatureCount, &buffer)
            Self.put(") is now active.", &buffer)
            return .antivirusUpdate
        case 2:
            engineRunning.toggle()
            Self.put(engineRunning ? "Engine: Startup" : "Engine: Shutdown", &buffer)
            return engineRunning ? .engineStartup : .engineShutdown
        default:
            ipsEngineRunning.toggle()
            Self.put(
                ipsEngineRunning ? "Intrusion Prevention engine: Startup" : "Intrusion Prevention engine: Shutdown",
                &buffer)
            return ipsEngineRunning ? .ipsEngineStartup : .ipsEngineShutdown
        }
    }

    static let engineWeights = [35, 35, 14, 16]

    /// A line the parser must reject: what corrupt files, other logs and truncated writes look like.
    mutating func writeMalformed(_ time: CivilDateTime, _ buffer: inout [UInt8]) {
        switch random.next(below: 8) {
        case 0:  // another Kerio log's line (the Connection log)
            Self.putBracketedTime(time, &buffer)
            Self.put(
                "[ID] 613181 [Rule] NAT [Service] HTTP [User] winston [Connection] TCP 192.168.1.140:1193 -> hit.google.com:80 [Duration] 121 sec",
                &buffer)
        case 1:  // a day that does not exist
            Self.put("[31/Feb/", &buffer)
            Self.put(decimal: time.year, width: 4, &buffer)
            buffer.append(UInt8(ascii: " "))
            Self.putClock(time, &buffer)
            Self.put("] Engine: Startup", &buffer)
        case 2:  // no timestamp
            Self.put(
                "IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.211.98.71:80 -> 192.168.48.131:49960",
                &buffer)
        case 3:  // a port out of range
            Self.putBracketedTime(time, &buffer)
            Self.put(
                "IPS: Alert, severity: Medium, Rule ID: 1:2003068, proto:TCP, ip/port:192.168.1.20:70000 -> ", &buffer)
            putIPv4(.outside, &buffer)
            Self.put(":22", &buffer)
        case 4:  // cut off mid-record
            Self.putBracketedTime(time, &buffer)
            Self.put("Anti-Spoofing: Packet from WAN, proto:TCP, len:", &buffer)
        case 5:  // an impossible address
            Self.putBracketedTime(time, &buffer)
            Self.put("FTP: Bounce attack attempt: client: 999.1.2.3, server: ", &buffer)
            putIPv4(.outside, &buffer)
            Self.put(", command: PORT 10,0,0,1,4,1", &buffer)
        case 6:  // binary garbage (invalid UTF-8) after a good timestamp
            Self.putBracketedTime(time, &buffer)
            buffer.append(contentsOf: [0xFF, 0xFE, 0x00, 0x1B, 0x5B, 0x32, 0x4A, 0xC3, 0x28])
        default:  // an unknown reason-less authentication line
            Self.putBracketedTime(time, &buffer)
            Self.put("Authentication: WebAdmin: ", &buffer)
            putIPv4(.inside, &buffer)
        }
    }
}
