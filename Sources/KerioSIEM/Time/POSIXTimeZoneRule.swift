/// A POSIX `TZ` rule such as `CET-1CEST,M3.5.0,M10.5.0/3`: a standard-time offset and, optionally, a daylight-saving
/// offset with the yearly dates it starts and ends.
///
/// TZif files end with one of these (RFC 8536 §3.3, the "footer"); it gives the offsets after the file's last
/// transition. Debian's "slim" files rely on it for every year since the rules last changed, so it is on the hot path.
///
/// Accepted grammar (POSIX.1-2017 §8.3 plus the RFC 8536 §3.3.1 extensions):
/// ```
/// rule   = std offset [dst [offset] [,date[/time],date[/time]]]
/// name   = 1+ letters, or <1+ of [A-Za-z0-9+-]>       e.g. CET, <+0330>
/// offset = [+-]hh[:mm[:ss]], hh ≤ 24                 POSIX sign: hours WEST of UTC, so CET-1 is UTC+01:00
/// date   = Jn (1–365, 29 Feb never counted) | n (0–365) | Mm.w.d (week 5 = last)
/// time   = [+-]hh[:mm[:ss]], hh ≤ 167               default 02:00; may be negative or over 24 (RFC 8536)
/// ```
/// A rule with a daylight-saving name but no dates uses the US rule `M3.2.0,M11.1.0`, as tzcode and glibc do.
///
/// ```swift
/// let rule = POSIXTimeZoneRule("CET-1CEST,M3.5.0,M10.5.0/3")!
/// rule.offset(atUTC: 1_782_864_000)  // 7_200: 2026-07-01 is summer time
/// ```
struct POSIXTimeZoneRule: Sendable, Hashable {
    /// Standard time, in seconds east of UTC.
    let standardOffset: Int
    /// Daylight-saving time, or `nil` for a zone without it.
    let daylightSaving: DaylightSaving?

    /// When and by how much daylight-saving time applies.
    struct DaylightSaving: Sendable, Hashable {
        /// Daylight-saving time, in seconds east of UTC (may be below the standard offset: Europe/Dublin's winter).
        let offset: Int
        /// The switch to daylight-saving time, in local standard time.
        let start: Transition
        /// The switch back to standard time, in local daylight-saving time.
        let end: Transition
    }

    /// A yearly switch: a day of the year and a wall time on it.
    struct Transition: Sendable, Hashable {
        /// How the day of the year is named.
        enum Day: Sendable, Hashable {
            /// `Jn`: day 1–365, never counting 29 February (`J60` is always 1 March).
            case julianSkippingLeapDay(Int)
            /// `n`: day 0–365, counting 29 February.
            case zeroBased(Int)
            /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1–4, or 5 = the last) of month `m`.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }

        let day: Day
        /// Seconds after local midnight of `day`; −167 h to +167 h.
        let time: Int

        /// Days since 1970-01-01 of this switch's day in `year`.
        func daysSinceEpoch(in year: Int) -> Int {
            switch day {
            case .julianSkippingLeapDay(let n):
                let leapShift = n >= 60 && POSIXTimeZoneRule.isLeapYear(year) ? 1 : 0
                return POSIXTimeZoneRule.daysSinceEpoch(year: year, month: 1, day: 1) + n - 1 + leapShift
            case .zeroBased(let n):
                return POSIXTimeZoneRule.daysSinceEpoch(year: year, month: 1, day: 1) + n
            case .monthWeekDay(let month, let week, let weekday):
                let first = POSIXTimeZoneRule.daysSinceEpoch(year: year, month: month, day: 1)
                // 1970-01-01 was a Thursday (weekday 4); the +7·k keeps the remainder non-negative for early years.
                let firstWeekday = ((first + 4) % 7 + 7) % 7
                var day = first + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
                // Week 5 means "the last": step back when the fifth such weekday falls in the next month.
                if day >= first + POSIXTimeZoneRule.daysInMonth(year: year, month: month) { day -= 7 }
                return day
            }
        }

        /// The wall time of this switch in `year`, as seconds since the epoch read as UTC.
        func localSeconds(in year: Int) -> Int64 {
            Int64(daysSinceEpoch(in: year)) * 86_400 + Int64(time)
        }
    }

    /// A rule with a constant offset.
    init(standardOffset: Int) {
        self.standardOffset = standardOffset
        self.daylightSaving = nil
    }

    /// A rule with daylight-saving time.
    init(standardOffset: Int, daylightSaving: DaylightSaving?) {
        self.standardOffset = standardOffset
        self.daylightSaving = daylightSaving
    }

    /// Parses a POSIX `TZ` rule; `nil` when `text` does not follow the grammar above in full.
    init?(_ text: String) {
        var parser = Parser(bytes: Array(text.utf8))
        guard let rule = parser.parseRule() else { return nil }
        self = rule
    }

    // MARK: - Offsets

    /// Instants this far from the epoch (about 31 million years) are clamped, so no arithmetic below can overflow.
    private static let clampSeconds: Int64 = 1_000_000_000_000_000

    /// The offset, in seconds east of UTC, in force at `utcSeconds`.
    ///
    /// The state at an instant is set by the latest switch at or before it. Switches are computed for the instant's
    /// year in local standard time; the previous year's are consulted only when both of this year's lie ahead, and
    /// the next year's only in the last days of December (a `/time` of up to ±167 h can move a switch across New
    /// Year, e.g. the "daylight saving all year" form `J365/25`). Allocation-free.
    func offset(atUTC utcSeconds: Int64) -> Int {
        guard let dst = daylightSaving else { return standardOffset }
        let t = min(max(utcSeconds, -Self.clampSeconds), Self.clampSeconds)
        let localDays = Self.floorDivide(t + Int64(standardOffset), 86_400)
        let year = Self.year(ofDaysSinceEpoch: Int(localDays))

        var latest = Int64.min
        var inDaylightSaving = false
        consider(year, before: t, latest: &latest, inDaylightSaving: &inDaylightSaving)
        if latest == .min { consider(year - 1, before: t, latest: &latest, inDaylightSaving: &inDaylightSaving) }
        // Nine days covers 167 h plus any daylight-saving shift.
        let nextYear = Int64(Self.daysSinceEpoch(year: year + 1, month: 1, day: 1))
        if localDays >= nextYear - 9 {
            consider(year + 1, before: t, latest: &latest, inDaylightSaving: &inDaylightSaving)
        }
        return inDaylightSaving ? dst.offset : standardOffset
    }

    /// Moves `latest` to `year`'s start or end switch when one is at or before `t` and later than `latest`.
    ///
    /// On a tie the start wins: `J365/25` ends daylight saving at the very instant next year's start begins it again.
    /// A method with `inout` parameters rather than a local closure, so nothing is captured or boxed on the hot path.
    private func consider(_ year: Int, before t: Int64, latest: inout Int64, inDaylightSaving: inout Bool) {
        guard let dst = daylightSaving else { return }
        let start = dst.start.localSeconds(in: year) - Int64(standardOffset)
        let end = dst.end.localSeconds(in: year) - Int64(dst.offset)
        if start <= t, start >= latest {
            latest = start
            inDaylightSaving = true
        }
        if end <= t, end > latest {
            latest = end
            inDaylightSaving = false
        }
    }

    /// The instants in `start <.. end` at which ``offset(atUTC:)`` changes, with the offset from each on; empty for
    /// a rule without daylight saving. ``ZoneRules`` precomputes these so that lookups need no calendar arithmetic.
    ///
    /// The candidates are every switch, and every instant where ``offset(atUTC:)`` changes which years it looks at
    /// (local New Year, and nine days before it). Its result can change only at one of them, so evaluating it there
    /// reproduces it exactly, even for odd rules.
    func changes(after start: Int64, through end: Int64) -> [(instant: Int64, offset: Int)] {
        guard let dst = daylightSaving else { return [] }
        let from = max(start, -Self.clampSeconds)
        let to = min(end, Self.clampSeconds)
        guard from < to else { return [] }
        let standard = Int64(standardOffset)
        let firstYear = Self.year(ofDaysSinceEpoch: Int(Self.floorDivide(from + standard, 86_400))) - 1
        let lastYear = Self.year(ofDaysSinceEpoch: Int(Self.floorDivide(to + standard, 86_400))) + 1
        var candidates: [Int64] = []
        candidates.reserveCapacity((lastYear - firstYear + 1) * 4)
        for year in firstYear...lastYear {
            let newYear = Int64(Self.daysSinceEpoch(year: year, month: 1, day: 1)) * 86_400 - standard
            candidates.append(dst.start.localSeconds(in: year) - standard)
            candidates.append(dst.end.localSeconds(in: year) - Int64(dst.offset))
            candidates.append(newYear)
            candidates.append(newYear - 9 * 86_400)
        }
        candidates.sort()
        var changes: [(instant: Int64, offset: Int)] = []
        var current = offset(atUTC: from)
        for instant in candidates where instant > from && instant <= to {
            let next = offset(atUTC: instant)
            if next != current {
                changes.append((instant, next))
                current = next
            }
        }
        return changes
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, any year)

    static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `days_from_civil`; unlike ``CivilDateTime`` it takes any year, as footers must.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year of a day, after Hinnant's `civil_from_days`.
    static func year(ofDaysSinceEpoch days: Int) -> Int {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    // MARK: - Parsing

    /// A cursor over the rule's bytes.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { position == bytes.count }
        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            position += 1
            return true
        }

        mutating func parseRule() -> POSIXTimeZoneRule? {
            guard parseName(), let standardWest = parseHMS(maximumHours: 24) else { return nil }
            let standardOffset = -standardWest
            if isAtEnd { return POSIXTimeZoneRule(standardOffset: standardOffset) }

            guard parseName() else { return nil }
            var daylightOffset = standardOffset + 3_600
            if let byte = peek(), byte != UInt8(ascii: ",") {
                guard let west = parseHMS(maximumHours: 24) else { return nil }
                daylightOffset = -west
            }
            let start: Transition
            let end: Transition
            if isAtEnd {
                start = Transition(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7_200)
                end = Transition(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7_200)
            } else {
                guard skip(UInt8(ascii: ",")), let first = parseTransition(), skip(UInt8(ascii: ",")),
                    let second = parseTransition(), isAtEnd
                else { return nil }
                start = first
                end = second
            }
            return POSIXTimeZoneRule(
                standardOffset: standardOffset,
                daylightSaving: DaylightSaving(offset: daylightOffset, start: start, end: end)
            )
        }

        /// `<…>` with letters, digits, `+` and `-`, or a run of letters.
        mutating func parseName() -> Bool {
            let begin = position
            if skip(UInt8(ascii: "<")) {
                while let byte = peek(), byte.isASCIILetter || byte.isASCIIDigit || byte == 0x2B || byte == 0x2D {
                    position += 1
                }
                return position > begin + 1 && skip(UInt8(ascii: ">"))
            }
            while let byte = peek(), byte.isASCIILetter { position += 1 }
            return position > begin
        }

        /// `[+-]hh[:mm[:ss]]` in seconds, sign included.
        mutating func parseHMS(maximumHours: Int) -> Int? {
            var sign = 1
            if skip(UInt8(ascii: "-")) {
                sign = -1
            } else {
                _ = skip(UInt8(ascii: "+"))
            }
            guard let hours = parseNumber(maximumDigits: 3), hours <= maximumHours else { return nil }
            var seconds = hours * 3_600
            if skip(UInt8(ascii: ":")) {
                guard let minutes = parseNumber(maximumDigits: 2), minutes < 60 else { return nil }
                seconds += minutes * 60
                if skip(UInt8(ascii: ":")) {
                    guard let secs = parseNumber(maximumDigits: 2), secs < 60 else { return nil }
                    seconds += secs
                }
            }
            return sign * seconds
        }

        /// `Jn`, `n` or `Mm.w.d`, then an optional `/time`.
        mutating func parseTransition() -> Transition? {
            let day: Transition.Day
            if skip(UInt8(ascii: "J")) {
                guard let n = parseNumber(maximumDigits: 3), (1...365).contains(n) else { return nil }
                day = .julianSkippingLeapDay(n)
            } else if skip(UInt8(ascii: "M")) {
                guard let month = parseNumber(maximumDigits: 2), (1...12).contains(month), skip(UInt8(ascii: ".")),
                    let week = parseNumber(maximumDigits: 1), (1...5).contains(week), skip(UInt8(ascii: ".")),
                    let weekday = parseNumber(maximumDigits: 1), (0...6).contains(weekday)
                else { return nil }
                day = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else {
                guard let n = parseNumber(maximumDigits: 3), (0...365).contains(n) else { return nil }
                day = .zeroBased(n)
            }
            var time = 7_200
            if skip(UInt8(ascii: "/")) {
                guard let seconds = parseHMS(maximumHours: 167) else { return nil }
                time = seconds
            }
            return Transition(day: day, time: time)
        }

        mutating func parseNumber(maximumDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while digits < maximumDigits, let byte = peek(), byte.isASCIIDigit {
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                position += 1
            }
            // A further digit means the number is too long, not that it ended.
            guard digits > 0, peek().map({ !$0.isASCIIDigit }) ?? true else { return nil }
            return value
        }
    }
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    fileprivate var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
}
