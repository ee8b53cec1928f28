import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMValidation

struct CSVValidatorTests {
    let validator: CSVValidator

    init() throws {
        validator = try CSVValidator(schema: Fixture.bytes("csv.schema.json"))
    }

    @Test func validFixturePasses() throws {
        let issues = validate(validator, try Fixture.bytes("valid.csv"))
        #expect(issues.isEmpty, "\(issues)")
        #expect(validator.formatName == "csv")
    }

    static let mutations: [Mutation] = [
        Mutation(
            "wrong header", "source.ip,", "source.address,", line: 1,
            expect: "header column 3 is 'source.address', the schema expects 'source.ip'"),
        Mutation(
            "header missing a column", ",rule.id\r\n", "\r\n", line: 1,
            expect: "the header has 8 columns, the schema has 9"),
        Mutation(
            "wrong column count", ",,,,'-1:2\r\n", ",,,,'-1:2,extra\r\n", line: 5,
            expect: "the record has 10 fields, the header has 9"),
        Mutation("too few columns", ",FALSE,0,7", ",FALSE,0", line: 6, expect: "the record has 8 fields"),
        Mutation("bare quote", "73.5,1:2010575", "73\"5,1:2010575", line: 2, expect: "bare quote in unquoted field 8"),
        Mutation(
            "text after closing quote", "binary\",denied", "binary\"x,denied", line: 2,
            expect: "'x' after the closing quote of field 5"),
        Mutation(
            "unterminated quote", "\"multi\r\nline\"", "\"multi\r\nline", line: 3,
            expect: "the quote opened on line 3 is never closed"),
        Mutation("LF line end", "1:2010575\r\n", "1:2010575\n", line: 2, expect: "ends with LF alone"),
        Mutation("bare CR", "10.0.0.1,", "10.0.0.1\r,", line: 6, expect: "bare carriage return (CR)"),
        Mutation(
            "non-integer port", ",80,", ",http,", line: 2,
            expect: "field 'source.port' (column 4) expects an integer, got 'http'"),
        Mutation(
            "port out of range", ",65535,", ",65536,", line: 6, expect: "value 65536 is greater than the maximum 65535"),
        Mutation(
            "required cell empty", "2013-03-02T08:54:41Z,alert", "2013-03-02T08:54:41Z,", line: 6,
            expect: "field 'event.kind' (column 2) is required but empty"),
        Mutation("value not in enum", "Z,event,fe80", "Z,signal,fe80", line: 3, expect: "value 'signal' is not one of"),
        Mutation("bad IP", "95.211.98.71", "95.211.98", line: 2, expect: "is not an IPv4 or IPv6 address"),
        Mutation(
            "datetime without Z", "2013-03-02T08:54:39Z", "2013-03-02T08:54:39+01:00", line: 3,
            expect: "expects an RFC 3339 UTC date-time"),
        Mutation(
            "datetime with a space", "2013-03-02T08:54:41Z", "2013-03-02 08:54:41Z", line: 6,
            expect: "expects an RFC 3339 UTC date-time"),
        Mutation("bad boolean", ",true,", ",yes,", line: 2, expect: "expects a boolean"),
        Mutation("bad number", ",73.5,", ",1e,", line: 2, expect: "expects a number"),
        Mutation(
            "array item not in enum", "denied|connection", "denied|blocked", line: 2,
            expect: "item 2 'blocked' is not one of"),
        Mutation("empty array item", "denied|connection", "denied||connection", line: 2, expect: "item 2 is empty"),
        Mutation("pattern mismatch", ",1:2010575", ",1-2010575", line: 2, expect: "does not match the pattern"),
        Mutation("unguarded minus fails the pattern", "'-1:2", "'x-1:2", line: 5, expect: "does not match the pattern"),
        Mutation(
            "string over maxLength", "binary\"", "binary and then some more text\"", line: 2,
            expect: "more than the maximum 40"),
        Mutation("blank line", "'-1:2\r\n", "'-1:2\r\n\r\n", line: 6, expect: "blank line"),
    ]

    @Test(arguments: mutations)
    func mutationFails(_ mutation: Mutation) throws {
        try mutation.check(validator, fixture: "valid.csv")
    }

    @Test func emptyFileLacksItsHeader() {
        #expect(validate(validator, "").map(\.message) == ["[csv] the file is empty: the header row is missing"])
    }

    /// Records after a framing error are still checked, at their own start lines.
    @Test func recoversAfterAFramingError() throws {
        var text = try Fixture.text("valid.csv")
        text = text.replacingOccurrences(of: "73.5,1:2010575", with: "7\"3.5,1:2010575")
            .replacingOccurrences(of: ",65535,", with: ",x,")
        let issues = validate(validator, text)
        #expect(issues.map(\.line) == [2, 6], "\(issues)")
    }

    @Test func lineFeedDialect() throws {
        let schema = try Fixture.text("csv.schema.json")
            .replacingOccurrences(of: #""lineTerminator": "\r\n""#, with: #""lineTerminator": "\n""#)
        let lf = try CSVValidator(schema: Array(schema.utf8))
        let crlfText = try Fixture.text("valid.csv")
        let lfText = crlfText.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(validate(lf, lfText).isEmpty, "\(validate(lf, lfText))")
        let issues = validate(lf, crlfText)
        #expect(issues.map(\.line) == [1, 2, 3, 5])
        #expect(issues.allSatisfy { $0.message.contains("ends with CRLF") })
    }

    @Test(arguments: ["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "\"'\r\nx\""])
    func formulaGuardIsNotPartOfTheValue(_ cell: String) throws {
        let schema = #"{"fields": [{"name": "v", "type": "string", "constraints": {"maxLength": 4}}]}"#
        let short = try CSVValidator(schema: Array(schema.utf8))
        let value = String(cell.unicodeScalars.filter { $0 != "\"" }.dropFirst())
        let issues = validate(short, "v\r\n\(cell)\r\n")
        #expect(issues.isEmpty == (value.unicodeScalars.count <= 4), "\(issues)")
    }
}
