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
        SyslogFrameWriter(options: options).write(for: event, severity: 1, into: &output)
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
}
