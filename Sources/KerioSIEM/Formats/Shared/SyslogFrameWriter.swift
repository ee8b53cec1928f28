/// Writes the optional syslog header in front of a CEF, LEEF or ECS JSON record (``ExportOptions/syslogFraming``).
///
/// - `.rfc3164`: `<PRI>Mmm dd HH:mm:ss HOST ` — the event's wall time as logged (the day space-padded, as
///   RFC 3164 §4.1.2 requires); `Jan  1 00:00:00` when the event has no time.
/// - `.rfc5424`: `<PRI>1 yyyy-MM-ddTHH:mm:ss.SSSZ HOST kerio-siem - - - ` — the event's instant in UTC (zone-less
///   Kerio times are read in ``ExportOptions/timeZone``); NILVALUE `-` when the event has no time.
///
/// When the event has no time of its own, the syslog envelope's time is used if there is one.
///
/// **PRI** is facility 4 (security/authorization) × 8 + a severity derived from the event
/// (``EventSeverityScale/syslog(cef:)``): e.g. `<35>` for an IPS High record, `<38>` for an engine startup.
///
/// **HOST** is ``ExportOptions/observerHostName``, else the event's syslog HOSTNAME, else `-` (RFC 5424 NILVALUE) or
/// `kerio-control` (RFC 3164, which has no NILVALUE). An IPv6 literal (RFC 4291 text form, no zone index) is written
/// as it is but lower-cased, as RFC 5424 §6.2.4 allows (`::1`, `fe80::1`): its letters are then only `a`–`f`, so it
/// cannot spell `CEF:` or `LEEF:`. Any other name is sanitised to `[A-Za-z0-9._-]`, every other byte becoming `-`,
/// and cut to 255 bytes: a syslog HOSTNAME cannot hold spaces, and excluding `:` guarantees that the prefix never
/// contains `CEF:` or `LEEF:`, which consumers search for to find the record.
///
/// ```swift
/// var frame = SyslogFrameWriter(options: options)
/// frame.write(for: event, severity: 8, into: &output)   // <35>Mar  2 08:54:38 fw1
/// ```
struct SyslogFrameWriter: Sendable {
    /// The RFC 5424 date of the last record's day, `yyyy-MM-ddT`: consecutive records nearly always share the day,
    /// and turning a day number into a calendar date was ≈ 3 % of a relayed record's cost (`perf`); the clock time
    /// is cheap to write from the seconds of the day.
    struct DayCache: Sendable {
        /// Days since 1970-01-01 (UTC) that `text` shows; `Int64.min` before the first record.
        var day = Int64.min
        /// `yyyy-MM-ddT`, or empty when that day's year is outside 1–9999 (the time is then written as `-`).
        var text: [UInt8] = []
    }

    /// The header style; `.none` writes nothing.
    let framing: SyslogFraming
    /// The zone of zone-less Kerio times.
    let timeZone: KerioTimeZone
    /// The observer host name as written (sanitised, or a lower-cased IPv6 literal), when the options give one.
    let observerHost: [UInt8]?
    /// The day of the last RFC 5424 header written.
    var dayCache = DayCache()

    /// The facility of every record: 4, security/authorization messages (RFC 5424 §6.2.1).
    static let facility = 4
    /// The longest HOSTNAME written (RFC 5424 §6: 255 octets).
    static let maximumHostLength = 255

    /// Prepares a writer for `options`.
    init(options: ExportOptions) {
        framing = options.syslogFraming
        timeZone = options.timeZone
        if let name = options.observerHostName, !name.isEmpty {
            var host: [UInt8] = []
            var name = name
            name.withUTF8 { Self.appendHost($0, to: &host) }
            observerHost = host
        } else {
            observerHost = nil
        }
    }

    /// Appends the header for `event`, whose CEF severity is `severity`; nothing when framing is `.none`.
    mutating func write(for event: SecurityEvent, severity: Int, into output: inout OutputBuffer) {
        guard framing != .none else { return }
        output.write(UInt8(ascii: "<"))
        output.write(decimal: Self.facility * 8 + EventSeverityScale.syslog(cef: severity))
        output.write(UInt8(ascii: ">"))
        let timestamp = event.timestamp ?? event.syslog?.timestamp
        if framing == .rfc3164 {
            writeRFC3164Time(timestamp?.civil, into: &output)
        } else {
            output.write("1 ")
            writeRFC5424Time(timestamp, into: &output)
        }
        output.write(UInt8(ascii: " "))
        writeHost(of: event, into: &output)
        if framing == .rfc5424 { output.write(" kerio-siem - - -") }
        output.write(UInt8(ascii: " "))
    }

    /// `Mmm dd HH:mm:ss`, the wall time as logged.
    func writeRFC3164Time(_ civil: CivilDateTime?, into output: inout OutputBuffer) {
        guard let civil else {
            output.write("Jan  1 00:00:00")
            return
        }
        output.write(Self.monthAbbreviation(civil.month))
        output.write(UInt8(ascii: " "))
        if civil.day < 10 { output.write(UInt8(ascii: " ")) }
        output.write(decimal: civil.day)
        output.write(UInt8(ascii: " "))
        Self.writeClock(civil, into: &output)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, or `-`.
    mutating func writeRFC5424Time(_ timestamp: EventTimestamp?, into output: inout OutputBuffer) {
        guard let timestamp else {
            output.write(UInt8(ascii: "-"))
            return
        }
        let milliseconds = timestamp.epochMilliseconds(in: timeZone)
        // Floor division, so that instants before 1970 still get a non-negative millisecond part.
        var seconds = milliseconds / 1_000
        var fraction = milliseconds % 1_000
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000
        }
        var day = seconds / 86_400
        var secondOfDay = Int(seconds % 86_400)
        if secondOfDay < 0 {
            day -= 1
            secondOfDay += 86_400
        }
        if day != dayCache.day { Self.format(day: day, into: &dayCache) }
        guard !dayCache.text.isEmpty else {
            output.write(UInt8(ascii: "-"))
            return
        }
        dayCache.text.withUnsafeBufferPointer { output.write($0) }
        Self.writeTwoDigits(secondOfDay / 3_600, into: &output)
        output.write(UInt8(ascii: ":"))
        Self.writeTwoDigits(secondOfDay / 60 % 60, into: &output)
        output.write(UInt8(ascii: ":"))
        Self.writeTwoDigits(secondOfDay % 60, into: &output)
        output.write(UInt8(ascii: "."))
        output.write(decimal: Int(fraction), width: 3)
        output.write(UInt8(ascii: "Z"))
    }

    /// Fills `cache` with `day` as `yyyy-MM-ddT` (UTC), or empty when its year is outside 1–9999.
    static func format(day: Int64, into cache: inout DayCache) {
        cache.day = day
        cache.text.removeAll(keepingCapacity: true)
        let utc = CivilDateTime(secondsSinceEpoch: day * 86_400)
        guard (1...9999).contains(utc.year) else { return }
        var text = OutputBuffer(capacity: 16)
        text.write(decimal: utc.year, width: 4)
        text.write(UInt8(ascii: "-"))
        text.write(decimal: utc.month, width: 2)
        text.write(UInt8(ascii: "-"))
        text.write(decimal: utc.day, width: 2)
        text.write(UInt8(ascii: "T"))
        text.withBytes { cache.text.append(contentsOf: $0) }
    }

    /// `value` (0–99) as two digits.
    @inline(__always)
    static func writeTwoDigits(_ value: Int, into output: inout OutputBuffer) {
        output.write(UInt8(truncatingIfNeeded: 0x30 + value / 10))
        output.write(UInt8(truncatingIfNeeded: 0x30 + value % 10))
    }

    /// `HH:mm:ss`.
    static func writeClock(_ civil: CivilDateTime, into output: inout OutputBuffer) {
        output.write(decimal: civil.hour, width: 2)
        output.write(UInt8(ascii: ":"))
        output.write(decimal: civil.minute, width: 2)
        output.write(UInt8(ascii: ":"))
        output.write(decimal: civil.second, width: 2)
    }

    /// The observer host, the event's syslog HOSTNAME, or the fallback, as ``appendHost(_:to:)`` writes a name.
    func writeHost(of event: SecurityEvent, into output: inout OutputBuffer) {
        if let observerHost {
            observerHost.withUnsafeBufferPointer { output.write($0) }
            return
        }
        let written =
            event.withBytes(of: .syslogHostname) { bytes -> Bool in
                guard !bytes.isEmpty else { return false }
                Self.writeHost(bytes, into: &output)
                return true
            } ?? false
        if !written { output.write(framing == .rfc5424 ? "-" : "kerio-control") }
    }

    /// Writes `bytes` as a HOSTNAME: an IPv6 literal lower-cased, anything else sanitised and cut to 255 bytes; a name
    /// that needs neither (the usual host name or IPv4 address) is copied in one piece.
    static func writeHost(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout OutputBuffer) {
        var plain = bytes.count <= maximumHostLength
        if plain {
            for byte in bytes where sanitised(byte) != byte {
                plain = false
                break
            }
        }
        if plain {
            output.write(bytes)
        } else if isIPv6Literal(bytes) {
            for byte in bytes { output.write(lowercased(byte)) }
        } else {
            for index in 0..<min(bytes.count, maximumHostLength) { output.write(sanitised(bytes[index])) }
        }
    }

    /// `byte` if it may appear in a HOSTNAME we write, else `-`.
    @inline(__always)
    static func sanitised(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            byte
        default:
            UInt8(ascii: "-")
        }
    }

    /// Appends `bytes` as a HOSTNAME: an IPv6 literal lower-cased, anything else sanitised and cut to 255 bytes.
    static func appendHost(_ bytes: UnsafeBufferPointer<UInt8>, to host: inout [UInt8]) {
        if isIPv6Literal(bytes) {
            for byte in bytes { host.append(lowercased(byte)) }
            return
        }
        for index in 0..<min(bytes.count, maximumHostLength) { host.append(sanitised(bytes[index])) }
    }

    /// Whether `bytes` is an IPv6 address in an RFC 4291 text form (at most 45 bytes, so never cut).
    static func isIPv6Literal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        IPLiteral(bytes) == .v6
    }

    /// `A`–`Z` as `a`–`z`; other bytes unchanged (an IPv6 literal holds only hex digits, `:` and `.`).
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    static func monthAbbreviation(_ month: Int) -> StaticString {
        switch month {
        case 1: "Jan"
        case 2: "Feb"
        case 3: "Mar"
        case 4: "Apr"
        case 5: "May"
        case 6: "Jun"
        case 7: "Jul"
        case 8: "Aug"
        case 9: "Sep"
        case 10: "Oct"
        case 11: "Nov"
        default: "Dec"
        }
    }
}
