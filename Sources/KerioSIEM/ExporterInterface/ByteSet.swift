/// A set of byte values as a 256-bit bitmap: constant-time membership for escaping and scanning loops.
///
/// ```swift
/// let special: ByteSet = [UInt8(ascii: "\\"), UInt8(ascii: "=")]
/// special.contains(0x3D)  // true
/// ```
public struct ByteSet: Sendable, Hashable, ExpressibleByArrayLiteral {
    var words: (UInt64, UInt64, UInt64, UInt64)

    /// The empty set.
    public init() { words = (0, 0, 0, 0) }

    /// A set holding `bytes`.
    public init(_ bytes: some Sequence<UInt8>) {
        self.init()
        for byte in bytes { insert(byte) }
    }

    /// A set holding the listed bytes.
    public init(arrayLiteral elements: UInt8...) { self.init(elements) }

    /// The C0 control characters 0x00–0x1F and DEL 0x7F.
    public static let controlCharacters = ByteSet(Array(0x00...0x1F) + [0x7F])

    /// Every byte ≥ 0x80 (UTF-8 lead and continuation bytes).
    public static let nonASCII = ByteSet(0x80...0xFF)

    /// Adds `byte`.
    public mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    /// Whether `byte` is in the set.
    @inline(__always)
    public func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    /// The union of two sets.
    public func union(_ other: ByteSet) -> ByteSet {
        var result = self
        result.words = (
            words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2,
            words.3 | other.words.3
        )
        return result
    }

    public static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
