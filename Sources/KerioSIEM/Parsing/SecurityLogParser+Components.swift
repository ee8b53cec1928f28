// Engine: Startup|Shutdown · Intrusion Prevention engine: Startup|Shutdown ·
// Antivirus update: Kerio Antivirus database has been successfully updated. Kerio Antivirus engine version/Signature
// count: (<engine>/<count>) is now active.

extension SecurityLogParser {
    func parseStartStop(_ scanner: inout ByteScanner, into event: inout SecurityEvent, startup: Kind, shutdown: Kind)
        -> ParseFailure?
    {
        let end = scanner.trimmedEnd(from: scanner.position, to: scanner.end)
        if scanner.matches("Startup", at: scanner.position), scanner.position + 7 == end {
            event.kind = startup
        } else if scanner.matches("Shutdown", at: scanner.position), scanner.position + 8 == end {
            event.kind = shutdown
        } else {
            return ParseFailure(
                .unknownRecord,
                "engine record '\(scanner.excerpt(scanner.position..<scanner.end))' is neither Startup nor Shutdown")
        }
        return nil
    }

    func parseAntivirusUpdate(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        event.kind = .antivirusUpdate
        guard let marker = scanner.firstIndex(of: "engine version/Signature count: (", from: scanner.position) else {
            return ParseFailure(.unknownRecord, "antivirus update without 'engine version/Signature count: ('")
        }
        let innerStart = marker + 33
        let end = scanner.trimmedEnd(from: innerStart, to: scanner.end)
        let suffixStart: Int
        if scanner.matches(") is now active.", at: end - 16) {
            suffixStart = end - 16
        } else if scanner.matches(") is now active", at: end - 15) {
            suffixStart = end - 15
        } else {
            return ParseFailure(.malformedRecord, "antivirus update does not end with ') is now active.'")
        }
        guard suffixStart >= innerStart,
            let slash = scanner.bytes[innerStart..<suffixStart].lastIndex(of: UInt8(ascii: "/")), slash > innerStart
        else {
            return ParseFailure(.malformedRecord, "antivirus update has no '<engine>/<signature count>'")
        }
        var countScanner = scanner
        countScanner.position = slash + 1
        guard let count = countScanner.decimal(maxDigits: 18), countScanner.position == suffixStart else {
            return ParseFailure(
                .invalidValue, "antivirus signature count '\(scanner.excerpt(slash + 1..<suffixStart))' is not a number"
            )
        }
        event.setRange(.antivirusEngine, innerStart..<slash)
        event[.signatureCount] = Int64(count)
        return nil
    }
}
