import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMValidation

struct LEEFValidatorTests {
    let validator: LEEFValidator

    init() throws {
        validator = try LEEFValidator(schema: Fixture.bytes("leef.schema.json"))
    }

    @Test func validFixturePasses() throws {
        let issues = validate(validator, try Fixture.bytes("valid.leef"))
        #expect(issues.isEmpty, "\(issues)")
        #expect(validator.formatName == "leef")
    }

    static let mutations: [Mutation] = [
        Mutation(
            "missing trailing | (1.0)", "|ips|devTime", "|ips\tdevTime", line: 1,
            expect: "the LEEF header is incomplete"),
        Mutation("missing trailing | (2.0)", "|update|", "|update", line: 5, expect: "the LEEF header is incomplete"),
        Mutation(
            "missing delimiter field", "|antispoofing|^|", "|antispoofing^", line: 2,
            expect: "the LEEF header is incomplete"),
        Mutation("bad delimiter spec x5G", "|x09|", "|x5G|", line: 3, expect: "bad LEEF 2.0 delimiter 'x5G'"),
        Mutation("bad delimiter spec: two characters", "|^|", "|^^|", line: 2, expect: "bad LEEF 2.0 delimiter '^^'"),
        Mutation("bad delimiter spec: 5 hex digits", "|0x5E|", "|0x0005E|", line: 4, expect: "bad LEEF 2.0 delimiter"),
        Mutation("delimiter =", "|^|", "|=|", line: 2, expect: "'=' separates keys from values"),
        Mutation("empty delimiter", "|^|", "||", line: 2, expect: "the delimiter field is empty"),
        Mutation("duplicate key", "srcPort=80", "srcPort=80\tsrcPort=81", line: 1, expect: "'srcPort' appears twice"),
        Mutation("sev 0", "sev=5", "sev=0", line: 2, expect: "value 0 is less than the minimum 1"),
        Mutation("sev 11", "sev=7", "sev=11", line: 1, expect: "value 11 is greater than the maximum 10"),
        Mutation(
            "devTime not epoch", "devTime=1362210878000^src", "devTime=2013-03-02^src", line: 2,
            expect: "'devTime' must be epoch seconds (10 digits) or milliseconds (13 digits)"),
        Mutation(
            "devTime with 10 digits against epochMillis", "devTime=1362210878000\t", "devTime=1362210878\t",
            line: 1, expect: "'devTime' expects epoch milliseconds (13 digits)"),
        Mutation(
            "unknown key", "usrName=wsmith", "usrName=wsmith\tfoo=bar", line: 1, expect: "unknown attribute 'foo'"),
        Mutation("empty value", "sev=7", "sev=", line: 1, expect: "'sev' has an empty value"),
        Mutation(
            "trailing delimiter", "usrName=wsmith", "usrName=wsmith\t", line: 1, expect: "empty attribute at column"),
        Mutation("attribute without =", "sev=7", "sev7", line: 1, expect: "has no '='"),
        Mutation(
            "key not a word", "usrName=j smith", "usr-Name=j smith", line: 3, expect: "is not an alphanumeric word"),
        Mutation(
            "spaces instead of TABs in 1.0", "srcPort=80\tsev", "srcPort=80 sev", line: 1,
            expect: "'srcPort' expects a port number"),
        Mutation("bad IP", "src=fe80::1", "src=fe80::1::2", line: 2, expect: "'src' expects an IPv4 or IPv6 address"),
        Mutation(
            "version 3.0", "LEEF:1.0|Kerio|Control|9.4|ips|", "LEEF:3.0|Kerio|Control|9.4|ips|", line: 1,
            expect: "LEEF version '3.0' is not one the schema allows"),
        Mutation(
            "no LEEF:", "LEEF:2.0|Kerio|Control|9.4|auth|", "LEEF2.0|Kerio|Control|9.4|auth|", line: 3,
            expect: "no 'LEEF:'"),
        Mutation(
            "bad syslog header", "<13>Jan 18 11:07:53 fw1 LEEF", "<13>Jan 18 fw1 LEEF", line: 4,
            expect: "not a syslog header"),
        Mutation(
            "required EventID empty", "|9.4|update|", "|9.4||", line: 5,
            expect: "EventID ('eventId') is empty but required"),
        Mutation(
            "TAB in a header field", "|Control|9.4|ips|", "|Con\ttrol|9.4|ips|", line: 1,
            expect: "header field Product ('product') contains a TAB"),
    ]

    @Test(arguments: mutations)
    func mutationFails(_ mutation: Mutation) throws {
        try mutation.check(validator, fixture: "valid.leef")
    }

    /// IBM's LEEF guide shows the short RFC 5424 header `<13>1 TIMESTAMP HOSTNAME` before LEEF records; its examples
    /// are valid, the full RFC 5424 header too, and the short form still needs a valid TIMESTAMP and HOSTNAME.
    @Test(arguments: [
        (
            "<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=192.0.2.0^"
                + "dst=172.50.123.1^sev=5^cat=anomaly^srcPort=81^dstPort=21^usrName=joe.black", true
        ),
        (
            "<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\t"
                + "dst=172.50.123.1\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black", true
        ),
        ("Jan 18 11:07:53 192.168.1.1 LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0", true),
        ("<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 kerio-siem - - - LEEF:1.0|V|P|1|x|src=192.0.2.0", true),
        ("<13>1 - - LEEF:1.0|V|P|1|x|src=192.0.2.0", true),
        ("<13>1 2019-01-18T11:07:53.520Z LEEF:1.0|V|P|1|x|src=192.0.2.0", false),
        ("<13>1 2019-01-18 192.168.1.1 LEEF:1.0|V|P|1|x|src=192.0.2.0", false),
        ("<13>1 2019-01-18T11:07:53.520000001Z 192.168.1.1 LEEF:1.0|V|P|1|x|src=192.0.2.0", false),
        ("<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 app LEEF:1.0|V|P|1|x|src=192.0.2.0", false),
        ("<13>2 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:1.0|V|P|1|x|src=192.0.2.0", false),
    ])
    func ibmSyslogHeaders(_ record: String, _ valid: Bool) throws {
        let schema = try Fixture.text("leef.schema.json").replacingOccurrences(
            of: "\"allowUnknownKeys\": false", with: "\"allowUnknownKeys\": true")
        let lenient = try LEEFValidator(schema: Array(schema.utf8))
        let issues = validate(lenient, record + "\n")
        #expect(issues.isEmpty == valid, "\(issues)")
        if !valid { #expect(issues.contains { $0.message.contains("not a syslog header") }, "\(issues)") }
    }

    @Test func leef1AcceptsOnlyVersion1() throws {
        let leef1 = try LEEFValidator(schema: Fixture.bytes("leef.schema.json"), requiredVersion: "1.0")
        #expect(leef1.formatName == "leef1")
        let issues = validate(leef1, try Fixture.bytes("valid.leef"))
        #expect(issues.map(\.line) == [2, 3, 4])
        #expect(issues.allSatisfy { $0.message == "[leef1] expected LEEF:1.0, found LEEF:2.0" }, "\(issues)")
    }

    @Test func versionsNotListedInTheSchemaAreRejected() throws {
        let schema = try Fixture.text("leef.schema.json").replacingOccurrences(
            of: #"["1.0", "2.0"]"#, with: #"["2.0"]"#)
        let only2 = try LEEFValidator(schema: Array(schema.utf8))
        let issues = validate(only2, "LEEF:1.0|V|P|1|x|\n")
        #expect(issues.map(\.message) == ["[leef] LEEF version '1.0' is not one the schema allows (2.0)"])
    }

    /// The delimiter may be any one character or its hex code; TAB inside a value is allowed when it is not the
    /// delimiter.
    @Test(arguments: ["^", "x5E", "0x5e", "X5E", "0X5E", "x5e", ";", "x7C", "\u{A6}", "xA6"])
    func delimiterSpellings(_ spec: String) {
        let delimiter =
            spec.count == 1
            ? spec
            : String(UnicodeScalar(UInt32(spec.dropFirst(spec.lowercased().hasPrefix("0x") ? 2 : 1), radix: 16)!)!)
        let record = "LEEF:2.0|V|P|1|x|\(spec)|src=1.2.3.4\(delimiter)usrName=a\tb\(delimiter)sev=3\n"
        #expect(validate(validator, record).isEmpty, "\(validate(validator, record))")
    }
}
