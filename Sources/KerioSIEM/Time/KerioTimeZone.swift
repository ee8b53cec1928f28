/// The time zone of the Kerio Control box, used to turn its zone-less wall times into instants.
///
/// Kerio writes local time without an offset. Exporters need an instant (`@timestamp` in UTC, CEF `rt`, LEEF
/// `devTime` in epoch milliseconds), so the caller says which zone the box runs in. The default everywhere is
/// ``utc``: if the box's clock is not UTC, pass its IANA zone (e.g. `Europe/Prague`) or a fixed offset.
///
/// **Daylight-saving rule** (the same as `java.time`'s `ZonedDateTime.ofLocal`):
/// - a wall time that occurs twice (autumn overlap) maps to the **earlier** instant, i.e. the offset in force before
///   the transition (summer time);
/// - a wall time that never occurs (spring gap) is read with the offset in force **before** the gap, which moves it
///   forward by the gap's length (02:30 on a CET→CEST night becomes 03:30 CEST).
///
/// ```swift
/// let zone = try KerioTimeZone(identifier: "Europe/Prague")
/// let ms = event.timestamp!.epochMilliseconds(in: zone)
/// ```
public struct KerioTimeZone: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case fixed(Int)
        case rules(ZoneRules)
    }

    let storage: Storage
    /// The identifier the zone was created from, e.g. `UTC`, `+02:00`, `Europe/Prague`.
    public let identifier: String

    /// Coordinated Universal Time, the default zone.
    public static let utc = KerioTimeZone(storage: .fixed(0), identifier: "UTC")

    init(storage: Storage, identifier: String) {
        self.storage = storage
        self.identifier = identifier
    }

    /// A zone with a constant offset of `seconds` east of UTC (negative west), within ±18 hours.
    public static func fixed(secondsEastOfUTC seconds: Int) -> KerioTimeZone {
        precondition(abs(seconds) <= 18 * 3_600, "UTC offset out of range")
        return KerioTimeZone(storage: .fixed(seconds), identifier: Self.offsetText(seconds))
    }

    /// Creates a zone from `UTC`, `Z`, a fixed offset (`+02:00`, `-0530`, `+2`) or an IANA name (`Europe/Prague`,
    /// read from the system's zoneinfo database: `$TZDIR` or `/usr/share/zoneinfo`). `local` means the machine's zone
    /// (`/etc/localtime`).
    /// - Throws: ``TimeZoneError`` when the text is neither a valid offset nor a zone in the database.
    public init(identifier: String) throws(TimeZoneError) {
        if identifier == "UTC" || identifier == "Z" || identifier == "utc" || identifier == "GMT" {
            self = .utc
            return
        }
        if let first = identifier.utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            guard let seconds = Self.parseOffset(identifier) else { throw .invalidOffset(identifier) }
            self = .fixed(secondsEastOfUTC: seconds)
            return
        }
        let rules = try ZoneRules.load(identifier: identifier)
        self.init(storage: .rules(rules), identifier: identifier)
    }

    /// The offset, in seconds east of UTC, in force at `utcSeconds` since the epoch.
    public func utcOffset(atUTCSeconds utcSeconds: Int64) -> Int {
        switch storage {
        case .fixed(let offset): offset
        case .rules(let rules): rules.offset(atUTC: utcSeconds)
        }
    }

    /// The offset to apply to a wall time `localSeconds` (the wall time's seconds since the epoch as if it were
    /// UTC), following the daylight-saving rule above.
    public func utcOffset(forLocalSeconds localSeconds: Int64) -> Int {
        guard case .rules = storage else { return utcOffset(atUTCSeconds: localSeconds) }
        // Every valid reading u = local - offset lies within ±18 h of `local`; assuming at most one transition in that
        // window, the offsets at its two ends are the only candidates.
        let window: Int64 = 18 * 3_600
        let before = utcOffset(atUTCSeconds: localSeconds - window)
        let after = utcOffset(atUTCSeconds: localSeconds + window)
        // No offset change near this wall time (nearly every event): every branch below would return `before`.
        if before == after { return before }
        let beforeValid = utcOffset(atUTCSeconds: localSeconds - Int64(before)) == before
        let afterValid = utcOffset(atUTCSeconds: localSeconds - Int64(after)) == after
        switch (beforeValid, afterValid) {
        case (true, true): return max(before, after)  // overlap: the earlier instant has the larger offset
        case (true, false): return before
        case (false, true): return after
        case (false, false): return before  // gap: read with the offset before the gap
        }
    }

    /// The identifier.
    public var description: String { identifier }

    static func offsetText(_ seconds: Int) -> String {
        if seconds == 0 { return "UTC" }
        let minutes = abs(seconds) / 60
        let hh = minutes / 60
        let mm = minutes % 60
        return (seconds < 0 ? "-" : "+") + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    /// Parses `+HH`, `+HHMM`, `+HH:MM` (also `-`), at most 18 hours.
    static func parseOffset(_ text: String) -> Int? {
        var bytes = Array(text.utf8)
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        bytes.removeFirst()
        if bytes.count == 5, bytes[2] == UInt8(ascii: ":") { bytes.remove(at: 2) }
        guard [1, 2, 4].contains(bytes.count), bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let digits = bytes.map { Int($0 - 48) }
        let hours = bytes.count == 1 ? digits[0] : digits[0] * 10 + digits[1]
        let minutes = bytes.count == 4 ? digits[2] * 10 + digits[3] : 0
        guard hours <= 18, minutes < 60, hours * 60 + minutes <= 18 * 60 else { return nil }
        let seconds = (hours * 60 + minutes) * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }
}

/// Why a time zone could not be created.
public enum TimeZoneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text starts with `+`/`-` but is not `±HH`, `±HHMM` or `±HH:MM` within ±18:00.
    case invalidOffset(String)
    /// No such zone in the zoneinfo database (or the name tries to leave it, e.g. `../x`).
    case unknownZone(String)
    /// The zone file exists but is not a valid TZif file.
    case invalidZoneFile(String)

    /// A message naming the zone.
    public var description: String {
        switch self {
        case .invalidOffset(let text): "'\(text)' is not a UTC offset (use ±HH:MM, e.g. +02:00)"
        case .unknownZone(let name): "unknown time zone '\(name)' (use an IANA name such as Europe/Prague, or ±HH:MM)"
        case .invalidZoneFile(let name): "the zoneinfo file for '\(name)' is not a valid TZif file"
        }
    }
}
