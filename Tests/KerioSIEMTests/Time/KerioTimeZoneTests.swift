import KerioSIEM
import Testing

/// The public zone API, read against the system's zoneinfo (Debian tzdata). Every expected offset and instant was
/// taken from Python's `zoneinfo` or GNU `date` (e.g. `TZ=Europe/Prague date -d @1774747800`), not from this code.
struct KerioTimeZoneTests {
    /// An instant and the offset the zone has then.
    struct OffsetCase: Sendable, CustomTestStringConvertible {
        var zone: String
        var utc: String
        var seconds: Int64
        var offset: Int
        var testDescription: String { "\(zone) at \(utc)" }
    }

    static let offsetCases: [OffsetCase] = [
        // Before the first transition: local mean time, +0:57:44.
        .init(zone: "Europe/Prague", utc: "1850-06-01T00:00:00Z", seconds: -3_773_779_200, offset: 3_464),
        .init(zone: "Europe/Prague", utc: "2013-01-15T12:00:00Z", seconds: 1_358_251_200, offset: 3_600),
        .init(zone: "Europe/Prague", utc: "2013-07-15T12:00:00Z", seconds: 1_373_889_600, offset: 7_200),
        .init(zone: "Europe/Prague", utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: 3_600),
        .init(zone: "Europe/Prague", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 7_200),
        .init(zone: "Europe/Prague", utc: "2026-03-29T00:59:59Z", seconds: 1_774_745_999, offset: 3_600),
        .init(zone: "Europe/Prague", utc: "2026-03-29T01:00:00Z", seconds: 1_774_746_000, offset: 7_200),
        .init(zone: "Europe/Prague", utc: "2026-10-25T00:59:59Z", seconds: 1_792_889_999, offset: 7_200),
        .init(zone: "Europe/Prague", utc: "2026-10-25T01:00:00Z", seconds: 1_792_890_000, offset: 3_600),
        // After the fat file's last transition (2037): the footer rule.
        .init(zone: "Europe/Prague", utc: "2045-01-15T12:00:00Z", seconds: 2_368_094_400, offset: 3_600),
        .init(zone: "Europe/Prague", utc: "2045-07-15T12:00:00Z", seconds: 2_383_732_800, offset: 7_200),
        .init(zone: "Europe/Prague", utc: "2045-03-26T00:59:59Z", seconds: 2_374_102_799, offset: 3_600),
        .init(zone: "Europe/Prague", utc: "2045-03-26T01:00:00Z", seconds: 2_374_102_800, offset: 7_200),
        .init(zone: "Europe/Prague", utc: "2045-10-29T00:59:59Z", seconds: 2_392_851_599, offset: 7_200),
        .init(zone: "Europe/Prague", utc: "2045-10-29T01:00:00Z", seconds: 2_392_851_600, offset: 3_600),
        .init(zone: "Europe/Prague", utc: "2100-07-01T00:00:00Z", seconds: 4_118_083_200, offset: 7_200),
        .init(zone: "America/New_York", utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: -18_000),
        .init(zone: "America/New_York", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: -14_400),
        .init(zone: "America/New_York", utc: "2026-03-08T06:59:59Z", seconds: 1_772_953_199, offset: -18_000),
        .init(zone: "America/New_York", utc: "2026-03-08T07:00:00Z", seconds: 1_772_953_200, offset: -14_400),
        .init(zone: "America/New_York", utc: "2026-11-01T05:59:59Z", seconds: 1_793_512_799, offset: -14_400),
        .init(zone: "America/New_York", utc: "2026-11-01T06:00:00Z", seconds: 1_793_512_800, offset: -18_000),
        .init(zone: "America/New_York", utc: "2050-07-01T00:00:00Z", seconds: 2_540_246_400, offset: -14_400),
        .init(zone: "Asia/Kolkata", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 19_800),
        .init(zone: "Asia/Kolkata", utc: "1942-09-15T00:00:00Z", seconds: -861_408_000, offset: 23_400),
        .init(zone: "Asia/Tehran", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 12_600),
        // Lord Howe Island: daylight saving of 30 minutes, southern summer.
        .init(zone: "Australia/Lord_Howe", utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: 39_600),
        .init(zone: "Australia/Lord_Howe", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 37_800),
        .init(zone: "Australia/Lord_Howe", utc: "2045-01-15T12:00:00Z", seconds: 2_368_094_400, offset: 39_600),
        .init(zone: "Australia/Lord_Howe", utc: "2045-07-15T12:00:00Z", seconds: 2_383_732_800, offset: 37_800),
        .init(zone: "Australia/Sydney", utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: 39_600),
        .init(zone: "Australia/Sydney", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 36_000),
        .init(zone: "America/Santiago", utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: -10_800),
        .init(zone: "America/Santiago", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: -14_400),
        .init(zone: "America/Santiago", utc: "2045-01-15T12:00:00Z", seconds: 2_368_094_400, offset: -10_800),
        .init(zone: "America/Santiago", utc: "2045-07-15T12:00:00Z", seconds: 2_383_732_800, offset: -14_400),
        // Ireland's "negative" daylight saving: standard time is summer's IST, winter is the DST-flagged GMT.
        .init(zone: "Europe/Dublin", utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: 0),
        .init(zone: "Europe/Dublin", utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 3_600),
        .init(zone: "Europe/Dublin", utc: "2045-01-15T12:00:00Z", seconds: 2_368_094_400, offset: 0),
        .init(zone: "Europe/Dublin", utc: "2045-07-15T12:00:00Z", seconds: 2_383_732_800, offset: 3_600),
        // Morocco: +01:00, but UTC during Ramadan (listed transitions, not a footer rule).
        .init(zone: "Africa/Casablanca", utc: "2026-02-25T12:00:00Z", seconds: 1_772_020_800, offset: 0),
        .init(zone: "Africa/Casablanca", utc: "2026-06-15T12:00:00Z", seconds: 1_781_524_800, offset: 3_600),
    ]

    @Test(arguments: offsetCases)
    func offsetAtInstant(_ example: OffsetCase) throws {
        let zone = try KerioTimeZone(identifier: example.zone)
        #expect(zone.utcOffset(atUTCSeconds: example.seconds) == example.offset)
        #expect(zone.identifier == example.zone)
    }

    // MARK: - Wall times: the daylight-saving gap and overlap rule

    /// A wall time, and the instant the documented rule maps it to (Python `zoneinfo` with `fold=0`).
    struct WallTimeCase: Sendable, CustomTestStringConvertible {
        var zone: String
        var local: CivilDateTime
        var offset: Int
        var epochSeconds: Int64
        var testDescription: String { "\(zone) \(local)" }
    }

    static func wall(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int) -> CivilDateTime {
        CivilDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: 0)!
    }

    static let wallTimeCases: [WallTimeCase] = [
        // Gap: 02:30 does not exist on 2026-03-29; read with +01:00, i.e. 01:30Z (03:30 CEST).
        .init(zone: "Europe/Prague", local: wall(2026, 3, 29, 2, 30), offset: 3_600, epochSeconds: 1_774_747_800),
        // Overlap: 02:30 occurs twice on 2026-10-25; the earlier, +02:00, is 00:30Z.
        .init(zone: "Europe/Prague", local: wall(2026, 10, 25, 2, 30), offset: 7_200, epochSeconds: 1_792_888_200),
        .init(zone: "Europe/Prague", local: wall(2026, 7, 1, 12, 0), offset: 7_200, epochSeconds: 1_782_900_000),
        // The same rule from the footer, past 2037's precomputed transitions' reach for slim files.
        .init(zone: "Europe/Prague", local: wall(2045, 3, 26, 2, 30), offset: 3_600, epochSeconds: 2_374_104_600),
        .init(zone: "Europe/Prague", local: wall(2045, 10, 29, 2, 30), offset: 7_200, epochSeconds: 2_392_849_800),
        .init(zone: "America/New_York", local: wall(2026, 3, 8, 2, 30), offset: -18_000, epochSeconds: 1_772_955_000),
        .init(zone: "America/New_York", local: wall(2026, 11, 1, 1, 30), offset: -14_400, epochSeconds: 1_793_511_000),
        // A 30-minute gap and overlap.
        .init(
            zone: "Australia/Lord_Howe", local: wall(2026, 10, 4, 2, 15), offset: 37_800, epochSeconds: 1_791_042_300),
        .init(zone: "Australia/Lord_Howe", local: wall(2026, 4, 5, 1, 45), offset: 39_600, epochSeconds: 1_775_313_900),
        // Chile switches at 24:00 on Saturdays.
        .init(zone: "America/Santiago", local: wall(2026, 9, 6, 0, 30), offset: -14_400, epochSeconds: 1_788_669_000),
        .init(zone: "America/Santiago", local: wall(2026, 4, 4, 23, 30), offset: -10_800, epochSeconds: 1_775_356_200),
        // Negative daylight saving: the overlap's earlier reading is still the larger offset.
        .init(zone: "Europe/Dublin", local: wall(2045, 3, 26, 1, 30), offset: 0, epochSeconds: 2_374_104_600),
        .init(zone: "Europe/Dublin", local: wall(2045, 10, 29, 1, 30), offset: 3_600, epochSeconds: 2_392_849_800),
    ]

    @Test(arguments: wallTimeCases)
    func wallTimeFollowsGapAndOverlapRule(_ example: WallTimeCase) throws {
        let zone = try KerioTimeZone(identifier: example.zone)
        #expect(zone.utcOffset(forLocalSeconds: example.local.secondsSinceEpochAsUTC) == example.offset)
        #expect(EventTimestamp(example.local).epochMilliseconds(in: zone) == example.epochSeconds * 1_000)
    }

    // MARK: - Identifiers

    @Test(arguments: [
        ("+02:00", 7_200, "+02:00"), ("-0530", -19_800, "-05:30"), ("+2", 7_200, "+02:00"),
        ("-18:00", -64_800, "-18:00"),
        ("+05:45", 20_700, "+05:45"), ("-00:30", -1_800, "-00:30"),
    ])
    func fixedOffsets(text: String, seconds: Int, identifier: String) throws {
        let zone = try KerioTimeZone(identifier: text)
        #expect(zone == .fixed(secondsEastOfUTC: seconds))
        #expect(zone.identifier == identifier)
        #expect(zone.utcOffset(atUTCSeconds: 1_774_746_000) == seconds)
        #expect(zone.utcOffset(forLocalSeconds: 1_774_746_000) == seconds)
    }

    @Test(arguments: ["+25:00", "+2:3", "+18:01", "+", "-", "+0200x", "+02:60", "+ 2", "+02:00:00", "+١"])
    func invalidOffsets(text: String) {
        #expect(throws: TimeZoneError.invalidOffset(text)) { try KerioTimeZone(identifier: text) }
    }

    @Test(arguments: ["UTC", "Z", "utc", "GMT"])
    func utcSpellings(text: String) throws {
        #expect(try KerioTimeZone(identifier: text) == .utc)
    }

    @Test(arguments: ["Europe/Nowhere", "Mars/Olympus_Mons", "europe/prague", "Europe", "", "local/x"])
    func unknownZones(name: String) {
        #expect(throws: TimeZoneError.unknownZone(name)) { try KerioTimeZone(identifier: name) }
    }

    /// Names that would leave the zoneinfo directory. `../../../etc/passwd` exists from `/usr/share/zoneinfo` and is
    /// not TZif, so only the name check can make it `unknownZone` rather than `invalidZoneFile`.
    @Test(arguments: [
        "../etc/passwd", "../../../etc/passwd", "/etc/localtime", "Europe/../Europe/Prague", "./Europe/Prague",
        "Europe//Prague", "Europe/Prague/", "Europe/Prague\0", "..", ".",
    ])
    func escapingNamesAreRejected(name: String) {
        #expect(throws: TimeZoneError.unknownZone(name)) { try KerioTimeZone(identifier: name) }
    }

    @Test func nonTZifFileIsInvalid() {
        #expect(throws: TimeZoneError.invalidZoneFile("zone.tab")) { try KerioTimeZone(identifier: "zone.tab") }
    }

    @Test func localZoneLoads() throws {
        let zone = try KerioTimeZone(identifier: "local")
        #expect(zone.identifier == "local")
    }

    @Test func sameZoneIsEqual() throws {
        let first = try KerioTimeZone(identifier: "Europe/Prague")
        let second = try KerioTimeZone(identifier: "Europe/Prague")
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(try first != KerioTimeZone(identifier: "Europe/Vienna"))
    }

    // MARK: - Event timestamps

    /// A stated offset (RFC 5424 header) wins over the zone; without one the zone decides.
    @Test(arguments: ["UTC", "Europe/Prague", "America/New_York", "+05:30"])
    func statedOffsetIgnoresZone(zoneName: String) throws {
        let zone = try KerioTimeZone(identifier: zoneName)
        let civil = CivilDateTime(
            year: 2026, month: 4, day: 5, hour: 10, minute: 0, second: 0, nanosecond: 123_456_789)!
        // 2026-04-05T08:00:00Z is 1775376000.
        #expect(EventTimestamp(civil, utcOffsetSeconds: 7_200).epochMilliseconds(in: zone) == 1_775_376_000_123)
    }

    @Test func missingOffsetUsesZone() throws {
        let civil = CivilDateTime(
            year: 2026, month: 4, day: 5, hour: 10, minute: 0, second: 0, nanosecond: 123_456_789)!
        let newYork = try KerioTimeZone(identifier: "America/New_York")
        // 10:00 EDT is 14:00Z: 1775397600.
        #expect(EventTimestamp(civil).epochMilliseconds(in: newYork) == 1_775_397_600_123)
        #expect(EventTimestamp(civil).epochMilliseconds(in: .utc) == 1_775_383_200_123)
    }
}
