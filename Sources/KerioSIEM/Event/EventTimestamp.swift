/// A calendar date and wall-clock time with no time zone: what Kerio writes in `[dd/Mon/yyyy hh:mm:ss]`.
///
/// Only valid values can be created through ``init(year:month:day:hour:minute:second:nanosecond:)``: the day exists in
/// its month (leap years included), the hour is 0–23, minutes and seconds 0–59 (60 is accepted for a leap second in a
/// syslog header and is kept as logged).
///
/// ```swift
/// let time = CivilDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59)!
/// ```
public struct CivilDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Proleptic Gregorian year, 1–9999.
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of the month, 1–31 depending on the month.
    public var day: Int
    /// Hour, 0–23.
    public var hour: Int
    /// Minute, 0–59.
    public var minute: Int
    /// Second, 0–60 (60 only for a leap second).
    public var second: Int
    /// Fraction of the second in nanoseconds, 0–999,999,999.
    public var nanosecond: Int

    /// Creates a civil date-time, or `nil` when the fields do not name a real date and time.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDateTime.daysInMonth(year: year, month: month),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
            (0...999_999_999).contains(nanosecond)
        else { return nil }
        self.init(checkedYear: year, month: month, day: day, hour: hour, minute: minute, second: second)
        self.nanosecond = nanosecond
    }

    /// Creates a civil date-time whose fields the caller has already checked (the parser's hot path).
    ///
    /// The caller guarantees what ``init(year:month:day:hour:minute:second:nanosecond:)`` would check.
    @inline(__always)
    init(checkedYear year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = 0
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The number of days in `month` of `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of this date (negative before), after Howard Hinnant's `days_from_civil`.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Seconds since 1970-01-01T00:00:00 if this wall time were UTC (a leap second counts as the next second).
    public var secondsSinceEpochAsUTC: Int64 {
        Int64(daysSinceEpoch) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    /// The civil date-time at `seconds` since the epoch, read as UTC.
    public init(secondsSinceEpoch seconds: Int64, nanosecond: Int = 0) {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        // Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
        self.hour = secondOfDay / 3_600
        self.minute = secondOfDay % 3_600 / 60
        self.second = secondOfDay % 60
        self.nanosecond = nanosecond
    }

    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        (lhs.secondsSinceEpochAsUTC, lhs.nanosecond) < (rhs.secondsSinceEpochAsUTC, rhs.nanosecond)
    }

    /// ISO 8601 without a zone, e.g. `2013-03-02T08:54:38`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if nanosecond != 0 { text += "." + pad(nanosecond, 9) }
        return text
    }
}

/// When a record was logged: the civil time as written, and the UTC offset when the source stated one.
///
/// Kerio's own `[dd/Mon/yyyy hh:mm:ss]` prefix is local wall time with no offset (``utcOffsetSeconds`` is `nil`);
/// an RFC 5424 syslog header carries one. Turning an offset-less time into an instant takes a ``KerioTimeZone``.
public struct EventTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// The date and time as logged.
    public var civil: CivilDateTime
    /// Seconds east of UTC stated by the source, or `nil` when the source gave local time without a zone.
    public var utcOffsetSeconds: Int?

    /// Creates a timestamp from a civil time and an optional stated offset.
    public init(_ civil: CivilDateTime, utcOffsetSeconds: Int? = nil) {
        self.civil = civil
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Milliseconds since the Unix epoch: the stated offset when there is one, otherwise `zone`'s offset at that
    /// wall time (see ``KerioTimeZone`` for the daylight-saving rule).
    public func epochMilliseconds(in zone: KerioTimeZone) -> Int64 {
        let local = civil.secondsSinceEpochAsUTC
        let offset = utcOffsetSeconds ?? zone.utcOffset(forLocalSeconds: local)
        return (local - Int64(offset)) * 1_000 + Int64(civil.nanosecond / 1_000_000)
    }

    /// ISO 8601, with the offset when stated, e.g. `2013-03-02T08:54:38` or `2026-04-05T00:00:00+02:00`.
    public var description: String {
        guard let offset = utcOffsetSeconds else { return civil.description }
        if offset == 0 { return civil.description + "Z" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        let hh = minutes / 60
        let mm = minutes % 60
        return civil.description + sign + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }
}
