// Syslog envelopes as senders and collectors write them (RFC 3164, RFC 5424, RFC 3339; rsyslog and syslog-ng file
// and forward templates; README "What it reads"):
//   RFC 5424        <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [BOM]MSG
//   RFC 3164 style  [<PRI>]TIME HOSTNAME [TAG: | TAG[PID]:] [BOM]MSG
//                   with TIME `Mmm dd hh:mm:ss` (day space- or zero-padded) or RFC 3339 (rsyslog's FileFormat and
//                   ForwardFormat)
// MSG is a Kerio record, with or without its bracketed time.

extension SecurityLogParser {
    /// Parses a line that does not start with the bracketed Kerio time: a syslog header, then the message.
    ///
    /// A line without `<PRI>` is a syslog line only when it starts with a header time's shape; anything else is
    /// reported as ``ParseFailure/Reason/missingTimestamp``, as before envelopes were read.
    func parseEnvelopedLine(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        var priority: Int? = nil
        if scanner.skip(byte: UInt8(ascii: "<")) {
            guard let value = scanner.decimal(maxDigits: 3, maximum: 191), scanner.skip(byte: UInt8(ascii: ">")) else {
                return ParseFailure(.invalidSyslogHeader, "PRI is not <0>…<191>")
            }
            priority = Int(value)
            if let versionLength = Self.versionLength(scanner) {
                return parseRFC5424(&scanner, priority: Int(value), versionLength: versionLength, into: &event)
            }
        }
        let time: EventTimestamp
        switch parseHeaderTime(&scanner, hasPriority: priority != nil) {
        case .time(let value): time = value
        case .failure(let failure): return failure
        case .notAHeader: return ParseFailure(.missingTimestamp, "line does not start with [dd/Mon/yyyy hh:mm:ss]")
        }
        event.syslog = SyslogEnvelope(format: .rfc3164, priority: priority, timestamp: time)
        return parseRFC3164Fields(&scanner, into: &event)
    }

    // MARK: - RFC 3164 style

    /// What a header's time turned out to be.
    enum HeaderTime {
        case time(EventTimestamp)
        case failure(ParseFailure)
        /// No `<PRI>` and nothing shaped like a header time: not a syslog line.
        case notAHeader
    }

    /// `Mmm dd hh:mm:ss ` or an RFC 3339 time and a space, at the scanner; advances past the space.
    func parseHeaderTime(_ scanner: inout ByteScanner, hasPriority: Bool) -> HeaderTime {
        let start = scanner.position
        if let length = Self.bsdTimeLength(scanner) {
            let b = scanner.bytes
            @inline(__always) func two(_ offset: Int) -> Int {
                let high = b[start + offset]
                let low = b[start + offset + 1]
                return (high == 0x20 ? 0 : Int(high &- 0x30)) * 10 + Int(low &- 0x30)
            }
            // 14 bytes: "Mar 1 10:00:00" (unpadded day); 15: "Mar  1 …" or "Mar 01 …".
            let day = length == 14 ? Int(b[start + 4] &- 0x30) : two(4)
            let clock = start + length - 8
            let hour = two(clock - start)
            let minute = two(clock - start + 3)
            let second = two(clock - start + 6)
            let month = Self.monthNumber(b[start], b[start + 1], b[start + 2])!
            scanner.position = start + length + 1
            guard day >= 1, hour <= 23, minute <= 59, second <= 59,
                let year = syslogYearRule.year(month: month, day: day, hour: hour, minute: minute, second: second),
                let civil = CivilDateTime(
                    year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            else {
                return .failure(
                    ParseFailure(
                        .invalidTimestamp,
                        "'\(scanner.excerpt(start..<start + length))' is not a real date and time in \(syslogYear)"))
            }
            return .time(EventTimestamp(civil))
        }
        if Self.isRFC3339Shaped(scanner) {
            guard let time = parseRFC3339(&scanner), scanner.skip(byte: UInt8(ascii: " ")) else {
                let end = scanner.firstIndex(of: UInt8(ascii: " "), from: start) ?? scanner.end
                return .failure(
                    ParseFailure(.invalidTimestamp, "'\(scanner.excerpt(start..<end))' is not a valid RFC 3339 time"))
            }
            return .time(time)
        }
        guard hasPriority else { return .notAHeader }
        if scanner.monthAbbreviation() != nil {
            return .failure(
                ParseFailure(
                    .invalidSyslogHeader,
                    "'\(scanner.excerpt(start..<min(scanner.end, start + 15)))' is not an RFC 3164 time (Mmm dd hh:mm:ss)"
                ))
        }
        return .failure(
            ParseFailure(
                .invalidSyslogHeader,
                "neither RFC 5424 ('<PRI>1 ') nor RFC 3164 ('<PRI>Mmm dd hh:mm:ss' or an RFC 3339 time)"))
    }

    /// The length of `Mmm dd hh:mm:ss` at the scanner (15 bytes, or 14 with an unpadded one-digit day) when a space
    /// follows it, else `nil`. Shape only; the values are checked by the caller.
    static func bsdTimeLength(_ scanner: ByteScanner) -> Int? {
        let start = scanner.position
        guard start + 15 <= scanner.end else { return nil }
        let b = scanner.bytes
        @inline(__always) func digit(_ offset: Int) -> Bool { b[start + offset] &- 0x30 < 10 }
        @inline(__always) func byte(_ offset: Int, _ value: Unicode.Scalar) -> Bool {
            b[start + offset] == UInt8(ascii: value)
        }
        guard monthNumber(b[start], b[start + 1], b[start + 2]) != nil, byte(3, " ") else { return nil }
        // The day: " d", "dd", or a lone "d" (some senders do not pad).
        let clock: Int
        if (byte(4, " ") || digit(4)) && digit(5) && byte(6, " ") {
            clock = 7
        } else if digit(4) && byte(5, " ") {
            clock = 6
        } else {
            return nil
        }
        guard start + clock + 9 <= scanner.end, digit(clock), digit(clock + 1), byte(clock + 2, ":"),
            digit(clock + 3), digit(clock + 4), byte(clock + 5, ":"), digit(clock + 6), digit(clock + 7),
            byte(clock + 8, " ")
        else { return nil }
        return clock + 8
    }

    /// Whether `yyyy-mm-ddThh:mm:ss` starts at the scanner (shape only).
    static func isRFC3339Shaped(_ scanner: ByteScanner) -> Bool {
        let start = scanner.position
        guard start + 19 <= scanner.end else { return false }
        let b = scanner.bytes
        for offset in 0..<19 {
            let byte = b[start + offset]
            switch offset {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return false }
            case 10: guard byte == UInt8(ascii: "T") else { return false }
            case 13, 16: guard byte == UInt8(ascii: ":") else { return false }
            default: guard byte &- 0x30 < 10 else { return false }
            }
        }
        return true
    }

    /// One way to read what follows the header time of an RFC 3164 style line.
    struct MessageReading {
        /// The TAG's APP-NAME part and its `[PID]`, when this reading has a TAG.
        var appName: Range<Int>?
        var procID: Range<Int>?
        /// Where the message (the Kerio record, possibly behind its bracketed time) starts.
        var messageStart: Int
    }

    /// HOSTNAME and the optional TAG, then the message.
    ///
    /// Whether a word ending in `:` is a TAG or the start of the record (`IPS:`, `Engine:`, `Authentication:` …) is
    /// decided by what parses: the reading with a TAG is tried first, then the reading where the message starts at
    /// that word; the first that yields a Kerio record wins. When neither does, the failure reported is the TAG
    /// reading's, unless only the other reading got past the record's first words (its failure is more precise).
    func parseRFC3164Fields(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        let first = scanner.position
        var firstEnd = first
        while firstEnd < scanner.end, scanner.bytes[firstEnd] != UInt8(ascii: " ") { firstEnd += 1 }
        guard firstEnd > first else {
            return ParseFailure(
                .invalidSyslogHeader,
                first == scanner.end
                    ? "RFC 3164 header has no HOSTNAME"
                    : "RFC 3164 HOSTNAME is empty (two spaces after the time)")
        }
        var tagged: MessageReading? = nil
        var untagged: MessageReading
        if let tag = Self.tag(scanner, first..<firstEnd) {
            // "Mmm dd hh:mm:ss security: …": a TAG where the HOSTNAME would be, so there is no HOSTNAME.
            tagged = MessageReading(
                appName: tag.appName, procID: tag.procID, messageStart: Self.after(scanner, firstEnd))
            untagged = MessageReading(messageStart: first)
        } else {
            if let bad = (first..<firstEnd).first(where: { scanner.bytes[$0] < 0x21 || scanner.bytes[$0] > 0x7E }) {
                return ParseFailure(
                    .invalidSyslogHeader,
                    "RFC 3164 HOSTNAME '\(scanner.excerpt(first..<firstEnd))' holds byte \(Self.hex(scanner.bytes[bad])), not printable US-ASCII"
                )
            }
            event.setRange(.syslogHostname, first..<firstEnd)
            guard firstEnd < scanner.end else {
                return ParseFailure(.invalidSyslogHeader, "RFC 3164 header ends after HOSTNAME")
            }
            let second = firstEnd + 1
            guard second < scanner.end else { return ParseFailure(.unknownRecord, "the syslog message is empty") }
            var secondEnd = second
            while secondEnd < scanner.end, scanner.bytes[secondEnd] != UInt8(ascii: " ") { secondEnd += 1 }
            if let tag = Self.tag(scanner, second..<secondEnd) {
                tagged = MessageReading(
                    appName: tag.appName, procID: tag.procID, messageStart: Self.after(scanner, secondEnd))
            }
            untagged = MessageReading(messageStart: second)
        }
        guard let tagged else { return read(untagged, &scanner, into: &event) }
        guard let taggedFailure = read(tagged, &scanner, into: &event) else { return nil }
        guard let untaggedFailure = read(untagged, &scanner, into: &event) else { return nil }
        if taggedFailure.reason == .unknownRecord && untaggedFailure.reason != .unknownRecord { return untaggedFailure }
        // Leave the event as the reported reading left it (its TAG, its time).
        return read(tagged, &scanner, into: &event)
    }

    /// Parses the message under one reading of the header: its TAG fields, then the message itself.
    private func read(_ reading: MessageReading, _ scanner: inout ByteScanner, into event: inout SecurityEvent)
        -> ParseFailure?
    {
        event.clearRecordValues()
        event.timestamp = nil
        event.textRanges[TextField.syslogAppName.index] = .absent
        event.textRanges[TextField.syslogProcID.index] = .absent
        event[.processID] = nil
        if let appName = reading.appName { event.setRange(.syslogAppName, appName) }
        if let procID = reading.procID { setProcID(procID, scanner, into: &event) }
        guard reading.messageStart < scanner.end else {
            return ParseFailure(.unknownRecord, "the syslog message is empty")
        }
        scanner.position = reading.messageStart
        return parseMessage(&scanner, into: &event)
    }

    /// The APP-NAME and PID of `token` when it is a TAG: printable US-ASCII ending in `:`, `name:` or `name[pid]:`
    /// with a non-empty name (and pid).
    static func tag(_ scanner: ByteScanner, _ token: Range<Int>) -> (appName: Range<Int>, procID: Range<Int>?)? {
        let b = scanner.bytes
        guard token.count >= 2, b[token.upperBound - 1] == UInt8(ascii: ":") else { return nil }
        for index in token where b[index] < 0x21 || b[index] > 0x7E { return nil }
        let name = token.lowerBound..<token.upperBound - 1
        if b[name.upperBound - 1] == UInt8(ascii: "]"),
            let open = scanner.firstIndex(of: UInt8(ascii: "["), from: name.lowerBound, to: name.upperBound - 1)
        {
            guard open > name.lowerBound, open + 1 < name.upperBound - 1 else { return nil }
            return (name.lowerBound..<open, open + 1..<name.upperBound - 1)
        }
        return (name, nil)
    }

    /// The message start after a TAG ending at `end`: one space is the separator (none when a BOM or the end follows).
    static func after(_ scanner: ByteScanner, _ end: Int) -> Int {
        end < scanner.end && scanner.bytes[end] == UInt8(ascii: " ") ? end + 1 : end
    }

    // MARK: - RFC 5424

    /// The length of an RFC 5424 VERSION (1–3 digits followed by a space) at the scanner, else `nil` (an RFC 3339
    /// or `Mmm` time follows the PRI instead).
    static func versionLength(_ scanner: ByteScanner) -> Int? {
        var length = 0
        while let byte = scanner.peek(length), byte &- 0x30 < 10, length < 4 { length += 1 }
        return (1...3).contains(length) && scanner.peek(length) == UInt8(ascii: " ") ? length : nil
    }

    private func parseRFC5424(
        _ scanner: inout ByteScanner, priority: Int, versionLength: Int,
        into event: inout SecurityEvent
    ) -> ParseFailure? {
        let versionStart = scanner.position
        guard versionLength == 1, scanner.bytes[versionStart] == UInt8(ascii: "1") else {
            return ParseFailure(
                .invalidSyslogHeader,
                "RFC 5424 VERSION '\(scanner.excerpt(versionStart..<versionStart + versionLength))' is not 1, the only version defined"
            )
        }
        scanner.position += 2
        var timestamp: EventTimestamp? = nil
        if !scanner.skip("- ") {
            guard let time = parseRFC3339(&scanner), scanner.skip(byte: UInt8(ascii: " ")) else {
                return ParseFailure(.invalidTimestamp, "the RFC 5424 TIMESTAMP is not a valid RFC 3339 time")
            }
            timestamp = time
        }
        event.syslog = SyslogEnvelope(format: .rfc5424, priority: priority, timestamp: timestamp)
        // HOSTNAME, APP-NAME, PROCID, MSGID: NILVALUE or 1*N printable US-ASCII, each followed by a space.
        let fields: [(name: StaticString, limit: Int, field: TextField)] = Self.rfc5424Fields
        for (name, limit, field) in fields {
            let start = scanner.position
            while let byte = scanner.peek(), byte > 0x20, byte < 0x7F { scanner.position += 1 }
            let token = start..<scanner.position
            if token.isEmpty {
                if scanner.isAtEnd { return ParseFailure(.invalidSyslogHeader, "RFC 5424 header ends before \(name)") }
                if scanner.peek() == UInt8(ascii: " ") {
                    return ParseFailure(
                        .invalidSyslogHeader, "RFC 5424 \(name) is empty (two spaces in a row; '-' is the nil value)")
                }
            }
            if let byte = scanner.peek(), byte != UInt8(ascii: " ") {
                return ParseFailure(
                    .invalidSyslogHeader,
                    "RFC 5424 \(name) holds byte \(Self.hex(byte)), not printable US-ASCII (33–126)")
            }
            guard token.count <= limit else {
                return ParseFailure(
                    .invalidSyslogHeader,
                    "RFC 5424 \(name) is \(token.count) bytes long, more than \(limit): '\(scanner.excerpt(token))'")
            }
            guard scanner.skip(byte: UInt8(ascii: " ")) else {
                return ParseFailure(.invalidSyslogHeader, "RFC 5424 header ends after \(name)")
            }
            if !(token.count == 1 && scanner.bytes[token.lowerBound] == UInt8(ascii: "-")) {
                if field == .syslogProcID {
                    setProcID(token, scanner, into: &event)
                } else {
                    event.setRange(field, token)
                }
            }
        }
        if let failure = skipStructuredData(&scanner) { return failure }
        if scanner.isAtEnd { return ParseFailure(.unknownRecord, "the syslog message is empty") }
        guard scanner.skip(byte: UInt8(ascii: " ")) else {
            return ParseFailure(.invalidSyslogHeader, "no space between STRUCTURED-DATA and MSG")
        }
        return parseMessage(&scanner, into: &event)
    }

    /// The four RFC 5424 header fields after TIMESTAMP, with their length limits (RFC 5424 §6).
    private static let rfc5424Fields: [(name: StaticString, limit: Int, field: TextField)] = [
        ("HOSTNAME", 255, .syslogHostname), ("APP-NAME", 48, .syslogAppName),
        ("PROCID", 128, .syslogProcID), ("MSGID", 32, .syslogMessageID),
    ]

    /// STRUCTURED-DATA (RFC 5424 §6.3): `-`, or one or more `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]` with SD-ID and
    /// PARAM-NAME 1–32 printable US-ASCII bytes other than `=`, space, `]` and `"`, and `"`, `\` and `]` escaped with
    /// `\` inside a value. Checked, not kept: the SIEM formats have no place for it.
    func skipStructuredData(_ scanner: inout ByteScanner) -> ParseFailure? {
        if scanner.skip(byte: UInt8(ascii: "-")) { return nil }
        guard scanner.peek() == UInt8(ascii: "[") else {
            return ParseFailure(.invalidSyslogHeader, "STRUCTURED-DATA is neither '-' nor '[…]'")
        }
        while scanner.skip(byte: UInt8(ascii: "[")) {
            if let failure = skipSDName(&scanner, "SD-ID") { return failure }
            while true {
                guard let byte = scanner.peek() else {
                    return ParseFailure(.invalidSyslogHeader, "unterminated STRUCTURED-DATA element")
                }
                if byte == UInt8(ascii: "]") {
                    scanner.position += 1
                    break
                }
                guard byte == UInt8(ascii: " ") else {
                    return ParseFailure(
                        .invalidSyslogHeader, "STRUCTURED-DATA: byte \(Self.hex(byte)) where ' ' or ']' must follow")
                }
                scanner.position += 1
                let nameStart = scanner.position
                if let failure = skipSDName(&scanner, "PARAM-NAME") { return failure }
                let name = nameStart..<scanner.position
                guard scanner.skip(byte: UInt8(ascii: "=")), scanner.skip(byte: UInt8(ascii: "\"")) else {
                    return ParseFailure(
                        .invalidSyslogHeader,
                        "STRUCTURED-DATA: PARAM-NAME '\(scanner.excerpt(name))' is not followed by =\"")
                }
                // PARAM-VALUE up to the closing quote; a backslash before any other byte is an ordinary byte.
                var closed = false
                while let byte = scanner.peek() {
                    scanner.position += 1
                    if byte == UInt8(ascii: "\\") {
                        if let next = scanner.peek(),
                            next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "]")
                        {
                            scanner.position += 1
                        }
                    } else if byte == UInt8(ascii: "\"") {
                        closed = true
                        break
                    } else if byte == UInt8(ascii: "]") {
                        return ParseFailure(
                            .invalidSyslogHeader,
                            "STRUCTURED-DATA: unescaped ']' in the value of '\(scanner.excerpt(name))' (write \\])")
                    }
                }
                guard closed else {
                    return ParseFailure(
                        .invalidSyslogHeader,
                        "STRUCTURED-DATA: the value of '\(scanner.excerpt(name))' has no closing quote")
                }
            }
        }
        return nil
    }

    /// An SD-NAME: 1–32 printable US-ASCII bytes other than `=`, space, `]`, `"`.
    private func skipSDName(_ scanner: inout ByteScanner, _ what: StaticString) -> ParseFailure? {
        let start = scanner.position
        while let byte = scanner.peek(), byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "="), byte != UInt8(ascii: "]"),
            byte != UInt8(ascii: "\"")
        {
            scanner.position += 1
        }
        let name = start..<scanner.position
        if name.isEmpty {
            guard let byte = scanner.peek() else {
                return ParseFailure(.invalidSyslogHeader, "unterminated STRUCTURED-DATA element")
            }
            return ParseFailure(
                .invalidSyslogHeader, "STRUCTURED-DATA: \(what) is empty or starts with byte \(Self.hex(byte))")
        }
        guard name.count <= 32 else {
            return ParseFailure(
                .invalidSyslogHeader,
                "STRUCTURED-DATA: \(what) '\(scanner.excerpt(name))' is \(name.count) bytes long, more than 32")
        }
        if let byte = scanner.peek(), byte < 0x20 || byte > 0x7E {
            return ParseFailure(
                .invalidSyslogHeader,
                "STRUCTURED-DATA: \(what) '\(scanner.excerpt(name))' is followed by byte \(Self.hex(byte)), not printable US-ASCII"
            )
        }
        return nil
    }

    // MARK: - Shared pieces

    /// Records a PROCID (or PID) and, when it is 1–10 digits no larger than 2,147,483,647, its number.
    func setProcID(_ range: Range<Int>, _ scanner: ByteScanner, into event: inout SecurityEvent) {
        event.setRange(.syslogProcID, range)
        guard range.count <= 10 else { return }
        var value: Int64 = 0
        for index in range {
            let digit = scanner.bytes[index] &- 0x30
            guard digit < 10 else { return }
            value = value * 10 + Int64(digit)
        }
        if value <= Int64(Int32.max) { event[.processID] = value }
    }

    /// `0xC3`, for messages about a byte.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return "0x" + String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }

    /// RFC 3339: `yyyy-MM-ddTHH:mm:ss[.frac](Z|±hh:mm)`. Any number of fraction digits (the first nine are kept), as
    /// rsyslog's FileFormat writes six and other senders three or nine.
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
            while let byte = scanner.peek(), byte &- 0x30 < 10 {
                if digits < 9 { nanosecond = nanosecond * 10 + Int(byte &- 0x30) }
                digits += 1
                scanner.position += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { nanosecond *= 10 }
        }
        let offset: Int
        if scanner.skip(byte: UInt8(ascii: "Z")) {
            offset = 0
        } else {
            guard let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            scanner.position += 1
            guard let hh = scanner.fixedDigits(2), scanner.skip(byte: UInt8(ascii: ":")),
                let mm = scanner.fixedDigits(2),
                hh <= 23, mm <= 59
            else { return nil }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hh * 3_600 + mm * 60)
        }
        guard second <= 60,
            let civil = CivilDateTime(
                year: year, month: month, day: day, hour: hour, minute: minute,
                second: second, nanosecond: nanosecond)
        else { return nil }
        return EventTimestamp(civil, utcOffsetSeconds: offset)
    }
}
