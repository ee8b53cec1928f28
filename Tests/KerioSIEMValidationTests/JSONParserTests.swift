import Testing

@testable import KerioSIEMValidation

struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParser.SyntaxError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func keepsTypesAndOrder() throws {
        let value = try parse(#" {"b": true, "a": 1, "c": 1.0, "d": [null, "x\u00e9\n"], "e": -0, "f": 1E2} "#)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["b", "a", "c", "d", "e", "f"])
        #expect(value["b"] == .bool(true))
        #expect(value["a"]?.typeName == "integer")
        #expect(value["c"]?.typeName == "integer")
        #expect(value["a"] == value["c"])  // JSON Schema equality: 1 == 1.0
        #expect(value["d"] == .array([.null, .string("xé\n")]))
        #expect(value["f"]?.brief == "1E2")
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test(arguments: [
        ("{\"a\":1,}", "trailing comma"), ("[1,]", "trailing comma"), ("{'a':1}", "property name"), ("NaN", "NaN"),
        ("[Infinity]", "NaN or Infinity"), ("01", "leading zeros"), ("+1", "plus sign"), ("1.", "followed by a digit"),
        ("1e", "exponent"), ("\"\\x\"", "invalid escape"), ("\"\\u12\"", "four hex digits"),
        ("\"\u{1}\"", "control character"),
        ("\"\\udc00\"", "lone low surrogate"), ("\"\\ud800x\"", "lone high surrogate"),
        ("{\"a\":1,\"a\":2}", "duplicate key"),
        ("[1 2]", "expected ',' or ']'"), ("{\"a\" 1}", "expected ':'"), ("\"abc", "unterminated string"),
        ("", "found the end"),
        ("{} x", "after the JSON value"), ("1e400", "out of the range"), ("// c\n{}", "where a value was expected"),
        ("[", "found the end"), ("tru", "where a value was expected"), ("\u{FEFF}{}", "where a value was expected"),
    ])
    func rejects(_ text: String, _ reason: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? JSONParser.SyntaxError)?.message.contains(reason) == true
        }
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x22]
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.offset == 2)
            #expect(error.message.contains("invalid UTF-8"))
        }
    }

    /// Large objects detect duplicates with a set, small ones by scanning; both must catch them.
    @Test(arguments: [2, 15, 16, 17, 100])
    func duplicateKeysInObjectsOfAnySize(_ count: Int) {
        let members = (0..<count).map { "\"k\($0)\": \($0)" }
        #expect(throws: Never.self) { _ = try parse("{" + members.joined(separator: ",") + "}") }
        #expect(throws: JSONParser.SyntaxError.self) {
            _ = try parse("{" + members.joined(separator: ",") + ", \"k\(count - 1)\": 0}")
        }
        #expect(throws: JSONParser.SyntaxError.self) {
            _ = try parse("{" + members.joined(separator: ",") + ", \"k0\": 0}")
        }
    }

    @Test func nestingIsBounded() {
        let deep =
            String(repeating: "[", count: JSONParser.maximumDepth + 1)
            + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        let fine =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: JSONParser.SyntaxError.self) { _ = try parse(deep) }
        #expect(throws: Never.self) { _ = try parse(fine) }
    }
}
