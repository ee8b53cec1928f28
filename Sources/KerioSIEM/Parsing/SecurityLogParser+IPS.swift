// IPS: <Packet drop|Alert>, severity: <word>, Rule ID: <gid:sid>[ <name>], proto:<P>, ip/port:<src> -> <dst>
// and IPS: Basic rules successfully updated to version <V>

extension SecurityLogParser {
    func parseIPSRecord(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        if scanner.skip("Packet drop, ") {
            event.ipsAction = .packetDrop
        } else if scanner.skip("Alert, ") {
            event.ipsAction = .alert
        } else if scanner.skip("Basic rules successfully updated to version ") {
            return parseRulesUpdate(&scanner, into: &event)
        } else {
            return ParseFailure(.unknownRecord, "IPS record is neither 'Packet drop', 'Alert' nor a rules update")
        }
        event.kind = .ips
        guard scanner.skip("severity: ") else {
            return ParseFailure(.malformedRecord, "IPS record has no 'severity: '")
        }
        let severityStart = scanner.position
        guard let comma = scanner.firstIndex(of: ", Rule ID: ", from: severityStart), comma > severityStart else {
            return ParseFailure(.malformedRecord, "IPS record has no ', Rule ID: ' after the severity")
        }
        event.setRange(.severity, severityStart..<comma)
        scanner.position = comma + 11
        // gid:sid
        let ruleStart = scanner.position
        guard scanner.decimal(maxDigits: 10, maximum: UInt64(UInt32.max)) != nil, scanner.skip(byte: UInt8(ascii: ":")),
            scanner.decimal(maxDigits: 10, maximum: UInt64(UInt32.max)) != nil
        else {
            return ParseFailure(
                .invalidValue,
                "IPS rule ID '\(scanner.excerpt(ruleStart..<min(scanner.end, ruleStart + 24)))' is not gid:sid")
        }
        event.setRange(.ruleID, ruleStart..<scanner.position)
        // The name runs up to "proto:<P>, ip/port:" — written ", proto:" (real), " proto:" (KC 7 guide) or glued
        // "proto:" (the KB article). Names may hold commas, so the first place the whole tail pattern fits wins.
        guard let (protoStart, transport, endpointsStart) = findProtocolTail(scanner, from: scanner.position) else {
            return ParseFailure(.malformedRecord, "IPS record has no 'proto:<P>, ip/port:'")
        }
        var nameEnd = protoStart
        if scanner.matches(", ", at: nameEnd - 2) {
            nameEnd -= 2
        } else if scanner.matches(" ", at: nameEnd - 1) {
            nameEnd -= 1
        }
        var nameStart = scanner.position
        if nameStart < nameEnd {
            guard scanner.bytes[nameStart] == UInt8(ascii: " ") else {
                return ParseFailure(.invalidValue, "IPS rule ID is not followed by a space or ', proto:'")
            }
            nameStart += 1
            if nameStart < nameEnd { event.setRange(.ruleName, nameStart..<nameEnd) }
        } else if nameStart > nameEnd {
            return ParseFailure(.malformedRecord, "IPS rule ID runs into 'proto:'")
        }
        event.setRange(.transport, transport)
        if parseIPv4EndpointPair(scanner, from: endpointsStart, to: scanner.end, names: true, into: &event) != nil {
            return nil
        }
        return parseEndpointPair(scanner, endpointsStart..<scanner.end, into: &event)
    }

    /// Finds `proto:<token>, ip/port:` at or after `start`; returns where `proto:` starts, the token, and where the
    /// endpoints begin.
    func findProtocolTail(_ scanner: ByteScanner, from start: Int) -> (Int, Range<Int>, Int)? {
        // Occurrences of "proto:" in order, found by their ':' (five bytes in): rule names often hold a 'p' but seldom a
        // ':', so there are fewer false candidates to compare.
        var index = start + 5
        while let colon = scanner.firstIndex(of: UInt8(ascii: ":"), from: index) {
            index = colon + 1
            let proto = colon - 5
            guard scanner.matches("proto", at: proto) else { continue }
            var cursor = colon + 1
            let tokenStart = cursor
            while cursor < scanner.end, Self.isProtocolByte(scanner.bytes[cursor]) { cursor += 1 }
            if cursor > tokenStart, scanner.matches(", ip/port:", at: cursor) {
                return (proto, tokenStart..<cursor, cursor + 10)
            }
        }
        return nil
    }

    @inline(__always)
    static func isProtocolByte(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    func parseRulesUpdate(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        event.kind = .ipsRulesUpdate
        let end = scanner.trimmedEnd(from: scanner.position, to: scanner.end)
        guard end > scanner.position else { return ParseFailure(.malformedRecord, "IPS rules update has no version") }
        for index in scanner.position..<end where scanner.bytes[index] <= 0x20 {
            return ParseFailure(
                .malformedRecord, "IPS rules version '\(scanner.excerpt(scanner.position..<end))' holds a space")
        }
        event.setRange(.rulesVersion, scanner.position..<end)
        return nil
    }
}
