/// A cursor over one line's bytes with the few primitives the record grammars need.
///
/// Positions are offsets into the line, which are also offsets into the event's storage (it starts with a copy of the
/// line), so a matched value is recorded as a range without copying.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    var isAtEnd: Bool { position >= end }

    @inline(__always)
    func peek(_ offset: Int = 0) -> UInt8? { position + offset < end ? bytes[position + offset] : nil }

    /// Whether the bytes at `index` are `literal`.
    ///
    /// Compares whole words rather than bytes: `literal` is a constant at every call site, so once this is inlined the
    /// length tests fold away and the literal's words become immediates (`IPS: ` is one 4-byte and one 1-byte compare).
    @inline(__always)
    func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index >= 0, index + count <= end else { return false }
        // Safe: `index..<index + count` lies inside the line, which is therefore not empty (literals never are).
        let line = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + index)
        let text = UnsafeRawPointer(literal.utf8Start)
        @inline(__always) func same<Word: FixedWidthInteger>(_ offset: Int, _: Word.Type) -> Bool {
            line.loadUnaligned(fromByteOffset: offset, as: Word.self)
                == text.loadUnaligned(fromByteOffset: offset, as: Word.self)
        }
        switch count {
        case 0: return true
        case 1: return same(0, UInt8.self)
        case 2: return same(0, UInt16.self)
        case 3: return same(0, UInt16.self) && same(1, UInt16.self)
        case 4...7: return same(0, UInt32.self) && same(count - 4, UInt32.self)
        default:
            // Whole words, then one last word that may overlap the previous one.
            var offset = 0
            while offset + 8 < count {
                guard same(offset, UInt64.self) else { return false }
                offset += 8
            }
            return same(count - 8, UInt64.self)
        }
    }

    /// Consumes `literal` if the input continues with it.
    @inline(__always)
    mutating func skip(_ literal: StaticString) -> Bool {
        guard matches(literal, at: position) else { return false }
        position += literal.utf8CodeUnitCount
        return true
    }

    /// Consumes `byte` if it is next.
    @inline(__always)
    mutating func skip(byte: UInt8) -> Bool {
        guard position < end, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// The first index ≥ `start` (and < `limit`) where `literal` occurs.
    ///
    /// Always inlined, so that the literal is a constant in ``matches(_:at:)``.
    @inline(__always)
    func firstIndex(of literal: StaticString, from start: Int, to limit: Int? = nil) -> Int? {
        let count = literal.utf8CodeUnitCount
        let last = (limit ?? end) - count
        guard count > 0, start <= last else { return nil }
        let first = literal.utf8Start[0]
        var index = start
        // Candidates for the first byte come from the word-at-a-time search; only those are compared in full.
        while let hit = firstIndex(of: first, from: index, to: last + 1) {
            if matches(literal, at: hit) { return hit }
            index = hit + 1
        }
        return nil
    }

    /// The last index in `start..<limit` where `literal` occurs (entirely inside the range).
    func lastIndex(of literal: StaticString, from start: Int, to limit: Int) -> Int? {
        let count = literal.utf8CodeUnitCount
        var index = limit - count
        while index >= start {
            if matches(literal, at: index) { return index }
            index -= 1
        }
        return nil
    }

    /// The first index ≥ `start` holding `byte`, before `limit`.
    ///
    /// Eight bytes per step (SWAR) instead of `memchr`: the distances searched in a record are a few dozen bytes, where
    /// the call and its alignment prologue cost more than the scan.
    @inline(__always)
    func firstIndex(of byte: UInt8, from start: Int, to limit: Int? = nil) -> Int? {
        let stop = limit ?? end
        guard start < stop else { return nil }
        // Safe: `start..<stop` is a non-empty part of the line (callers pass limits ≤ `end`), so the base exists, and
        // every load below reads 8 bytes that end at or before `stop`.
        let base = bytes.baseAddress.unsafelyUnwrapped
        let pattern = 0x0101_0101_0101_0101 &* UInt64(byte)
        // The classic "has a zero byte" test on `word ^ pattern`; the lowest flagged byte is exact (borrows only move
        // upwards), and on a little-endian load the lowest byte is the first in memory.
        @inline(__always) func firstMatch(at index: Int) -> Int? {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) ^ pattern
            let zeros = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            return zeros == 0 ? nil : index &+ zeros.trailingZeroBitCount &>> 3
        }
        var index = start
        while index &+ 8 <= stop {
            if let match = firstMatch(at: index) { return match }
            index &+= 8
        }
        if index < stop, stop &- start >= 8 {
            // The last partial word as one load ending at `stop`: the bytes it shares with the previous word hold no
            // match, so its first match is the first after them.
            return firstMatch(at: stop &- 8)
        }
        while index < stop {
            if base[index] == byte { return index }
            index &+= 1
        }
        return nil
    }

    /// Reads 1…`maxDigits` ASCII digits as a number no larger than `maximum`.
    ///
    /// The position ends after the digits read, also when `nil` is returned. More digits than `maxDigits` is `nil`.
    @inline(__always)
    mutating func decimal(maxDigits: Int = 19, maximum: UInt64 = UInt64(Int64.max)) -> UInt64? {
        let start = position
        guard start < end else { return nil }
        // Safe: every index read is < `end`, so inside the line.
        let base = bytes.baseAddress.unsafelyUnwrapped
        if start &+ 8 <= end {
            // Up to seven digits ended by a non-digit inside the next eight bytes: counted and converted as one word
            // (the digit loop mispredicts its exit on every number). Longer runs take the loop below.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            // A byte is a digit when its high nibble is 3 and its low nibble + 6 stays below 0x10; neither test
            // carries out of its byte, so `nonDigit` is non-zero exactly in the non-digit bytes.
            let nonDigit =
                ((word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
                | (((word & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0)
            let flags =
                (((nonDigit & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | nonDigit) & 0x8080_8080_8080_8080
            let count = flags == 0 ? 8 : flags.trailingZeroBitCount &>> 3
            if count == 0 { return nil }
            if count < 8, count <= maxDigits {
                position = start &+ count
                // The digits moved to the top of the word (the first, most significant, digit lowest), zeros below
                // acting as leading zeros; then Lemire's eight-digit conversion.
                var value = (word & 0x0F0F_0F0F_0F0F_0F0F) &<< UInt64((8 &- count) &* 8)
                value = value &* 10 &+ (value &>> 8)
                value =
                    ((value & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064
                        &+ ((value &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) &>> 32
                return value <= maximum ? value : nil
            }
        }
        let stop = min(end, start &+ maxDigits)
        var index = start
        var value: UInt64 = 0
        while index < stop {
            let digit = base[index] &- 0x30
            guard digit < 10 else { break }
            value = value &* 10 &+ UInt64(digit)  // at most 19 digits: no overflow
            index &+= 1
        }
        position = index
        guard index > start, index >= end || base[index] &- 0x30 >= 10, value <= maximum else { return nil }
        return value
    }

    /// Reads exactly `count` digits.
    mutating func fixedDigits(_ count: Int) -> Int? {
        guard position + count <= end else { return nil }
        var value = 0
        for offset in 0..<count {
            let digit = bytes[position + offset] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        position += count
        return value
    }

    /// Reads an English three-letter month abbreviation (`Jan` … `Dec`, case as Kerio writes it) as 1…12.
    mutating func monthAbbreviation() -> Int? {
        guard position + 3 <= end else { return nil }
        let month = SecurityLogParser.monthNumber(bytes[position], bytes[position + 1], bytes[position + 2])
        if month != nil { position += 3 }
        return month
    }

    /// The index after the last byte of `start..<limit` that is not a space or TAB.
    func trimmedEnd(from start: Int, to limit: Int) -> Int {
        var index = limit
        while index > start, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        return index
    }

    /// A short printable excerpt of `range` for failure messages: at most 40 bytes, controls, bidi overrides, line
    /// separators and invalid UTF-8 shown escaped (``DisplayText``), so a message can be printed as it is.
    func excerpt(_ range: Range<Int>) -> String {
        let clipped = range.lowerBound..<min(range.upperBound, range.lowerBound + 40)
        let text = DisplayText.escaping(UnsafeBufferPointer(rebasing: bytes[clipped]))
        return clipped.upperBound < range.upperBound ? text + "…" : text
    }
}
