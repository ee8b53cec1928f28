/// Textual syntax of numbers in the line formats (CEF, LEEF, CSV): plain decimal, no spaces, no `+`, no hex.
enum NumberSyntax {
    /// The value of `text` when it is `-?[0-9]+` and fits in 64 bits.
    static func integer(_ text: some StringProtocol) -> Int64? {
        var digits = text.utf8[...]
        var negative = false
        if digits.first == UInt8(ascii: "-") {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard AddressSyntax.isDigit(byte) else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            // Accumulate negatively so that Int64.min parses.
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
        }
        if negative { return value }
        guard value != .min else { return nil }
        return -value
    }

    /// The value of `text` when it is a canonical decimal integer `-?(0|[1-9][0-9]*)` that fits in 64 bits.
    ///
    /// CEF consumers read leading zeros differently: Filebeat's `decode_cef` converts integers with Go's
    /// `strconv.ParseInt(v, 0, …)`, for which a leading `0` means octal, so `spt=080` fails and `spt=010` reads as 8;
    /// ArcSight's Java parsers read both as decimal. Only the canonical spelling means the same to every reader.
    ///
    /// ```swift
    /// NumberSyntax.canonicalInteger("80")   // 80
    /// NumberSyntax.canonicalInteger("080")  // nil
    /// NumberSyntax.canonicalInteger("0")    // 0
    /// ```
    static func canonicalInteger(_ text: some StringProtocol) -> Int64? {
        let utf8 = text.utf8
        var digits = utf8[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        if digits.count > 1, digits.first == UInt8(ascii: "0") { return nil }
        return integer(text)
    }

    /// ``integer(_:)`` over bytes: the value of `bytes` when they are `-?[0-9]+` and fit in 64 bits.
    static func integer(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let count = bytes.count
        let negative = count > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < count else { return nil }
        var value: Int64 = 0
        while index < count {
            let byte = bytes[index]
            guard AddressSyntax.isDigit(byte) else { return nil }
            // Accumulate negatively so that Int64.min parses.
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int64(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        guard value != .min else { return nil }
        return -value
    }

    /// ``canonicalInteger(_:)`` over bytes: `-?(0|[1-9][0-9]*)` within 64 bits.
    static func canonicalInteger(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let digitsStart = bytes.first == UInt8(ascii: "-") ? 1 : 0
        if bytes.count - digitsStart > 1, bytes[digitsStart] == UInt8(ascii: "0") { return nil }
        return integer(bytes: bytes)
    }

    /// The value of `text` when it is a finite decimal `-?digits[.digits][e[±]digits]` (also `.5` and `5.`); never
    /// `NaN`, `Inf` or hex floats, which `Double(String)` would accept.
    static func decimal(_ text: String) -> Double? {
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        func digits() -> Int {
            var count = 0
            while index < utf8.endIndex, AddressSyntax.isDigit(utf8[index]) {
                index = utf8.index(after: index)
                count += 1
            }
            return count
        }
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") { index = utf8.index(after: index) }
        var mantissaDigits = digits()
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: ".") {
            index = utf8.index(after: index)
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return nil }
        if index < utf8.endIndex, utf8[index] | 0x20 == UInt8(ascii: "e") {
            index = utf8.index(after: index)
            if index < utf8.endIndex, utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-") {
                index = utf8.index(after: index)
            }
            guard digits() > 0 else { return nil }
        }
        guard index == utf8.endIndex, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
