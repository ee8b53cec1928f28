import Testing

@testable import KerioSIEMValidation

struct SchemaPatternTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var pattern: String
        var text: String
        var search: Bool
        var testDescription: String { "/\(pattern)/ on \(text.debugDescription)" }
    }

    static let cases: [Case] = [
        Case(pattern: "^[a-z]+(_[a-z]+)*$", text: "kerio_control", search: true),
        Case(pattern: "^[a-z]+(_[a-z]+)*$", text: "kerio__control", search: false),
        Case(pattern: "abc", text: "xxabcxx", search: true),
        Case(pattern: "^abc", text: "xxabc", search: false),
        Case(pattern: "abc$", text: "abcx", search: false),
        Case(pattern: "^\\d{1,3}$", text: "6", search: true),
        Case(pattern: "^\\d{1,3}$", text: "1234", search: false),
        Case(pattern: "^\\d{2,}$", text: "1", search: false),
        Case(pattern: "^\\d{2,}$", text: "123456", search: true),
        Case(pattern: "^a{3}$", text: "aaa", search: true),
        Case(pattern: "^a{3}$", text: "aaaa", search: false),
        Case(pattern: "^(?:tcp|udp|ipv6-icmp)$", text: "ipv6-icmp", search: true),
        Case(pattern: "^(?:tcp|udp|ipv6-icmp)$", text: "icmp", search: false),
        Case(pattern: "^[^A-Z]*$", text: "lower case only", search: true),
        Case(pattern: "^[^A-Z]*$", text: "Upper", search: false),
        Case(pattern: "^\\w+\\s\\W$", text: "word_1 !", search: true),
        Case(pattern: "^.$", text: "é", search: true),
        Case(pattern: "^.$", text: "\n", search: false),
        Case(pattern: "^[\\d.]+$", text: "1.2.3", search: true),
        Case(pattern: "^[a-]+$", text: "a-a", search: true),
        Case(pattern: "^\\x41\\u00e9\\t$", text: "Aé\t", search: true),
        Case(pattern: "^[\\[\\]]+$", text: "[]", search: true),
        Case(pattern: "^(a*)*b$", text: String(repeating: "a", count: 5_000), search: false),  // no blow-up
        Case(pattern: "^(a|aa)+$", text: String(repeating: "a", count: 5_000), search: true),
        Case(pattern: "^x*?y+?$", text: "xxyy", search: true),
        Case(pattern: "", text: "anything", search: true),
        Case(pattern: "^$", text: "", search: true),
        Case(pattern: "[]", text: "a", search: false),
        Case(pattern: "^\\S+$", text: "a b", search: false),
        Case(pattern: "^\\D\\.$", text: "x.", search: true),
    ]

    @Test(arguments: cases)
    func matching(_ testCase: Case) throws {
        let pattern = try SchemaPattern(testCase.pattern)
        #expect(pattern.matches(in: testCase.text) == testCase.search)
    }

    @Test func wholeMatchAnchorsImplicitly() throws {
        let pattern = try SchemaPattern("[0-9]+|x")
        #expect(pattern.matchesWhole("123"))
        #expect(pattern.matchesWhole("x"))
        #expect(!pattern.matchesWhole("123x"))
        #expect(pattern.matches(in: "a1b"))
    }

    @Test(arguments: [
        ("(?=a)", "lookahead"), ("(?<n>a)", "named groups"), ("\\b", "word boundaries"), ("(a)\\1", "backreferences"),
        ("\\p{L}", "unsupported escape"), ("a{2", "unterminated quantifier"), ("a{3,1}", "out of order"),
        ("*a", "nothing to repeat"), ("a**", "nothing to repeat"), ("[a", "unterminated character class"),
        ("(a", "missing ')'"), ("a)", "unmatched ')'"), ("a{2000}", "bound over"), ("{", "quantifier"),
        ("]", "unescaped ']'"), ("[z-a]", "out of order"), ("\\u{41}", "u flag"), ("a\\", "lone backslash"),
        ("^*", "cannot be repeated"), ("[\\d-z]", "class escape cannot bound"), ("(a{1000}){1000}", "too large"),
    ])
    func unsupportedSyntaxIsAnError(_ source: String, _ reason: String) {
        #expect {
            _ = try SchemaPattern(source)
        } throws: { error in
            (error as? SchemaPattern.SyntaxError)?.message.contains(reason) == true
        }
    }
}
