import KerioSIEM
import Testing

/// Calendar arithmetic of `CivilDateTime`. Day numbers were taken from Python's `date.toordinal()`.
struct CivilDateTimeTests {
    /// Fields, and whether they name a real date and time.
    struct FieldsCase: Sendable, CustomTestStringConvertible {
        var fields: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int)
        var valid: Bool
        var note: String
        var testDescription: String { note }

        init(
            _ note: String, _ valid: Bool, _ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0,
            ns: Int = 0
        ) {
            fields = (y, mo, d, h, mi, s, ns)
            self.valid = valid
            self.note = note
        }
    }

    static let fieldsCases: [FieldsCase] = [
        .init("29 Feb 2024 (leap)", true, 2024, 2, 29),
        .init("29 Feb 2023 (not leap)", false, 2023, 2, 29),
        .init("29 Feb 2100 (century, not leap)", false, 2100, 2, 29),
        .init("29 Feb 2000 (400-year leap)", true, 2000, 2, 29),
        .init("29 Feb 1900", false, 1900, 2, 29),
        .init("31 Apr", false, 2026, 4, 31),
        .init("31 Jun", false, 2026, 6, 31),
        .init("last nanosecond of a year", true, 2026, 12, 31, 23, 59, 59, ns: 999_999_999),
        .init("hour 24", false, 2026, 1, 1, 24, 0, 0),
        .init("minute 60", false, 2026, 1, 1, 23, 60, 0),
        .init("leap second 60", true, 2016, 12, 31, 23, 59, 60),
        .init("second 61", false, 2026, 1, 1, 0, 0, 61),
        .init("hour -1", false, 2026, 1, 1, -1, 0, 0),
        .init("nanosecond 10^9", false, 2026, 1, 1, 0, 0, 0, ns: 1_000_000_000),
        .init("nanosecond -1", false, 2026, 1, 1, 0, 0, 0, ns: -1),
        .init("month 0", false, 2026, 0, 1),
        .init("month 13", false, 2026, 13, 1),
        .init("day 0", false, 2026, 1, 0),
        .init("day 32", false, 2026, 1, 32),
        .init("year 0", false, 0, 1, 1),
        .init("year 1", true, 1, 1, 1),
        .init("year 9999", true, 9999, 12, 31),
        .init("year 10000", false, 10_000, 1, 1),
    ]

    @Test(arguments: fieldsCases)
    func validation(_ example: FieldsCase) {
        let f = example.fields
        let value = CivilDateTime(
            year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second,
            nanosecond: f.nanosecond)
        #expect((value != nil) == example.valid)
        if let value {
            #expect(
                [value.year, value.month, value.day, value.hour, value.minute, value.second, value.nanosecond]
                    == [f.year, f.month, f.day, f.hour, f.minute, f.second, f.nanosecond])
        }
    }

    @Test(arguments: [(2024, true), (2023, false), (2100, false), (2000, true), (1900, false), (1600, true), (4, true)])
    func leapYears(year: Int, leap: Bool) {
        #expect(CivilDateTime.isLeapYear(year) == leap)
        #expect(CivilDateTime.daysInMonth(year: year, month: 2) == (leap ? 29 : 28))
    }

    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 3, 1, 11_017), (2024, 2, 29, 19_782), (1600, 3, 1, -135_080),
        (1583, 10, 15, -141_062), (1, 1, 1, -719_162), (9999, 12, 31, 2_932_896),
    ])
    func daysSinceEpoch(year: Int, month: Int, day: Int, days: Int) throws {
        let civil = try #require(CivilDateTime(year: year, month: month, day: day, hour: 0, minute: 0, second: 0))
        #expect(civil.daysSinceEpoch == days)
        #expect(CivilDateTime(secondsSinceEpoch: Int64(days) * 86_400) == civil)
    }

    /// Every 997th day from 0001-01-01 to 9999-12-31 (a prime step, so every month and weekday comes up): day number
    /// → civil → day number, and each civil value passes validation with the same fields.
    @Test func roundTripAcrossAllYears() throws {
        var previous: CivilDateTime?
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let seconds = Int64(days) * 86_400 + 45_296  // 12:34:56
            let civil = CivilDateTime(secondsSinceEpoch: seconds, nanosecond: 7)
            let rebuilt = try #require(
                CivilDateTime(
                    year: civil.year, month: civil.month, day: civil.day, hour: civil.hour, minute: civil.minute,
                    second: civil.second, nanosecond: civil.nanosecond),
                "day \(days) gave invalid fields \(civil)")
            #expect(rebuilt == civil)
            #expect(civil.daysSinceEpoch == days)
            #expect(civil.secondsSinceEpochAsUTC == seconds)
            #expect((civil.hour, civil.minute, civil.second) == (12, 34, 56))
            if let previous { #expect(previous < civil) }
            previous = civil
        }
    }

    /// The last second of each day and the first of the next, around the epoch and far from it.
    @Test(arguments: [Int64(-62_135_596_800), -86_401, -86_400, -1, 0, 86_399, 86_400, 951_782_399, 253_402_300_799])
    func secondsRoundTrip(seconds: Int64) {
        #expect(CivilDateTime(secondsSinceEpoch: seconds).secondsSinceEpochAsUTC == seconds)
    }

    @Test func negativeSecondsBelongToThePreviousDay() {
        let civil = CivilDateTime(secondsSinceEpoch: -1)
        #expect(civil.description == "1969-12-31T23:59:59")
        #expect(CivilDateTime(secondsSinceEpoch: -62_135_596_800).description == "0001-01-01T00:00:00")
        #expect(CivilDateTime(secondsSinceEpoch: 253_402_300_799).description == "9999-12-31T23:59:59")
    }

    @Test(arguments: [
        (2013, 3, 2, 8, 54, 38, 0, "2013-03-02T08:54:38"),
        (2024, 2, 29, 23, 59, 59, 123_000_000, "2024-02-29T23:59:59.123000000"),
        (1, 1, 1, 0, 0, 0, 1, "0001-01-01T00:00:00.000000001"),
        (2016, 12, 31, 23, 59, 60, 0, "2016-12-31T23:59:60"),
    ])
    func isoDescription(y: Int, mo: Int, d: Int, h: Int, mi: Int, s: Int, ns: Int, text: String) throws {
        let civil = try #require(
            CivilDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: ns))
        #expect(civil.description == text)
    }

    @Test func ordering() throws {
        let early = try #require(
            CivilDateTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanosecond: 1))
        let late = try #require(
            CivilDateTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanosecond: 2))
        let previousYear = try #require(CivilDateTime(year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 59))
        #expect(early < late)
        #expect(previousYear < early)
        #expect(!(late < early))
    }
}
