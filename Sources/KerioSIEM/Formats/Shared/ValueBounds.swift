/// Byte-range arithmetic that keeps CEF and LEEF values inside their format's rules without copying them: trimming
/// the spaces CEF cannot carry, and cutting a value so that its escaped form fits a length cap.
///
/// Both work on the raw bytes of a value and return a range into them; the caller then writes that range through its
/// ``Escaping``. Nothing is allocated.
///
/// ```swift
/// value.withUnsafeBufferPointer { bytes in
///     let trimmed = ValueBounds.trimmingSpaces(bytes)
///     let end = ValueBounds.prefixEnd(bytes, trimmed, limit: 100, doubled: ValueBounds.cefExtensionDoubled)
///     output.write(UnsafeBufferPointer(rebasing: bytes[trimmed.lowerBound..<end]), escaping: .cefExtension)
/// }
/// ```
enum ValueBounds {
    /// Bytes that `.cefExtension` writes as a two-byte escape (`\\`, `\=`, `\n`, `\r`).
    static let cefExtensionDoubled: ByteSet = [UInt8(ascii: "\\"), UInt8(ascii: "="), 0x0A, 0x0D]
    /// Bytes that `.cefHeader` writes as a two-byte escape (`\\`, `\|`).
    static let cefHeaderDoubled: ByteSet = [UInt8(ascii: "\\"), UInt8(ascii: "|")]
    /// LEEF escapings rewrite byte for byte (or to U+FFFD), never to two bytes.
    static let leefDoubled = ByteSet()

    /// The range of `bytes` without leading and trailing spaces and TABs (a TAB becomes a space in every CEF escaping,
    /// and neither survives at the edge of a CEF value: Filebeat drops trailing spaces of every value).
    @inline(__always)
    static func trimmingSpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// The end of the longest prefix of `bytes[range]` whose escaped form is at most `limit` bytes, cut on a
    /// character boundary.
    ///
    /// The cost of each input unit is what the escapings of ``Escaping`` write for it: 2 for a byte in `doubled`,
    /// 3 (U+FFFD) for another C0 control than TAB, LF or CR and for each ill-formed UTF-8 subpart, the sequence length
    /// for a well-formed non-ASCII character, and 1 otherwise. Because an escape never decodes to more bytes than it
    /// occupies, a value cut this way is at most `limit` bytes (and characters) long both escaped and decoded, so it
    /// satisfies a length cap whichever way a consumer counts.
    static func prefixEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, limit: Int,
        doubled: ByteSet
    ) -> Int {
        // Fast path: a value no longer than a third of the cap cannot exceed it (an input byte costs at most 3).
        if range.count * 3 <= limit { return range.upperBound }
        var cursor = range.lowerBound
        var cost = 0
        while cursor < range.upperBound {
            let byte = bytes[cursor]
            let unitCost: Int
            let unitLength: Int
            if byte < 0x80 {
                unitLength = 1
                if doubled.contains(byte) {
                    unitCost = 2
                } else if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                    unitCost = 3
                } else {
                    unitCost = 1
                }
            } else {
                let valid = UTF8Validation.validSequenceLength(bytes, at: cursor)
                if valid > 0 {
                    unitLength = valid
                    unitCost = valid
                } else {
                    unitLength = UTF8Validation.invalidSubpartLength(bytes, at: cursor)
                    unitCost = 3
                }
            }
            if cost + unitCost > limit { return cursor }
            cost += unitCost
            cursor += min(unitLength, range.upperBound - cursor)
        }
        return range.upperBound
    }
}
