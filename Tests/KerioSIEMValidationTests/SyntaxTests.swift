import KerioSIEM
import Testing

@testable import KerioSIEMValidation

struct SyntaxTests {
    @Test(arguments: [
        ("0.0.0.0", true), ("255.255.255.255", true), ("95.211.98.71", true), ("256.1.1.1", false),
        ("1.2.3", false), ("1.2.3.4.5", false), ("01.2.3.4", false), ("1.2.3.4 ", false), ("", false),
        ("a.b.c.d", false),
        ("1..2.3", false), ("1.2.3.", false), ("1234.1.1.1", false),
    ])
    func ipv4(_ text: String, _ valid: Bool) {
        #expect(AddressSyntax.isIPv4(text) == valid)
    }

    @Test(arguments: [
        ("::", true), ("::1", true), ("fe80::1", true), ("1:2:3:4:5:6:7:8", true), ("1:2:3:4:5:6:7::", true),
        ("::ffff:192.168.1.1", true), ("64:ff9b::192.0.2.33", true), ("2001:DB8::1", true), ("1::2::3", false),
        (":::", false), ("1:2:3:4:5:6:7:8:9", false), ("1:2:3:4:5:6:7", false), ("12345::", false),
        ("fe80::1%eth0", false),
        ("1:", false), (":1", false), ("::ffff:1.2.3", false), ("g::1", false), ("1:2:3:4:5:6:1.2.3.4", true),
        ("1:2:3:4:5:6:7:1.2.3.4", false),
    ])
    func ipv6(_ text: String, _ valid: Bool) {
        #expect(AddressSyntax.isIPv6(text) == valid)
    }

    @Test(arguments: [
        ("2013-03-02T08:54:38Z", true, true), ("2013-03-02T08:54:38.123456Z", true, true),
        ("2013-03-02T08:54:38+02:00", false, true), ("2013-03-02t08:54:38z", false, true),
        ("2012-02-29T00:00:00Z", true, true), ("2013-02-29T00:00:00Z", false, false),
        ("2013-13-01T00:00:00Z", false, false),
        ("2013-03-02T24:00:00Z", false, false), ("2013-03-02T08:54:38", false, false),
        ("2013-03-02 08:54:38Z", false, false),
        ("2013-03-02T08:54:38.Z", false, false), ("2016-12-31T23:59:60Z", true, true),
        ("2013-03-02T08:54:38+2:00", false, false),
    ])
    func rfc3339(_ text: String, _ validUTC: Bool, _ valid: Bool) {
        #expect(TimestampSyntax.isRFC3339(text, utcOnly: true) == validUTC)
        #expect(TimestampSyntax.isRFC3339(text, utcOnly: false) == valid)
    }

    @Test(arguments: [
        ("1362210878000", true), ("Mar 02 08:54:38", true), ("Mar 02 08:54:38.123", true),
        ("Mar 02 08:54:38 UTC", true),
        ("Mar 02 08:54:38.123 CEST", true), ("Mar 02 2013 08:54:38", true),
        ("Mar 02 2013 08:54:38.000 GMT+01:00", true),
        ("Feb 29 08:54:38", true), ("Feb 29 2013 08:54:38", false), ("Mar 2 08:54:38", false),
        ("mar 02 08:54:38", false),
        ("Mar 02 08:54", false), ("Mar 02 2013 08:54:38 utc", false), ("2013-03-02T08:54:38Z", false), ("-1", false),
        ("99999999999999999999", false), ("Mar 02 08:54:38.12", false),
    ])
    func cefTimestamps(_ text: String, _ valid: Bool) {
        #expect(TimestampSyntax.isCEFTimestamp(text) == valid)
    }

    @Test(arguments: [
        ("CEF:0|", true), ("<134>Mar 02 08:54:38 fw1 CEF:0|", true), ("Mar  2 08:54:38 fw1 CEF:0|", true),
        ("Mar 02 08:54:38 fw1 app[12]: CEF:0|", true), ("<134>1 2026-04-05T10:00:00Z fw1 app - - - CEF:0|", true),
        ("<134>1 - - - - - - CEF:0|", true), ("<134>1 - h a p m [x@1 a=\"]\"][y@2] CEF:0|", true),
        ("2026-04-05T10:00:00+02:00 fw1 CEF:0|", true), ("<192>Mar 02 08:54:38 fw1 CEF:0|", false),
        ("Mar 02 08:54:38 CEF:0|", false), ("Mar 02 08:54:38 fw1  CEF:0|", false), ("hello CEF:0|", false),
        ("<134>1 2026-04-05T10:00:00Z fw1 app - - CEF:0|", false), ("<134>1 - - - - - [unclosed CEF:0|", false),
        ("Mar 02 08:54:38 fw1 tag CEF:0|", false), ("Mar 02 08:54:38 fw1CEF:0|", false),
        ("<134>1 - - - - - - \u{FEFF}CEF:0|", true),
    ])
    func syslogPrefixes(_ record: String, _ valid: Bool) {
        let bytes = Array(record.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let start = LineText.find("CEF:", in: buffer)!
            #expect(
                (SyslogPrefix.problem(in: buffer[0..<start]) == nil) == valid,
                "\(SyslogPrefix.problem(in: buffer[0..<start]) ?? "accepted")")
        }
    }

    @Test func numbers() {
        #expect(NumberSyntax.integer("-9223372036854775808") == .min)
        #expect(NumberSyntax.integer("9223372036854775807") == .max)
        #expect(NumberSyntax.integer("9223372036854775808") == nil)
        #expect(NumberSyntax.integer("+1") == nil)
        #expect(NumberSyntax.integer("-") == nil)
        #expect(NumberSyntax.decimal("-1.5e3") == -1500)
        #expect(NumberSyntax.decimal(".5") == 0.5)
        #expect(NumberSyntax.decimal("inf") == nil)
        #expect(NumberSyntax.decimal("0x1p3") == nil)
        #expect(NumberSyntax.decimal("1e999") == nil)
    }
}
