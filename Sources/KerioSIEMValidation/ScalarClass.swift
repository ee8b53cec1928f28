/// A set of Unicode scalars as sorted, disjoint ranges: one character-class step of a ``SchemaPattern``.
struct ScalarClass: Sendable, Hashable {
    /// Sorted, non-overlapping, non-adjacent ranges of scalar values.
    private(set) var ranges: [ClosedRange<UInt32>]

    /// The set of the scalars in `ranges` (in any order, overlapping or not).
    init(_ ranges: [ClosedRange<UInt32>]) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// One scalar.
    init(scalar: UInt32) { ranges = [scalar...scalar] }

    /// Whether `scalar` is in the set (binary search).
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value {
                low = middle + 1
            } else if ranges[middle].lowerBound > value {
                high = middle
            } else {
                return true
            }
        }
        return false
    }

    /// Every scalar value not in `self` (0…0x10FFFF).
    var inverted: ScalarClass {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return ScalarClass(result)
    }

    /// `self` ∪ `other`.
    func union(_ other: ScalarClass) -> ScalarClass { ScalarClass(ranges + other.ranges) }

    /// `\d`: ASCII digits (ECMA-262 without the `u` flag's case folding).
    static let digit = ScalarClass([0x30...0x39])
    /// `\w`: `[A-Za-z0-9_]`.
    static let word = ScalarClass([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: ECMA-262 WhiteSpace and LineTerminator.
    static let space = ScalarClass([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.`: everything but the line terminators LF, CR, U+2028, U+2029.
    static let dot = ScalarClass([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]).inverted
}
