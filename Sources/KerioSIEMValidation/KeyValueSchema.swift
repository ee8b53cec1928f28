/// The key rules of a CEF extension or a LEEF attribute list, and the checks they imply for one record.
///
/// Schema form: `{"allowUnknownKeys": false, "keys": {"src": {"type": "ipv4"}, …}}`. The checks, in order, per record:
/// each key at most once; keys known unless `allowUnknownKeys`; values not empty; values of the key's type and within
/// its constraints (``FieldRule``); `required` keys present; and `labelKey` pairs complete in both directions.
struct KeyValueSchema: Sendable {
    /// Whether keys the schema does not list are accepted (their values are not checked).
    let allowUnknownKeys: Bool
    /// The rule of each listed key.
    let rules: [String: FieldRule]
    /// The listed keys in schema order, for deterministic messages.
    let order: [String]
    /// `(key, label)` for every key with a `labelKey`, in schema order.
    let labelled: [(key: String, label: String)]
    /// The `required` keys, in schema order.
    let requiredKeys: [String]
    /// ``order``'s keys by their bytes, for the fast path (``KeyMarks``).
    let table: ByteKeyTable
    /// The rule of each key of ``order``, by position, for the fast path.
    let byteRules: ByteRules
    /// The positions (in ``order``) of the `required` keys.
    let requiredPositions: [Int]
    /// `(key, label)` positions of ``labelled``; `nil` when a label is not a listed key (allowed with
    /// `allowUnknownKeys`), which the fast path does not track, so it leaves such schemas to the exact check.
    let labelledPositions: [(key: Int, label: Int)]?

    /// Reads the key rules; `canonicalIntegers` is passed to every ``FieldRule`` (true for the CEF dialect).
    init(object: SchemaObject, canonicalIntegers: Bool = false) throws(SchemaError) {
        try object.requireKnownKeys(["allowUnknownKeys", "keys", "description"])
        _ = try object.string("description")
        allowUnknownKeys = try object.bool("allowUnknownKeys") ?? false
        var rules: [String: FieldRule] = [:]
        var order: [String] = []
        for (key, ruleObject) in try object.requiredObject("keys").objectMembers() {
            rules[key] = try FieldRule(name: key, object: ruleObject, canonicalIntegers: canonicalIntegers)
            order.append(key)
        }
        var labelOwners: [String: String] = [:]
        for key in order {
            guard let label = rules[key]?.labelKey else { continue }
            let keys = try object.requiredObject("keys")
            if label == key { throw keys.failure(key, "labelKey cannot name the key itself") }
            if !allowUnknownKeys && rules[label] == nil {
                throw keys.failure(key, "labelKey \(IssueText.quoted(label)) is not a listed key")
            }
            if let other = labelOwners[label] {
                throw keys.failure(key, "labelKey \(IssueText.quoted(label)) already labels \(IssueText.quoted(other))")
            }
            labelOwners[label] = key
        }
        self.rules = rules
        self.order = order
        labelled = order.compactMap { key in rules[key]?.labelKey.map { (key, $0) } }
        requiredKeys = order.filter { rules[$0]?.required == true }
        table = ByteKeyTable(order)
        let orderedRules = order.map { rules[$0]! }
        byteRules = ByteRules(orderedRules)
        requiredPositions = order.indices.filter { orderedRules[$0].required }
        let positions = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var labelledPositions: [(key: Int, label: Int)]? = []
        for (key, label) in labelled {
            guard let keyPosition = positions[key], let labelPosition = positions[label] else {
                labelledPositions = nil
                break
            }
            labelledPositions?.append((keyPosition, labelPosition))
        }
        self.labelledPositions = labelledPositions
    }

    /// Checks the pairs of one record and reports problems on `line`.
    /// - Parameters:
    ///   - noun: how a key is called in messages (`extension key`, `attribute`).
    ///   - skipTypeCheck: keys whose value was already judged by a format rule (LEEF `devTime`).
    func check(
        _ pairs: [KeyValuePair], noun: String, line: Int, issues: inout IssueList,
        skipTypeCheck: Set<String> = []
    ) {
        // Records usually have a handful of keys: comparing them costs less than hashing each into a dictionary.
        // Long (hostile) records switch to the dictionary so the check stays linear.
        let indexed = pairs.count > 16
        var seen: [String: Int] = [:]
        func firstColumn(of key: String, before end: Int) -> Int? {
            if indexed { return seen[key] }
            for index in 0..<end where pairs[index].key == key { return pairs[index].column }
            return nil
        }
        for (index, pair) in pairs.enumerated() {
            var key: String { IssueText.quoted(pair.key) }
            if let first = firstColumn(of: pair.key, before: index) {
                issues.add(
                    line: line,
                    "\(noun) \(key) appears twice (columns \(first) and \(pair.column)); "
                        + "each key may appear once")
                continue
            }
            if indexed { seen[pair.key] = pair.column }
            guard let rule = rules[pair.key] else {
                if !allowUnknownKeys {
                    issues.add(
                        line: line,
                        "unknown \(noun) \(key) at column \(pair.column) (the schema does not list "
                            + "it and does not allow unknown keys)")
                }
                continue
            }
            if pair.value.isEmpty {
                issues.add(line: line, "\(noun) \(key) has an empty value (omit the key instead)")
                continue
            }
            if skipTypeCheck.isEmpty || !skipTypeCheck.contains(pair.key), let problem = rule.problem(with: pair.value)
            {
                issues.add(line: line, "\(noun) \(key) \(problem)")
            }
        }
        func isPresent(_ key: String) -> Bool { firstColumn(of: key, before: pairs.count) != nil }
        for key in requiredKeys where !isPresent(key) {
            issues.add(line: line, "required \(noun) \(IssueText.quoted(key)) is missing")
        }
        for (key, label) in labelled {
            switch (isPresent(key), isPresent(label)) {
            case (true, false):
                issues.add(
                    line: line,
                    "\(noun) \(IssueText.quoted(key)) is present without its label "
                        + "\(IssueText.quoted(label)) (a custom field and its label go together)")
            case (false, true):
                issues.add(
                    line: line,
                    "label \(IssueText.quoted(label)) is present without the \(noun) it labels, "
                        + "\(IssueText.quoted(key))")
            default:
                break
            }
        }
    }
}
