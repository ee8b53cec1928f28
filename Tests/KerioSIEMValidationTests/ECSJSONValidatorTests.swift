import KerioSIEM
import Testing

@testable import KerioSIEMValidation

struct ECSJSONValidatorTests {
    let validator: ECSJSONValidator

    init() throws {
        validator = try ECSJSONValidator(schema: Fixture.bytes("ecs-event.schema.json"))
    }

    @Test func validFixturePasses() throws {
        let issues = validate(validator, try Fixture.bytes("valid.ndjson"))
        #expect(issues.isEmpty, "\(issues)")
        #expect(validator.formatName == "ecs")
    }

    static let mutations: [Mutation] = [
        Mutation(
            "missing required field", #""event":{"kind":"alert","#, #""event":{"#, line: 1,
            expect: "/event: required property 'kind' is missing"),
        Mutation(
            "missing required top-level field", #"{"@timestamp":"2013-07-17T11:46:38+02:00","#, "{", line: 2,
            expect: "(root): required property '@timestamp' is missing"),
        Mutation(
            "port as string", #""port":80}"#, #""port":"80"}"#, line: 1,
            expect: #"/source/port: expected integer, got string "80""#),
        Mutation(
            "port 70000", #""port":80}"#, #""port":70000}"#, line: 1,
            expect: "/source/port: 70000 is greater than the maximum 65535"),
        Mutation("port 80.5", #""port":80}"#, #""port":80.5}"#, line: 1, expect: "expected integer, got number 80.5"),
        Mutation(
            "severity as boolean", #""severity":0"#, #""severity":false"#, line: 2,
            expect: "/event/severity: expected integer, got boolean false"),
        Mutation(
            "value not in enum", #""kind":"alert""#, #""kind":"signal""#, line: 1,
            expect: #"/event/kind: "signal" is not one of "alert", "event""#),
        Mutation(
            "array item not in enum", #""intrusion_detection","network""#, #""intrusion_detection","netw""#, line: 1,
            expect: #"/event/category/1: "netw" is not one of"#),
        Mutation(
            "extra property", #""ecs":{"version":"9.4.0"},"event":{"kind":"event","severity":0"#,
            #""ecs":{"version":"9.4.0"},"foo":1,"event":{"kind":"event","severity":0"#, line: 2,
            expect: "(root): property 'foo' is not allowed (additionalProperties is false)"),
        Mutation(
            "extra nested property", #""port":0}"#, #""port":0,"nat":{}}"#, line: 2,
            expect: "/source: property 'nat' is not allowed"),
        Mutation(
            "additionalProperties schema", #""transport":"tcp""#, #""transport":6"#, line: 2,
            expect: "/network/transport: expected string, got integer 6"),
        Mutation(
            "invalid JSON: trailing comma", #""tags":["a","b"]}"#, #""tags":["a","b",]}"#, line: 2,
            expect: "invalid JSON at column"),
        Mutation(
            "invalid JSON: NaN", #""risk_score":1.5e1"#, #""risk_score":NaN"#, line: 2, expect: "no NaN or Infinity"),
        Mutation("invalid JSON: bad escape", #"\"packed\""#, #"\'packed\'"#, line: 1, expect: #"invalid escape '\''"#),
        Mutation("invalid JSON: lone surrogate", #"\ud83d\ude00"#, #"\ud83d"#, line: 1, expect: "lone high surrogate"),
        Mutation("invalid JSON: leading zero", #""severity":7"#, #""severity":07"#, line: 1, expect: "leading zeros"),
        Mutation(
            "invalid JSON: two values", #""name":"x"}}"#, #""name":"x"}} {}"#, line: 3, expect: "after the JSON value"),
        Mutation(
            "invalid JSON: raw control character", "\"message\":\"ET", "\"message\":\"\u{1}ET", line: 1,
            expect: "control character U+0001 inside a string must be escaped"),
        Mutation(
            "duplicate key", #""kind":"alert","#, #""kind":"alert","kind":"event","#, line: 1,
            expect: "duplicate key 'kind' in the same object"),
        Mutation(
            "bad date-time", "2013-07-17T11:46:38+02:00", "2013-07-17 11:46:38+02:00", line: 2,
            expect: #"/@timestamp: "2013-07-17 11:46:38+02:00" is not an RFC 3339 date-time"#),
        Mutation(
            "impossible date", "2013-03-02T08:54:38.000Z", "2013-02-29T08:54:38.000Z", line: 1,
            expect: "is not an RFC 3339 date-time"),
        Mutation(
            "const", #""version":"9.4.0"},"event":{"kind":"event","severity":10.0}"#,
            #""version":"8.0.0"},"event":{"kind":"event","severity":10.0}"#, line: 3,
            expect: #"/ecs/version: "8.0.0" is not the required constant "9.4.0""#),
        Mutation(
            "anyOf through $ref", #""ip":"fe80::1""#, #""ip":"fe80::1::""#, line: 2,
            expect: "/source/ip: matches none of the 2 anyOf alternatives"),
        Mutation(
            "items via $ref", #""192.168.48.131"]"#, #""192.168.48"]"#, line: 1,
            expect: "/related/ip/1: matches none of the 2 anyOf alternatives"),
        Mutation(
            "oneOf: none", #""rule":{"name":"x"}"#, #""rule":{}"#, line: 3,
            expect: "/rule: matches none of the 2 oneOf alternatives"),
        Mutation(
            "oneOf: both", #""rule":{"name":"x"}"#, #""rule":{"name":"x","id":"1"}"#, line: 3,
            expect: "/rule: matches 2 oneOf alternatives (#0, #1); exactly one must match"),
        Mutation("uniqueItems", #"["a","b"]"#, #"["a","a"]"#, line: 2, expect: "/tags: items 0 and 1 are equal"),
        Mutation(
            "minItems", #""category":["intrusion_detection","network"]"#, #""category":[]"#, line: 1,
            expect: "/event/category: the array has 0 items, fewer than the minimum 1"),
        Mutation(
            "minLength on items", #"["a","b"]"#, #"["a",""]"#, line: 2,
            expect: #"/tags/1: "" is shorter than the minimum length 1"#),
        Mutation(
            "maxLength counts characters", #""domain":"wsmith-pc.company.com""#,
            "\"domain\":\"" + String(repeating: "é", count: 254) + "\"", line: 1,
            expect: "is longer than the maximum length 253 (it has 254 characters)"),
        Mutation(
            "pattern", #""iana_number":"6""#, #""iana_number":"6a""#, line: 2,
            expect: #"/network/iana_number: "6a" does not match the pattern '^\d{1,3}$'"#),
        Mutation(
            "type list", #""original":null"#, #""original":1"#, line: 2,
            expect: "expected string or null, got integer 1"),
        Mutation(
            "not an object",
            #"  {"@timestamp":"2013-07-17T11:46:38Z","ecs":{"version":"9.4.0"},"event":{"kind":"event","severity":10.0},"rule":{"name":"x"}}"#,
            "[]", line: 3, expect: "each line must be a JSON object, found an array of 0 items"),
        Mutation("blank line", "\n  {", "\n\n  {", line: 3, expect: "blank line"),
        Mutation("whitespace-only line", "\n  {", "\n \r\n  {", line: 3, expect: "blank line"),
    ]

    @Test(arguments: mutations)
    func mutationFails(_ mutation: Mutation) throws {
        try mutation.check(validator, fixture: "valid.ndjson")
    }

    /// The headers `--syslog-framing` writes before an ECS object (and other valid RFC 3164 and RFC 5424 ones).
    static let headers = [
        "<35>1 2013-03-02T08:54:38.000Z fw1 kerio-siem - - - ",
        "<38>1 - - kerio-siem - - - ",
        "<38>1 2026-04-05T08:00:00.000Z ::1 kerio-siem - - - ",
        "<34>1 2003-10-11T22:14:15.003Z host su - ID47 [x a=\"x {\"] ",
        "<35>Mar  2 08:54:38 fw1.example.com ",
        "<38>Jan  1 00:00:00 kerio-control ",
        "Mar 12 08:54:38 fe80::1 kerio: ",
        "<34>1 2003-10-11T22:14:15.003Z host su - ID47 - \u{FEFF}",
    ]

    static let simpleRecord =
        #"{"@timestamp":"2013-03-02T08:54:38Z","ecs":{"version":"9.4.0"},"event":{"kind":"alert"}}"#

    static let kindX = #"{"@timestamp":"2013-03-02T08:54:38Z","ecs":{"version":"9.4.0"},"event":{"kind":"x"}}"#

    @Test(arguments: headers)
    func aSyslogHeaderMayPrecedeTheObject(_ header: String) throws {
        let fixture = String(decoding: try Fixture.bytes("valid.ndjson"), as: UTF8.self)
        let framed = fixture.split(separator: "\n").filter { $0.first == "{" }.map { header + $0 + "\n" }.joined()
        var exact = validator
        exact.usesFastPath = false
        #expect(validate(validator, framed).isEmpty)
        #expect(validate(exact, framed).isEmpty)
        #expect(validate(validator, header + Self.simpleRecord + "\n").isEmpty)
    }

    static let badHeaders: [(line: String, expect: String)] = [
        ("<35>1 2013-03-02 fw1 kerio-siem - - - " + simpleRecord, "not a syslog header: the RFC 5424 TIMESTAMP"),
        ("<35>1 2013-03-02T08:54:38.000Z fw1 " + simpleRecord, "not a syslog header: an RFC 5424 header has"),
        ("<35>Mar  2 08:54:38 fw1 " + "x " + simpleRecord, "only a TAG ending in ':'"),
        ("<35>1 - - kerio-siem - - -" + simpleRecord, "not a syslog header"),
        ("<35>1 - - kerio-siem - - - no object", "no JSON object after the syslog header"),
        ("<35>1 - - kerio-siem - - - " + kindX, #"/event/kind: "x" is not one of"#),
        ("<35>1 - - kerio-siem - - - " + simpleRecord + ",", "invalid JSON at column \(28 + simpleRecord.count)"),
        ("Mar  2 08:54:38 fw1 [1]", "invalid JSON at column 1"),
        ("not json " + simpleRecord, "invalid JSON at column 1"),
    ]

    @Test(arguments: badHeaders)
    func aBadHeaderIsReported(_ bad: (line: String, expect: String)) {
        let issues = validate(validator, bad.line + "\n")
        #expect(issues.contains { $0.message.contains(bad.expect) }, "\(issues)")
        #expect(issues.allSatisfy { $0.line == 1 })
    }

    @Test func messagesNameTheJSONPath() {
        let line =
            #"{"@timestamp":"2013-03-02T08:54:38Z","ecs":{"version":"9.4.0"},"event":{"kind":"alert"},"source":{"port":70000}}"#
        let issues = validate(validator, "\n" + line + "\n", fileName: "out.ndjson")
        #expect(
            issues.map(\.description) == [
                "out.ndjson:1: error: [ecs] blank line (NDJSON is one JSON object per line; only the final newline may end the file)",
                "out.ndjson:2: error: [ecs] /source/port: 70000 is greater than the maximum 65535",
            ])
    }

    /// Path segments are JSON Pointer tokens: `/` and `~` in keys are escaped.
    @Test func pointerEscaping() throws {
        let schema = #"{"type": "object", "additionalProperties": {"type": "integer"}}"#
        let numbers = try ECSJSONValidator(schema: Array(schema.utf8))
        let issues = validate(numbers, #"{"a/b~c": "x"}"#)
        #expect(issues.map(\.message) == [#"[ecs] /a~1b~0c: expected integer, got string "x""#])
    }

    @Test func referenceCyclesStop() throws {
        let schema = ##"{"$ref": "#"}"##
        let looping = try ECSJSONValidator(schema: Array(schema.utf8))
        let issues = validate(looping, "{}")
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("schema recursion deeper than") == true)
    }
}
