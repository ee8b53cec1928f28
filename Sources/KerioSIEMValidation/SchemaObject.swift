/// Reads one JSON object of a dialect schema (CEF, LEEF, CSV) strictly: typed getters, and unknown keys rejected.
///
/// Every error names the schema file and the JSON Pointer of the offending member, e.g.
/// `cef.schema.json: error: [schema] /extension/keys/src/type: unknown type 'ip4'`.
struct SchemaObject {
    /// The members, in file order.
    let members: [JSONValue.Member]
    /// The JSON Pointer of this object in the schema document (empty for the root).
    let pointer: String
    /// The schema's file name.
    let schemaName: String

    /// Wraps `value`, which must be an object.
    init(_ value: JSONValue, pointer: String, schemaName: String) throws(SchemaError) {
        self.pointer = pointer
        self.schemaName = schemaName
        guard case .object(let members) = value else {
            throw SchemaError(
                schema: schemaName,
                message: "\(pointer.isEmpty ? "(root)" : pointer): must be an object, found \(value.typedBrief)")
        }
        self.members = members
    }

    /// Parses a whole schema file whose root is an object.
    init(parsing bytes: [UInt8], schemaName: String) throws(SchemaError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw SchemaError(
                schema: schemaName, line: JSONSchema.line(of: error.offset, in: bytes), message: error.message)
        }
        try self.init(document, pointer: "", schemaName: schemaName)
    }

    /// An error about this object (`key` == nil) or one of its members.
    func failure(_ key: String?, _ message: String) -> SchemaError {
        let place = key.map { pointer + "/" + JSONSchema.pointerToken($0) } ?? pointer
        return SchemaError(schema: schemaName, message: "\(place.isEmpty ? "(root)" : place): \(message)")
    }

    /// Throws for the first member whose key is not in `allowed`.
    func requireKnownKeys(_ allowed: Set<String>) throws(SchemaError) {
        for member in members where !allowed.contains(member.key) {
            throw failure(member.key, "unknown key (allowed here: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// The value of `key`, if present.
    subscript(key: String) -> JSONValue? { members.first { $0.key == key }?.value }

    func string(_ key: String) throws(SchemaError) -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let text) = value else { throw failure(key, "must be a string, found \(value.typedBrief)") }
        return text
    }

    func requiredString(_ key: String) throws(SchemaError) -> String {
        guard let text = try string(key) else { throw failure(nil, "missing \(IssueText.quoted(key))") }
        return text
    }

    func bool(_ key: String) throws(SchemaError) -> Bool? {
        guard let value = self[key] else { return nil }
        guard case .bool(let flag) = value else {
            throw failure(key, "must be true or false, found \(value.typedBrief)")
        }
        return flag
    }

    func number(_ key: String) throws(SchemaError) -> JSONNumber? {
        guard let value = self[key] else { return nil }
        guard case .number(let number) = value else {
            throw failure(key, "must be a number, found \(value.typedBrief)")
        }
        return number
    }

    /// A non-negative integer member.
    func count(_ key: String) throws(SchemaError) -> Int? {
        guard let number = try number(key) else { return nil }
        guard let exact = number.exact, exact >= 0, exact <= Int64(Int32.max) else {
            throw failure(key, "must be a non-negative integer, found \(number)")
        }
        return Int(exact)
    }

    func object(_ key: String) throws(SchemaError) -> SchemaObject? {
        guard let value = self[key] else { return nil }
        return try SchemaObject(value, pointer: pointer + "/" + JSONSchema.pointerToken(key), schemaName: schemaName)
    }

    func requiredObject(_ key: String) throws(SchemaError) -> SchemaObject {
        guard let object = try object(key) else { throw failure(nil, "missing \(IssueText.quoted(key))") }
        return object
    }

    func array(_ key: String) throws(SchemaError) -> [JSONValue]? {
        guard let value = self[key] else { return nil }
        guard case .array(let items) = value else { throw failure(key, "must be an array, found \(value.typedBrief)") }
        return items
    }

    /// Each member's value as an object, with the member's key.
    func objectMembers() throws(SchemaError) -> [(key: String, object: SchemaObject)] {
        var result: [(key: String, object: SchemaObject)] = []
        for member in members {
            result.append(
                (
                    member.key,
                    try SchemaObject(
                        member.value, pointer: pointer + "/" + JSONSchema.pointerToken(member.key),
                        schemaName: schemaName)
                ))
        }
        return result
    }

    /// Checks the `format` and `version` members every dialect schema starts with.
    func requireHeader(format: String, version: Int64) throws(SchemaError) {
        guard try requiredString("format") == format else {
            throw failure("format", "must be \(IssueText.quoted(format)) for this validator")
        }
        guard let number = try self.number("version") else { throw failure(nil, "missing 'version'") }
        guard number.exact == version else {
            throw failure(
                "version", "dialect version \(number) is not supported (this validator reads version \(version))")
        }
    }
}
