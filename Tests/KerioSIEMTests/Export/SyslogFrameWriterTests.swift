import Testing

@testable import KerioSIEM

/// The HOSTNAME of the syslog header ``SyslogFrameWriter`` writes: an IPv6 literal verbatim (lower-cased, RFC 5424
/// §6.2.4), any other name sanitised to `[A-Za-z0-9._-]`.
struct SyslogFrameWriterTests {
    /// The header for ``SampleEvents/syslogEngineStartupZoned`` with its HOSTNAME replaced by `host`.
    static func header(host: String, _ framing: SyslogFraming, observer: String? = nil) -> String {
        var options = ExportOptions()
        options.syslogFraming = framing
        options.observerHostName = observer
        var event = SampleEvents.syslogEngineStartupZoned
        event.setBytes(.syslogHostname, Array(host.utf8))
        var output = OutputBuffer()
        var frame = SyslogFrameWriter(options: options)
        frame.write(for: event, severity: 1, into: &output)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    static let hosts: [(given: String, written: String)] = [
        ("::1", "::1"),
        ("fe80::1", "fe80::1"),
        ("2001:DB8::CEF", "2001:db8::cef"),
        ("::FFFF:192.0.2.1", "::ffff:192.0.2.1"),
        ("2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:1"),
        // Not IPv6 literals: sanitised as before.
        ("fe80::1%eth0", "fe80--1-eth0"),
        ("::1::", "--1--"),
        ("CEF:0", "CEF-0"),
        ("[::1]", "---1-"),
        ("192.0.2.1", "192.0.2.1"),
        ("fw1.example.com", "fw1.example.com"),
    ]

    @Test(arguments: hosts)
    func ipv6HostIsWrittenLowerCasedOthersSanitised(_ host: (given: String, written: String)) {
        #expect(
            Self.header(host: host.given, .rfc5424)
                == "<38>1 2026-04-05T08:00:00.000Z \(host.written) kerio-siem - - - ")
        #expect(Self.header(host: host.given, .rfc3164) == "<38>Apr  5 10:00:00 \(host.written) ")
        #expect(Self.header(host: "x", .rfc5424, observer: host.given).contains(" \(host.written) kerio-siem "))
    }

    /// Consumers find a record by searching for `CEF:` or `LEEF:`: no HOSTNAME may spell either.
    @Test(arguments: ["CEF:", "LEEF:", "::CEF:", "CEF::1", "FEED::CEF:1", "fe80::CEF:1"])
    func theHeaderNeverHoldsARecordMarker(_ host: String) {
        for framing in [SyslogFraming.rfc3164, .rfc5424] {
            let header = Self.header(host: host, framing)
            #expect(!header.contains("CEF:") && !header.contains("LEEF:"), "\(header)")
        }
    }

    @Test func noneWritesNothing() {
        #expect(Self.header(host: "::1", .none) == "")
    }

    /// A name longer than a HOSTNAME may be is cut to 255 bytes, whether or not it needed sanitising.
    @Test(arguments: [String(repeating: "a", count: 300), String(repeating: "a b", count: 100)])
    func aLongHostIsCut(_ host: String) {
        let header = Self.header(host: host, .rfc5424)
        let written = header.split(separator: " ")[2]
        #expect(written.utf8.count == 255)
    }

    /// One writer reused for records in and out of order, in the same second and not, and outside years 1–9999,
    /// writes what a fresh writer writes for each (its day's text is cached).
    @Test func aReusedWriterWritesWhatAFreshOneWrites() {
        var options = ExportOptions()
        options.syslogFraming = .rfc5424
        // (year, month, day, second, UTC offset): 9999-12-31 23:59 at -01:00 is in year 10000 UTC, 0001-01-01 at
        // +01:00 (23:59 the day before) in year 0: both are written as `-`.
        let times: [(Int, Int, Int, Int, Int)] = [
            (2026, 4, 5, 0, 0), (2026, 4, 5, 0, 0), (2026, 4, 5, 1, 0), (2026, 4, 5, 0, 0), (2025, 12, 31, 59, 0),
            (9999, 12, 31, 0, -3_600), (9999, 12, 31, 0, -3_600), (2026, 4, 5, 0, 0), (1, 1, 1, 0, 0),
            (1, 1, 1, 0, 90_000), (1969, 12, 31, 59, 0), (2026, 4, 5, 0, 3_600),
        ]
        var reused = SyslogFrameWriter(options: options)
        for (index, (year, month, day, second, offset)) in times.enumerated() {
            var event = SampleEvents.syslogEngineStartupZoned
            let civil = CivilDateTime(
                year: year, month: month, day: day, hour: 23, minute: 59, second: second, nanosecond: index * 1_000_000)!
            event.timestamp = EventTimestamp(civil, utcOffsetSeconds: offset)
            var fresh = SyslogFrameWriter(options: options)
            var expected = OutputBuffer()
            fresh.write(for: event, severity: 1, into: &expected)
            var actual = OutputBuffer()
            reused.write(for: event, severity: 1, into: &actual)
            #expect(actual.bytes == expected.bytes, "record \(index)")
        }
    }
}
