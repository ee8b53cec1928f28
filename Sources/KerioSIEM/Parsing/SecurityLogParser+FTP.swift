// FTP: Bounce attack attempt: client: <ip>, server: <ip>, command: <text>
// FTP: Malicious server reply: client: <ip>, server: <ip>, response: <text>

extension SecurityLogParser {
    func parseFTP(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        let textField: TextField
        let label: StaticString
        if scanner.skip("Bounce attack attempt: client: ") {
            event.kind = .ftpBounceAttack
            textField = .ftpCommand
            label = ", command: "
        } else if scanner.skip("Malicious server reply: client: ") {
            event.kind = .ftpMaliciousReply
            textField = .ftpResponse
            label = ", response: "
        } else {
            return ParseFailure(
                .unknownRecord, "FTP record is neither a bounce attack attempt nor a malicious server reply")
        }
        let clientStart = scanner.position
        guard let clientEnd = scanner.firstIndex(of: ", server: ", from: clientStart) else {
            return ParseFailure(.malformedRecord, "FTP record has no ', server: '")
        }
        if let failure = parseFTPAddress(scanner, clientStart..<clientEnd, side: .source, into: &event) {
            return failure
        }
        let serverStart = clientEnd + 10
        guard let serverEnd = scanner.firstIndex(of: label, from: serverStart) else {
            return ParseFailure(.malformedRecord, "FTP record has no '\(label)'")
        }
        if let failure = parseFTPAddress(scanner, serverStart..<serverEnd, side: .destination, into: &event) {
            return failure
        }
        let textStart = serverEnd + label.utf8CodeUnitCount
        if textStart < scanner.end { event.setRange(textField, textStart..<scanner.end) }  // verbatim, untrusted
        return nil
    }

    /// An FTP client or server: an IP address, possibly `[v6]`, possibly with a port.
    private func parseFTPAddress(
        _ scanner: ByteScanner, _ range: Range<Int>, side: EndpointSide,
        into event: inout SecurityEvent
    ) -> ParseFailure? {
        parseAddressAndPort(scanner, range, side: side, into: &event)
    }
}
