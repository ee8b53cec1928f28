extension OutputBuffer {
    /// The earliest instant written, 0001-01-01T00:00:00.000Z, in milliseconds since the epoch. Not year 0000: XML
    /// Schema 1.0's `xs:dateTime` (libxml2) has no year zero, and year 1 at 00:00 with a +23:59 offset gets there.
    static let earliestRFC3339Milliseconds: Int64 = -62_135_596_800_000
    /// The latest, 9999-12-31T23:59:59.999Z.
    static let latestRFC3339Milliseconds: Int64 = 253_402_300_799_999

    /// Appends an instant as RFC 3339 UTC with milliseconds, e.g. `2013-03-02T08:54:38.000Z` (the form ECS
    /// `@timestamp` and XML Schema `xs:dateTime` both read).
    ///
    /// Integer arithmetic only (no formatter, no `String`). Instants outside years 0001–9999 are clamped to that range,
    /// which keeps the year at four digits and valid for `xs:dateTime`; only the extreme wall times of years 1 and 9999
    /// with a large offset reach it.
    ///
    /// ```swift
    /// var out = OutputBuffer()
    /// out.writeRFC3339(epochMilliseconds: 1_362_214_478_000)   // 2013-03-02T08:54:38.000Z
    /// ```
    public mutating func writeRFC3339(epochMilliseconds: Int64) {
        let clamped = min(max(epochMilliseconds, Self.earliestRFC3339Milliseconds), Self.latestRFC3339Milliseconds)
        // Floor division, so that instants before 1970 keep a non-negative millisecond part.
        var seconds = clamped / 1_000
        var milliseconds = clamped % 1_000
        if milliseconds < 0 {
            seconds -= 1
            milliseconds += 1_000
        }
        let civil = CivilDateTime(secondsSinceEpoch: seconds)
        write(decimal: civil.year, width: 4)
        write(UInt8(ascii: "-"))
        write(decimal: civil.month, width: 2)
        write(UInt8(ascii: "-"))
        write(decimal: civil.day, width: 2)
        write(UInt8(ascii: "T"))
        write(decimal: civil.hour, width: 2)
        write(UInt8(ascii: ":"))
        write(decimal: civil.minute, width: 2)
        write(UInt8(ascii: ":"))
        write(decimal: civil.second, width: 2)
        write(UInt8(ascii: "."))
        write(decimal: Int(milliseconds), width: 3)
        write(UInt8(ascii: "Z"))
    }
}
