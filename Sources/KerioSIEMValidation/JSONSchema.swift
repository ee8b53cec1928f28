/// A JSON Schema (draft 2020-12) restricted to the keywords kerio-siem's ECS schema needs, compiled for validation.
///
/// Supported keywords:
/// - identification and annotations (no effect on validity): `$schema` (must name draft 2020-12), `$id`, `$comment`,
///   `title`, `description`, `examples`, `default`, `deprecated`, `readOnly`, `writeOnly`;
/// - `type` (a name or an array of names: `null`, `boolean`, `integer`, `number`, `string`, `array`, `object`);
/// - objects: `properties`, `required`, `additionalProperties` (boolean or schema);
/// - arrays: `items` (one schema for every item), `minItems`, `maxItems`, `uniqueItems`;
/// - any value: `enum`, `const` (JSON equality: `1` equals `1.0`, objects compare unordered);
/// - strings: `pattern` (see ``SchemaPattern`` for the syntax), `minLength`, `maxLength` (in Unicode scalars),
///   `format` — asserted, not just annotated: `date-time` (RFC 3339), `ipv4`, `ipv6`;
/// - numbers: `minimum`, `maximum` (inclusive, exact for 64-bit integers);
/// - combinators: `anyOf`, `oneOf`; references: `$ref` to `#` or a JSON Pointer into the same document such as
///   `#/$defs/port`, with `$defs` holding the definitions.
///
/// Every other keyword (`patternProperties`, `allOf`, `if`, `exclusiveMaximum`, an unknown `format`, …) is a
/// ``SchemaError`` when the schema is loaded: the subset is honest, never a silent pass.
///
/// ```swift
/// let schema = try JSONSchema(bytes: Array(#"{"type": "object", "required": ["a"]}"#.utf8), name: "t.json")
/// schema.validate(.object([])) { path, message in print(path, message) }   // (root) required property 'a' is missing
/// ```
struct JSONSchema: Sendable {
    /// The keywords that only annotate or identify.
    static let annotationKeywords: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated", "readOnly",
        "writeOnly",
    ]
    /// The keywords that are checked.
    static let assertionKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "pattern", "minimum",
        "maximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "format", "anyOf", "oneOf", "$ref",
        "$defs",
    ]
    /// The draft this interpreter implements.
    static let draft = "https://json-schema.org/draft/2020-12/schema"

    /// The schema's file name, for messages.
    let name: String
    /// Every compiled subschema; `nodes[root]` is the document.
    private(set) var nodes: [JSONSchemaNode] = []
    /// The index of the document's root node.
    private(set) var root = 0

    /// Parses and compiles `bytes`.
    /// - Throws: ``SchemaError`` for invalid JSON and for anything outside the supported subset.
    init(bytes: [UInt8], name: String) throws(SchemaError) {
        self.name = name
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw SchemaError(schema: name, line: Self.line(of: error.offset, in: bytes), message: error.message)
        }
        var pointers: [String: Int] = [:]
        root = try compile(document, pointer: "", pointers: &pointers)
        for index in nodes.indices {
            guard let text = nodes[index].refText else { continue }
            guard text.hasPrefix("#"), let target = pointers[Self.unescapePointer(String(text.dropFirst()))] else {
                throw SchemaError(
                    schema: name,
                    message: "$ref \(IssueText.quoted(text)) does not point to a schema "
                        + "in this document (only '#' and '#/…' JSON Pointers, e.g. '#/$defs/name', are supported)")
            }
            nodes[index].ref = target  // nodes are classes: this sets the shared node
        }
    }

    /// The 1-based line of byte `offset`.
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes.prefix(offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// `~1` → `/`, `~0` → `~`, per RFC 6901.
    private static func unescapePointer(_ pointer: String) -> String {
        pointer.replacing("~1", with: "/").replacing("~0", with: "~")
    }

    /// `name` escaped as one JSON Pointer token.
    static func pointerToken(_ name: String) -> String {
        name.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    // MARK: - Compiling

    private func failure(_ pointer: String, _ message: String) -> SchemaError {
        SchemaError(schema: name, message: "\(pointer.isEmpty ? "(root)" : pointer): \(message)")
    }

    private mutating func compile(_ value: JSONValue, pointer: String, pointers: inout [String: Int])
        throws(SchemaError) -> Int
    {
        let index = nodes.count
        nodes.append(JSONSchemaNode())
        pointers[pointer] = index
        if case .bool(let flag) = value {
            nodes[index].boolean = flag
            return index
        }
        guard case .object(let members) = value else {
            throw failure(pointer, "a schema must be an object or a boolean, found \(value.typedBrief)")
        }
        let node = nodes[index]
        for member in members {
            let key = member.key
            let here = pointer + "/" + Self.pointerToken(key)
            guard Self.annotationKeywords.contains(key) || Self.assertionKeywords.contains(key) else {
                throw failure(
                    here,
                    "unsupported keyword \(IssueText.quoted(key)) (the validator implements only "
                        + "the subset documented in Schemas/README.md)")
            }
            let value = member.value
            switch key {
            case "$schema":
                guard pointer.isEmpty, value == .string(Self.draft) else {
                    throw failure(here, "$schema must be \(IssueText.quoted(Self.draft)), at the root only")
                }
            case "$id", "$comment", "title", "description":
                guard case .string = value else { throw failure(here, "must be a string") }
            case "deprecated", "readOnly", "writeOnly":
                guard case .bool = value else { throw failure(here, "must be a boolean") }
            case "examples":
                guard case .array = value else { throw failure(here, "must be an array") }
            case "default":
                break
            case "type":
                node.types = try typeNames(value, here)
            case "properties":
                guard case .object(let properties) = value else { throw failure(here, "must be an object") }
                for property in properties {
                    node.properties[property.key] = try compile(
                        property.value, pointer: here + "/" + Self.pointerToken(property.key), pointers: &pointers)
                }
            case "required":
                node.required = try strings(value, here, unique: true)
            case "additionalProperties":
                node.additionalProperties = try compile(value, pointer: here, pointers: &pointers)
            case "items":
                if case .array = value {
                    throw failure(
                        here,
                        "draft 2020-12 'items' is one schema (the array form is 'prefixItems', "
                            + "which is not supported)")
                }
                node.items = try compile(value, pointer: here, pointers: &pointers)
            case "enum":
                guard case .array(let values) = value, !values.isEmpty else {
                    throw failure(here, "must be a non-empty array")
                }
                node.enumValues = values
            case "const":
                node.constValue = value
            case "pattern":
                guard case .string(let source) = value else { throw failure(here, "must be a string") }
                do {
                    node.pattern = try SchemaPattern(source)
                } catch {
                    throw failure(here, "pattern \(IssueText.quoted(source)) is not supported: \(error.message)")
                }
            case "minimum":
                node.minimum = try number(value, here)
            case "maximum":
                node.maximum = try number(value, here)
            case "minLength":
                node.minLength = try count(value, here)
            case "maxLength":
                node.maxLength = try count(value, here)
            case "minItems":
                node.minItems = try count(value, here)
            case "maxItems":
                node.maxItems = try count(value, here)
            case "uniqueItems":
                guard case .bool(let flag) = value else { throw failure(here, "must be a boolean") }
                node.uniqueItems = flag
            case "format":
                guard case .string(let text) = value, let format = JSONSchemaNode.Format(rawValue: text) else {
                    throw failure(
                        here,
                        "unsupported format \(value.brief) (supported: "
                            + "\(JSONSchemaNode.Format.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                node.format = format
            case "anyOf", "oneOf":
                guard case .array(let schemas) = value, !schemas.isEmpty else {
                    throw failure(here, "must be a non-empty array of schemas")
                }
                var compiled: [Int] = []
                for (number, schema) in schemas.enumerated() {
                    compiled.append(try compile(schema, pointer: here + "/\(number)", pointers: &pointers))
                }
                if key == "anyOf" { node.anyOf = compiled } else { node.oneOf = compiled }
            case "$ref":
                guard case .string(let text) = value else { throw failure(here, "must be a string") }
                node.refText = text
            case "$defs":
                guard case .object(let definitions) = value else { throw failure(here, "must be an object") }
                for definition in definitions {
                    _ = try compile(
                        definition.value, pointer: here + "/" + Self.pointerToken(definition.key), pointers: &pointers)
                }
            default:
                throw failure(here, "keyword \(IssueText.quoted(key)) is listed but not implemented")
            }
        }
        if let minimum = node.minimum, let maximum = node.maximum, minimum.compare(maximum) > 0 {
            throw failure(pointer, "minimum \(minimum) is greater than maximum \(maximum)")
        }
        return index
    }

    private func typeNames(_ value: JSONValue, _ pointer: String) throws(SchemaError) -> [String] {
        let known: Set<String> = ["null", "boolean", "integer", "number", "string", "array", "object"]
        let names: [String]
        if case .string(let single) = value {
            names = [single]
        } else {
            names = try strings(value, pointer, unique: true)
        }
        guard !names.isEmpty else { throw failure(pointer, "must name at least one type") }
        for name in names where !known.contains(name) {
            throw failure(pointer, "unknown type \(IssueText.quoted(name))")
        }
        return names
    }

    private func strings(_ value: JSONValue, _ pointer: String, unique: Bool) throws(SchemaError) -> [String] {
        guard case .array(let items) = value else { throw failure(pointer, "must be an array of strings") }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw failure(pointer, "must be an array of strings") }
            if unique, result.contains(text) { throw failure(pointer, "lists \(IssueText.quoted(text)) twice") }
            result.append(text)
        }
        return result
    }

    private func number(_ value: JSONValue, _ pointer: String) throws(SchemaError) -> JSONNumber {
        guard case .number(let number) = value else { throw failure(pointer, "must be a number") }
        return number
    }

    private func count(_ value: JSONValue, _ pointer: String) throws(SchemaError) -> Int {
        guard case .number(let number) = value, let exact = number.exact, exact >= 0, exact <= Int64(Int32.max) else {
            throw failure(pointer, "must be a non-negative integer")
        }
        return Int(exact)
    }
}
