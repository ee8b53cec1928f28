/// A list of ``FieldRule``s (the header fields or the keys of a CEF/LEEF schema) flattened into plain values, so that
/// the fast paths judge a value's bytes without a `String` and without copying a rule (copying a ``FieldRule`` retains
/// every member, which cost more than the check itself).
///
/// Contract of ``accepts(_:_:)``: `true` only when ``FieldRule/problem(with:)`` of the same value as a `String` is
/// `nil`. It may say `false` for a valid value it cannot judge cheaply (a bound that is not an exact integer, an `enum`
/// entry spelt differently but canonically equal); the caller then runs the exact check, which decides and words the
/// message.
///
/// ```swift
/// let rules = ByteRules(schema.header)
/// rules.accepts(5, severityBytes)   // "8" → true; "08" → false (the exact check reports it)
/// ```
struct ByteRules: Sendable {
    /// One rule, as plain values.
    private struct Rule: Sendable {
        var type: FieldType
        var canonicalIntegers: Bool
        var minimum: Int64 = .min
        var maximum: Int64 = .max
        /// False when a bound is not an exact integer: numbers are then left to the exact check.
        var boundsAreExact = true
        var maxLength = Int.max
        /// The rule's `enum` values, as positions in ``ByteRules/valueOffsets``.
        var allowed: Range<Int>?
    }

    private let rules: [Rule]
    /// All `enum` values' UTF-8, one after the other; value `i` is `valueOffsets[i]..<valueOffsets[i + 1]`.
    private let valueBytes: [UInt8]
    private let valueOffsets: [Int]
    /// The rules as read, for the types judged through their `String` (`double`, which no hot path uses).
    private let exact: [FieldRule]

    /// The rules of `rules`, by position.
    init(_ rules: [FieldRule]) {
        var flat: [Rule] = []
        var valueBytes: [UInt8] = []
        var valueOffsets = [0]
        for rule in rules {
            var plain = Rule(type: rule.type, canonicalIntegers: rule.canonicalIntegers)
            if let minimum = rule.minimum {
                if let bound = minimum.exact { plain.minimum = bound } else { plain.boundsAreExact = false }
            }
            if let maximum = rule.maximum {
                if let bound = maximum.exact { plain.maximum = bound } else { plain.boundsAreExact = false }
            }
            if let maxLength = rule.maxLength { plain.maxLength = maxLength }
            if let allowed = rule.allowed {
                let first = valueOffsets.count - 1
                for value in allowed {
                    valueBytes.append(contentsOf: value.utf8)
                    valueOffsets.append(valueBytes.count)
                }
                plain.allowed = first..<(valueOffsets.count - 1)
            }
            flat.append(plain)
        }
        self.rules = flat
        self.valueBytes = valueBytes
        self.valueOffsets = valueOffsets
        exact = rules
    }

    /// Whether `bytes` (well-formed UTF-8, already unescaped) keep rule `position` (see the type's contract).
    func accepts(_ position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let rule = rules[position]
        var number: Int64?
        switch rule.type {
        case .string:
            break
        case .ipv4:
            guard AddressSyntax.isIPv4(bytes[...]) else { return false }
        case .ipv6:
            guard AddressSyntax.isIPv6(bytes[...]) else { return false }
        case .ip:
            guard AddressSyntax.isIPv4(bytes[...]) || AddressSyntax.isIPv6(bytes[...]) else { return false }
        case .mac:
            guard AddressSyntax.isMAC(bytes: bytes) else { return false }
        case .timestamp:
            guard TimestampSyntax.isCEFTimestamp(bytes: bytes) else { return false }
        case .port:
            guard bytes.first != UInt8(ascii: "-"), let value = Self.integer(bytes, rule), value <= 65_535 else {
                return false
            }
            number = value
        case .integer:
            guard let value = Self.integer(bytes, rule), value >= Int64(Int32.min), value <= Int64(Int32.max) else {
                return false
            }
            number = value
        case .long:
            guard let value = Self.integer(bytes, rule) else { return false }
            number = value
        case .epochMillis:
            guard bytes.count == 13, bytes.first != UInt8(ascii: "-"), let value = Self.integer(bytes, rule) else {
                return false
            }
            number = value
        case .double:
            return exact.withUnsafeBufferPointer { $0[position].problem(with: String(decoding: bytes, as: UTF8.self)) }
                == nil
        case .severity:
            if !FieldType.isSeverityWord(bytes: bytes) {
                // Severity is canonical whatever the dialect, as in FieldType.parse.
                guard bytes.first != UInt8(ascii: "-"), let value = NumberSyntax.canonicalInteger(bytes: bytes),
                    value <= 10
                else { return false }
                number = value
            }
        }
        if let number {
            guard rule.boundsAreExact, number >= rule.minimum, number <= rule.maximum else { return false }
        }
        if bytes.count > rule.maxLength, CleanText.scalarCount(bytes) > rule.maxLength { return false }
        if let allowed = rule.allowed {
            return valueBytes.withUnsafeBufferPointer { values in
                valueOffsets.withUnsafeBufferPointer { offsets in
                    for value in allowed {
                        let start = offsets[value]
                        if offsets[value + 1] - start == bytes.count,
                            bytes.elementsEqual(UnsafeBufferPointer(rebasing: values[start..<offsets[value + 1]]))
                        {
                            return true
                        }
                    }
                    return false
                }
            }
        }
        return true
    }

    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ rule: Rule) -> Int64? {
        rule.canonicalIntegers ? NumberSyntax.canonicalInteger(bytes: bytes) : NumberSyntax.integer(bytes: bytes)
    }
}

extension FieldType {
    /// The CEF severity words as UTF-8.
    private static let severityWordBytes: [[UInt8]] = ["Unknown", "Low", "Medium", "High", "Very-High"].map {
        Array($0.utf8)
    }

    /// ``isSeverityWord(_:)`` over bytes.
    static func isSeverityWord(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        severityWordBytes.contains { word in
            word.count == bytes.count && zip(word, bytes).allSatisfy { TimestampSyntax.equalIgnoringCase($0, $1) }
        }
    }
}
