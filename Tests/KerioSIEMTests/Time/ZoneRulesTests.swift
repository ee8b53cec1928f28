import Foundation
import Testing

@testable import KerioSIEM
@testable import KerioSIEMSampleData

/// The TZif reader: slim and fat files, every version, broken files, and where files are looked up.
/// Expected offsets come from Python's `zoneinfo` over Debian's tzdata 2025b, never from this code.
struct ZoneRulesTests {
    // MARK: - Slim files: the footer carries every recent year

    /// An instant, and the offset the zone has then.
    struct SlimCase: Sendable, CustomTestStringConvertible {
        var zone: SlimZoneFixture
        var utc: String
        var seconds: Int64
        var offset: Int
        var testDescription: String { "\(zone.rawValue) at \(utc)" }
    }

    static let slimCases: [SlimCase] = [
        .init(zone: .prague, utc: "1850-06-01T00:00:00Z", seconds: -3_773_779_200, offset: 3_464),
        .init(zone: .prague, utc: "2013-01-15T12:00:00Z", seconds: 1_358_251_200, offset: 3_600),
        .init(zone: .prague, utc: "2013-07-15T12:00:00Z", seconds: 1_373_889_600, offset: 7_200),
        .init(zone: .prague, utc: "2026-03-29T00:59:59Z", seconds: 1_774_745_999, offset: 3_600),
        .init(zone: .prague, utc: "2026-03-29T01:00:00Z", seconds: 1_774_746_000, offset: 7_200),
        .init(zone: .prague, utc: "2026-10-25T00:59:59Z", seconds: 1_792_889_999, offset: 7_200),
        .init(zone: .prague, utc: "2026-10-25T01:00:00Z", seconds: 1_792_890_000, offset: 3_600),
        .init(zone: .prague, utc: "2045-07-15T12:00:00Z", seconds: 2_383_732_800, offset: 7_200),
        .init(zone: .prague, utc: "2045-10-29T01:00:00Z", seconds: 2_392_851_600, offset: 3_600),
        .init(zone: .newYork, utc: "2026-03-08T06:59:59Z", seconds: 1_772_953_199, offset: -18_000),
        .init(zone: .newYork, utc: "2026-03-08T07:00:00Z", seconds: 1_772_953_200, offset: -14_400),
        .init(zone: .newYork, utc: "2026-11-01T05:59:59Z", seconds: 1_793_512_799, offset: -14_400),
        .init(zone: .newYork, utc: "2026-11-01T06:00:00Z", seconds: 1_793_512_800, offset: -18_000),
        .init(zone: .lordHowe, utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: 39_600),
        .init(zone: .lordHowe, utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 37_800),
        .init(zone: .lordHowe, utc: "2045-01-15T12:00:00Z", seconds: 2_368_094_400, offset: 39_600),
        .init(zone: .dublin, utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: 0),
        .init(zone: .dublin, utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: 3_600),
        .init(zone: .santiago, utc: "2026-01-15T12:00:00Z", seconds: 1_768_478_400, offset: -10_800),
        .init(zone: .santiago, utc: "2026-07-15T12:00:00Z", seconds: 1_784_116_800, offset: -14_400),
        .init(zone: .santiago, utc: "2045-07-15T12:00:00Z", seconds: 2_383_732_800, offset: -14_400),
    ]

    @Test(arguments: slimCases)
    func slimFileOffsets(_ example: SlimCase) throws {
        let rules = try ZoneRules(tzif: example.zone.bytes, identifier: example.zone.rawValue)
        #expect(rules.offset(atUTC: example.seconds) == example.offset)
    }

    /// zic precomputed the fat file's transitions to 2037 from the same rules the slim file's footer states, so the two
    /// must agree on both sides of every fat transition and at weekly samples from 1800 to 2040.
    @Test(arguments: SlimZoneFixture.allCases)
    func slimFileAgreesWithSystemFatFile(_ fixture: SlimZoneFixture) throws {
        let slim = try ZoneRules(tzif: fixture.bytes, identifier: fixture.rawValue)
        let fat = try ZoneRules.load(identifier: fixture.rawValue)
        // The fixture really is slim: its own transitions stop long before 2037.
        let fatFile = try Array(Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/" + fixture.rawValue)))
        let slimCount = try #require(Self.transitionCount(ofTZif: fixture.bytes))
        let fatCount = try #require(Self.transitionCount(ofTZif: fatFile))
        try #require(slimCount < fatCount)
        #expect(slim.footer != nil)

        var instants = fat.transitions.flatMap { [$0 - 1, $0] }
        instants += stride(from: Int64(-5_364_662_400), to: 2_208_988_800, by: 7 * 86_400)
        let mismatches = instants.filter { slim.offset(atUTC: $0) != fat.offset(atUTC: $0) }
        #expect(mismatches.isEmpty, "first mismatches at \(mismatches.prefix(5))")
    }

    /// The transitions precomputed from the footer up to 2100 give what the footer itself gives, around every one of
    /// them and hourly through 2024–2026 and 2098–2101 (all fixtures follow their current rules from 2024).
    @Test(arguments: SlimZoneFixture.allCases)
    func precomputedTransitionsMatchFooter(_ fixture: SlimZoneFixture) throws {
        let rules = try ZoneRules(tzif: fixture.bytes, identifier: fixture.rawValue)
        let footer = try #require(rules.footer)
        var instants = rules.transitions.filter { $0 >= 1_704_067_200 }.flatMap { [$0 - 1, $0, $0 + 1] }
        instants += stride(from: Int64(1_704_067_200), to: 1_798_761_600, by: 3_600)
        instants += stride(from: Int64(4_039_372_800), to: 4_133_980_800, by: 3_600)
        let mismatches = instants.filter { rules.offset(atUTC: $0) != footer.offset(atUTC: $0) }
        #expect(mismatches.isEmpty, "first mismatches at \(mismatches.prefix(5))")
        #expect(rules.transitions.last! > 4_070_908_800)  // precomputed into 2099
        #expect(rules.transitions.last! < ZoneRules.precomputedHorizon)
    }

    /// The bucketed binary search finds what a plain linear scan of the same table finds, at random instants from
    /// 1800 to 2200 and around every transition.
    @Test(arguments: ["Europe/Prague", "America/New_York", "Australia/Lord_Howe", "Africa/Casablanca", "Asia/Kolkata"])
    func lookupMatchesLinearScan(zone: String) throws {
        let rules = try ZoneRules.load(identifier: zone)
        func reference(_ seconds: Int64) -> Int {
            guard let index = rules.transitions.lastIndex(where: { $0 <= seconds }) else {
                return Int(rules.initialOffset)
            }
            if index == rules.transitions.count - 1, let footer = rules.footer { return footer.offset(atUTC: seconds) }
            return Int(rules.offsets[index])
        }
        var generator = SplitMix64(seed: 1_970)
        var instants = (0..<4_000).map { _ in Int64.random(in: -5_364_662_400..<7_258_118_400, using: &generator) }
        instants += rules.transitions.flatMap { [$0 - 1, $0, $0 + 1] }
        instants += [
            0, -1, 1, ZoneRules.precomputedHorizon - 1, ZoneRules.precomputedHorizon, 1 << ZoneRules.bucketShift,
        ]
        let mismatches = instants.filter { rules.offset(atUTC: $0) != reference($0) }
        #expect(mismatches.isEmpty, "first mismatches at \(mismatches.prefix(5))")
    }

    /// `timecnt` of the 64-bit block of a version 2+ file.
    static func transitionCount(ofTZif bytes: [UInt8]) -> Int? {
        let magic = Array("TZif".utf8)
        guard let second = bytes.indices.dropFirst(4).first(where: { bytes[$0...].starts(with: magic) }) else {
            return nil
        }
        return bytes[(second + 32)..<(second + 36)].reduce(0) { $0 << 8 | Int($1) }
    }

    // MARK: - Versions, leap seconds, the rule before the first transition

    @Test func versionOneFileUsesItsOnlyBlock() throws {
        var file = TZifBuilder()
        file.version = 0
        file.types = [.init(offset: 3_600), .init(offset: 7_200, isDST: true)]
        file.transitions = [(1_000, 1), (2_000, 0)]
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/V1")
        #expect(rules.footer == nil)
        #expect(
            [999, 1_000, 1_999, 2_000, 10_000_000_000].map { rules.offset(atUTC: $0) } == [
                3_600, 7_200, 7_200, 3_600, 3_600,
            ])
    }

    /// Times beyond 32 bits exist only in the 64-bit block: a reader of the first block would see no transitions.
    @Test(arguments: [UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4")])
    func laterVersionsUseTheSixtyFourBitBlock(version: UInt8) throws {
        var file = TZifBuilder()
        file.version = version
        file.types = [.init(offset: 100), .init(offset: 200)]
        file.transitions = [(-(1 << 40), 1), (1 << 40, 0)]
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/Wide")
        #expect(rules.offset(atUTC: -(1 << 41)) == 100)
        #expect(rules.offset(atUTC: 0) == 200)
        #expect(rules.offset(atUTC: 1 << 41) == 100)
    }

    @Test func leapSecondRecordsAreSkipped() throws {
        var file = TZifBuilder()
        file.types = [.init(offset: 3_600), .init(offset: 7_200, isDST: true, designationIndex: 4)]
        file.designations = Array("CET\0CEST\0".utf8)
        file.transitions = [(1_000_000, 1), (2_000_000, 0)]
        file.leapSeconds = [(78_796_800, 1), (94_694_401, 2), (126_230_402, 3)]
        file.footer = "CET-1CEST,M3.5.0,M10.5.0/3"
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/Leap")
        #expect(rules.transitions.prefix(2) == [1_000_000, 2_000_000])
        #expect(rules.offset(atUTC: 1_500_000) == 7_200)
        // Past the last transition the footer rules: 2026-07-15T12:00:00Z is summer time.
        #expect(rules.offset(atUTC: 1_784_116_800) == 7_200)
        #expect(rules.offset(atUTC: 1_768_478_400) == 3_600)
    }

    /// RFC 8536 leaves instants before the first transition to "time type 0"; glibc and Python take the first
    /// standard-time type, which zic always writes first. A file that breaks zic's habit tells them apart.
    @Test func beforeFirstTransitionUsesFirstStandardType() throws {
        var file = TZifBuilder()
        file.types = [.init(offset: 7_200, isDST: true), .init(offset: 3_600), .init(offset: 0)]
        file.transitions = [(1_000, 2)]
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/First")
        #expect(rules.offset(atUTC: 999) == 3_600)
        #expect(rules.offset(atUTC: 1_000) == 0)

        file.types = [.init(offset: 7_200, isDST: true)]
        file.transitions = []
        let allDaylight = try ZoneRules(tzif: file.bytes(), identifier: "Test/AllDST")
        #expect(allDaylight.offset(atUTC: 0) == 7_200)
    }

    @Test func footerAloneCoversAllTime() throws {
        var file = TZifBuilder()
        file.types = [.init(offset: -18_000)]
        file.footer = "EST5EDT,M3.2.0,M11.1.0"
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/FooterOnly")
        #expect(rules.offset(atUTC: 1_768_478_400) == -18_000)  // 2026-01-15
        #expect(rules.offset(atUTC: 1_784_116_800) == -14_400)  // 2026-07-15
        #expect(rules.offset(atUTC: -614_736_000) == -14_400)  // 1950-07-10
    }

    @Test func footerStartsAtLastTransition() throws {
        var file = TZifBuilder()
        file.types = [.init(offset: 3_600), .init(offset: 18_000)]
        file.transitions = [(0, 1)]
        file.footer = "<+05>-5"
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/Footer")
        #expect([-1, 0, 1_000_000_000].map { rules.offset(atUTC: $0) } == [3_600, 18_000, 18_000])
    }

    @Test func emptyFooterKeepsLastOffset() throws {
        var file = TZifBuilder()
        file.types = [.init(offset: 19_800), .init(offset: 23_400)]
        file.transitions = [(-1_000, 1), (1_000, 0)]
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/NoFooter")
        #expect(rules.footer == nil)
        #expect([-2_000, 0, 5_000_000_000].map { rules.offset(atUTC: $0) } == [19_800, 23_400, 19_800])
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1, 0, Int64.max - 1, Int64.max])
    func extremeInstantsDoNotTrap(seconds: Int64) throws {
        let slim = try ZoneRules(tzif: SlimZoneFixture.prague.bytes, identifier: "Europe/Prague")
        #expect([3_600, 7_200, 3_464].contains(slim.offset(atUTC: seconds)))
        let fat = try ZoneRules.load(identifier: "America/Santiago")
        #expect((-18_000...(-10_000)).contains(fat.offset(atUTC: seconds)))
    }

    // MARK: - Broken files

    /// A named way to break a file.
    struct BrokenFile: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    static let brokenFiles: [BrokenFile] = {
        func make(_ name: String, _ edit: (inout TZifBuilder) -> Void) -> BrokenFile {
            var file = TZifBuilder()
            file.types = [.init(offset: 3_600), .init(offset: 7_200, isDST: true)]
            file.transitions = [(1_000, 1), (2_000, 0)]
            file.footer = "CET-1CEST,M3.5.0,M10.5.0/3"
            edit(&file)
            return BrokenFile(name: name, bytes: file.bytes())
        }
        func patch(_ name: String, _ edit: (inout [UInt8]) -> Void) -> BrokenFile {
            var bytes = make(name) { _ in }.bytes
            edit(&bytes)
            return BrokenFile(name: name, bytes: bytes)
        }
        let good = make("good") { _ in }.bytes
        return [
            BrokenFile(name: "empty", bytes: []),
            BrokenFile(name: "header only", bytes: Array(good.prefix(44))),
            BrokenFile(name: "cut in the 64-bit block", bytes: Array(good.prefix(good.count - 40))),
            BrokenFile(name: "no footer", bytes: make("") { $0.footer = nil }.bytes),
            BrokenFile(name: "footer without closing newline", bytes: Array(good.dropLast())),
            make("unparsable footer") { $0.footer = "CET-1CEST,M3.5.0" },
            make("non-ASCII footer") { $0.footer = "CET-1CEST,M3.5.0,M10.5.0/3\u{e9}" },
            BrokenFile(name: "version 1 cut short", bytes: Array(make("") { $0.version = 0 }.bytes.dropLast())),
            make("no types") {
                $0.types = []
                $0.transitions = []
            },
            make("no designations") { $0.designations = [] },
            make("type index out of range") { $0.transitions = [(1_000, 2)] },
            make("transitions out of order") { $0.transitions = [(2_000, 1), (1_000, 0)] },
            make("repeated transition") { $0.transitions = [(1_000, 1), (1_000, 0)] },
            make("offset -2^31") { $0.types[1].offset = Int32.min },
            make("offset of 100 hours") { $0.types[1].offset = 360_000 },
            make("designation index past the end") { $0.types[1].designationIndex = 200 },
            patch("bad magic") { $0[2] = UInt8(ascii: "x") },
            patch("version '1'") { $0[4] = UInt8(ascii: "1") },
            patch("second header's version NUL") { bytes in
                let second = bytes.indices.dropFirst(4).first { bytes[$0...].starts(with: Array("TZif".utf8)) }!
                bytes[second + 4] = 0
            },
            patch("isutcnt neither 0 nor typecnt") { $0[23] = 1 },
            patch("daylight flag 2") { bytes in
                // The 64-bit block's first ttinfo follows two 8-byte times and two indices.
                let second = bytes.indices.dropFirst(4).first { bytes[$0...].starts(with: Array("TZif".utf8)) }!
                bytes[second + 44 + 16 + 2 + 4] = 2
            },
        ]
    }()

    @Test(arguments: brokenFiles)
    func brokenFileIsInvalid(_ file: BrokenFile) {
        #expect(throws: TimeZoneError.invalidZoneFile("Test/Broken")) {
            try ZoneRules(tzif: file.bytes, identifier: "Test/Broken")
        }
    }

    /// The builder's unbroken file parses, so the cases above fail for the reason their names give.
    @Test func unbrokenBuilderFileParses() throws {
        var file = TZifBuilder()
        file.types = [.init(offset: 3_600), .init(offset: 7_200, isDST: true)]
        file.transitions = [(1_000, 1), (2_000, 0)]
        file.footer = "CET-1CEST,M3.5.0,M10.5.0/3"
        let rules = try ZoneRules(tzif: file.bytes(), identifier: "Test/Good")
        #expect(rules.offset(atUTC: 1_500) == 7_200)
    }

    /// Random truncations and byte flips of a real file either parse or throw; nothing traps.
    /// Random damage to a valid file: every result is either the typed error naming the zone or rules whose offsets
    /// stay within the reader's promise (−25 h…+26 h, also from the POSIX footer); both outcomes must occur, so a
    /// reader that accepted or refused everything would fail too.
    @Test func mutatedFilesNeverTrap() {
        let original = SlimZoneFixture.prague.bytes
        var generator = SplitMix64(seed: 0x4B45_5249_4F21)
        var accepted = 0
        var refused = 0
        for _ in 0..<1_500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: bytes.indices, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
            do {
                let rules = try ZoneRules(tzif: bytes, identifier: "Test/Fuzz")
                accepted += 1
                for seconds: Int64 in [.min, -5_000_000_000, 0, 1_784_116_800, 5_000_000_000, .max] {
                    let offset = rules.offset(atUTC: seconds)
                    #expect((-25 * 3_600)...(26 * 3_600) ~= offset, "offset \(offset) at \(seconds)")
                }
            } catch {
                refused += 1
                #expect(error == .invalidZoneFile("Test/Fuzz"))
            }
        }
        #expect(accepted > 0)
        #expect(refused > 0)
        #expect(accepted + refused == 1_500)
    }

    // MARK: - Finding files

    @Test func loadsFromGivenDirectory() throws {
        try withZoneDirectory { directory in
            let rules = try ZoneRules.load(
                identifier: "Test/Good", zoneinfoDirectory: directory, tzVariable: nil, localtimePath: "/nonexistent")
            #expect(rules.identifier == "Test/Good")
            #expect(rules.offset(atUTC: 1_784_116_800) == 7_200)
        }
    }

    @Test(arguments: [
        ("Test/Missing", TimeZoneError.unknownZone("Test/Missing")),
        ("Test/Dir", .unknownZone("Test/Dir")),
        ("Test/Good/Inner", .unknownZone("Test/Good/Inner")),
        ("Sub/../Test/Good", .unknownZone("Sub/../Test/Good")),
        ("Test/Bad", .invalidZoneFile("Test/Bad")),
        ("Test/Empty", .invalidZoneFile("Test/Empty")),
    ])
    func loadFailures(name: String, error: TimeZoneError) throws {
        try withZoneDirectory { directory in
            #expect(throws: error) {
                try ZoneRules.load(
                    identifier: name, zoneinfoDirectory: directory, tzVariable: nil, localtimePath: "/nonexistent")
            }
        }
    }

    @Test(arguments: [
        "", ".", "..", "/etc/passwd", "../x", "a/../b", "a/./b", "./a", "a//b", "a/", "/", "a\0b",
    ])
    func unsafeNames(name: String) {
        #expect(!ZoneRules.isSafeZoneName(name))
    }

    @Test(arguments: ["Europe/Prague", "UTC", "Etc/GMT+5", "America/Argentina/Buenos_Aires", "a..b", ".hidden", "a/.b"])
    func safeNames(name: String) {
        #expect(ZoneRules.isSafeZoneName(name))
    }

    // MARK: - `local`

    /// A `$TZ` value (nil: unset), and the offsets in January and July 2026 it must give.
    @Test(
        arguments: [
            (nil, 3_600, 7_200),  // /etc/localtime stand-in: Test/Good
            ("", 0, 0),  // glibc: empty TZ is UTC
            (":", 3_600, 7_200),  // ":" alone: the default file
            ("Test/Good", 3_600, 7_200),
            (":Test/Good", 3_600, 7_200),
            ("CET-1CEST,M3.5.0,M10.5.0/3", 3_600, 7_200),
            ("<+0330>-3:30", 12_600, 12_600),
            ("EST5EDT", -18_000, -14_400),  // US rule by default
        ] as [(String?, Int, Int)])
    func localZone(tz: String?, january: Int, july: Int) throws {
        try withZoneDirectory { directory in
            let rules = try ZoneRules.load(
                identifier: "local", zoneinfoDirectory: directory, tzVariable: tz,
                localtimePath: directory + "/Test/Good")
            #expect(rules.identifier == "local")
            #expect(rules.offset(atUTC: 1_768_478_400) == january)
            #expect(rules.offset(atUTC: 1_784_116_800) == july)
        }
    }

    @Test func localZoneFromAbsolutePath() throws {
        try withZoneDirectory { directory in
            for tz in [directory + "/Test/Good", ":" + directory + "/Test/Good"] {
                let rules = try ZoneRules.load(
                    identifier: "local", zoneinfoDirectory: "/nonexistent", tzVariable: tz,
                    localtimePath: "/nonexistent")
                #expect(rules.offset(atUTC: 1_784_116_800) == 7_200)
            }
        }
    }

    @Test(arguments: [nil, ":"] as [String?])
    func localZoneWithoutLocaltimeIsUTC(tz: String?) throws {
        let rules = try ZoneRules.load(
            identifier: "local", zoneinfoDirectory: "/nonexistent", tzVariable: tz, localtimePath: "/nonexistent/x")
        #expect(rules.offset(atUTC: 1_784_116_800) == 0)
    }

    @Test(arguments: [
        ("Test/Missing", TimeZoneError.unknownZone("Test/Missing")),
        ("../Test/Good", .unknownZone("../Test/Good")),
        ("Test/Bad", .invalidZoneFile("Test/Bad")),
        ("CET-1CEST,M3.5.0", .unknownZone("CET-1CEST,M3.5.0")),
    ])
    func localZoneFailures(tz: String, error: TimeZoneError) throws {
        try withZoneDirectory { directory in
            #expect(throws: error) {
                try ZoneRules.load(
                    identifier: "local", zoneinfoDirectory: directory, tzVariable: tz, localtimePath: "/nonexistent")
            }
        }
    }

    @Test func brokenLocaltimeNamesThePath() throws {
        try withZoneDirectory { directory in
            let path = directory + "/Test/Bad"
            #expect(throws: TimeZoneError.invalidZoneFile(path)) {
                try ZoneRules.load(
                    identifier: "local", zoneinfoDirectory: directory, tzVariable: nil, localtimePath: path)
            }
        }
    }

    // MARK: - Equality

    @Test func equalityFollowsContents() throws {
        let fat = try ZoneRules.load(identifier: "Europe/Prague")
        #expect(try fat == ZoneRules.load(identifier: "Europe/Prague"))
        #expect(try fat != ZoneRules.load(identifier: "Europe/Vienna"))
        #expect(Set([fat, fat]).count == 1)

        var file = TZifBuilder()
        file.types = [.init(offset: 3_600), .init(offset: 7_200)]
        file.transitions = [(1_000, 1)]
        let first = try ZoneRules(tzif: file.bytes(), identifier: "Test/Same")
        file.types[1].offset = 7_260
        let second = try ZoneRules(tzif: file.bytes(), identifier: "Test/Same")
        #expect(first != second)
        file.types[1].offset = 7_200
        #expect(try first == ZoneRules(tzif: file.bytes(), identifier: "Test/Same"))
    }

    // MARK: - Helpers

    /// A temporary zoneinfo tree: `Test/Good` (slim Prague), `Test/Bad` (text), `Test/Empty`, `Test/Dir/`, `Sub/`.
    private func withZoneDirectory(_ body: (String) throws -> Void) throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("kerio-tz-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: root) }
        try manager.createDirectory(at: root.appendingPathComponent("Test/Dir"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("Sub"), withIntermediateDirectories: true)
        try Data(SlimZoneFixture.prague.bytes).write(to: root.appendingPathComponent("Test/Good"))
        try Data("not a zone\n".utf8).write(to: root.appendingPathComponent("Test/Bad"))
        try Data().write(to: root.appendingPathComponent("Test/Empty"))
        try body(root.path)
    }
}
