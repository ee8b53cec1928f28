// The outer layers of a line: optional BOM, then either the file form `[dd/Mon/yyyy hh:mm:ss] <record>` or a syslog
// envelope around a message (SecurityLogParser+Syslog.swift), then dispatch on the record's leading words.

extension SecurityLogParser {
    /// Parses a whole line; returns the failure, or `nil` when `event` now holds a typed record.
    func parseLine(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        _ = scanner.skip("\u{FEFF}")  // a BOM at the start of a file's first line
        if Self.parseWellFormedBracketedTime(&scanner, into: &event) {
            // The usual line: no Result, no failure value built, no header to compare with.
            return parseRecord(&scanner, into: &event)
        }
        if scanner.peek() == UInt8(ascii: "[") {
            switch parseBracketedTime(&scanner) {
            case .success(let civil): event.timestamp = EventTimestamp(civil)
            case .failure(let failure): return failure
            }
            return parseRecord(&scanner, into: &event)
        }
        return parseEnvelopedLine(&scanner, into: &event)
    }

    /// Parses the message after a syslog header: the bracketed Kerio time when present (the event time), else the
    /// header's time, then the record.
    func parseMessage(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        _ = scanner.skip("\u{FEFF}")  // the message may start with a BOM (RFC 5424 §6.4)
        if let civil = Self.wellFormedBracketedTime(scanner) {
            scanner.position += 23
            event.timestamp = EventTimestamp(civil, utcOffsetSeconds: headerOffset(for: civil, event.syslog))
        } else if scanner.peek() == UInt8(ascii: "[") {
            switch parseBracketedTime(&scanner) {
            case .success(let civil):
                event.timestamp = EventTimestamp(civil, utcOffsetSeconds: headerOffset(for: civil, event.syslog))
            case .failure(let failure): return failure
            }
        } else {
            // Kerio Connect (and possibly Control) sends MSG without the bracketed time: the header's time is the
            // event time, with its offset.
            guard let time = event.syslog?.timestamp else {
                // The header was recognised, so this is no missing-timestamp: the header's time is NILVALUE.
                return ParseFailure(
                    .invalidTimestamp,
                    "the RFC 5424 TIMESTAMP is '-' and the message has no [dd/Mon/yyyy hh:mm:ss] prefix")
            }
            event.timestamp = time
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
            return .failure(
                ParseFailure(
                    .invalidTimestamp,
                    "'\(scanner.excerpt(start..<min(close + 1, scanner.end)))' is not [dd/Mon/yyyy hh:mm:ss]"))
        }
        guard second <= 59,
            let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else {
            return .failure(
                ParseFailure(
                    .invalidTimestamp, "'\(scanner.excerpt(start..<scanner.position))' is not a real date and time"))
        }
        guard scanner.skip(byte: UInt8(ascii: " ")) else {
            return .failure(ParseFailure(.malformedRecord, "no space after the timestamp"))
        }
        return .success(civil)
    }

    /// ``wellFormedBracketedTime(_:)`` stored straight into `event` (no header offset), advancing past it.
    ///
    /// Storing from registers matters: a `CivilDateTime` returned through memory and copied with wider loads than it
    /// was stored with stalls store-to-load forwarding, which cost a tenth of the whole line.
    @inline(__always)
    static func parseWellFormedBracketedTime(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> Bool {
        guard let civil = wellFormedBracketedTime(scanner) else { return false }
        event.timestamp = EventTimestamp(civil)
        scanner.position += 23
        return true
    }

    /// The common case in one pass: a well-formed, real `[dd/Mon/yyyy hh:mm:ss] ` (23 bytes) at the scanner's position.
    /// `nil` for anything else, which the checking path of ``parseBracketedTime(_:)`` then reports precisely.
    @inline(__always)
    static func wellFormedBracketedTime(_ scanner: ByteScanner) -> CivilDateTime? {
        let start = scanner.position
        guard start + 23 <= scanner.end else { return nil }
        // Safe: the 23 bytes read lie inside the line (checked above).
        let b = scanner.bytes.baseAddress.unsafelyUnwrapped + start
        // Three overlapping little-endian words cover the 23 bytes: [dd/Mon/ · yyyy hh: · :mm:ss] + space.
        @inline(__always) func word(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self))
        }
        let w0 = word(0)
        let w1 = word(8)
        let w2 = word(15)
        // Punctuation, one masked compare per word.
        guard w0 & 0xFF00_0000_FF00_00FF == 0x2F00_0000_2F00_005B, w1 & 0xFF00_00FF_0000_0000 == 0x3A00_0020_0000_0000,
            w2 & 0xFFFF_0000_FF00_00FF == 0x205D_0000_3A00_003A
        else { return nil }
        // Digits: high nibble 3, and low nibble + 6 still below 0x10 (no carry leaves a byte: its high nibble is 3).
        @inline(__always) func allDigits(_ word: UInt64, _ high: UInt64, _ six: UInt64) -> Bool {
            word & high == 0x3030_3030_3030_3030 & high && (word &+ six) & high == 0x3030_3030_3030_3030 & high
        }
        guard allDigits(w0, 0x0000_0000_00F0_F000, 0x0000_0000_0006_0600),
            allDigits(w1, 0x00F0_F000_F0F0_F0F0, 0x0006_0600_0606_0606),
            allDigits(w2, 0x0000_F0F0_00F0_F000, 0x0000_0606_0006_0600),
            let month = monthNumber(b[4], b[5], b[6])
        else { return nil }
        // Two-digit values all at once: with the digits' low nibbles d, (d × 0x0A01) puts 10·d[k] + d[k+1] in byte k+1
        // (each byte stays below 100, so nothing carries).
        let pairs0 = (w0 & 0x0000_0000_000F_0F00) &* 0x0A01
        let pairs1 = (w1 & 0x000F_0F00_0F0F_0F0F) &* 0x0A01
        let pairs2 = (w2 & 0x0000_0F0F_000F_0F00) &* 0x0A01
        @inline(__always) func byte(_ word: UInt64, _ index: UInt64) -> Int {
            Int(truncatingIfNeeded: word &>> (index &* 8) & 0xFF)
        }
        let day = byte(pairs0, 2)
        let year = byte(pairs1, 1) &* 100 &+ byte(pairs1, 3)
        let hour = byte(pairs1, 6)
        let minute = byte(pairs2, 2)
        let second = byte(pairs2, 5)
        // What CivilDateTime.init checks (second 60 is refused here, as in the checking path).
        guard year >= 1, day >= 1, hour <= 23, minute <= 59, second <= 59,
            day <= 28 || day <= CivilDateTime.daysInMonth(year: year, month: month)
        else { return nil }
        return CivilDateTime(checkedYear: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The month of an English abbreviation (`Jan` … `Dec`, case as Kerio writes it), 1…12.
    @inline(__always)
    static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        // One switch over the three bytes packed into an integer.
        switch UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c) {
        case 0x4A_61_6E: 1  // Jan
        case 0x46_65_62: 2  // Feb
        case 0x4D_61_72: 3  // Mar
        case 0x41_70_72: 4  // Apr
        case 0x4D_61_79: 5  // May
        case 0x4A_75_6E: 6  // Jun
        case 0x4A_75_6C: 7  // Jul
        case 0x41_75_67: 8  // Aug
        case 0x53_65_70: 9  // Sep
        case 0x4F_63_74: 10  // Oct
        case 0x4E_6F_76: 11  // Nov
        case 0x44_65_63: 12  // Dec
        default: nil
        }
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
        return ParseFailure(
            .unknownRecord, "'\(scanner.excerpt(recordStart..<scanner.end))' is not a Security-log record")
    }
}
