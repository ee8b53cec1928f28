/// The rule for one CEF/LEEF header field, extension key or attribute, read from the dialect schema.
///
/// Schema form (every member but `type` optional; `type` defaults to `string`):
/// ```json
/// {"type": "string", "maxLength": 4000, "minimum": 1, "maximum": 10, "enum": ["a", "b"], "required": true,
///  "labelKey": "cs1Label", "description": "…"}
/// ```
struct FieldRule: Sendable {
    /// The keys a rule may have (`name` only in header field lists).
    static let keys: Set<String> = [
        "type", "maxLength", "minimum", "maximum", "enum", "required", "labelKey", "description",
    ]

    /// The field's name: a header field name or the key.
    let name: String
    let type: FieldType
    /// The most characters (Unicode scalars) a value may have.
    let maxLength: Int?
    let minimum: JSONNumber?
    let maximum: JSONNumber?
    /// The only values allowed, when set.
    let allowed: [String]?
    /// Whether the key must be present (for header fields: non-empty).
    let required: Bool
    /// The key that must accompany this one (CEF custom fields: `cs1` ↔ `cs1Label`).
    let labelKey: String?
    /// Whether integers must be written without leading zeros (the CEF dialect; see
    /// ``NumberSyntax/canonicalInteger(_:)``).
    let canonicalIntegers: Bool

    /// Reads a rule; `allowName` lets header field entries carry their `name`.
    init(name: String, object: SchemaObject, allowName: Bool = false, canonicalIntegers: Bool = false)
        throws(SchemaError)
    {
        try object.requireKnownKeys(allowName ? Self.keys.union(["name"]) : Self.keys)
        self.name = name
        self.canonicalIntegers = canonicalIntegers
        let typeName = try object.string("type") ?? "string"
        guard let type = FieldType(rawValue: typeName) else {
            throw object.failure(
                "type",
                "unknown type \(IssueText.quoted(typeName)) (known: "
                    + "\(FieldType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.type = type
        maxLength = try object.count("maxLength")
        minimum = try object.number("minimum")
        maximum = try object.number("maximum")
        if (minimum != nil || maximum != nil) && !type.isNumeric {
            throw object.failure(
                minimum != nil ? "minimum" : "maximum", "applies only to numeric types, not \(typeName)")
        }
        if let minimum, let maximum, minimum.compare(maximum) > 0 {
            throw object.failure("minimum", "is greater than maximum")
        }
        if let values = try object.array("enum") {
            var texts: [String] = []
            for value in values {
                switch value {
                case .string(let text): texts.append(text)
                case .number(let number): texts.append(number.literal)
                default: throw object.failure("enum", "must list strings or numbers, found \(value.typedBrief)")
                }
            }
            guard !texts.isEmpty else { throw object.failure("enum", "must not be empty") }
            allowed = texts
        } else {
            allowed = nil
        }
        required = try object.bool("required") ?? false
        labelKey = try object.string("labelKey")
        _ = try object.string("description")
    }

    /// Why `value` breaks this rule (e.g. `expects an IPv4 address (dotted quad), got '999.1.1.1'`), or `nil`.
    func problem(with value: String) -> String? {
        guard case .valid(let number) = type.parse(value, canonicalIntegers: canonicalIntegers) else {
            var hint = ""
            if canonicalIntegers, NumberSyntax.integer(value) != nil, NumberSyntax.canonicalInteger(value) == nil {
                // The digits are fine, only their spelling is not: say why.
                hint = " (no leading zeros: Filebeat's decode_cef reads a leading 0 as octal)"
            }
            return "expects \(type.expectation), got \(IssueText.quoted(value))\(hint)"
        }
        if let number {
            if let minimum, number.compare(minimum) < 0 {
                return "value \(number) is less than the minimum \(minimum)"
            }
            if let maximum, number.compare(maximum) > 0 {
                return "value \(number) is greater than the maximum \(maximum)"
            }
        }
        if let maxLength {
            let length = value.unicodeScalars.count
            if length > maxLength {
                return "is \(length) characters long, more than the maximum \(maxLength)"
            }
        }
        if let allowed, !allowed.contains(value) {
            return "value \(IssueText.quoted(value)) is not one of \(IssueText.list(Array(allowed.prefix(12))))"
                + (allowed.count > 12 ? ", …" : "")
        }
        return nil
    }
}
