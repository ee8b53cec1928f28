import KerioSIEM

// Byte-level writers shared by the record generators: literals, decimals, times, addresses and endpoints.

extension SampleLogGenerator {
    @inline(__always)
    static func put(_ literal: StaticString, _ buffer: inout [UInt8]) {
        literal.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    static func put(decimal value: Int, _ buffer: inout [UInt8]) {
        precondition(value >= 0)
        if value < 10 {
            buffer.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: rest / divisor) &+ 0x30)
            rest %= divisor
            divisor /= 10
        }
    }

    /// `value` as exactly `width` digits, zero-padded.
    static func put(decimal value: Int, width: Int, _ buffer: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: rest / divisor % 10) &+ 0x30)
            rest %= divisor
            divisor /= 10
        }
    }

    /// Lowercase hex without leading zeros (an IPv6 group).
    static func put(hex value: Int, _ buffer: inout [UInt8]) {
        var shift = 12
        while shift > 0 && (value >> shift) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            let digit = UInt8(truncatingIfNeeded: (value >> shift) & 0xF)
            buffer.append(digit < 10 ? digit &+ 0x30 : digit &+ 0x57)
            shift -= 4
        }
    }

    /// `[dd/Mon/yyyy hh:mm:ss] `.
    static func putBracketedTime(_ time: CivilDateTime, _ buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "["))
        put(decimal: time.day, width: 2, &buffer)
        buffer.append(UInt8(ascii: "/"))
        put(SampleVocabulary.monthNames[time.month - 1], &buffer)
        buffer.append(UInt8(ascii: "/"))
        put(decimal: time.year, width: 4, &buffer)
        buffer.append(UInt8(ascii: " "))
        putClock(time, &buffer)
        put("] ", &buffer)
    }

    /// `hh:mm:ss`.
    static func putClock(_ time: CivilDateTime, _ buffer: inout [UInt8]) {
        put(decimal: time.hour, width: 2, &buffer)
        buffer.append(UInt8(ascii: ":"))
        put(decimal: time.minute, width: 2, &buffer)
        buffer.append(UInt8(ascii: ":"))
        put(decimal: time.second, width: 2, &buffer)
    }

    // MARK: - Addresses

    /// Where an address comes from: the protected network, or the Internet.
    enum Network { case inside, outside }

    mutating func putIPv4(_ network: Network, _ buffer: inout [UInt8]) {
        switch network {
        case .outside:
            let octets = SampleVocabulary.publicFirstOctets
            Self.put(decimal: octets[random.next(below: octets.count)], &buffer)
            buffer.append(UInt8(ascii: "."))
            Self.put(decimal: random.next(below: 256), &buffer)
            buffer.append(UInt8(ascii: "."))
            Self.put(decimal: random.next(below: 256), &buffer)
        case .inside:
            let roll = random.next(below: 10)
            if roll < 6 {
                Self.put("192.168.", &buffer)
                let third = random.next(below: 4)
                Self.put(decimal: third == 0 ? 1 : third == 1 ? 10 : third == 2 ? 20 : 48, &buffer)
            } else if roll < 9 {
                Self.put("10.0.", &buffer)
                Self.put(decimal: random.next(below: 16), &buffer)
            } else {
                Self.put("172.16.", &buffer)
                Self.put(decimal: random.next(below: 4), &buffer)
            }
        }
        buffer.append(UInt8(ascii: "."))
        Self.put(decimal: random.next(in: 1...254), &buffer)
    }

    /// An address in the documentation prefix 2001:db8::/32, `::`-compressed as Kerio's IPv6 stack prints it.
    mutating func putIPv6(_ network: Network, _ buffer: inout [UInt8]) {
        Self.put("2001:db8:", &buffer)
        Self.put(hex: network == .inside ? 0x10 + random.next(below: 4) : random.next(in: 0x100...0xFFFF), &buffer)
        Self.put("::", &buffer)
        if random.chance(0.5) {
            Self.put(hex: random.next(in: 1...0xFFFF), &buffer)
            buffer.append(UInt8(ascii: ":"))
        }
        Self.put(hex: random.next(in: 1...0xFFFF), &buffer)
    }

    /// An ephemeral client port (Windows or Linux range).
    mutating func clientPort() -> Int {
        random.chance(0.7) ? random.next(in: 49152...65535) : random.next(in: 32768...60999)
    }

    mutating func serverPort() -> Int {
        SampleVocabulary.serverPorts[random.next(below: SampleVocabulary.serverPorts.count)]
    }

    /// What Kerio appends to an endpoint in parentheses.
    enum EndpointNames { case none, host, hostAndUser, user }

    /// `addr[:port][(names)]`, with `[v6]:port` for IPv6 with a port and a bare address without one.
    mutating func putEndpoint(
        _ network: Network, ipv6: Bool, port: Int?, names: EndpointNames,
        _ buffer: inout [UInt8]
    ) {
        if ipv6 {
            if port != nil { buffer.append(UInt8(ascii: "[")) }
            putIPv6(network, &buffer)
            if port != nil { buffer.append(UInt8(ascii: "]")) }
        } else {
            putIPv4(network, &buffer)
        }
        if let port {
            buffer.append(UInt8(ascii: ":"))
            Self.put(decimal: port, &buffer)
        }
        let hosts = network == .inside ? SampleVocabulary.internalHosts : SampleVocabulary.externalHosts
        switch names {
        case .none:
            return
        case .host:
            buffer.append(UInt8(ascii: "("))
            Self.put(hosts[random.next(below: hosts.count)], &buffer)
        case .hostAndUser:
            buffer.append(UInt8(ascii: "("))
            Self.put(hosts[random.next(below: hosts.count)], &buffer)
            Self.put(",user:", &buffer)
            Self.put(SampleVocabulary.users[random.next(below: SampleVocabulary.users.count)], &buffer)
        case .user:
            Self.put("(user:", &buffer)
            Self.put(SampleVocabulary.users[random.next(below: SampleVocabulary.users.count)], &buffer)
        }
        buffer.append(UInt8(ascii: ")"))
    }

    /// The names shown for an endpoint: users only ever appear on the inside (Kerio knows who is logged in there).
    mutating func endpointNames(_ network: Network) -> EndpointNames {
        let roll = random.next(below: 10)
        switch network {
        case .inside: return roll < 4 ? .none : roll < 7 ? .host : roll < 9 ? .hostAndUser : .user
        case .outside: return roll < 7 ? .none : .host
        }
    }

    // MARK: - Syslog

    /// `<PRI>1 TIMESTAMP HOST security - - - ` (RFC 5424) or `<PRI>Mmm dd hh:mm:ss HOST security: ` (RFC 3164).
    mutating func writeSyslogHeader(_ time: CivilDateTime, _ buffer: inout [UInt8]) {
        let priority = random.next(in: 16...23) * 8 + random.next(in: 4...6)  // local0–7; warning, notice, info
        let host = SampleVocabulary.syslogHosts[random.next(below: SampleVocabulary.syslogHosts.count)]
        buffer.append(UInt8(ascii: "<"))
        Self.put(decimal: priority, &buffer)
        buffer.append(UInt8(ascii: ">"))
        // RFC 3164 has no year: 29 February would not be a date in the parser's default syslog year, so it gets 5424.
        if random.chance(0.4), !(time.month == 2 && time.day == 29) {
            Self.put(SampleVocabulary.monthNames[time.month - 1], &buffer)
            buffer.append(UInt8(ascii: " "))
            if time.day < 10 { buffer.append(UInt8(ascii: " ")) }
            Self.put(decimal: time.day, &buffer)
            buffer.append(UInt8(ascii: " "))
            Self.putClock(time, &buffer)
            buffer.append(UInt8(ascii: " "))
            Self.put(host, &buffer)
            Self.put(" security: ", &buffer)
        } else {
            Self.put("1 ", &buffer)
            Self.put(decimal: time.year, width: 4, &buffer)
            buffer.append(UInt8(ascii: "-"))
            Self.put(decimal: time.month, width: 2, &buffer)
            buffer.append(UInt8(ascii: "-"))
            Self.put(decimal: time.day, width: 2, &buffer)
            buffer.append(UInt8(ascii: "T"))
            Self.putClock(time, &buffer)
            buffer.append(UInt8(ascii: "."))
            Self.put(decimal: random.next(below: 1000), width: 3, &buffer)
            Self.put("+01:00 ", &buffer)
            Self.put(host, &buffer)
            Self.put(" security - - - ", &buffer)
        }
    }
}
