/// A parsed JSON value that keeps what `JSONSerialization` loses: booleans stay distinct from numbers, number literals
/// are kept, and object members stay in file order.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    /// Members in file order; keys are unique (the parser rejects duplicates).
    case object([Member])

    /// One `"key": value` member of an object.
    struct Member: Sendable, Hashable {
        var key: String
        var value: JSONValue
    }

    /// The member named `key`, for objects.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The JSON Schema type name of the value: `null`, `boolean`, `integer` (a number without fraction), `number`,
    /// `string`, `array` or `object`.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let number): number.isInteger ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A short rendering for messages: scalars as JSON (strings quoted and shortened), containers by size.
    var brief: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let number): number.literal
        case .string(let text): "\"" + String(IssueText.quoted(text).dropFirst().dropLast()) + "\""
        case .array(let items): "an array of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .object(let members): "an object with \(members.count) propert\(members.count == 1 ? "y" : "ies")"
        }
    }

    /// The type, then the value: `string "80"`, `integer 70000`, `an object with 2 properties`.
    var typedBrief: String {
        switch self {
        case .array, .object: brief
        case .null: "null"
        default: "\(typeName) \(brief)"
        }
    }

    // JSON Schema equality (2020-12 §4.2.2): objects compare as unordered maps, numbers by value.
    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { member in b.contains { $0.key == member.key && $0.value == member.value } }
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let number): hasher.combine(number)
        case .string(let text): hasher.combine(text)
        case .array(let items): hasher.combine(items)
        case .object(let members):
            // Order-independent, to agree with ==.
            hasher.combine(members.count)
            var sum = 0
            for member in members { sum = sum &+ member.hashValue }
            hasher.combine(sum)
        }
    }
}
