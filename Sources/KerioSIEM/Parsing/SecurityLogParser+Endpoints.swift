// Endpoints as Kerio writes them: `ip:port`, `[ipv6]:port`, a bare IPv6 address, or an address without a port (ICMP),
// optionally followed by `(host)`, `(host,user:name)` or `(user:name)`.

extension SecurityLogParser {
    enum EndpointSide {
        case source, destination

        var address: TextField { self == .source ? .sourceAddress : .destinationAddress }
        var host: TextField { self == .source ? .sourceHost : .destinationHost }
        var user: TextField { self == .source ? .sourceUser : .destinationUser }
        var port: NumberField { self == .source ? .sourcePort : .destinationPort }
        var label: String { self == .source ? "source" : "destination" }
    }

    /// Parses the endpoint in `range` (exactly the endpoint's text, parentheses included).
    func parseEndpoint(
        _ scanner: ByteScanner, _ range: Range<Int>, side: EndpointSide,
        into event: inout SecurityEvent
    ) -> ParseFailure? {
        let bytes = scanner.bytes
        var addressEnd = range.upperBound
        // "(host[,user:name])" or "(user:name)" at the end.
        if range.upperBound > range.lowerBound, bytes[range.upperBound - 1] == UInt8(ascii: ")") {
            guard let open = scanner.firstIndex(of: UInt8(ascii: "("), from: range.lowerBound, to: range.upperBound)
            else {
                return ParseFailure(.malformedRecord, "\(side.label) endpoint has ')' without '('")
            }
            addressEnd = open
            Self.parseNames(scanner, open + 1..<range.upperBound - 1, side: side, into: &event)
        }
        return parseAddressAndPort(scanner, range.lowerBound..<addressEnd, side: side, into: &event)
    }

    /// The text inside an endpoint's parentheses: `host`, `host,user:name` or `user:name`.
    ///
    /// `inner` is always followed by the closing ')', so matching `user:` may look past a short `inner` harmlessly.
    @inline(__always)
    static func parseNames(
        _ scanner: ByteScanner, _ inner: Range<Int>, side: EndpointSide, into event: inout SecurityEvent
    ) {
        if scanner.matches("user:", at: inner.lowerBound) {
            if inner.lowerBound + 5 < inner.upperBound {
                event.setRange(side.user, inner.lowerBound + 5..<inner.upperBound)
            }
        } else if let comma = scanner.firstIndex(of: ",user:", from: inner.lowerBound, to: inner.upperBound) {
            if comma > inner.lowerBound { event.setRange(side.host, inner.lowerBound..<comma) }
            if comma + 6 < inner.upperBound { event.setRange(side.user, comma + 6..<inner.upperBound) }
        } else if !inner.isEmpty {
            event.setRange(side.host, inner)
        }
    }

    /// `a.b.c.d`, `a.b.c.d:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (taken as having no port).
    func parseAddressAndPort(
        _ scanner: ByteScanner, _ range: Range<Int>, side: EndpointSide,
        into event: inout SecurityEvent
    ) -> ParseFailure? {
        let bytes = scanner.bytes
        // The usual `a.b.c.d` or `a.b.c.d:port` in one forward pass; anything else takes the general path below.
        if let quadEnd = IPAddressSyntax.dottedQuadEnd(bytes, from: range.lowerBound, to: range.upperBound) {
            if quadEnd == range.upperBound {
                event.setRange(side.address, range)
                return nil
            }
            if bytes[quadEnd] == UInt8(ascii: ":"), range.upperBound - quadEnd - 1 <= 5 {
                var portScanner = ByteScanner(bytes)
                portScanner.position = quadEnd + 1
                if let port = portScanner.decimal(maxDigits: 5, maximum: 65_535),
                    portScanner.position == range.upperBound
                {
                    event.setRange(side.address, range.lowerBound..<quadEnd)
                    event[side.port] = Int64(port)
                    return nil
                }
            }
        }
        guard !range.isEmpty else { return ParseFailure(.malformedRecord, "\(side.label) address is missing") }
        var address = range
        var portRange: Range<Int>? = nil
        if bytes[range.lowerBound] == UInt8(ascii: "[") {
            guard let close = scanner.firstIndex(of: UInt8(ascii: "]"), from: range.lowerBound, to: range.upperBound)
            else {
                return ParseFailure(.malformedRecord, "\(side.label) address '[' is not closed")
            }
            address = range.lowerBound + 1..<close
            if close + 1 < range.upperBound {
                guard bytes[close + 1] == UInt8(ascii: ":") else {
                    return ParseFailure(.malformedRecord, "unexpected text after the \(side.label) address ']'")
                }
                portRange = close + 2..<range.upperBound
            }
            guard IPAddressSyntax.isIPv6(bytes, address) else {
                return ParseFailure(
                    .invalidValue, "\(side.label) address '\(scanner.excerpt(address))' is not an IPv6 address")
            }
        } else {
            var colons = 0
            var lastColon = range.lowerBound
            for index in range where bytes[index] == UInt8(ascii: ":") {
                colons += 1
                lastColon = index
            }
            if colons == 1 {
                address = range.lowerBound..<lastColon
                portRange = lastColon + 1..<range.upperBound
            }
            if colons >= 2 {
                guard IPAddressSyntax.isIPv6(bytes, address) else {
                    return ParseFailure(
                        .invalidValue, "\(side.label) address '\(scanner.excerpt(address))' is not an IPv6 address")
                }
            } else {
                guard IPAddressSyntax.isIPv4(bytes, address) else {
                    return ParseFailure(
                        .invalidValue, "\(side.label) address '\(scanner.excerpt(address))' is not an IPv4 address")
                }
            }
        }
        event.setRange(side.address, address)
        if let portRange {
            var portScanner = ByteScanner(bytes)
            portScanner.position = portRange.lowerBound
            guard !portRange.isEmpty, portRange.count <= 5,
                let port = portScanner.decimal(maxDigits: 5, maximum: 65_535),
                portScanner.position == portRange.upperBound
            else {
                return ParseFailure(
                    .invalidValue, "\(side.label) port '\(scanner.excerpt(portRange))' is not in 0…65535")
            }
            event[side.port] = Int64(port)
        }
        return nil
    }

    /// The candidate arrows between two endpoints in `range`: ` -> ` (real) or ` > ` (the KB article's rendering).
    /// The source's parenthesised names may themselves hold an arrow, so every `)` directly followed by an arrow is a
    /// candidate (then a plain arrow when the source has no names); the caller keeps the first that parses.
    func forEachArrowCandidate(_ scanner: ByteScanner, in range: Range<Int>, _ body: (Range<Int>) -> Bool) {
        if let open = scanner.firstIndex(of: UInt8(ascii: "("), from: range.lowerBound, to: range.upperBound) {
            var index = open
            while let close = scanner.firstIndex(of: UInt8(ascii: ")"), from: index, to: range.upperBound) {
                if scanner.matches(" -> ", at: close + 1) {
                    if body(close + 1..<close + 5) { return }
                } else if scanner.matches(" > ", at: close + 1) {
                    if body(close + 1..<close + 4) { return }
                }
                index = close + 1
            }
        }
        if let arrow = scanner.firstIndex(of: " -> ", from: range.lowerBound, to: range.upperBound) {
            if body(arrow..<arrow + 4) { return }
        } else if let arrow = scanner.firstIndex(of: " > ", from: range.lowerBound, to: range.upperBound) {
            if body(arrow..<arrow + 3) { return }
        }
    }

    /// The first arrow candidate in `range` (for finding where the endpoints end).
    func findArrow(_ scanner: ByteScanner, in range: Range<Int>) -> Range<Int>? {
        var found: Range<Int>? = nil
        forEachArrowCandidate(scanner, in: range) { arrow in
            found = arrow
            return true
        }
        return found
    }

    /// Removes every value of one endpoint.
    @inline(__always)
    static func clear(_ side: EndpointSide, of event: inout SecurityEvent) {
        event[side.address] = nil
        event[side.host] = nil
        event[side.user] = nil
        event[side.port] = nil
    }

    /// Parses `src -> dst` occupying exactly `range`.
    func parseEndpointPair(_ scanner: ByteScanner, _ range: Range<Int>, into event: inout SecurityEvent)
        -> ParseFailure?
    {
        var firstFailure: ParseFailure? = nil
        var parsed = false
        forEachArrowCandidate(scanner, in: range) { arrow in
            // A previous candidate may have set some values; start both endpoints afresh (no array literal here:
            // this runs once per record).
            Self.clear(.source, of: &event)
            Self.clear(.destination, of: &event)
            let failure =
                parseEndpoint(scanner, range.lowerBound..<arrow.lowerBound, side: .source, into: &event)
                ?? parseEndpoint(scanner, arrow.upperBound..<range.upperBound, side: .destination, into: &event)
            if let failure {
                if firstFailure == nil { firstFailure = failure }
                return false
            }
            parsed = true
            return true
        }
        if parsed { return nil }
        return firstFailure ?? ParseFailure(.malformedRecord, "no ' -> ' between the source and destination endpoints")
    }
}
