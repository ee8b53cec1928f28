/// How an RFC 3164 header time (`Mmm dd hh:mm:ss`), which carries no year, gets one.
///
/// ```swift
/// // Read on 1 January 2027 at 00:10: a line stamped "Dec 31 23:59:58" is from 2026.
/// let now = CivilDateTime(year: 2027, month: 1, day: 1, hour: 0, minute: 10, second: 0)!
/// let parser = SecurityLogParser(syslogYear: .inferred(now: now))
/// parser.parse("Dec 31 23:59:58 fw1 kerio: Engine: Startup").timestamp?.civil.year   // 2026
/// ```
public enum SyslogYearRule: Sendable, Hashable {
    /// Every RFC 3164 time is in this year (1–9999), as given (`--syslog-year`).
    case fixed(Int)
    /// The year of `now` (the reader's local wall clock), unless that would put the date more than a day after
    /// `now`: then the year before, as rsyslog and syslog-ng decide. A date that does not exist in that year (29
    /// February) also belongs to the year before, when it exists there.
    case inferred(now: CivilDateTime)

    /// The year for a month, day and time of day, or `nil` when no year of the rule has that date.
    func year(month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int? {
        switch self {
        case .fixed(let year):
            return day <= CivilDateTime.daysInMonth(year: year, month: month) ? year : nil
        case .inferred(let now):
            let year = now.year
            if day <= CivilDateTime.daysInMonth(year: year, month: month),
                let candidate = CivilDateTime(
                    year: year, month: month, day: day, hour: hour, minute: minute, second: second),
                candidate.secondsSinceEpochAsUTC <= now.secondsSinceEpochAsUTC + 86_400
            {
                return year
            }
            let previous = year - 1
            return previous >= 1 && day <= CivilDateTime.daysInMonth(year: previous, month: month) ? previous : nil
        }
    }

    /// The year named in messages: the fixed year, or the year of `now`.
    var referenceYear: Int {
        switch self {
        case .fixed(let year): year
        case .inferred(let now): now.year
        }
    }
}
