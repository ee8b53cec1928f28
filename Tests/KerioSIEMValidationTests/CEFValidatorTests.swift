import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMValidation

struct CEFValidatorTests {
    let validator: CEFValidator

    init() throws {
        validator = try CEFValidator(schema: Fixture.bytes("cef.schema.json"), schemaName: "cef.schema.json")
    }

    @Test func validFixturePasses() throws {
        let issues = validate(validator, try Fixture.bytes("valid.cef"))
        #expect(issues.isEmpty, "\(issues)")
        #expect(validator.formatName == "cef")
    }

    static let mutations: [Mutation] = [
        Mutation("\\t escape in a value", #"msg=a\=b"#, #"msg=a\tb"#, line: 1, expect: #"invalid escape '\t'"#),
        Mutation(
            "\\= escape in the header", "Anti-spoofing = packet", #"Anti-spoofing \= packet"#, line: 2,
            expect: #"invalid escape '\='"#),
        Mutation(
            "\\| escape in a value", "act=blocked a |", #"act=blocked a \|"#, line: 2,
            expect: #"invalid escape '\|'"#),
        Mutation("unescaped = in a value", #"msg=a\=b"#, "msg=a=b", line: 1, expect: "unescaped '=' at column"),
        Mutation(
            "6 header fields", "|9.4|auth|Authentication failure|", "|auth|Authentication failure|", line: 4,
            expect: "has 6 of 7 fields"),
        Mutation(
            "bad IPv4 in src", "src=95.211.98.71", "src=95.211.98.256", line: 1,
            expect: "extension key 'src' expects an IPv4 address (dotted quad), got '95.211.98.256'"),
        Mutation("IPv6 in src", "src=61.173.81.166", "src=fe80::1", line: 2, expect: "'src' expects an IPv4 address"),
        Mutation(
            "port 70000", "spt=80", "spt=70000", line: 1, expect: "'spt' expects a port number 0–65535, got '70000'"),
        Mutation("unknown key", "proto=TCP", "proto=TCP foo=bar", line: 2, expect: "unknown extension key 'foo'"),
        Mutation(
            "csN without label", " cs1Label=Rule", "", line: 1, expect: "'cs1' is present without its label 'cs1Label'"),
        Mutation("label without csN", "cs1=Rule 5 ", "", line: 1, expect: "label 'cs1Label' is present without"),
        Mutation("empty value", "spt=80 ", "spt= ", line: 1, expect: "'spt' has an empty value"),
        Mutation("empty value at the end", "|Unknown|", "|Unknown|msg=", line: 3, expect: "'msg' has an empty value"),
        Mutation("severity 11", "|7|rt=", "|11|rt=", line: 1, expect: "Severity ('severity') expects a severity"),
        // Filebeat lower-cases severity words before reading them, so `medium` is valid; a leading zero is not.
        Mutation("severity with a leading zero", "|7|rt=", "|07|rt=", line: 1, expect: "expects a severity"),
        Mutation("severity word misspelt", "|Medium|", "|Mid|", line: 2, expect: "expects a severity"),
        // Filebeat converts integers with strconv.ParseInt(v, 0, …): a leading 0 means octal, so 080 fails.
        Mutation(
            "port with a leading zero", "spt=80", "spt=080", line: 1,
            expect: "'spt' expects a port number 0–65535, got '080' (no leading zeros"),
        Mutation(
            "epoch timestamp with a leading zero", "rt=1362210878000", "rt=08", line: 1,
            expect: "'rt' expects a CEF timestamp"),
        Mutation("integer with a leading zero", "cn1=-42", "cn1=-042", line: 4, expect: "'cn1' expects a 64-bit"),
        Mutation("raw TAB in the header", "|Spaced   value", "|Spaced\tvalue", line: 5, expect: "a TAB at column"),
        Mutation(
            "leading space in the extension", "|Very-High|rt=", "|Very-High| rt=", line: 4,
            expect: "the extension starts with a space"),
        Mutation(
            "double space between pairs", "spt=80 msg", "spt=80  msg", line: 1,
            expect: "double space before extension key at column"),
        Mutation(
            "space after =", "proto=TCP", "proto= TCP", line: 2, expect: "the value of 'proto' starts with a space"),
        Mutation(
            "trailing space at the end of the record", "rt=Jul 17 11:46:38", "rt=Jul 17 11:46:38 ", line: 5,
            expect: "the value of 'rt' ends with a space"),
        Mutation("duplicate key", "spt=1864", "spt=1864 spt=1865", line: 2, expect: "'spt' appears twice"),
        Mutation(
            "CEF version 1", "<134>Mar 02 08:54:38 fw1 CEF:0|", "<134>Mar 02 08:54:38 fw1 CEF:1|", line: 2,
            expect: "CEF version 1, but the schema requires CEF:0"),
        Mutation(
            "no CEF:", "CEF:0|Kerio|Control|9.4|auth|", "CEF0|Kerio|Control|9.4|auth|", line: 4, expect: "no 'CEF:'"),
        Mutation(
            "junk before CEF:", "CEF:0|Kerio|Control|9.4|auth|", "hello CEF:0|Kerio|Control|9.4|auth|", line: 4,
            expect: "not a syslog header"),
        Mutation(
            "lone backslash at the end", "cn1Label=Count KerioControlTcpSequence=3819654104",
            #"cn1Label=Count KerioControlTcpSequence=3819654104\"#, line: 4, expect: "lone backslash"),
        Mutation(
            "key with a bad character", "deviceDirection=0", "device-Direction=0", line: 2,
            expect: "unescaped '=' at column"),
        Mutation(
            "value over maxLength", "act=blocked a |", "act=" + String(repeating: "x", count: 64) + " |", line: 2,
            expect: "is 66 characters long, more than the maximum 63"),
        Mutation(
            "bad timestamp", "rt=Jul 17 11:46:38", "rt=Jul 32 11:46:38", line: 5, expect: "'rt' expects a CEF timestamp"
        ),
        Mutation(
            "long out of range", "cn1=-42", "cn1=9223372036854775808", line: 4, expect: "'cn1' expects a 64-bit integer"
        ),
        Mutation(
            "integer above maximum", "deviceDirection=0", "deviceDirection=2", line: 2,
            expect: "value 2 is greater than the maximum 1"),
        Mutation("value not in enum", "proto=TCP", "proto=SCTP", line: 2, expect: "value 'SCTP' is not one of"),
        Mutation(
            "bad MAC", "smac=00:0D:60:AF:1b:61", "smac=00-0D-60-AF-1b-61", line: 5, expect: "expects a MAC address"),
        Mutation("NaN double", "cfp1=-1.5e3", "cfp1=NaN", line: 5, expect: "'cfp1' expects a decimal number"),
        Mutation("bad IPv6", "c6a2=fe80::1", "c6a2=fe80:::1", line: 4, expect: "'c6a2' expects an IPv6 address"),
        Mutation("raw CR", "cn1=-42", "cn1=-42\r", line: 4, expect: "raw carriage return (CR)"),
        Mutation("NUL byte", "Spaced   value", "Spaced \u{0} value", line: 5, expect: "control character U+0000"),
        Mutation(
            "required header field empty", "|9.4|x|Spaced", "|9.4||Spaced", line: 5,
            expect: "Device Event Class ID ('deviceEventClassId') is empty but required"),
        Mutation(
            "header field over maxLength", "|Kerio|Control|9.4|auth|",
            "|Kerio|Control|" + String(repeating: "9", count: 32) + "|auth|", line: 4,
            expect: "is 32 characters long, more than the maximum 31"),
        Mutation("missing pipe after severity", "|Unknown|", "|Unknown", line: 3, expect: "has 6 of 7 fields"),
        // A TAB is whitespace to Filebeat but not to ArcSight: a raw TAB anywhere is an error.
        Mutation("tab before a key", "spt=1864 act", "spt=1864\tact", line: 2, expect: "a TAB at column"),
        Mutation(
            "extension starts with =", "|Very-High|rt=", "|Very-High|=rt=", line: 4,
            expect: "expected an extension key at column"),
        Mutation(
            "bad RFC 5424 header", "<134>1 2026-04-05T10:00:00.123+02:00 fw1",
            "<134>1 2026-04-05 10:00:00 fw1", line: 3, expect: "not a syslog header"),
        // RFC 5424 §6.2.3: TIME-SECFRAC is 1*6DIGIT, so 8 fraction digits are an error.
        Mutation(
            "8 fraction digits in the syslog time", "2026-04-05T10:00:00.123+02:00",
            "2026-04-05T10:00:00.12345678+02:00",
            line: 3, expect: "at most 6 fraction digits"),
    ]

    @Test(arguments: mutations)
    func mutationFails(_ mutation: Mutation) throws {
        try mutation.check(validator, fixture: "valid.cef")
    }

    /// The ArcSight CEF Implementation Standard's own examples (header, `\|`, `\\` and `\=` escapes) are valid.
    @Test(arguments: [
        "Sep 19 08:26:10 host CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 "
            + "dst=2.1.2.2 spt=1232",
        #"CEF:0|security|threatmanager|1.0|100|detected a \| in message|10|src=10.0.0.1 act=blocked a | dst=1.1.1.1"#,
        #"CEF:0|security|threatmanager|1.0|100|detected a \\ in packet|10|src=10.0.0.1 act=blocked a \\ dst=1.1.1.1"#,
        #"CEF:0|security|threatmanager|1.0|100|detected a = in message|10|src=10.0.0.1 act=blocked a \= dst=1.1.1.1"#,
    ])
    func specificationExamplesPass(_ record: String) {
        let issues = validate(validator, record + "\n")
        #expect(issues.isEmpty, "\(issues)")
    }

    /// CRLF line ends are valid (Filebeat's line reader drops the CR); a CR anywhere else is not.
    @Test func crlfLineEndsAreValid() throws {
        let text = try Fixture.text("valid.cef").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(validate(validator, text).isEmpty, "\(validate(validator, text))")
        let issues = validate(validator, "CEF:0|V|P|1|x|N|3|act=a\rb\r\n")
        #expect(issues.map(\.line) == [1])
        #expect(issues.first?.message.contains("raw carriage return (CR) at column 24") == true, "\(issues)")
    }

    /// Filebeat reads severity words in any letter case and numbers 0–10.
    @Test(arguments: [
        ("Unknown", true), ("unknown", true), ("LOW", true), ("medium", true), ("High", true), ("very-high", true),
        ("VERY-HIGH", true), ("0", true), ("10", true), ("07", false), ("11", false), ("-1", false),
        ("Very High", false),
        ("Critical", false),
    ])
    func severities(_ severity: String, _ valid: Bool) {
        let issues = validate(validator, "CEF:0|V|P|1|x|N|\(severity)|\n")
        #expect(issues.isEmpty == valid, "\(issues)")
    }

    /// `rt` values Filebeat's decode_cef reads (see SyntaxTests for the full table), in a record.
    @Test(arguments: [
        ("rt=Jun  3 08:54:38", true), ("rt=jun 03 08:54:38", true), ("rt=Jun 03 2026 08:54:38.5 +0500", true),
        ("rt=Jun 03 08:54:38,000 Z", true), ("rt=Jun 03 08:54:38 +05:00", true), ("rt=Jun 03 08:54:38 UTC-0530", false),
        ("rt=1362210878000", true), ("rt=01362210878000", false),
    ])
    func timestampsInARecord(_ pair: String, _ valid: Bool) {
        let issues = validate(validator, "CEF:0|V|P|1|x|N|3|\(pair)\n")
        #expect(issues.isEmpty == valid, "\(issues)")
    }

    @Test func invalidUTF8IsReported() {
        let bytes = Array("CEF:0|Kerio|Control|9.4|x|bad ".utf8) + [0xC3, 0x28] + Array("|3|msg=ok".utf8)
        let issues = validate(validator, bytes)
        #expect(issues.map(\.line) == [1])
        #expect(issues.first?.message.contains("invalid UTF-8 at column 31") == true, "\(issues)")
    }

    @Test func blankLinesAreErrorsButTheFinalNewlineIsNot() {
        let record = "CEF:0|Kerio|Control|9.4|x|Name|3|"
        #expect(validate(validator, record + "\n").isEmpty)
        #expect(validate(validator, record).isEmpty)
        let issues = validate(validator, record + "\n\n" + record + "\n")
        #expect(issues.map(\.line) == [2])
        #expect(issues.first?.message.contains("blank line") == true)
    }

    @Test func issuesAreSortedAndNameEveryProblemOfALine() {
        let text = "CEF:0|V|P|1|x|N|3|src=1.2.3 spt=-1\nCEF:0|V|P|1|x|N|12|\n"
        let issues = validate(validator, text, fileName: "out.cef")
        #expect(issues.map(\.line) == [1, 1, 2])
        #expect(
            issues[0].description == "out.cef:1: error: [cef] extension key 'src' expects an IPv4 address "
                + "(dotted quad), got '1.2.3'")
    }

    /// Long records switch duplicate detection to a dictionary; the verdicts must not change.
    @Test(arguments: [3, 40])
    func duplicatesInShortAndLongRecords(_ count: Int) throws {
        let schema =
            #"{"format": "cef", "version": 1, "header": {"cefVersion": 0, "fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}, {"name": "e"}, {"name": "s", "type": "severity"}]}, "extension": {"allowUnknownKeys": true, "keys": {"cs1": {"labelKey": "cs1Label"}, "cs1Label": {}, "rt": {"type": "timestamp", "required": true}}}}"#
        let lenient = try CEFValidator(schema: Array(schema.utf8))
        let keys = (0..<count).map { "k\($0)=v" }.joined(separator: " ")
        #expect(validate(lenient, "CEF:0|V|P|1|x|N|3|rt=1 \(keys) cs1=a cs1Label=b\n").isEmpty)
        let issues = validate(lenient, "CEF:0|V|P|1|x|N|3|\(keys) cs1=a k1=w\n").map(\.message)
        // "CEF:0|V|P|1|x|N|3|" is 18 bytes: k0 is at column 19, k1 at 24, the second k1 after " cs1=a ".
        #expect(
            issues == [
                "[cef] extension key 'k1' appears twice (columns 24 and \(19 + keys.utf8.count + 7)); "
                    + "each key may appear once",
                "[cef] required extension key 'rt' is missing",
                "[cef] extension key 'cs1' is present without its label 'cs1Label' (a custom field and its label go together)",
            ])
    }

    @Test func unknownKeysPassWhenTheSchemaAllowsThem() throws {
        var schema = try Fixture.text("cef.schema.json")
        schema = schema.replacingOccurrences(of: "\"allowUnknownKeys\": false", with: "\"allowUnknownKeys\": true")
        let lenient = try CEFValidator(schema: Array(schema.utf8))
        #expect(validate(lenient, "CEF:0|V|P|1|x|N|3|VendorProductThing=anything goes\n").isEmpty)
        #expect(!validate(validator, "CEF:0|V|P|1|x|N|3|VendorProductThing=anything goes\n").isEmpty)
    }

    @Test func requiredKeysMustBePresent() throws {
        var schema = try Fixture.text("cef.schema.json")
        schema = schema.replacingOccurrences(
            of: "\"rt\": {\"type\": \"timestamp\"}",
            with: "\"rt\": {\"type\": \"timestamp\", \"required\": true}")
        let strict = try CEFValidator(schema: Array(schema.utf8))
        let issues = validate(strict, "CEF:0|V|P|1|x|N|3|src=1.2.3.4\n")
        #expect(issues.map(\.message) == ["[cef] required extension key 'rt' is missing"])
    }

    /// Values are checked after unescaping: `\n` is one character, `\\` too.
    @Test func lengthsCountUnescapedCharacters() throws {
        let value = String(repeating: #"\n"#, count: 63)  // 126 bytes written, 63 characters
        #expect(validate(validator, "CEF:0|V|P|1|x|N|3|act=\(value)\n").isEmpty)
        #expect(!validate(validator, "CEF:0|V|P|1|x|N|3|act=\(value)x\\\\\n").isEmpty)
    }
}
