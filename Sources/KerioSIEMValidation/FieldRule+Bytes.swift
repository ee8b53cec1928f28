extension FieldRule {
    /// Whether the value `bytes` (well-formed UTF-8, already unescaped) keeps this rule: the allocation-free check of
    /// the fast paths.
    ///
    /// Contract: `true` only when ``problem(with:)`` of the same value as a `String` is `nil`. It may say `false` for a
    /// valid value it cannot judge cheaply (a bound that is not an exact integer, an `enum` entry spelt differently but
    /// canonically equal); the caller then runs the exact check, which decides and words the message.
    ///
    /// ```swift
    /// rule.accepts(portBytes)   // true for "443" under {"type": "port"}, false for "080" in the CEF dialect
    /// ```
    func accepts(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var number: Int64?
        switch type {
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
            guard bytes.first != UInt8(ascii: "-"), let value = integer(bytes), value <= 65_535 else { return false }
            number = value
        case .integer:
            guard let value = integer(bytes), value >= Int64(Int32.min), value <= Int64(Int32.max) else { return false }
            number = value
        case .long:
            guard let value = integer(bytes) else { return false }
            number = value
        case .epochMillis:
            guard bytes.count == 13, bytes.first != UInt8(ascii: "-"), let value = integer(bytes) else { return false }
            number = value
        case .double:
            // Decimal syntax and rounding are FieldType's; no kerio-siem schema uses doubles on a hot path.
            return problem(with: String(decoding: bytes, as: UTF8.self)) == nil
        case .severity:
            if !FieldType.isSeverityWord(bytes: bytes) {
                guard bytes.first != UInt8(ascii: "-"), let value = NumberSyntax.canonicalInteger(bytes: bytes),
                    value <= 10
                else { return false }
                number = value
            }
        }
        if let number {
            if let minimum {
                guard let bound = minimum.exact, number >= bound else { return false }
            }
            if let maximum {
                guard let bound = maximum.exact, number <= bound else { return false }
            }
        }
        if let maxLength, bytes.count > maxLength, CleanText.scalarCount(bytes) > maxLength { return false }
        if let allowedUTF8, !allowedUTF8.contains(where: { CleanText.equal(bytes, $0) }) { return false }
        return true
    }

    private func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        canonicalIntegers ? NumberSyntax.canonicalInteger(bytes: bytes) : NumberSyntax.integer(bytes: bytes)
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
