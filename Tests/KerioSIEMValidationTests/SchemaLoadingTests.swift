import Foundation
import Testing

@testable import KerioSIEMValidation

/// Schemas outside the implemented dialects are refused at load, with the place and the reason.
struct SchemaLoadingTests {
    @Test(arguments: [
        (
            #"{"type": "object", "patternProperties": {}}"#,
            "/patternProperties: unsupported keyword 'patternProperties'"
        ),
        (#"{"allOf": [true]}"#, "unsupported keyword 'allOf'"),
        (#"{"properties": {"a": {"format": "email"}}}"#, "/properties/a/format: unsupported format \"email\""),
        (#"{"pattern": "(?=x)"}"#, "/pattern: pattern '(?=x)' is not supported: lookahead"),
        (##"{"$ref": "#/$defs/missing"}"##, "does not point to a schema"),
        (##"{"$ref": "other.json#/a"}"##, "does not point to a schema"),
        (#"{"type": "int"}"#, "/type: unknown type 'int'"),
        (#"{"items": [true]}"#, "prefixItems"),
        (#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#, "$schema must be"),
        (#"{"minimum": 5, "maximum": 1}"#, "minimum 5 is greater than maximum 1"),
        (#"{"minLength": -1}"#, "must be a non-negative integer"),
        (#"{"enum": []}"#, "must be a non-empty array"),
        (#"{"required": ["a", "a"]}"#, "lists 'a' twice"),
        (#"{"properties": {"a": 5}}"#, "/properties/a: a schema must be an object or a boolean"),
        ("{\n  \"type\": \"object\",\n}", "trailing comma"),
        ("{}", ""),
    ])
    func jsonSchemaSubset(_ text: String, _ expected: String) {
        do {
            _ = try ECSJSONValidator(schema: Array(text.utf8), schemaName: "t.json")
            #expect(expected.isEmpty, "accepted")
        } catch {
            #expect(!expected.isEmpty && error.description.contains(expected), "\(error)")
            #expect(error.description.hasPrefix("t.json"))
        }
    }

    @Test func syntaxErrorsCarryTheSchemaLine() {
        do {
            _ = try ECSJSONValidator(schema: Array("{\n  \"type\": \"object\",\n}".utf8), schemaName: "t.json")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("t.json:3: error: [schema] trailing comma"))
        }
    }

    static let cefBase =
        #"{"format": "cef", "version": 1, "header": {"cefVersion": 0, "fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}, {"name": "e"}, {"name": "s", "type": "severity"}]}, "extension": {"keys": KEYS}}"#

    @Test(arguments: [
        (#"{"src": {"type": "ip4"}}"#, "/extension/keys/src/type: unknown type 'ip4'"),
        (#"{"src": {"type": "ipv4", "max": 3}}"#, "/extension/keys/src/max: unknown key"),
        (#"{"msg": {"minimum": 1}}"#, "applies only to numeric types"),
        (#"{"cs1": {"labelKey": "cs1Label"}}"#, "labelKey 'cs1Label' is not a listed key"),
        (#"{"cs1": {"labelKey": "cs1"}}"#, "cannot name the key itself"),
        (#"{"n": {"type": "integer", "minimum": 5, "maximum": 1}}"#, "is greater than maximum"),
        (#"{"n": {"enum": []}}"#, "must not be empty"),
        (#"{"n": {"maxLength": 1.5}}"#, "must be a non-negative integer"),
        (#"{"cs1": {"labelKey": "l"}, "l": {}}"#, ""),
    ])
    func cefDialect(_ keys: String, _ expected: String) {
        let text = Self.cefBase.replacingOccurrences(of: "KEYS", with: keys)
        do {
            _ = try CEFValidator(schema: Array(text.utf8))
            #expect(expected.isEmpty, "accepted")
        } catch {
            #expect(!expected.isEmpty && error.description.contains(expected), "\(error)")
        }
    }

    @Test(arguments: [
        (#"{"format": "leef", "version": 1}"#, "cef.schema.json: error: [schema] /format: must be 'cef'"),
        (#"{"format": "cef", "version": 2}"#, "dialect version 2 is not supported"),
        (
            #"{"format": "cef", "version": 1, "header": {"cefVersion": 0, "fields": []}}"#,
            "must list the 6 header fields"
        ),
        (#"{"format": "cef", "version": 1, "extra": 1}"#, "/extra: unknown key"),
        ("{}", "(root): missing 'format'"),
        ("", "expected a JSON value"),
    ])
    func cefDocument(_ text: String, _ expected: String) {
        #expect {
            _ = try CEFValidator(schema: Array(text.utf8))
        } throws: { error in
            (error as? SchemaError)?.description.contains(expected) == true
        }
    }

    @Test(arguments: [
        (#"{"format": "leef", "version": 1, "leefVersions": ["3.0"]}"#, "only \"1.0\" and \"2.0\" are known"),
        (#"{"format": "leef", "version": 1, "leefVersions": []}"#, "must list at least one"),
        (
            #"{"format": "leef", "version": 1, "leefVersions": ["1.0"], "header": {"fields": [{"name": "v"}]}}"#,
            "4 header fields"
        ),
    ])
    func leefDocument(_ text: String, _ expected: String) {
        #expect {
            _ = try LEEFValidator(schema: Array(text.utf8))
        } throws: { error in
            (error as? SchemaError)?.description.contains(expected) == true
        }
    }

    @Test(arguments: [
        (#"{"fields": []}"#, "must be a non-empty array"),
        (#"{"fields": [{"name": "a", "type": "date"}]}"#, "unsupported type 'date'"),
        (#"{"fields": [{"name": "a", "format": "email"}]}"#, "unsupported format 'email'"),
        (#"{"fields": [{"name": "a", "type": "integer", "format": "ip"}]}"#, "not supported for type integer"),
        (#"{"fields": [{"name": "a", "constraints": {"unique": true}}]}"#, "/fields/0/constraints/unique: unknown key"),
        (#"{"fields": [{"name": "a", "constraints": {"minimum": 1}}]}"#, "apply to integer and number fields only"),
        (#"{"fields": [{"name": "a"}, {"name": "a"}]}"#, "listed twice"),
        (#"{"fields": [{"name": "a"}], "dialect": {"doubleQuote": false}}"#, "only true is supported"),
        (#"{"fields": [{"name": "a"}], "dialect": {"delimiter": ";;"}}"#, "one printable ASCII character"),
        (#"{"fields": [{"name": "a"}], "dialect": {"lineTerminator": "\r"}}"#, "must be"),
        (#"{"fields": [{"name": "a"}], "dialect": {"quoteChar": ","}}"#, "must differ from the delimiter"),
        (#"{"fields": [{"name": "a"}], "missingValues": ["-"]}"#, "only [\"\"] is supported"),
        (#"{"fields": [{"name": "a", "constraints": {"pattern": "a{"}}]}"#, "is not supported"),
    ])
    func csvDocument(_ text: String, _ expected: String) {
        #expect {
            _ = try CSVValidator(schema: Array(text.utf8))
        } throws: { error in
            (error as? SchemaError)?.description.contains(expected) == true
        }
    }
}
