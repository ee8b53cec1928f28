/// One field (column) of `csv.schema.json`, a Frictionless Table Schema field with the constraints kerio-siem uses.
///
/// ```json
/// {"name": "source.port", "type": "integer", "constraints": {"minimum": 0, "maximum": 65535}}
/// {"name": "source.ip", "type": "string", "format": "ip"}
/// {"name": "event.type", "type": "array", "arraySeparator": "|", "constraints": {"enum": ["denied", "allowed"]}}
/// ```
/// Types: `string` (formats `default`, `ipv4`, `ipv6`, `ip`), `integer` (`-?[0-9]+`, 64-bit), `number` (finite decimal,
/// no NaN/INF), `boolean` (`true`/`True`/`TRUE`/`1`, `false`/`False`/`FALSE`/`0`), `datetime` (RFC 3339 in UTC:
/// `YYYY-MM-DDTHH:MM:SS[.frac]Z`), `array` (items joined by `arraySeparator`, default `|`).
/// Constraints: `required` (the cell is not empty), `pattern` (whole-cell match, ``SchemaPattern`` syntax; per item
/// for arrays), `minLength`/`maxLength` (Unicode scalars; item count for arrays), `minimum`/`maximum` (integer and
/// number), `enum` (the cell text, or each item of an array).
struct CSVField: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case string, integer, number, boolean, datetime, array
    }

    static let trueValues: Set<String> = ["true", "True", "TRUE", "1"]
    static let falseValues: Set<String> = ["false", "False", "FALSE", "0"]

    let name: String
    let kind: Kind
    /// `ipv4`, `ipv6` or `ip` for strings and array items; `nil` for `default`.
    let addressFormat: FieldType?
    let required: Bool
    let pattern: SchemaPattern?
    let minLength: Int?
    let maxLength: Int?
    let minimum: JSONNumber?
    let maximum: JSONNumber?
    let allowed: [String]?
    let arraySeparator: String

    init(object: SchemaObject) throws(SchemaError) {
        try object.requireKnownKeys([
            "name", "type", "format", "title", "description", "example", "constraints",
            "arraySeparator",
        ])
        name = try object.requiredString("name")
        _ = try object.string("title")
        _ = try object.string("description")
        let typeName = try object.string("type") ?? "string"
        guard let kind = Kind(rawValue: typeName) else {
            throw object.failure(
                "type",
                "unsupported type \(IssueText.quoted(typeName)) (supported: "
                    + "\(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.kind = kind
        switch try object.string("format") {
        case nil, "default":
            addressFormat = nil
        case let format? where kind == .string || kind == .array:
            switch format {
            case "ipv4": addressFormat = .ipv4
            case "ipv6": addressFormat = .ipv6
            case "ip": addressFormat = .ip
            default:
                throw object.failure(
                    "format", "unsupported format \(IssueText.quoted(format)) (default, ipv4, ipv6, ip)")
            }
        case let format?:
            throw object.failure("format", "format \(IssueText.quoted(format)) is not supported for type \(typeName)")
        }
        if let separator = try object.string("arraySeparator") {
            guard kind == .array, !separator.isEmpty else {
                throw object.failure("arraySeparator", "must be a non-empty string, on array fields only")
            }
            arraySeparator = separator
        } else {
            arraySeparator = "|"
        }
        let constraints = try object.object("constraints")
        try constraints?.requireKnownKeys([
            "required", "pattern", "minLength", "maxLength", "minimum", "maximum", "enum",
        ])
        required = try constraints?.bool("required") ?? false
        if let source = try constraints?.string("pattern") {
            do {
                pattern = try SchemaPattern(source)
            } catch {
                throw constraints!.failure(
                    "pattern", "pattern \(IssueText.quoted(source)) is not supported: \(error.message)")
            }
        } else {
            pattern = nil
        }
        minLength = try constraints?.count("minLength")
        maxLength = try constraints?.count("maxLength")
        minimum = try constraints?.number("minimum")
        maximum = try constraints?.number("maximum")
        if (minimum != nil || maximum != nil) && kind != .integer && kind != .number, let constraints {
            throw constraints.failure("minimum", "minimum and maximum apply to integer and number fields only")
        }
        if let values = try constraints?.array("enum") {
            var texts: [String] = []
            for value in values {
                switch value {
                case .string(let text): texts.append(text)
                case .number(let number): texts.append(number.literal)
                case .bool(let flag): texts.append(flag ? "true" : "false")
                default: throw constraints!.failure("enum", "must list strings, numbers or booleans")
                }
            }
            guard !texts.isEmpty else { throw constraints!.failure("enum", "must not be empty") }
            allowed = texts
        } else {
            allowed = nil
        }
    }

    /// Why the non-empty `cell` (formula guard already removed) breaks this field's type or constraints, or `nil`.
    func problem(with cell: String) -> String? {
        switch kind {
        case .string:
            return textProblem(cell, what: "value")
        case .array:
            let items = cell.split(separator: arraySeparator, omittingEmptySubsequences: false)
            if let minLength, items.count < minLength {
                return "has \(items.count) items, fewer than the minimum \(minLength)"
            }
            if let maxLength, items.count > maxLength {
                return "has \(items.count) items, more than the maximum \(maxLength)"
            }
            for (index, item) in items.enumerated() {
                if item.isEmpty { return "item \(index + 1) is empty (separator \(IssueText.quoted(arraySeparator)))" }
                if let problem = textProblem(String(item), what: "item \(index + 1)", checkLength: false) {
                    return problem
                }
            }
            return nil
        case .integer:
            guard let value = NumberSyntax.integer(cell) else {
                return "expects an integer, got \(IssueText.quoted(cell))"
            }
            return rangeProblem(JSONNumber(value)) ?? enumProblem(cell, what: "value")
        case .number:
            guard let value = NumberSyntax.decimal(cell) else {
                return "expects a number, got \(IssueText.quoted(cell))"
            }
            return rangeProblem(JSONNumber(value, literal: cell)) ?? enumProblem(cell, what: "value")
        case .boolean:
            guard Self.trueValues.contains(cell) || Self.falseValues.contains(cell) else {
                return "expects a boolean (true/false, 1/0), got \(IssueText.quoted(cell))"
            }
            return enumProblem(cell, what: "value")
        case .datetime:
            guard TimestampSyntax.isRFC3339(cell, utcOnly: true) else {
                return "expects an RFC 3339 UTC date-time (YYYY-MM-DDTHH:MM:SS[.frac]Z), got \(IssueText.quoted(cell))"
            }
            return textProblem(cell, what: "value")
        }
    }

    private func textProblem(_ text: String, what: String, checkLength: Bool = true) -> String? {
        if let addressFormat, case .invalid = addressFormat.parse(text) {
            return "\(what) \(IssueText.quoted(text)) is not \(addressFormat.expectation)"
        }
        if checkLength, minLength != nil || maxLength != nil {
            let length = text.unicodeScalars.count
            if let minLength, length < minLength {
                return "is \(length) characters long, fewer than the minimum \(minLength)"
            }
            if let maxLength, length > maxLength {
                return "is \(length) characters long, more than the maximum \(maxLength)"
            }
        }
        if let pattern, !pattern.matchesWhole(text) {
            return "\(what) \(IssueText.quoted(text)) does not match the pattern \(IssueText.quoted(pattern.source))"
        }
        return enumProblem(text, what: what)
    }

    private func enumProblem(_ text: String, what: String) -> String? {
        guard let allowed, !allowed.contains(text) else { return nil }
        return "\(what) \(IssueText.quoted(text)) is not one of \(IssueText.list(Array(allowed.prefix(12))))"
            + (allowed.count > 12 ? ", …" : "")
    }

    private func rangeProblem(_ number: JSONNumber) -> String? {
        if let minimum, number.compare(minimum) < 0 { return "value \(number) is less than the minimum \(minimum)" }
        if let maximum, number.compare(maximum) > 0 { return "value \(number) is greater than the maximum \(maximum)" }
        return nil
    }
}
