// The usual endpoint pair in one forward pass: `a.b.c.d[:port][(names)] -> a.b.c.d[:port][(names)]`.
//
// The general path (SecurityLogParser+Endpoints.swift) enumerates arrow candidates and parses both endpoints for each
// until one pair parses. This pass reads the pair once, left to right, and accepts it only where the general path is
// known to settle on the same arrow with the same values; anything else (IPv6, brackets, ` > `, a port out of range,
// unusual names, …) returns `nil` and the caller runs the general path, which then decides and words the failure.
// Why each acceptance matches the general path is noted where it is made.

extension SecurityLogParser {
    /// Parses an IPv4 endpoint pair starting at `start`.
    ///
    /// - Parameters:
    ///   - limit: where the endpoints' text ends (the line end for IPS records; the end of the details for
    ///     anti-spoofing records).
    ///   - names: IPS form: each endpoint may carry `(host)`, `(host,user:u)` or `(user:u)`, and the pair occupies
    ///     `start..<limit` exactly. Otherwise (anti-spoofing form) there are no names and the pair ends at `limit` or
    ///     at the `, ` that starts the packet details.
    /// - Returns: the index just after the pair, with addresses, ports and names set in `event`; `nil` when the
    ///   general path must parse the pair (values this pass may have set are cleared).
    func parseIPv4EndpointPair(
        _ scanner: ByteScanner, from start: Int, to limit: Int, names: Bool,
        into event: inout SecurityEvent
    ) -> Int? {
        guard let pairEnd = readIPv4EndpointPair(scanner, from: start, to: limit, names: names, into: &event) else {
            Self.clear(.source, of: &event)
            Self.clear(.destination, of: &event)
            return nil
        }
        return pairEnd
    }

    @inline(__always)
    private func readIPv4EndpointPair(
        _ scanner: ByteScanner, from start: Int, to limit: Int, names: Bool,
        into event: inout SecurityEvent
    ) -> Int? {
        guard start < limit else { return nil }
        // Safe: every index read below is checked to be < `limit` ≤ the line's end.
        let base = scanner.bytes.baseAddress.unsafelyUnwrapped

        // Source. Its text (digits, dots, a colon) holds no '(' and no space, so: when names follow, its '(' is the
        // first '(' of the pair, where the general path starts looking for `)` + arrow candidates; when the arrow
        // follows directly, that arrow is the first ` -> ` of the pair, and every `)` candidate (all in the
        // destination) would give a source text with spaces in it, which no address parse accepts.
        var sourceAddressEnd = 0
        var sourcePort = -1
        let sourceEnd = Self.readIPv4AddressAndPort(
            scanner, from: start, to: limit, addressEnd: &sourceAddressEnd, port: &sourcePort)
        guard sourceEnd >= 0, sourceEnd < limit else { return nil }
        let destinationStart: Int
        if base[sourceEnd] == UInt8(ascii: "(") {
            guard names else { return nil }
            // The general path's first candidate: the first ')' directly followed by an arrow. A ` > ` arrow is left
            // to it (it would look for a ` -> ` anywhere first).
            var from = sourceEnd + 1
            while true {
                guard let close = scanner.firstIndex(of: UInt8(ascii: ")"), from: from, to: limit) else { return nil }
                if scanner.matches(" -> ", at: close + 1) {
                    Self.parseNames(scanner, sourceEnd + 1..<close, side: .source, into: &event)
                    destinationStart = close + 5
                    break
                }
                if scanner.matches(" > ", at: close + 1) { return nil }
                from = close + 1
            }
        } else {
            guard scanner.matches(" -> ", at: sourceEnd) else { return nil }
            destinationStart = sourceEnd + 4
        }

        // Destination: up to `limit`, or to its names, which then run to a final ')' (the general path opens them at
        // the destination's first '(', which is this one).
        var destinationAddressEnd = 0
        var destinationPort = -1
        let destinationEnd = Self.readIPv4AddressAndPort(
            scanner, from: destinationStart, to: limit,
            addressEnd: &destinationAddressEnd, port: &destinationPort)
        guard destinationEnd >= 0 else { return nil }
        let pairEnd: Int
        if destinationEnd == limit {
            pairEnd = limit
        } else if names {
            guard base[destinationEnd] == UInt8(ascii: "("), limit - 1 > destinationEnd,
                base[limit - 1] == UInt8(ascii: ")")
            else { return nil }
            Self.parseNames(scanner, destinationEnd + 1..<limit - 1, side: .destination, into: &event)
            pairEnd = limit
        } else {
            // Anti-spoofing: the general path ends the endpoints at the first ", " after the arrow, which is here
            // (the destination's text holds no comma).
            guard destinationEnd + 2 <= limit, scanner.matches(", ", at: destinationEnd) else { return nil }
            pairEnd = destinationEnd
        }

        event.setRange(.sourceAddress, start..<sourceAddressEnd)
        if sourcePort >= 0 { event[.sourcePort] = Int64(sourcePort) }
        event.setRange(.destinationAddress, destinationStart..<destinationAddressEnd)
        if destinationPort >= 0 { event[.destinationPort] = Int64(destinationPort) }
        return pairEnd
    }

    /// Reads `a.b.c.d` or `a.b.c.d:port` at `start` (octets as ``IPAddressSyntax/dottedQuadEnd(_:from:to:)`` reads
    /// them; the port as 1–5 digits, at most 65535, not followed by a digit, as the general path reads it).
    ///
    /// - Returns: the index after the text, or -1. The caller still checks what follows (a digit after the quad, for
    ///   one, means a longer octet that the general path refuses).
    @inline(__always)
    static func readIPv4AddressAndPort(
        _ scanner: ByteScanner, from start: Int, to limit: Int,
        addressEnd: inout Int, port: inout Int
    ) -> Int {
        // Safe: indexes read are < `limit` ≤ the line's end.
        let base = scanner.bytes.baseAddress.unsafelyUnwrapped
        let quad =
            start &+ 16 <= limit
            ? IPAddressSyntax.dottedQuadEndWithRoom(base, from: start)
            : IPAddressSyntax.dottedQuadEnd(scanner.bytes, from: start, to: limit)
        guard let quadEnd = quad else { return -1 }
        addressEnd = quadEnd
        guard quadEnd < limit, base[quadEnd] == UInt8(ascii: ":") else { return quadEnd }
        let digitsStart = quadEnd + 1
        if digitsStart &+ 6 <= limit {
            // Room for five digits and the byte after them: length and value by selects, as the dotted quad is read
            // (port lengths vary, so a digit loop mispredicts its exit).
            let p = base + digitsStart
            let d0 = p[0] &- 0x30
            let d1 = p[1] &- 0x30
            let d2 = p[2] &- 0x30
            let d3 = p[3] &- 0x30
            let d4 = p[4] &- 0x30
            let has1 = d0 < 10
            let has2 = has1 && d1 < 10
            let has3 = has2 && d2 < 10
            let has4 = has3 && d3 < 10
            let has5 = has4 && d4 < 10
            let v2 = Int(d0) &* 10 &+ Int(d1)
            let v3 = v2 &* 10 &+ Int(d2)
            let v4 = v3 &* 10 &+ Int(d3)
            let v5 = v4 &* 10 &+ Int(d4)
            let value = has5 ? v5 : has4 ? v4 : has3 ? v3 : has2 ? v2 : Int(d0)
            let count = has5 ? 5 : has4 ? 4 : has3 ? 3 : has2 ? 2 : 1
            guard has1, !(has5 && p[5] &- 0x30 < 10), value <= 65_535 else { return -1 }
            port = value
            return digitsStart &+ count
        }
        let stop = min(limit, digitsStart + 5)
        var index = digitsStart
        var value = 0
        while index < stop {
            let digit = base[index] &- 0x30
            guard digit < 10 else { break }
            value = value &* 10 &+ Int(digit)
            index &+= 1
        }
        guard index > digitsStart, index == limit || base[index] &- 0x30 >= 10, value <= 65_535 else { return -1 }
        port = value
        return index
    }
}
