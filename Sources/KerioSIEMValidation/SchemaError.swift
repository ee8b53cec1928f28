/// A schema that cannot be used: not valid JSON (or XSD), or outside the dialect the validators implement.
///
/// Validators refuse to start with such a schema instead of silently checking less than it says: an unknown keyword or
/// type is an error here, never ignored.
///
/// ```swift
/// do { _ = try CEFValidator(schema: Array(#"{"format": "cef"}"#.utf8)) }
/// catch { print(error) }   // cef.schema.json: error: [schema] (root): missing 'version'
/// ```
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The schema's file name, e.g. `cef.schema.json`.
    public var schema: String
    /// The 1-based line in the schema file, when the problem has one (syntax errors, libxml2 XSD errors).
    public var line: Int?
    /// What is wrong, naming the place in the schema (a JSON Pointer such as `/extension/keys/src`).
    public var message: String

    /// Creates a schema error.
    public init(schema: String, line: Int? = nil, message: String) {
        self.schema = schema
        self.line = line
        self.message = message
    }

    /// `schema:line: error: [schema] message`, the compiler-style form editors understand.
    public var description: String {
        if let line { "\(schema):\(line): error: [schema] \(message)" } else { "\(schema): error: [schema] \(message)" }
    }
}
