/// The value types of the CEF and LEEF schema dialects (`"type"` of a header field, extension key or attribute).
enum FieldType: String, Sendable, CaseIterable {
    /// Any text (the default).
    case string
    /// A dotted-quad IPv4 address.
    case ipv4
    /// An IPv6 address (RFC 4291 text form).
    case ipv6
    /// An IPv4 or IPv6 address.
    case ip
    /// An integer 0–65535.
    case port
    /// A 32-bit signed integer.
    case integer
    /// A 64-bit signed integer.
    case long
    /// A CEF timestamp: epoch milliseconds or one of the date formats of the ArcSight CEF Implementation Standard
    /// (`MMM dd [yyyy ]HH:mm:ss[.SSS][ zzz]`), as Filebeat's `decode_cef` reads them (``TimestampSyntax/isCEFTimestamp(_:)``).
    case timestamp
    /// Epoch milliseconds: exactly 13 digits.
    case epochMillis
    /// Six colon-separated hex pairs.
    case mac
    /// A finite decimal number.
    case double
    /// CEF severity: an integer 0–10 without leading zeros, or `Unknown`, `Low`, `Medium`, `High`, `Very-High` in any
    /// letter case.
    case severity

    /// The CEF severity words, as the ArcSight CEF Implementation Standard spells them.
    static let severityWords: Set<String> = ["Unknown", "Low", "Medium", "High", "Very-High"]

    /// What a value of this type looks like, for messages ("expects …").
    var expectation: String {
        switch self {
        case .string: "a string"
        case .ipv4: "an IPv4 address (dotted quad)"
        case .ipv6: "an IPv6 address"
        case .ip: "an IPv4 or IPv6 address"
        case .port: "a port number 0–65535"
        case .integer: "a 32-bit integer"
        case .long: "a 64-bit integer"
        case .timestamp: "a CEF timestamp (epoch milliseconds or MMM dd [yyyy ]HH:mm:ss[.SSS][ zone])"
        case .epochMillis: "epoch milliseconds (13 digits)"
        case .mac: "a MAC address (six colon-separated hex pairs)"
        case .double: "a decimal number"
        case .severity: "a severity: an integer 0–10 (no leading zeros) or Unknown, Low, Medium, High, Very-High"
        }
    }

    /// Whether `minimum` and `maximum` apply.
    var isNumeric: Bool {
        switch self {
        case .port, .integer, .long, .epochMillis, .double, .severity: true
        default: false
        }
    }

    /// The numeric value of `text` when it is a valid value of this type; for non-numeric types (and severity words),
    /// a valid value yields `.valid(nil)`.
    /// - Parameter canonicalIntegers: integers (ports, integers, longs, epoch milliseconds, numeric severities and
    ///   epoch timestamps) must be written without leading zeros (``NumberSyntax/canonicalInteger(_:)``), as the CEF
    ///   dialect requires; the LEEF dialect accepts them.
    func parse(_ text: String, canonicalIntegers: Bool = false) -> Parsed {
        let integer = { (text: String) -> Int64? in
            canonicalIntegers ? NumberSyntax.canonicalInteger(text) : NumberSyntax.integer(text)
        }
        switch self {
        case .string:
            return .valid(nil)
        case .ipv4:
            return AddressSyntax.isIPv4(text) ? .valid(nil) : .invalid
        case .ipv6:
            return AddressSyntax.isIPv6(text) ? .valid(nil) : .invalid
        case .ip:
            return AddressSyntax.isIPv4(text) || AddressSyntax.isIPv6(text) ? .valid(nil) : .invalid
        case .mac:
            return AddressSyntax.isMAC(text) ? .valid(nil) : .invalid
        case .timestamp:
            return TimestampSyntax.isCEFTimestamp(text) ? .valid(nil) : .invalid
        case .port:
            guard text.first != "-", let value = integer(text), value <= 65_535 else { return .invalid }
            return .valid(JSONNumber(value))
        case .integer:
            guard let value = integer(text), value >= Int64(Int32.min), value <= Int64(Int32.max) else {
                return .invalid
            }
            return .valid(JSONNumber(value))
        case .long:
            guard let value = integer(text) else { return .invalid }
            return .valid(JSONNumber(value))
        case .epochMillis:
            guard text.utf8.count == 13, text.first != "-", let value = integer(text) else {
                return .invalid
            }
            return .valid(JSONNumber(value))
        case .double:
            guard let value = NumberSyntax.decimal(text) else { return .invalid }
            return .valid(JSONNumber(value, literal: text))
        case .severity:
            if Self.isSeverityWord(text) { return .valid(nil) }
            // Severity is a header field: canonical whatever the dialect, as an ArcSight severity is 0–10.
            guard text.first != "-", let value = NumberSyntax.canonicalInteger(text), value <= 10 else {
                return .invalid
            }
            return .valid(JSONNumber(value))
        }
    }

    /// Whether `text` is one of ``severityWords`` in any letter case (Filebeat's `decode_cef` lower-cases the
    /// severity before mapping it, so `very-high` and `LOW` mean what `Very-High` and `Low` mean).
    static func isSeverityWord(_ text: String) -> Bool {
        // Byte-wise ASCII folding: this runs for every record, and lowercased() would allocate.
        severityWords.contains { word in
            word.utf8.count == text.utf8.count
                && zip(word.utf8, text.utf8).allSatisfy { TimestampSyntax.equalIgnoringCase($0, $1) }
        }
    }

    /// The result of ``parse(_:)``.
    enum Parsed {
        case invalid
        /// Valid; the number, for numeric values.
        case valid(JSONNumber?)
    }
}
