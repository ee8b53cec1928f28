/// A JSON number as written, with its value: exact when it is an integer that fits in 64 bits, else a `Double`.
///
/// Keeping the literal lets messages quote the number as the file has it (`70000`, not `70000.0`), and keeping the
/// exact integer keeps 64-bit bounds (`minimum: 0`, ports, epoch milliseconds) free of floating-point rounding.
struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written.
    let literal: String
    /// The value, when it is an integer that fits in `Int64`.
    let exact: Int64?
    /// The value as a `Double` (always set; may be rounded).
    let double: Double

    /// A number from its JSON literal; `nil` when it is not finite as a `Double`.
    init?(literal: String) {
        guard let double = Double(literal), double.isFinite else { return nil }
        self.literal = literal
        self.double = double
        if let integer = NumberSyntax.integer(literal) {
            exact = integer
        } else if double.rounded() == double, abs(double) < 9.0e18 {
            exact = Int64(double)  // 1e3 and 5.0 are integers too (JSON Schema 2020-12 §6.1.1)
        } else {
            exact = nil
        }
    }

    /// An exact integer.
    init(_ value: Int64) {
        literal = String(value)
        exact = value
        double = Double(value)
    }

    /// A floating-point value, written as `text`.
    init(_ value: Double, literal: String) {
        self.literal = literal
        self.double = value
        exact = value.rounded() == value && abs(value) < 9.0e18 ? Int64(value) : nil
    }

    /// Whether the value has no fractional part (the JSON Schema `integer` type).
    var isInteger: Bool { exact != nil || double.rounded() == double }

    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other`; exact when both are 64-bit integers.
    func compare(_ other: JSONNumber) -> Int {
        if let lhs = exact, let rhs = other.exact { return lhs < rhs ? -1 : (lhs == rhs ? 0 : 1) }
        return double < other.double ? -1 : (double == other.double ? 0 : 1)
    }

    var description: String { literal }

    // Equality is numeric (JSON Schema: 1 and 1.0 are equal), so `enum`, `const` and `uniqueItems` compare values.
    static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.compare(rhs) == 0 }

    // Hash the Double: numbers equal under `==` always have equal Doubles (the converse need not hold).
    func hash(into hasher: inout Hasher) { hasher.combine(double) }
}
