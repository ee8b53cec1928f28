import Testing

@testable import KerioSIEM

/// TZif footer rules. Expected offsets were read from glibc (`TZ='<rule>' date -d @<seconds> +%z`), except where a
/// comment says Python's `zoneinfo` (where glibc is known to differ); never from this code.
struct POSIXTimeZoneRuleTests {
    /// A rule and instants with the offsets it gives.
    struct RuleCase: Sendable, CustomTestStringConvertible {
        var rule: String
        var offsets: [(seconds: Int64, offset: Int)]
        var testDescription: String { rule }
    }

    static let ruleCases: [RuleCase] = [
        .init(
            rule: "CET-1CEST,M3.5.0,M10.5.0/3",
            offsets: [
                (-30_610_224_000, 3_600),  // 1000-01-01T00:00Z
                // 1000-07-01T00:00Z: the rule holds in every proleptic year (Python; glibc gives up that early).
                (-30_594_585_600, 7_200),
                (253_386_403_200, 7_200),  // 9999-07-01T00:00Z
                (1_774_745_999, 3_600),  // 2026-03-29T00:59:59Z
                (1_774_746_000, 7_200),  // 2026-03-29T01:00:00Z
            ]),
        // Nuuk since 2023: switches at −1:00 and 0:00 local time (negative hours, RFC 8536 version 3).
        .init(
            rule: "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
            offsets: [
                (1_709_208_000, -7_200),  // 2024-02-29T12:00Z
                (1_719_835_200, -3_600),  // 2024-07-01T12:00Z
                (1_711_846_799, -7_200),  // 2024-03-31T00:59:59Z
                (1_711_846_800, -3_600),  // 2024-03-31T01:00:00Z
                (1_729_990_799, -3_600),  // 2024-10-27T00:59:59Z
                (1_729_990_800, -7_200),  // 2024-10-27T01:00:00Z
            ]),
        // Jn never counts 29 February: J60 is 1 March in every year.
        .init(
            rule: "<+03>-3<+04>,J60/0,J300/0",
            offsets: [
                (1_709_208_000, 10_800),  // 2024-02-29T12:00Z
                (1_709_240_399, 10_800),  // 2024-02-29T20:59:59Z
                (1_709_240_400, 14_400),  // 2024-02-29T21:00:00Z = 1 March 00:00 +03
                (1_729_972_799, 14_400),  // 2024-10-26T19:59:59Z
                (1_729_972_800, 10_800),  // 2024-10-26T20:00:00Z
                (1_740_776_399, 10_800),  // 2025-02-28T20:59:59Z
                (1_740_776_400, 14_400),  // 2025-02-28T21:00:00Z
            ]),
        // Zero-based n counts 29 February: day 59 is 29 February in a leap year, 1 March otherwise.
        .init(
            rule: "<+03>-3<+04>,59/0,299/0",
            offsets: [
                (1_709_153_999, 10_800),  // 2024-02-28T20:59:59Z
                (1_709_154_000, 14_400),  // 2024-02-28T21:00:00Z
                (1_729_886_399, 14_400),  // 2024-10-25T19:59:59Z
                (1_729_886_400, 10_800),  // 2024-10-25T20:00:00Z
                (1_740_776_399, 10_800),  // 2025-02-28T20:59:59Z
                (1_740_776_400, 14_400),  // 2025-02-28T21:00:00Z
            ]),
        .init(
            rule: "EST5EDT,M3.2.0,M11.1.0",
            offsets: [
                (1_710_053_999, -18_000),  // 2024-03-10T06:59:59Z
                (1_710_054_000, -14_400),  // 2024-03-10T07:00:00Z
                (1_730_613_599, -14_400),  // 2024-11-03T05:59:59Z
                (1_730_613_600, -18_000),  // 2024-11-03T06:00:00Z
            ]),
        // Lord Howe: a 30-minute shift, southern summer.
        .init(
            rule: "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
            offsets: [
                (1_768_478_400, 39_600),  // 2026-01-15T12:00Z
                (1_784_116_800, 37_800),  // 2026-07-15T12:00Z
                (1_767_186_000, 39_600),  // 2025-12-31T13:00Z: local New Year, before both of the year's switches
                (1_775_314_799, 39_600),  // 2026-04-04T14:59:59Z
                (1_775_314_800, 37_800),  // 2026-04-04T15:00:00Z
                (1_791_041_399, 37_800),  // 2026-10-03T15:29:59Z
                (1_791_041_400, 39_600),  // 2026-10-03T15:30:00Z
            ]),
        // Chile: 24:00 on the first Saturday.
        .init(
            rule: "<-04>4<-03>,M9.1.6/24,M4.1.6/24",
            offsets: [
                (1_788_667_199, -14_400),  // 2026-09-06T03:59:59Z
                (1_788_667_200, -10_800),  // 2026-09-06T04:00:00Z
                (1_775_357_999, -10_800),  // 2026-04-05T02:59:59Z
                (1_775_358_000, -14_400),  // 2026-04-05T03:00:00Z
                (1_798_761_599, -10_800),  // 2026-12-31T23:59:59Z
                (1_798_761_600, -10_800),  // 2027-01-01T00:00:00Z
            ]),
        // Ireland: "daylight saving" is winter, with a smaller offset.
        .init(
            rule: "IST-1GMT0,M10.5.0,M3.5.0/1",
            offsets: [
                (1_768_478_400, 0),  // 2026-01-15T12:00Z
                (1_784_116_800, 3_600),  // 2026-07-15T12:00Z
                (1_774_745_999, 0),  // 2026-03-29T00:59:59Z
                (1_774_746_000, 3_600),  // 2026-03-29T01:00:00Z
                (1_792_889_999, 3_600),  // 2026-10-25T00:59:59Z
                (1_792_890_000, 0),  // 2026-10-25T01:00:00Z
            ]),
        .init(
            rule: "AEST-10AEDT,M10.1.0,M4.1.0/3",
            offsets: [
                (1_767_189_599, 39_600),  // 2025-12-31T13:59:59Z
                (1_767_189_600, 39_600),  // 2025-12-31T14:00:00Z: local New Year
                (10_415_001_600, 39_600),  // 2300-01-15T00:00Z
                (10_430_640_000, 36_000),  // 2300-07-15T00:00Z
            ]),
        // Troll station: a two-hour shift.
        .init(
            rule: "<+00>0<+02>-2,M3.5.0/1,M10.5.0/3",
            offsets: [
                (1_774_745_999, 0),  // 2026-03-29T00:59:59Z
                (1_774_746_000, 7_200),  // 2026-03-29T01:00:00Z
                (1_792_889_999, 7_200),  // 2026-10-25T00:59:59Z
                (1_792_890_000, 0),  // 2026-10-25T01:00:00Z
            ]),
        // The extreme switch times of version 3: +167 h and −167 h.
        .init(
            rule: "AAA1BBB,M3.5.0/167,M10.5.0/-167",
            offsets: [
                (1_775_347_199, -3_600),  // 2026-04-04T23:59:59Z
                (1_775_347_200, 0),  // 2026-04-05T00:00:00Z
                (1_792_285_199, 0),  // 2026-10-18T00:59:59Z
                (1_792_285_200, -3_600),  // 2026-10-18T01:00:00Z
            ]),
        // Daylight saving all year (tzfile(5)): each year's end meets the next year's start. Python's zoneinfo;
        // glibc gives −05:00 in the first five hours of each UTC year, against the man page.
        .init(
            rule: "EST5EDT,0/0,J365/25",
            offsets: [
                (1_709_208_000, -14_400),  // 2024-02-29T12:00Z
                (1_767_223_800, -14_400),  // 2025-12-31T23:30Z
                (1_735_707_599, -14_400),  // 2025-01-01T04:59:59Z
                (1_735_707_600, -14_400),  // 2025-01-01T05:00:00Z
                (1_735_711_200, -14_400),  // 2025-01-01T06:00:00Z
            ]),
        .init(rule: "<+0330>-3:30", offsets: [(0, 12_600), (1_784_116_800, 12_600)]),
        .init(rule: "<-0930>9:30", offsets: [(1_784_116_800, -34_200)]),
        .init(rule: "UTC0", offsets: [(Int64.min, 0), (Int64.max, 0)]),
        .init(rule: "LMT-0:57:44", offsets: [(0, 3_464)]),
    ]

    @Test(arguments: ruleCases)
    func offsets(_ example: RuleCase) throws {
        let rule = try #require(POSIXTimeZoneRule(example.rule))
        for (seconds, offset) in example.offsets {
            #expect(rule.offset(atUTC: seconds) == offset, "at \(seconds)")
        }
    }

    @Test func parsedParts() throws {
        let rule = try #require(POSIXTimeZoneRule("CET-1CEST,M3.5.0,M10.5.0/3"))
        #expect(rule.standardOffset == 3_600)
        let dst = try #require(rule.daylightSaving)
        #expect(dst.offset == 7_200)
        #expect(dst.start == .init(day: .monthWeekDay(month: 3, week: 5, weekday: 0), time: 7_200))
        #expect(dst.end == .init(day: .monthWeekDay(month: 10, week: 5, weekday: 0), time: 10_800))

        let allYear = try #require(POSIXTimeZoneRule("EST5EDT,0/0,J365/25")?.daylightSaving)
        #expect(allYear.start == .init(day: .zeroBased(0), time: 0))
        #expect(allYear.end == .init(day: .julianSkippingLeapDay(365), time: 90_000))

        #expect(POSIXTimeZoneRule("<+0330>-3:30") == POSIXTimeZoneRule(standardOffset: 12_600))
        #expect(POSIXTimeZoneRule("XXX-3:30:15")?.standardOffset == 12_615)
        #expect(POSIXTimeZoneRule("AAA+5BBB+3,M3.2.0,M11.1.0")?.daylightSaving?.offset == -10_800)
    }

    /// With a daylight-saving name and no dates, tzcode's default US rule applies.
    @Test func missingDatesDefaultToUSRule() {
        #expect(POSIXTimeZoneRule("EST5EDT") == POSIXTimeZoneRule("EST5EDT,M3.2.0/2,M11.1.0/2:00"))
        #expect(POSIXTimeZoneRule("EST5EDT4") == POSIXTimeZoneRule("EST5EDT,M3.2.0,M11.1.0"))
    }

    @Test(arguments: [
        "", "CET", "-1", "1CET", "CET-", "<>1", "<+03", "<+0 3>-3", "CET-25", "CET-1:60", "CET-1:00:60", "CET-1 ",
        "CET-1CEST,M3.5.0", "CET-1CEST,M3.5.0,", "CET-1CEST,M3.5.0,M10.5.0,", "CET-1CEST,M13.5.0,M10.5.0",
        "CET-1CEST,M0.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.0.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
        "CET-1CEST,M3.5,M10.5.0", "CET-1CEST,J0,J365", "CET-1CEST,J366,J1", "CET-1CEST,366,1",
        "CET-1CEST,M3.5.0/,M10.5.0",
        "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0/-168", "CET-1CEST,M3.5.0,M10.5.0/1:2:3:4",
        "CET-1CEST-25,M3.5.0,M10.5.0", "CET-1234", "CET-1CEST,X3.5.0,M10.5.0", "CÉT-1", "CET-1\0",
    ])
    func invalidRules(text: String) {
        #expect(POSIXTimeZoneRule(text) == nil)
    }

    /// Every weekday-of-month form, checked against a day-by-day walk of the calendar (a second method, not the
    /// formula under test): week 1–4 is the n-th such weekday, week 5 the last.
    @Test(arguments: [1_583, 1_900, 1_970, 2_000, 2_024, 2_026, 2_100, 2_400])
    func monthWeekDayMatchesCalendarWalk(year: Int) {
        for month in 1...12 {
            let first = POSIXTimeZoneRule.daysSinceEpoch(year: year, month: month, day: 1)
            let length = POSIXTimeZoneRule.daysInMonth(year: year, month: month)
            // 1970-01-01 was a Thursday; walk to find each weekday's days in the month.
            var days: [[Int]] = Array(repeating: [], count: 7)
            var weekday = 4
            var day = 0
            while day < first {
                day += 1
                weekday = (weekday + 1) % 7
            }
            while day > first {
                day -= 1
                weekday = (weekday + 6) % 7
            }
            for offset in 0..<length { days[(weekday + offset) % 7].append(first + offset) }
            for d in 0...6 {
                for week in 1...5 {
                    let transition = POSIXTimeZoneRule.Transition(
                        day: .monthWeekDay(month: month, week: week, weekday: d), time: 0)
                    let expected = week == 5 ? days[d].last! : days[d][week - 1]
                    #expect(transition.daysSinceEpoch(in: year) == expected, "M\(month).\(week).\(d) in \(year)")
                }
            }
        }
    }
}
