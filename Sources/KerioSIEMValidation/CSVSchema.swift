/// `csv.schema.json`, read: a Frictionless Table Schema (`fields`) plus its CSV `dialect`.
///
/// ```json
/// {"fields": [{"name": "@timestamp", "type": "datetime", "constraints": {"required": true}}, …],
///  "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true, "header": true}}
/// ```
/// `missingValues`, when given, must be `[""]`: an empty cell is an absent value.
struct CSVSchema: Sendable {
    let fields: [CSVField]
    let dialect: CSVDialect

    init(bytes: [UInt8], name: String) throws(SchemaError) {
        let root = try SchemaObject(parsing: bytes, schemaName: name)
        try root.requireKnownKeys(["$schema", "$comment", "title", "description", "fields", "dialect", "missingValues"])
        _ = try root.string("title")
        _ = try root.string("description")
        if let missing = try root.array("missingValues"), missing != [.string("")] {
            throw root.failure("missingValues", "only [\"\"] is supported (an empty cell is an absent value)")
        }
        guard let fieldValues = try root.array("fields"), !fieldValues.isEmpty else {
            throw root.failure("fields", "must be a non-empty array of field descriptors")
        }
        var fields: [CSVField] = []
        for (index, value) in fieldValues.enumerated() {
            let field = try CSVField(object: SchemaObject(value, pointer: "/fields/\(index)", schemaName: name))
            if fields.contains(where: { $0.name == field.name }) {
                throw root.failure("fields", "field \(IssueText.quoted(field.name)) is listed twice")
            }
            fields.append(field)
        }
        self.fields = fields
        dialect =
            try root.object("dialect").map { object throws(SchemaError) in try CSVDialect(object: object) }
            ?? CSVDialect()
    }
}
