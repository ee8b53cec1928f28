/// `leef.schema.json`, read: accepted LEEF versions, the four header fields, and the attribute keys.
///
/// ```json
/// {"format": "leef", "version": 1, "leefVersions": ["1.0", "2.0"],
///  "header": {"fields": [{"name": "vendor", "maxLength": 255}, {"name": "product", …}, {"name": "version", …},
///                        {"name": "eventId", "maxLength": 255}]},
///  "attributes": {"allowUnknownKeys": false, "keys": {"devTime": {"type": "epochMillis"}, …}}}
/// ```
struct LEEFSchema: Sendable {
    /// The LEEF versions the validator knows.
    static let knownVersions = ["1.0", "2.0"]

    /// The versions records may declare.
    let versions: [String]
    /// Vendor, Product, Version, EventID, in that order.
    let header: [FieldRule]
    /// ``header`` for the fast path.
    let headerRules: ByteRules
    let attributes: KeyValueSchema

    init(bytes: [UInt8], name: String) throws(SchemaError) {
        let root = try SchemaObject(parsing: bytes, schemaName: name)
        try root.requireKnownKeys([
            "$schema", "$comment", "title", "description", "format", "version", "leefVersions",
            "header", "attributes",
        ])
        try root.requireHeader(format: "leef", version: 1)
        var versions: [String] = []
        for value in try root.array("leefVersions") ?? [] {
            guard case .string(let version) = value, Self.knownVersions.contains(version) else {
                throw root.failure("leefVersions", "lists \(value.brief); only \"1.0\" and \"2.0\" are known")
            }
            versions.append(version)
        }
        guard !versions.isEmpty else {
            throw root.failure("leefVersions", "must list at least one of \"1.0\", \"2.0\"")
        }
        self.versions = versions
        let header = try root.requiredObject("header")
        try header.requireKnownKeys(["fields", "description"])
        guard let fields = try header.array("fields"), fields.count == 4 else {
            throw header.failure(
                "fields",
                "must list the 4 header fields after LEEF:Version (Vendor, Product, "
                    + "Version, EventID)")
        }
        var rules: [FieldRule] = []
        for (index, field) in fields.enumerated() {
            let object = try SchemaObject(field, pointer: header.pointer + "/fields/\(index)", schemaName: name)
            rules.append(try FieldRule(name: try object.requiredString("name"), object: object, allowName: true))
        }
        self.header = rules
        headerRules = ByteRules(rules)
        attributes = try KeyValueSchema(object: try root.requiredObject("attributes"))
    }
}
