extension JSONSchema {
    /// The deepest chain of subschemas followed for one value (guards `$ref` cycles such as `{"$ref": "#"}`).
    static let maximumEvaluationDepth = 256

    /// Validates `value` and reports each violation with the JSON Pointer of the offending value (`(root)` for the
    /// document itself) and what is wrong.
    ///
    /// ```swift
    /// schema.validate(value) { path, message in print("\(path): \(message)") }   // /source/port: 70000 is greater …
    /// ```
    func validate(_ value: JSONValue, report: (_ path: String, _ message: String) -> Void) {
        var path: [PathComponent] = []
        var violations: [Violation] = []
        check(value, against: root, path: &path, depth: 0, into: &violations)
        for violation in violations { report(Self.render(violation.path), violation.message) }
    }

    /// One step of a JSON Pointer.
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// One failed assertion. The path is rendered only when reported: `anyOf` and `oneOf` record failures of
    /// alternatives that are then discarded.
    struct Violation {
        var path: [PathComponent]
        var message: String
    }

    static func render(_ path: [PathComponent]) -> String {
        guard !path.isEmpty else { return "(root)" }
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += "/" + pointerToken(key)
            case .index(let index): text += "/\(index)"
            }
        }
        return text
    }

    private func check(
        _ value: JSONValue, against index: Int, path: inout [PathComponent], depth: Int,
        into violations: inout [Violation]
    ) {
        func fail(_ message: String) { violations.append(Violation(path: path, message: message)) }
        guard depth < Self.maximumEvaluationDepth else {
            fail("schema recursion deeper than \(Self.maximumEvaluationDepth) levels (a $ref cycle?)")
            return
        }
        let node = nodes[index]
        if let boolean = node.boolean {
            if !boolean { fail("no value is allowed here (the schema is false)") }
            return
        }
        if let target = node.ref { check(value, against: target, path: &path, depth: depth + 1, into: &violations) }
        if let types = node.types, !types.contains(where: { Self.value(value, hasType: $0) }) {
            fail("expected \(types.joined(separator: " or ")), got \(value.typedBrief)")
        }
        if let allowed = node.enumValues, !allowed.contains(value) {
            let shown = allowed.prefix(12).map(\.brief).joined(separator: ", ")
            fail("\(value.brief) is not one of \(shown)\(allowed.count > 12 ? ", …" : "")")
        }
        if let constant = node.constValue, value != constant {
            fail("\(value.brief) is not the required constant \(constant.brief)")
        }
        switch value {
        case .string(let text):
            checkString(text, value, node, fail)
        case .number(let number):
            if let minimum = node.minimum, number.compare(minimum) < 0 {
                fail("\(number) is less than the minimum \(minimum)")
            }
            if let maximum = node.maximum, number.compare(maximum) > 0 {
                fail("\(number) is greater than the maximum \(maximum)")
            }
        case .array(let items):
            if let minItems = node.minItems, items.count < minItems {
                fail(
                    "the array has \(items.count) item\(items.count == 1 ? "" : "s"), fewer than the minimum \(minItems)"
                )
            }
            if let maxItems = node.maxItems, items.count > maxItems {
                fail("the array has \(items.count) items, more than the maximum \(maxItems)")
            }
            if node.uniqueItems {
                var seen: [JSONValue: Int] = [:]
                for (position, item) in items.enumerated() {
                    if let first = seen[item] {
                        fail("items \(first) and \(position) are equal (\(item.brief)), but uniqueItems is true")
                        break
                    }
                    seen[item] = position
                }
            }
            if let itemSchema = node.items {
                for (position, item) in items.enumerated() {
                    path.append(.index(position))
                    check(item, against: itemSchema, path: &path, depth: depth + 1, into: &violations)
                    path.removeLast()
                }
            }
        case .object(let members):
            for name in node.required where !members.contains(where: { $0.key == name }) {
                fail("required property \(IssueText.quoted(name)) is missing")
            }
            for member in members {
                if let propertySchema = node.properties[member.key] {
                    path.append(.key(member.key))
                    check(member.value, against: propertySchema, path: &path, depth: depth + 1, into: &violations)
                    path.removeLast()
                } else if let additional = node.additionalProperties {
                    if nodes[additional].boolean == false {
                        fail("property \(IssueText.quoted(member.key)) is not allowed (additionalProperties is false)")
                    } else {
                        path.append(.key(member.key))
                        check(member.value, against: additional, path: &path, depth: depth + 1, into: &violations)
                        path.removeLast()
                    }
                }
            }
        case .null, .bool:
            break
        }
        if let alternatives = node.anyOf {
            var failures: [[Violation]] = []
            for alternative in alternatives {
                var attempt: [Violation] = []
                check(value, against: alternative, path: &path, depth: depth + 1, into: &attempt)
                if attempt.isEmpty {
                    failures.removeAll()
                    break
                }
                failures.append(attempt)
            }
            if !failures.isEmpty {
                fail("matches none of the \(alternatives.count) anyOf alternatives: " + Self.summary(failures))
            }
        }
        if let alternatives = node.oneOf {
            var matching: [Int] = []
            var failures: [[Violation]] = []
            for (number, alternative) in alternatives.enumerated() {
                var attempt: [Violation] = []
                check(value, against: alternative, path: &path, depth: depth + 1, into: &attempt)
                if attempt.isEmpty { matching.append(number) } else { failures.append(attempt) }
            }
            if matching.isEmpty {
                fail("matches none of the \(alternatives.count) oneOf alternatives: " + Self.summary(failures))
            } else if matching.count > 1 {
                fail(
                    "matches \(matching.count) oneOf alternatives (\(matching.map { "#\($0)" }.joined(separator: ", "))); "
                        + "exactly one must match")
            }
        }
    }

    private func checkString(_ text: String, _ value: JSONValue, _ node: JSONSchemaNode, _ fail: (String) -> Void) {
        if node.minLength != nil || node.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minLength = node.minLength, length < minLength {
                fail("\(value.brief) is shorter than the minimum length \(minLength) (it has \(length) characters)")
            }
            if let maxLength = node.maxLength, length > maxLength {
                fail("\(value.brief) is longer than the maximum length \(maxLength) (it has \(length) characters)")
            }
        }
        if let pattern = node.pattern, !pattern.matches(in: text) {
            fail("\(value.brief) does not match the pattern \(IssueText.quoted(pattern.source))")
        }
        if let format = node.format {
            switch format {
            case .dateTime where !TimestampSyntax.isRFC3339(text, utcOnly: false):
                fail("\(value.brief) is not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.frac] with Z or ±HH:MM)")
            case .ipv4 where !AddressSyntax.isIPv4(text):
                fail("\(value.brief) is not an IPv4 address (dotted quad)")
            case .ipv6 where !AddressSyntax.isIPv6(text):
                fail("\(value.brief) is not an IPv6 address")
            default:
                break
            }
        }
    }

    /// `#0: /a: why; #1: /b: why`, the first violation of each failed alternative.
    private static func summary(_ failures: [[Violation]]) -> String {
        failures.enumerated().map { number, violations in
            guard let first = violations.first else { return "#\(number)" }
            return "#\(number): \(render(first.path)): \(first.message)"
        }.joined(separator: "; ")
    }

    private static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            true
        case ("integer", .number(let number)):
            number.isInteger
        default:
            false
        }
    }
}
