// Syslog envelopes as Kerio sends logs to a syslog server (KERIO.md §3):
//   RFC 5424  <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
//   RFC 3164  <PRI>Mmm dd hh:mm:ss HOSTNAME TAG: MSG

extension SecurityLogParser {
    func parseSyslogEnvelope(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        _ = scanner.skip(byte: UInt8(ascii: "<"))
        guard let priority = scanner.decimal(maxDigits: 3, maximum: 191), scanner.skip(byte: UInt8(ascii: ">")) else {
            return ParseFailure(.invalidSyslogHeader, "PRI is not <0>…<191>")
        }
        if scanner.skip("1 ") {
            return parseRFC5424(&scanner, priority: Int(priority), into: &event)
        }
        return parseRFC3164(&scanner, priority: Int(priority), into: &event)
    }

    private func parseRFC5424(_ scanner: inout ByteScanner, priority: Int, into event: inout SecurityEvent) -> ParseFailure? {
        var timestamp: EventTimestamp? = nil
        if !scanner.skip("- ") {
            guard let time = parseRFC3339(&scanner), scanner.skip(byte: UInt8(ascii: " ")) else {
                return ParseFailure(.invalidTimestamp, "the RFC 5424 TIMESTAMP is not a valid RFC 3339 time")
            }
            timestamp = time
        }
        event.syslog = SyslogEnvelope(format: .rfc5424, priority: priority, timestamp: timestamp)
        // HOSTNAME, APP-NAME, PROCID, MSGID: printable US-ASCII tokens or "-".
        for index in 0..<4 {
            let field: TextField? = index == 0 ? .syslogHostname : index == 1 ? .syslogAppName : nil
            let start = scanner.position
            while let byte = scanner.peek(), byte > 0x20, byte < 0x7F { scanner.position += 1 }
            let token = start..<scanner.position
            guard !token.isEmpty, scanner.skip(byte: UInt8(ascii: " ")) else {
                return ParseFailure(.invalidSyslogHeader, "RFC 5424 header field \(index + 2) is missing or not printable ASCII")
            }
            if let field, !(token.count == 1 && scanner.bytes[token.lowerBound] == UInt8(ascii: "-")) {
                event.setRange(field, token)
            }
        }
        // STRUCTURED-DATA: "-" or one or more [id param="value"…] elements; values escape \" \\ \].
        if scanner.skip(byte: UInt8(ascii: "-")) {
        } else if scanner.peek() == UInt8(ascii: "[") {
            while scanner.peek() == UInt8(ascii: "[") {
                var inQuotes = false
                scanner.position += 1
                var closed = false
                while let byte = scanner.peek() {
                    scanner.position += 1
                    if inQuotes {
                        if byte == UInt8(ascii: "\\") { scanner.position += 1 } else if byte == UInt8(ascii: "\"") { inQuotes = false }
                    } else if byte == UInt8(ascii: "\"") {
                        inQuotes = true
                    } else if byte == UInt8(ascii: "]") {
                        closed = true
                        break
                    }
                }
                guard closed, scanner.position <= scanner.end else {
                    return ParseFailure(.invalidSyslogHeader, "unterminated STRUCTURED-DATA element")
                }
            }
        } else {
            return ParseFailure(.invalidSyslogHeader, "STRUCTURED-DATA is neither '-' nor '[…]'")
        }
        if scanner.isAtEnd { return ParseFailure(.unknownRecord, "the syslog message is empty") }
        guard scanner.skip(byte: UInt8(ascii: " ")) else {
            return ParseFailure(.invalidSyslogHeader, "no space between STRUCTURED-DATA and MSG")
        }
        return nil
    }

    private func parseRFC3164(_ scanner: inout ByteScanner, priority: Int, into event: inout SecurityEvent) -> ParseFailure? {
        // Mmm dd hh:mm:ss — the day is space-padded ("Mar  2") or zero-padded.
        let start = scanner.position
        guard let month = scanner.monthAbbreviation(), scanner.skip(byte: UInt8(ascii: " ")) else {
            return ParseFailure(.invalidSyslogHeader, "neither RFC 5424 ('<PRI>1 ') nor RFC 3164 ('<PRI>Mmm dd hh:mm:ss')")
        }
        _ = scanner.skip(byte: UInt8(ascii: " "))
        guard let day = scanner.decimal(maxDigits: 2), scanner.skip(byte: UInt8(ascii: " ")),
            let hour = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")),
            let minute = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")),
            let second = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: " "))
        else {
            return ParseFailure(.invalidSyslogHeader, "'\(scanner.excerpt(start..<min(scanner.end, start + 15)))' is not an RFC 3164 time (Mmm dd hh:mm:ss)")
        }
        guard second <= 59,
            let civil = CivilDateTime(year: syslogYear, month: month, day: Int(day), hour: hour, minute: minute, second: second)
        else {
            return ParseFailure(.invalidTimestamp, "'\(scanner.excerpt(start..<scanner.position - 1))' is not a real date and time in \(syslogYear)")
        }
        event.syslog = SyslogEnvelope(format: .rfc3164, priority: priority, timestamp: EventTimestamp(civil))
        // HOSTNAME then TAG ("security:", "kerio[123]:"). A first token ending in ':' is a TAG with no HOSTNAME.
        var token = start..<start
        for round in 0..<2 {
            let tokenStart = scanner.position
            while let byte = scanner.peek(), byte > 0x20, byte < 0x7F { scanner.position += 1 }
            token = tokenStart..<scanner.position
            guard !token.isEmpty else { return ParseFailure(.invalidSyslogHeader, "RFC 3164 header has no HOSTNAME/TAG") }
            if scanner.bytes[token.upperBound - 1] == UInt8(ascii: ":") { break }
            guard round == 0 else { return ParseFailure(.invalidSyslogHeader, "RFC 3164 TAG does not end with ':'") }
            event.setRange(.syslogHostname, token)
            guard scanner.skip(byte: UInt8(ascii: " ")) else {
                return ParseFailure(.invalidSyslogHeader, "RFC 3164 header ends after HOSTNAME")
            }
        }
        var tagEnd = token.upperBound - 1  // drop ':'
        if tagEnd > token.lowerBound, scanner.bytes[tagEnd - 1] == UInt8(ascii: "]"),
            let open = scanner.firstIndex(of: UInt8(ascii: "["), from: token.lowerBound, to: tagEnd)
        {
            tagEnd = open  // "kerio[123]" → APP-NAME "kerio"
        }
        if tagEnd > token.lowerBound { event.setRange(.syslogAppName, token.lowerBound..<tagEnd) }
        guard scanner.skip(byte: UInt8(ascii: " ")) else {
            return scanner.isAtEnd ? ParseFailure(.unknownRecord, "the syslog message is empty")
                : ParseFailure(.invalidSyslogHeader, "no space after the RFC 3164 TAG")
        }
        return nil
    }

    /// RFC 3339 as RFC 5424 restricts it: `yyyy-MM-ddTHH:mm:ss[.frac](Z|±hh:mm)`, up to 6 fraction digits (9 accepted).
    func parseRFC3339(_ scanner: inout ByteScanner) -> EventTimestamp? {
        guard let year = scanner.fixedDigits(4), scanner.skip(byte: UInt8(ascii: "-")),
            let month = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: "-")),
            let day = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: "T")),
            let hour = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")),
            let minute = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")),
            let second = scanner.fixedDigits(2)
        else { return nil }
        var nanosecond = 0
        if scanner.skip(byte: UInt8(ascii: ".")) {
            var digits = 0
            while let byte = scanner.peek(), byte &- 0x30 < 10, digits < 9 {
                nanosecond = nanosecond * 10 + Int(byte &- 0x30)
                digits += 1
                scanner.position += 1
            }
            guard digits > 0, scanner.peek().map({ $0 &- 0x30 >= 10 }) ?? true else { return nil }
            for _ in digits..<9 { nanosecond *= 10 }
        }
        let offset: Int
        if scanner.skip(byte: UInt8(ascii: "Z")) {
            offset = 0
        } else {
            guard let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            scanner.position += 1
            guard let hh = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")), let mm = scanner.fixedDigits(2),
                hh <= 23, mm <= 59
            else { return nil }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hh * 3_600 + mm * 60)
        }
        guard second <= 60, let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute,
                                                     second: second, nanosecond: nanosecond)
        else { return nil }
        return EventTimestamp(civil, utcOffsetSeconds: offset)
    }
}
