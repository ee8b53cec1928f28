// Anti-Spoofing: Packet <from|to> <interface>, proto:<P>, len:<N>, ip/port:<src> -> <dst>[, <details>]
// {pktdrop} packet dropped: Anti-spoofing (<from|to> <interface>, proto:<P>, len:<N>, <src> -> <dst>[, <details>])
// details: TCP "flags: SYN, seq:N ack:N, win:N, tcplen:N"; UDP "udplen:N"; ICMP "type:N code:N id:N seq:N ttl:N".

extension SecurityLogParser {
    func parseClassicAntiSpoofing(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        parseAntiSpoofingBody(&scanner, end: scanner.end, into: &event)
    }

    func parsePacketDropAntiSpoofing(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        let end = scanner.trimmedEnd(from: scanner.position, to: scanner.end)
        guard end > scanner.position, scanner.bytes[end - 1] == UInt8(ascii: ")") else {
            return ParseFailure(.malformedRecord, "{pktdrop} anti-spoofing record does not end with ')'")
        }
        return parseAntiSpoofingBody(&scanner, end: end - 1, into: &event)
    }

    /// `<from|to> <interface>, proto:<P>, len:<N>, [ip/port:]<src> -> <dst>[, details]` ending at `end`.
    private func parseAntiSpoofingBody(_ scanner: inout ByteScanner, end: Int, into event: inout SecurityEvent)
        -> ParseFailure?
    {
        event.kind = .antiSpoofing
        if scanner.skip("from ") {
            event.direction = .from
        } else if scanner.skip("to ") {
            event.direction = .to
        } else {
            return ParseFailure(.malformedRecord, "anti-spoofing record has no 'from'/'to' direction")
        }
        // Interface names may hold spaces, parentheses and commas: the first ", proto:" ends it.
        let interfaceStart = scanner.position
        guard let proto = scanner.firstIndex(of: ", proto:", from: interfaceStart, to: end), proto > interfaceStart
        else {
            return ParseFailure(.malformedRecord, "anti-spoofing record has no interface followed by ', proto:'")
        }
        event.setRange(.interface, interfaceStart..<proto)
        scanner.position = proto + 8
        let transportStart = scanner.position
        while scanner.position < end, Self.isProtocolByte(scanner.bytes[scanner.position]) { scanner.position += 1 }
        guard scanner.position > transportStart else {
            return ParseFailure(.malformedRecord, "anti-spoofing 'proto:' is empty")
        }
        event.setRange(.transport, transportStart..<scanner.position)
        guard scanner.skip(", len:"), let length = scanner.decimal(maxDigits: 10, maximum: UInt64(UInt32.max)) else {
            return ParseFailure(.malformedRecord, "anti-spoofing record has no valid ', len:<bytes>'")
        }
        event[.packetLength] = Int64(length)
        guard scanner.skip(", ") else { return ParseFailure(.malformedRecord, "anti-spoofing record ends after 'len'") }
        _ = scanner.skip("ip/port:")
        // The endpoints end at the first ", " after the arrow (addresses and ports hold no comma; no names here).
        let endpointsStart = scanner.position
        // The one-pass reader applies when no '(' follows the endpoints: the general path would otherwise look for
        // `)` + arrow candidates there first.
        if let pairEnd = parseIPv4EndpointPair(scanner, from: endpointsStart, to: end, names: false, into: &event) {
            if scanner.firstIndex(of: UInt8(ascii: "("), from: pairEnd, to: end) == nil {
                scanner.position = pairEnd
                return parsePacketDetails(&scanner, end: end, into: &event)
            }
            Self.clear(.source, of: &event)
            Self.clear(.destination, of: &event)
        }
        guard let arrow = findArrow(scanner, in: endpointsStart..<end) else {
            return ParseFailure(.malformedRecord, "no ' -> ' between the source and destination endpoints")
        }
        let endpointsEnd = scanner.firstIndex(of: ", ", from: arrow.upperBound, to: end) ?? end
        if let failure = parseEndpointPair(scanner, endpointsStart..<endpointsEnd, into: &event) { return failure }
        scanner.position = endpointsEnd
        return parsePacketDetails(&scanner, end: end, into: &event)
    }

    /// `, flags: SYN, seq:N ack:N, win:N, tcplen:N` / `, udplen:N` / `, type:N code:N id:N seq:N ttl:N`.
    private func parsePacketDetails(_ scanner: inout ByteScanner, end: Int, into event: inout SecurityEvent)
        -> ParseFailure?
    {
        // The transport's bytes are the line's bytes at the same offsets (read from the line, not the event's storage).
        let isICMP =
            event.range(of: .transport).map { transport in
                transport.count >= 4 && (scanner.bytes[transport.lowerBound] | 0x20) == UInt8(ascii: "i")
                    && (scanner.bytes[transport.lowerBound + 1] | 0x20) == UInt8(ascii: "c")
            } ?? false
        while scanner.position < end {
            guard scanner.skip(", ") || scanner.skip(" ") else {
                return ParseFailure(
                    .malformedRecord, "unexpected '\(scanner.excerpt(scanner.position..<end))' in packet details")
            }
            if scanner.skip("flags:") {
                _ = scanner.skip(byte: UInt8(ascii: " "))
                let flagsStart = scanner.position
                let flagsEnd = scanner.firstIndex(of: ", ", from: flagsStart, to: end) ?? end
                if flagsEnd > flagsStart { event.setRange(.tcpFlags, flagsStart..<flagsEnd) }
                scanner.position = flagsEnd
                continue
            }
            let keyStart = scanner.position
            while scanner.position < end, (scanner.bytes[scanner.position] | 0x20) &- 0x61 < 26 {
                scanner.position += 1
            }
            let key = keyStart..<scanner.position
            guard scanner.skip(byte: UInt8(ascii: ":")) else {
                return ParseFailure(
                    .malformedRecord, "packet detail '\(scanner.excerpt(keyStart..<end))' is not key:value")
            }
            guard let (field, maximum) = Self.packetDetail(scanner, key, isICMP: isICMP) else {
                return ParseFailure(.malformedRecord, "unknown packet detail '\(scanner.excerpt(key))'")
            }
            let valueStart = scanner.position
            guard let value = scanner.decimal(maxDigits: 10, maximum: maximum) else {
                return ParseFailure(
                    .invalidValue,
                    "packet detail '\(scanner.excerpt(key))' value '\(scanner.excerpt(valueStart..<min(end, valueStart + 12)))' is not a number in 0…\(maximum)"
                )
            }
            guard event[field] == nil else {
                return ParseFailure(.malformedRecord, "packet detail '\(scanner.excerpt(key))' appears twice")
            }
            event[field] = Int64(value)
        }
        return nil
    }

    /// The number field and its largest value for a packet-detail key (case-sensitive), by length first so that
    /// each key costs one or two comparisons.
    private static func packetDetail(_ scanner: ByteScanner, _ key: Range<Int>, isICMP: Bool) -> (NumberField, UInt64)?
    {
        let at = key.lowerBound
        switch key.count {
        case 2:
            if scanner.matches("id", at: at) { return (.icmpID, 65_535) }
        case 3:
            if scanner.matches("seq", at: at) {
                return isICMP ? (.icmpSequence, 65_535) : (.tcpSequence, UInt64(UInt32.max))
            }
            if scanner.matches("ack", at: at) { return (.tcpAcknowledgement, UInt64(UInt32.max)) }
            if scanner.matches("win", at: at) { return (.tcpWindow, UInt64(UInt32.max)) }
            if scanner.matches("ttl", at: at) { return (.ipTTL, 255) }
        case 4:
            if scanner.matches("type", at: at) { return (.icmpType, 255) }
            if scanner.matches("code", at: at) { return (.icmpCode, 255) }
        case 6:
            if scanner.matches("tcplen", at: at) { return (.tcpPayloadLength, UInt64(UInt32.max)) }
            if scanner.matches("udplen", at: at) { return (.udpPayloadLength, UInt64(UInt32.max)) }
        default:
            break
        }
        return nil
    }
}
