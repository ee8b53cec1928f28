/// One compiled (sub)schema of a ``JSONSchema``: the keywords of the supported subset, with subschemas referred to by
/// index into the schema's node table (so `$ref` cycles need no reference-counted graph).
///
/// A class so that validation reads a node with one retain instead of copying two dozen fields per value. It is
/// filled in while the schema compiles and never changed afterwards, which is what makes sharing it across threads
/// safe.
final class JSONSchemaNode: @unchecked Sendable {
    /// The `format` values that are asserted.
    enum Format: String, Sendable, CaseIterable {
        case dateTime = "date-time"
        case ipv4
        case ipv6
    }

    /// `true`/`false` for a boolean schema; `nil` for an object schema.
    var boolean: Bool?
    var types: [String]?
    var properties: [String: Int] = [:]
    var required: [String] = []
    var additionalProperties: Int?
    var items: Int?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var pattern: SchemaPattern?
    var minimum: JSONNumber?
    var maximum: JSONNumber?
    var minLength: Int?
    var maxLength: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var format: Format?
    var anyOf: [Int]?
    var oneOf: [Int]?
    /// The node `$ref` points to, once resolved.
    var ref: Int?
    /// The `$ref` as written, until resolved.
    var refText: String?
}
