#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

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
    @inline(__always)
    func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index >= 0, index + count <= end else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
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
    func firstIndex(of literal: StaticString, from start: Int, to limit: Int? = nil) -> Int? {
        let count = literal.utf8CodeUnitCount
        let last = (limit ?? end) - count
        guard count > 0, start <= last else { return nil }
        let needle = literal.utf8Start
        let base = bytes.baseAddress!
        var index = start
        while index <= last {
            // memchr (vectorised) finds candidates for the first byte; only those are compared in full.
            guard let hit = memchr(base + index, Int32(needle[0]), last - index + 1) else { return nil }
            index = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            var offset = 1
            while offset < count && base[index + offset] == needle[offset] { offset += 1 }
            if offset == count { return index }
            index += 1
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
    func firstIndex(of byte: UInt8, from start: Int, to limit: Int? = nil) -> Int? {
        let stop = limit ?? end
        guard start < stop, let base = bytes.baseAddress,
            let hit = memchr(base + start, Int32(byte), stop - start)
        else { return nil }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// Reads 1…`maxDigits` ASCII digits as a number no larger than `maximum`.
    mutating func decimal(maxDigits: Int = 19, maximum: UInt64 = UInt64(Int64.max)) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        while position < end, digits < maxDigits, bytes[position] &- 0x30 < 10 {
            value = value * 10 + UInt64(bytes[position] &- 0x30)
            position += 1
            digits += 1
        }
        guard digits > 0, position >= end || bytes[position] &- 0x30 >= 10, value <= maximum else { return nil }
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
        let a = bytes[position], b = bytes[position + 1], c = bytes[position + 2]
        let month: Int? =
            switch (a, b, c) {
            case (0x4A, 0x61, 0x6E): 1  // Jan
            case (0x46, 0x65, 0x62): 2  // Feb
            case (0x4D, 0x61, 0x72): 3  // Mar
            case (0x41, 0x70, 0x72): 4  // Apr
            case (0x4D, 0x61, 0x79): 5  // May
            case (0x4A, 0x75, 0x6E): 6  // Jun
            case (0x4A, 0x75, 0x6C): 7  // Jul
            case (0x41, 0x75, 0x67): 8  // Aug
            case (0x53, 0x65, 0x70): 9  // Sep
            case (0x4F, 0x63, 0x74): 10  // Oct
            case (0x4E, 0x6F, 0x76): 11  // Nov
            case (0x44, 0x65, 0x63): 12  // Dec
            default: nil
            }
        if month != nil { position += 3 }
        return month
    }

    /// The index after the last byte of `start..<limit` that is not a space or TAB.
    func trimmedEnd(from start: Int, to limit: Int) -> Int {
        var index = limit
        while index > start, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        return index
    }

    /// A short printable excerpt of `range` for failure messages (at most 40 bytes, invalid UTF-8 repaired).
    func excerpt(_ range: Range<Int>) -> String {
        let clipped = range.lowerBound..<min(range.upperBound, range.lowerBound + 40)
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[clipped]), as: UTF8.self)
        text = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return clipped.upperBound < range.upperBound ? text + "…" : text
    }
}
