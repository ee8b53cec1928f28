/// Finding the next byte of interest in a record eight bytes at a time (SWAR), for the fast paths: most bytes of a
/// value are plain, and a byte loop that stops at each of them cost more than the checks.
///
/// ``zeroBytes(_:)`` flags the bytes of a word that are zero. Its lowest flag is always exact (a false flag needs a
/// borrow from a lower byte, which only a zero byte gives), so the trailing zero count finds the first match.
///
/// ```swift
/// ByteScan.first(UInt8(ascii: "="), UInt8(ascii: "\\"), in: base, from: 0, to: count)   // index, or count
/// ```
enum ByteScan {
    /// The high bit of each byte of `word` that is zero; the lowest one set is exact (see the type).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// `byte` in every byte of a word.
    @inline(__always)
    static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// The index of the first byte in `from..<end` equal to `a` or `b`, or `end` when there is none.
    @inline(__always)
    static func first(
        _ a: UInt8, _ b: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        let wordA = repeated(a)
        let wordB = repeated(b)
        let raw = UnsafeRawPointer(base)
        var index = start
        while index &+ 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let found = zeroBytes(word ^ wordA) | zeroBytes(word ^ wordB)
            if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < end {
            let byte = base[index]
            if byte == a || byte == b { return index }
            index &+= 1
        }
        return end
    }

    /// The index of the first byte in `from..<end` equal to `a`, or `end` when there is none.
    @inline(__always)
    static func first(_ a: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let wordA = repeated(a)
        let raw = UnsafeRawPointer(base)
        var index = start
        while index &+ 8 <= end {
            let found = zeroBytes(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ wordA)
            if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < end {
            if base[index] == a { return index }
            index &+= 1
        }
        return end
    }
}
