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
        AddressSyntax.withUTF8(text) { bytes in
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
    }

    /// Whether `text` is a CEF timestamp (FORMATS.md §1.4): epoch milliseconds (digits), or one of
    /// `MMM dd [yyyy ]HH:mm:ss[.SSS][ zzz]`, where `zzz` is a zone abbreviation of 3–5 upper-case letters or
    /// `GMT`/`UTC` followed by an offset (`GMT+01:00`).
    static func isCEFTimestamp(_ text: String) -> Bool {
        AddressSyntax.withUTF8(text) { bytes in
            var cursor = Cursor(bytes: bytes)
            if let first = bytes.first, AddressSyntax.isDigit(first) {
                return cursor.skipDigits() <= 19 && cursor.atEnd && NumberSyntax.integer(text) != nil
            }
            guard let month = cursor.monthName(), cursor.take(" "), let day = cursor.digits(2), cursor.take(" ") else {
                return false
            }
            var year = 2000  // a leap year, so Feb 29 passes when the year is not written
            if cursor.peek(offset: 4) == UInt8(ascii: " ") {
                guard let written = cursor.digits(4), cursor.take(" ") else { return false }
                year = written
            }
            guard day >= 1, day <= daysIn(month: month, year: year) else { return false }
            guard let hour = cursor.digits(2), cursor.take(":"), let minute = cursor.digits(2), cursor.take(":"),
                let second = cursor.digits(2), hour <= 23, minute <= 59, second <= 59
            else { return false }
            if cursor.take(".") {
                guard cursor.digits(3) != nil else { return false }
            }
            if cursor.atEnd { return true }
            guard cursor.take(" ") else { return false }
            return cursor.zoneName() && cursor.atEnd
        }
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

        /// `Jan`…`Dec`, as a month number.
        mutating func monthName() -> Int? {
            guard index + 3 <= bytes.count else { return nil }
            let name = String(decoding: bytes[index..<index + 3], as: UTF8.self)
            guard let number = TimestampSyntax.monthNames.firstIndex(of: name) else { return nil }
            index += 3
            return number + 1
        }

        /// `PST`, `CEST`, `UTC`, `GMT+1`, `GMT+01:00`, `UTC-0530`.
        mutating func zoneName() -> Bool {
            let start = index
            while let byte = peek(), byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { index += 1 }
            let letters = index - start
            guard (3...5).contains(letters) else { return false }
            guard let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return true }
            let name = String(decoding: bytes[start..<index], as: UTF8.self)
            guard name == "GMT" || name == "UTC" else { return false }
            index += 1
            let hourDigits = skipDigits()
            guard (1...2).contains(hourDigits) else { return false }
            if take(":") { return digits(2) != nil }
            if peek() != nil { return digits(2) != nil }
            return true
        }
    }
}
