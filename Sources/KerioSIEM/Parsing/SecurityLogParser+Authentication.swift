// Authentication: <service>: Client: <ip>: <reason>
// The service may hold spaces ("HTTP Proxy"); the reason is verbatim and may hold ": ". The user name is taken from
// the reason texts Kerio is known to write (the Kerio Control knowledge-base article "Security log" and the failed-login
// texts it shows).

extension SecurityLogParser {
    func parseAuthentication(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        event.kind = .authenticationFailure
        let serviceStart = scanner.position
        guard let client = scanner.firstIndex(of: ": Client: ", from: serviceStart), client > serviceStart else {
            return ParseFailure(.malformedRecord, "authentication record has no '<service>: Client: '")
        }
        event.setRange(.authService, serviceStart..<client)
        // The address is one token ending in ':' ("192.168.1.20:", "2001:db8::1:", "[2001:db8::1]:").
        let addressStart = client + 10
        guard let space = scanner.firstIndex(of: UInt8(ascii: " "), from: addressStart),
            space > addressStart + 1, scanner.bytes[space - 1] == UInt8(ascii: ":")
        else {
            return ParseFailure(.malformedRecord, "authentication record has no '<ip>: <reason>' after 'Client: '")
        }
        var address = addressStart..<space - 1
        if scanner.bytes[address.lowerBound] == UInt8(ascii: "["),
            scanner.bytes[address.upperBound - 1] == UInt8(ascii: "]")
        {
            address = address.lowerBound + 1..<address.upperBound - 1
        }
        let valid = IPAddressSyntax.isIPv4(scanner.bytes, address) || IPAddressSyntax.isIPv6(scanner.bytes, address)
        guard valid else {
            return ParseFailure(
                .invalidValue, "authentication client '\(scanner.excerpt(address))' is not an IP address")
        }
        event.setRange(.sourceAddress, address)
        let reason = space + 1..<scanner.end
        guard !reason.isEmpty else { return ParseFailure(.malformedRecord, "authentication record has no reason") }
        event.setRange(.authReason, reason)
        if let user = userName(in: scanner, reason) { event.setRange(.userName, user) }
        return nil
    }

    /// The user named by a known reason text, if any.
    private func userName(in scanner: ByteScanner, _ reason: Range<Int>) -> Range<Int>? {
        let candidate: Range<Int>
        if scanner.matches("Invalid password for user ", at: reason.lowerBound) {
            candidate = reason.lowerBound + 26..<reason.upperBound
        } else if scanner.matches("User ", at: reason.lowerBound),
            let tail = scanner.lastIndex(of: " doesn't exist", from: reason.lowerBound + 5, to: reason.upperBound),
            tail + 14 == reason.upperBound
                || (tail + 15 == reason.upperBound && scanner.bytes[tail + 14] == UInt8(ascii: "."))
        {
            candidate = reason.lowerBound + 5..<tail
        } else if scanner.matches("Kerberos 5 auth: user ", at: reason.lowerBound),
            let tail = scanner.lastIndex(of: " not authenticated", from: reason.lowerBound + 22, to: reason.upperBound)
        {
            candidate = reason.lowerBound + 22..<tail
        } else {
            return nil
        }
        return candidate.isEmpty ? nil : candidate
    }
}
