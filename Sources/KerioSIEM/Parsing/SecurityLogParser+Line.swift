// The outer layers of a line: optional BOM, optional syslog envelope, the `[dd/Mon/yyyy hh:mm:ss] ` prefix, then
// dispatch on the record's leading words.

extension SecurityLogParser {
    /// Parses a whole line; returns the failure, or `nil` when `event` now holds a typed record.
    func parseLine(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        _ = scanner.skip("\u{FEFF}")  // a BOM at the start of a file's first line
        if scanner.peek() == UInt8(ascii: "<") {
            if let failure = parseSyslogEnvelope(&scanner, into: &event) { return failure }
            _ = scanner.skip("\u{FEFF}")  // RFC 5424 MSG may start with a BOM
        }
        if scanner.peek() == UInt8(ascii: "[") {
            switch parseBracketedTime(&scanner) {
            case .success(let civil): event.timestamp = EventTimestamp(civil, utcOffsetSeconds: headerOffset(for: civil, event.syslog))
            case .failure(let failure): return failure
            }
        } else if let envelope = event.syslog {
            // Kerio Connect (and possibly Control) sends MSG without the bracketed time: the header's time is the
            // event time, with its offset.
            guard let time = envelope.timestamp else {
                return ParseFailure(.missingTimestamp, "the syslog header has no time and the message no [dd/Mon/yyyy hh:mm:ss] prefix")
            }
            event.timestamp = time
        } else {
            return ParseFailure(.missingTimestamp, "line does not start with [dd/Mon/yyyy hh:mm:ss]")
        }
        return parseRecord(&scanner, into: &event)
    }

    /// The offset an RFC 5424 header states, when it describes the same wall clock as Kerio's bracketed time.
    ///
    /// Kerio stamps both from one clock, so a header `2026-11-14T09:15:02+01:00` around `[14/Nov/2026 09:15:02]`
    /// tells the box's zone for that record, which beats any configured default. A relay that re-stamps the header
    /// in its own zone gives a different wall time; then the offset says nothing about Kerio's clock and the
    /// configured zone decides. Same wall clock means: within five minutes (send delay, no zone difference is that
    /// small).
    func headerOffset(for civil: CivilDateTime, _ envelope: SyslogEnvelope?) -> Int? {
        guard let header = envelope?.timestamp, let offset = header.utcOffsetSeconds else { return nil }
        let difference = header.civil.secondsSinceEpochAsUTC - civil.secondsSinceEpochAsUTC
        return abs(difference) <= 300 ? offset : nil
    }

    /// `[dd/Mon/yyyy hh:mm:ss] ` — two-digit day, English month, four-digit year, 24-hour time, then one space.
    func parseBracketedTime(_ scanner: inout ByteScanner) -> Result<CivilDateTime, ParseFailure> {
        if let civil = Self.wellFormedBracketedTime(scanner) {
            scanner.position += 23
            return .success(civil)
        }
        let start = scanner.position
        guard scanner.skip(byte: UInt8(ascii: "[")),
            let day = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: "/")),
            let month = scanner.monthAbbreviation(), scanner.skip(byte: UInt8(ascii: "/")),
            let year = scanner.fixedDigits(4), scanner.skip(byte: UInt8(ascii: " ")),
            let hour = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")),
            let minute = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")),
            let second = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: "]"))
        else {
            let close = scanner.firstIndex(of: UInt8(ascii: "]"), from: start) ?? min(scanner.end, start + 22)
            return .failure(ParseFailure(.invalidTimestamp, "'\(scanner.excerpt(start..<min(close + 1, scanner.end)))' is not [dd/Mon/yyyy hh:mm:ss]"))
        }
        guard second <= 59, let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else {
            return .failure(ParseFailure(.invalidTimestamp, "'\(scanner.excerpt(start..<scanner.position))' is not a real date and time"))
        }
        guard scanner.skip(byte: UInt8(ascii: " ")) else {
            return .failure(ParseFailure(.malformedRecord, "no space after the timestamp"))
        }
        return .success(civil)
    }

    /// The common case in one pass: a well-formed, real `[dd/Mon/yyyy hh:mm:ss] ` (23 bytes) at the scanner's position.
    /// `nil` for anything else, which the checking path of ``parseBracketedTime(_:)`` then reports precisely.
    @inline(__always)
    static func wellFormedBracketedTime(_ scanner: ByteScanner) -> CivilDateTime? {
        let start = scanner.position
        guard start + 23 <= scanner.end, let base = scanner.bytes.baseAddress else { return nil }
        let b = base + start
        guard b[0] == UInt8(ascii: "["), b[3] == UInt8(ascii: "/"), b[7] == UInt8(ascii: "/"), b[12] == UInt8(ascii: " "),
            b[15] == UInt8(ascii: ":"), b[18] == UInt8(ascii: ":"), b[21] == UInt8(ascii: "]"), b[22] == UInt8(ascii: " ")
        else { return nil }
        @inline(__always) func digit(_ offset: Int) -> Int { Int(b[offset] &- 0x30) }
        @inline(__always) func isDigit(_ offset: Int) -> Bool { b[offset] &- 0x30 < 10 }
        guard isDigit(1), isDigit(2), isDigit(8), isDigit(9), isDigit(10), isDigit(11), isDigit(13), isDigit(14),
            isDigit(16), isDigit(17), isDigit(19), isDigit(20)
        else { return nil }
        var monthScanner = scanner
        monthScanner.position = start + 4
        guard let month = monthScanner.monthAbbreviation() else { return nil }
        let second = digit(19) * 10 + digit(20)
        guard second <= 59 else { return nil }
        return CivilDateTime(year: digit(8) * 1_000 + digit(9) * 100 + digit(10) * 10 + digit(11), month: month,
                             day: digit(1) * 10 + digit(2), hour: digit(13) * 10 + digit(14),
                             minute: digit(16) * 10 + digit(17), second: second)
    }

    /// Dispatches on the record's leading words. The record text is the event's ``TextField/message``.
    func parseRecord(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        let recordStart = scanner.position
        event.setRange(.message, recordStart..<scanner.end)
        guard !scanner.isAtEnd else { return ParseFailure(.unknownRecord, "empty record after the timestamp") }
        switch scanner.bytes[recordStart] {
        case UInt8(ascii: "I"):
            if scanner.skip("IPS: ") { return parseIPSRecord(&scanner, into: &event) }
            if scanner.skip("Intrusion Prevention engine: ") {
                return parseStartStop(&scanner, into: &event, startup: .ipsEngineStartup, shutdown: .ipsEngineShutdown)
            }
        case UInt8(ascii: "A"):
            if scanner.skip("Anti-Spoofing: Packet ") { return parseClassicAntiSpoofing(&scanner, into: &event) }
            if scanner.skip("Authentication: ") { return parseAuthentication(&scanner, into: &event) }
            if scanner.skip("Antivirus update: ") { return parseAntivirusUpdate(&scanner, into: &event) }
        case UInt8(ascii: "{"):
            if scanner.skip("{pktdrop} packet dropped: Anti-spoofing (") {
                return parsePacketDropAntiSpoofing(&scanner, into: &event)
            }
        case UInt8(ascii: "F"):
            if scanner.skip("FTP: ") { return parseFTP(&scanner, into: &event) }
        case UInt8(ascii: "E"):
            if scanner.skip("Engine: ") {
                return parseStartStop(&scanner, into: &event, startup: .engineStartup, shutdown: .engineShutdown)
            }
        default:
            break
        }
        return ParseFailure(.unknownRecord, "'\(scanner.excerpt(recordStart..<scanner.end))' is not a Security-log record")
    }
}
