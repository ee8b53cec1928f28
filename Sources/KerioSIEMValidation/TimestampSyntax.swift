/// Textual syntax of timestamps: RFC 3339 (JSON Schema `date-time`, CSV `datetime`) and the CEF date formats.
enum TimestampSyntax {
    /// The three-letter English month names of `MMM`, as Java's SimpleDateFormat writes them.
    static let monthNames: [String] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Whether `text` is an RFC 3339 §5.6 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    ///
    /// Day numbers are checked against the month (leap years included); second 60 (a leap second) is accepted, as the
    /// RFC allows.
    /// - Parameter utcOnly: require the `Z` offset and upper-case `T` and `Z` (the CSV dialect); otherwise `t`/`z` and
    ///   numeric offsets are accepted too (RFC 3339 §5.6 note).
    static func isRFC3339(_ text: String, utcOnly: Bool) -> Bool {
        AddressSyntax.withUTF8(text) { isRFC3339(bytes: $0, utcOnly: utcOnly) }
    }

    /// ``isRFC3339(_:utcOnly:)`` over the UTF-8 bytes of the text, for the fast paths that make no `String`.
    static func isRFC3339(bytes: UnsafeBufferPointer<UInt8>, utcOnly: Bool) -> Bool {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.take("-"), let month = cursor.digits(2), cursor.take("-"),
            let day = cursor.digits(2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return false }
        guard let separator = cursor.next(),
            separator == UInt8(ascii: "T") || (!utcOnly && separator == UInt8(ascii: "t"))
        else { return false }
        guard let hour = cursor.digits(2), cursor.take(":"), let minute = cursor.digits(2), cursor.take(":"),
            let second = cursor.digits(2), hour <= 23, minute <= 59, second <= 60
        else { return false }
        if cursor.take(".") {
            guard cursor.skipDigits() > 0 else { return false }
        }
        guard let zone = cursor.next() else { return false }
        switch zone {
        case UInt8(ascii: "Z"):
            break
        case UInt8(ascii: "z") where !utcOnly:
            break
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard !utcOnly, let offsetHour = cursor.digits(2), cursor.take(":"),
                let offsetMinute = cursor.digits(2),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
        default:
            return false
        }
        return cursor.atEnd
    }

    /// Whether `text` is a syslog TIMESTAMP (RFC 5424 §6.2.3): RFC 3339 `date-time` with upper-case `T` and `Z`, at
    /// most six fraction digits (TIME-SECFRAC is `1*6DIGIT`) and no leap second ("Leap seconds MUST NOT be used").
    ///
    /// ```swift
    /// TimestampSyntax.isSyslogTimestamp("2003-08-24T05:14:15.000003-07:00")     // true  (RFC 5424 §6.2.3.1, ex. 4)
    /// TimestampSyntax.isSyslogTimestamp("2003-08-24T05:14:15.000000003-07:00")  // false (ex. 5: nanoseconds)
    /// ```
    static func isSyslogTimestamp(_ text: String) -> Bool {
        guard isRFC3339(text, utcOnly: false) else { return false }
        return AddressSyntax.withUTF8(text) { bytes in
            // The shape is RFC 3339's, so the fixed positions hold: "T" at 10, seconds at 17–18, fraction from 19.
            guard bytes[10] == UInt8(ascii: "T"), !(bytes[17] == UInt8(ascii: "6") && bytes[18] == UInt8(ascii: "0"))
            else { return false }
            var fractionDigits = 0
            if bytes[19] == UInt8(ascii: ".") {
                while 20 + fractionDigits < bytes.count, AddressSyntax.isDigit(bytes[20 + fractionDigits]) {
                    fractionDigits += 1
                }
            }
            return fractionDigits <= 6 && bytes[bytes.count - 1] != UInt8(ascii: "z")
        }
    }

    /// Whether `text` is a CEF timestamp as Filebeat's `decode_cef` reads one: epoch milliseconds, or one of the
    /// ArcSight CEF Implementation Standard's date formats `MMM dd [yyyy ]HH:mm:ss[.SSS][ zzz]` in the reading of Go's
    /// `time.Parse`, which Filebeat uses:
    /// - epoch milliseconds: decimal digits without leading zeros (Filebeat would read them as octal), ≤ 19 digits;
    /// - `MMM`: `Jan`…`Dec` in any letter case; `dd`: 1 or 2 digits, checked against the month (Feb 29 passes
    ///   without a year); `yyyy`: 4 digits, optional; `HH`: 1 or 2 digits 0–23; `mm`, `ss`: 2 digits 0–59;
    /// - one or more spaces wherever the format has one (`Jun  3` is the space-padded day);
    /// - a fraction after `.` or `,`, of any number of digits;
    /// - the zone, optional: `Z`, `±hh`, `±hhmm`, `±hh:mm`, `UTC`, `GMT`, `GMT±h[h]`, `GMT±hh:mm`, or a name of three
    ///   upper-case letters, four or five ending in `T`, `WITA`, `ChST` or `MeST` (Go's rule for zone names).
    ///   `UTC` takes no offset: Go reads `UTC-0530` as `UTC` followed by junk.
    ///
    /// ```swift
    /// TimestampSyntax.isCEFTimestamp("Jun  3 2026 8:04:05,5 +05:00")  // true
    /// TimestampSyntax.isCEFTimestamp("Jun 03 08:04:05 UTC-0530")      // false
    /// ```
    static func isCEFTimestamp(_ text: String) -> Bool {
        AddressSyntax.withUTF8(text) { isCEFTimestamp(bytes: $0) }
    }

    /// ``isCEFTimestamp(_:)`` over the UTF-8 bytes of the text, for the fast paths that make no `String`.
    static func isCEFTimestamp(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = Cursor(bytes: bytes)
        if let first = bytes.first, AddressSyntax.isDigit(first) {
            return cursor.skipDigits() <= 19 && cursor.atEnd && NumberSyntax.canonicalInteger(bytes: bytes) != nil
        }
        guard let month = cursor.monthName(), cursor.skipSpaces(), let day = cursor.digits(1...2),
            cursor.skipSpaces()
        else { return false }
        var year = 2000  // a leap year, so Feb 29 passes when the year is not written (Go uses year 0, also leap)
        if cursor.isDigitRun(ofLength: 4) {
            guard let written = cursor.digits(4), cursor.skipSpaces() else { return false }
            year = written
        }
        guard day >= 1, day <= daysIn(month: month, year: year) else { return false }
        guard let hour = cursor.digits(1...2), cursor.take(":"), let minute = cursor.digits(2), cursor.take(":"),
            let second = cursor.digits(2), hour <= 23, minute <= 59, second <= 59
        else { return false }
        if cursor.take(".") || cursor.take(",") {
            guard cursor.skipDigits() > 0 else { return false }
        }
        if cursor.atEnd { return true }
        guard cursor.skipSpaces(), !cursor.atEnd else { return false }
        return cursor.cefZone() && cursor.atEnd
    }

    /// Whether `pattern` (a letter, `-` or a digit) and `byte` are equal, ignoring ASCII letter case.
    static func equalIgnoringCase(_ pattern: UInt8, _ byte: UInt8) -> Bool {
        let isLetter = pattern | 0x20 >= UInt8(ascii: "a") && pattern | 0x20 <= UInt8(ascii: "z")
        return isLetter ? pattern | 0x20 == byte | 0x20 : pattern == byte
    }

    /// The days in `month` (1–12) of `year` in the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A forward-only reader over ASCII text.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        func peek(offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func take(_ literal: Unicode.Scalar) -> Bool {
            guard peek() == UInt8(literal.value) else { return false }
            index += 1
            return true
        }

        /// Exactly `count` decimal digits, as a number.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard AddressSyntax.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }

        /// Skips a run of digits and returns its length.
        mutating func skipDigits() -> Int {
            let start = index
            while let byte = peek(), AddressSyntax.isDigit(byte) { index += 1 }
            return index - start
        }

        /// As many decimal digits as follow, up to `counts.upperBound`, as a number; nil when fewer than
        /// `counts.lowerBound`.
        mutating func digits(_ counts: ClosedRange<Int>) -> Int? {
            var length = 0
            while length < counts.upperBound, let byte = peek(offset: length), AddressSyntax.isDigit(byte) {
                length += 1
            }
            guard counts.contains(length) else { return nil }
            return digits(length)
        }

        /// Whether the next `length` bytes are digits and the one after them is not.
        func isDigitRun(ofLength length: Int) -> Bool {
            for offset in 0..<length {
                guard let byte = peek(offset: offset), AddressSyntax.isDigit(byte) else { return false }
            }
            return peek(offset: length).map { !AddressSyntax.isDigit($0) } ?? true
        }

        /// Skips one or more spaces; false when there is none (Go's `time.Parse` reads a run of spaces as one).
        mutating func skipSpaces() -> Bool {
            let start = index
            while peek() == UInt8(ascii: " ") { index += 1 }
            return index > start
        }

        /// `Jan`…`Dec` in any letter case, as a month number.
        mutating func monthName() -> Int? {
            guard index + 3 <= bytes.count else { return nil }
            let name = bytes[index..<index + 3]
            guard
                let number = TimestampSyntax.monthNames.firstIndex(where: { month in
                    zip(month.utf8, name).allSatisfy { TimestampSyntax.equalIgnoringCase($0, $1) }
                })
            else { return nil }
            index += 3
            return number + 1
        }

        /// The zone of a CEF timestamp (see ``TimestampSyntax/isCEFTimestamp(_:)``).
        mutating func cefZone() -> Bool {
            guard let first = peek() else { return false }
            if first == UInt8(ascii: "Z") && index + 1 == bytes.count { return next() != nil }
            if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { return numericOffset(allowsCompact: true) }
            let rest = bytes.count - index
            if rest >= 3 {
                let three = String(decoding: bytes[index..<index + 3], as: UTF8.self)
                if three == "UTC" {
                    index += 3
                    return true
                }
                if three == "GMT" {
                    index += 3
                    guard let sign = peek() else { return true }
                    guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
                    return numericOffset(allowsCompact: false)
                }
            }
            if rest >= 4 {
                let four = String(decoding: bytes[index..<index + 4], as: UTF8.self)
                if four == "ChST" || four == "MeST" {
                    index += 4
                    return true
                }
            }
            var letters = 0
            while letters < 6, let byte = peek(offset: letters), byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                letters += 1
            }
            let last = letters > 0 ? bytes[index + letters - 1] : 0
            let name = String(decoding: bytes[index..<index + letters], as: UTF8.self)
            switch letters {
            case 3: break
            case 4 where last == UInt8(ascii: "T") || name == "WITA": break
            case 5 where last == UInt8(ascii: "T"): break
            default: return false
            }
            index += letters
            return true
        }

        /// `±h`, `±hh`, `±hh:mm` or, when `allowsCompact`, `±hhmm` (hours 0–23, minutes 0–59), the sign included.
        /// After `GMT`, Go reads only an hour or `hh:mm` (`GMT+0500` fails every layout Filebeat tries).
        mutating func numericOffset(allowsCompact: Bool) -> Bool {
            index += 1
            let hourDigits = skipDigits()
            index -= hourDigits
            switch hourDigits {
            case 1, 2:
                guard let hour = digits(hourDigits), hour <= 23 else { return false }
                if hourDigits == 2, take(":") {
                    guard let minute = digits(2), minute <= 59 else { return false }
                }
                return true
            case 4 where allowsCompact:
                guard let hour = digits(2), let minute = digits(2) else { return false }
                return hour <= 23 && minute <= 59
            default:
                return false
            }
        }
    }
}
