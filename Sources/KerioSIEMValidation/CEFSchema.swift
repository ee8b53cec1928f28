/// `cef.schema.json`, read: the CEF version, the six header fields after `CEF:Version`, and the extension keys.
///
/// ```json
/// {"format": "cef", "version": 1,
///  "header": {"cefVersion": 0, "fields": [{"name": "deviceVendor", "maxLength": 63}, …, {"name": "severity", "type": "severity"}]},
///  "extension": {"allowUnknownKeys": false, "keys": {"src": {"type": "ipv4"}, …}}}
/// ```
struct CEFSchema: Sendable {
    /// The number after `CEF:` that records must carry.
    let cefVersion: Int64
    /// Device Vendor, Device Product, Device Version, Device Event Class ID, Name, Severity, in that order.
    let header: [FieldRule]
    /// ``header`` for the fast path.
    let headerRules: ByteRules
    let extensionKeys: KeyValueSchema

    init(bytes: [UInt8], name: String) throws(SchemaError) {
        let root = try SchemaObject(parsing: bytes, schemaName: name)
        try root.requireKnownKeys([
            "$schema", "$comment", "title", "description", "format", "version", "header", "extension",
        ])
        try root.requireHeader(format: "cef", version: 1)
        let header = try root.requiredObject("header")
        try header.requireKnownKeys(["cefVersion", "fields", "description"])
        guard let version = try header.number("cefVersion")?.exact, version >= 0 else {
            throw header.failure("cefVersion", "must be a non-negative integer")
        }
        cefVersion = version
        guard let fields = try header.array("fields"), fields.count == 6 else {
            throw header.failure(
                "fields",
                "must list the 6 header fields after CEF:Version (Device Vendor, Device "
                    + "Product, Device Version, Device Event Class ID, Name, Severity)")
        }
        var rules: [FieldRule] = []
        for (index, field) in fields.enumerated() {
            let object = try SchemaObject(field, pointer: header.pointer + "/fields/\(index)", schemaName: name)
            rules.append(
                try FieldRule(
                    name: try object.requiredString("name"), object: object, allowName: true, canonicalIntegers: true))
        }
        if rules[5].type != .severity {
            throw header.failure("fields", "the sixth header field is Severity and must have type 'severity'")
        }
        self.header = rules
        headerRules = ByteRules(rules)
        extensionKeys = try KeyValueSchema(object: try root.requiredObject("extension"), canonicalIntegers: true)
    }
}
