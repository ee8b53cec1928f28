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

    /// CEF timestamps as Filebeat's decode_cef reads them (Go's time.Parse over the ArcSight CEF Implementation
    /// Standard's layouts `MMM dd [yyyy ]HH:mm:ss[.SSS][ zzz]`, and epoch milliseconds).
    @Test(arguments: [
        // The standard's own layouts.
        ("1362210878000", true), ("Mar 02 08:54:38", true), ("Mar 02 08:54:38.123", true),
        ("Mar 02 08:54:38 UTC", true),
        ("Mar 02 08:54:38.123 CEST", true), ("Mar 02 2013 08:54:38", true),
        ("Mar 02 2013 08:54:38.000 GMT+01:00", true),
        ("Mar 02 2013 08:54:38 PST", true),
        // What Go's reading adds: any letter case for the month, a 1-digit or space-padded day, 1-digit hours, runs of
        // spaces, any fraction after '.' or ',', numeric zones and Z.
        ("mar 02 08:54:38", true), ("MAR 02 08:54:38", true), ("Mar 2 08:54:38", true), ("Jun  3 08:54:38", true),
        ("Jun  3 2026 8:04:05", true), ("Mar 02 08:54:38.12", true), ("Mar 02 08:54:38.5", true),
        ("Mar 02 08:54:38,000", true), ("Mar 02 08:54:38.123456789012", true), ("Mar 02 08:54:38 +0500", true),
        ("Mar 02 08:54:38 -05:30", true), ("Mar 02 08:54:38 Z", true), ("Mar 02 08:54:38.5 +05", true),
        ("Mar 02 08:54:38 GMT", true), ("Mar 02 08:54:38 GMT-7", true), ("Mar 02 08:54:38 ChST", true),
        ("Mar 02 08:54:38 WITA", true), ("Mar 02 08:54:38 ACWST", true), ("Mar 02  08:54:38   UTC", true),
        ("Feb 29 08:54:38", true), ("0", true),
        // Rejected by Go too.
        ("Feb 29 2013 08:54:38", false), ("Mar 02 08:54", false), ("Mar 02 2013 08:54:38 utc", false),
        ("2013-03-02T08:54:38Z", false), ("99999999999999999999", false),
        ("Mar 02 08:54:38 UTC-0530", false), ("Mar 02 08:54:38 UTC+01:00", false), ("Mar 02 08:54:38 GMT+0530", false),
        ("Mar 02 08:54:38 ABCD", false), ("Mar 02 08:54:38 ABCDEF", false), ("Mar 02 08:54:38 PS", false),
        ("Mar 02 08:54:38.", false), ("Mar 02 08:54:38 ", false), ("Mar 123 08:54:38", false),
        ("Mar 02 24:00:00", false), ("Mar 02 08:60:00", false), ("Mar 02 08:54:60", false), ("Mar 02 8:5:38", false),
        ("Mar02 08:54:38", false), ("March 02 08:54:38", false), ("Mar 02 08:54:38 +5:30", false),
        // Our restrictions where Go is laxer: no negative epoch, no offset beyond ±23:59 (Go allows 24:60).
        ("-1", false), ("Mar 02 08:54:38 +2400", false), ("Mar 02 08:54:38 +0560", false),
        // Leading zeros: Go's ParseInt(v, 0, 64) reads them as octal (08 fails; 010 would silently mean 8).
        ("08", false), ("01362210878000", false), ("010", false),
    ])
    func cefTimestamps(_ text: String, _ valid: Bool) {
        #expect(TimestampSyntax.isCEFTimestamp(text) == valid)
    }

    /// RFC 5424 §6.2.3.1: examples 1–4 are valid TIMESTAMPs, example 5 (nanoseconds) is not; §6.2.3 also forbids
    /// lower-case `t`/`z` and leap seconds.
    @Test(arguments: [
        ("1985-04-12T23:20:50.52Z", true), ("1985-04-12T19:20:50.52-04:00", true), ("2003-10-11T22:14:15.003Z", true),
        ("2003-08-24T05:14:15.000003-07:00", true), ("2003-08-24T05:14:15.000000003-07:00", false),
        ("2003-08-24T05:14:15.0000003-07:00", false), ("2003-08-24T05:14:15.00000003-07:00", false),
        ("2003-10-11t22:14:15.003Z", false), ("2003-10-11T22:14:15.003z", false), ("2016-12-31T23:59:60Z", false),
        ("2003-10-11T22:14:15Z", true),
    ])
    func syslogTimestamps(_ text: String, _ valid: Bool) {
        #expect(TimestampSyntax.isSyslogTimestamp(text) == valid)
    }

    @Test(arguments: [
        ("CEF:0|", true), ("<134>Mar 02 08:54:38 fw1 CEF:0|", true), ("Mar  2 08:54:38 fw1 CEF:0|", true),
        ("Mar 02 08:54:38 fw1 app[12]: CEF:0|", true), ("<134>1 2026-04-05T10:00:00Z fw1 app - - - CEF:0|", true),
        ("<134>1 - - - - - - CEF:0|", true), ("<134>1 - h a p m [x@1 a=\"\\]\"][y@2] CEF:0|", true),
        ("2026-04-05T10:00:00+02:00 fw1 CEF:0|", true), ("<192>Mar 02 08:54:38 fw1 CEF:0|", false),
        ("Mar 02 08:54:38 CEF:0|", false), ("Mar 02 08:54:38 fw1  CEF:0|", false), ("hello CEF:0|", false),
        ("<134>1 2026-04-05T10:00:00Z fw1 app - - CEF:0|", false), ("<134>1 - - - - - [unclosed CEF:0|", false),
        ("Mar 02 08:54:38 fw1 tag CEF:0|", false), ("Mar 02 08:54:38 fw1CEF:0|", false),
        ("<134>1 - - - - - - \u{FEFF}CEF:0|", true),
        // RFC 5424 §6.5, examples 1–4 (their MSG replaced by the CEF record; BOM written as U+FEFF).
        ("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \u{FEFF}CEF:0|", true),
        ("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - CEF:0|", true),
        (
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
                + "eventSource=\"Application\" eventID=\"1011\"] \u{FEFF}CEF:0|", true
        ),
        (
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
                + "eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] CEF:0|", true
        ),
        // RFC 5424 §6.3.5: elements are not separated by spaces, and no space follows '['.
        (
            "<165>1 - h a p m [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] "
                + "[examplePriority@32473 class=\"high\"] CEF:0|", false
        ),
        (
            "<165>1 - h a p m [ exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
                + "[examplePriority@32473 class=\"high\"] CEF:0|", false
        ),
        // §6.3.3: '"', '\\' and ']' are escaped in PARAM-VALUE; a backslash before anything else is itself.
        ("<134>1 - h a p m [x@1 a=\"q\\\"u\\\\o\\]te\\d\"] CEF:0|", true),
        ("<134>1 - h a p m [x@1 a=\"]\"][y@2] CEF:0|", false), ("<134>1 - h a p m [x@1 a=\"open] CEF:0|", false),
        ("<134>1 - h a p m [x@1 a=b] CEF:0|", false), ("<134>1 - h a p m [x@1 =\"b\"] CEF:0|", false),
        ("<134>1 - h a p m [\(String(repeating: "i", count: 33))] CEF:0|", false),
        ("<134>1 - h a p m [\(String(repeating: "i", count: 32))] CEF:0|", true),
        // §6: VERSION 1; field limits HOSTNAME 255, APP-NAME 48, PROCID 128, MSGID 32, PRINTUSASCII.
        ("<134>2 - - - - - - CEF:0|", false), ("<134>01 - - - - - - CEF:0|", false),
        ("<134>1 - \(String(repeating: "h", count: 255)) - - - - CEF:0|", true),
        ("<134>1 - \(String(repeating: "h", count: 256)) - - - - CEF:0|", false),
        ("<134>1 - - \(String(repeating: "a", count: 48)) - - - CEF:0|", true),
        ("<134>1 - - \(String(repeating: "a", count: 49)) - - - CEF:0|", false),
        ("<134>1 - - - \(String(repeating: "p", count: 128)) - - CEF:0|", true),
        ("<134>1 - - - \(String(repeating: "p", count: 129)) - - CEF:0|", false),
        ("<134>1 - - - - \(String(repeating: "m", count: 32)) - CEF:0|", true),
        ("<134>1 - - - - \(String(repeating: "m", count: 33)) - CEF:0|", false),
        ("<134>1 - h\u{E9} - - - - CEF:0|", false), ("<134>1 - - -  - - - CEF:0|", false),
        // §6.2.3.1: example 5 is an invalid TIMESTAMP (9 fraction digits); 8 are too many as well.
        ("<165>1 2003-08-24T05:14:15.000000003-07:00 192.0.2.1 myproc 8710 - - CEF:0|", false),
        ("<165>1 2003-08-24T05:14:15.00000003-07:00 192.0.2.1 myproc 8710 - - CEF:0|", false),
        ("2003-08-24T05:14:15.00000003-07:00 fw1 CEF:0|", false),
        // IBM's short form is LEEF-only (see LEEFValidatorTests).
        ("<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 CEF:0|", false),
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

    /// Severity words in any letter case, but only letters fold: `-` must be `-` (CR would fold onto it bit-wise).
    @Test(arguments: [
        ("Very-High", true), ("vErY-hIgH", true), ("unknown", true), ("Very\rHigh", false), ("Very_High", false),
        ("Lo", false), ("Lowe", false), ("L0w", false),
    ])
    func severityWords(_ text: String, _ valid: Bool) {
        #expect(FieldType.isSeverityWord(text) == valid)
    }

    @Test func canonicalIntegers() {
        #expect(NumberSyntax.canonicalInteger("0") == 0)
        #expect(NumberSyntax.canonicalInteger("-0") == 0)
        #expect(NumberSyntax.canonicalInteger("80") == 80)
        #expect(NumberSyntax.canonicalInteger("-42") == -42)
        #expect(NumberSyntax.canonicalInteger("080") == nil)
        #expect(NumberSyntax.canonicalInteger("-042") == nil)
        #expect(NumberSyntax.canonicalInteger("00") == nil)
        #expect(NumberSyntax.integer("080") == 80)  // the LEEF dialect still reads them
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
