/// Strict IPv4 and IPv6 literal checks over bytes (RFC 791 dotted quad without leading zeros; RFC 4291 §2.2 text
/// forms, including `::` compression and an embedded dotted quad; no zone index).
enum IPAddressSyntax {
    /// Whether `range` of `bytes` is a dotted-quad IPv4 address (each octet 0–255, no leading zeros).
    static func isIPv4(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        dottedQuadEnd(bytes, from: range.lowerBound, to: range.upperBound) == range.upperBound
    }

    /// The index just after a dotted quad starting at `start` (before `limit`), or `nil` when none starts there.
    ///
    /// Each octet is read as Kerio's grammar allows: one to three digits (a fourth digit is left unread), at most 255,
    /// no leading zero; octets are separated by single dots.
    @inline(__always)
    static func dottedQuadEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to limit: Int) -> Int? {
        guard start < limit, let base = bytes.baseAddress else { return nil }
        // Fully unrolled: this runs for both endpoints of most records.
        guard let first = octetEnd(base, start, limit), first < limit, base[first] == UInt8(ascii: "."),
            let second = octetEnd(base, first + 1, limit), second < limit, base[second] == UInt8(ascii: "."),
            let third = octetEnd(base, second + 1, limit), third < limit, base[third] == UInt8(ascii: "."),
            let fourth = octetEnd(base, third + 1, limit)
        else { return nil }
        return fourth
    }

    /// ``dottedQuadEnd(_:from:to:)`` without a branch per digit, for when the 16 bytes at `start` lie before `limit`.
    ///
    /// Octet lengths vary line to line, so a digit-by-digit reader mispredicts about once per octet; here each octet
    /// reads its three candidate bytes, derives its length and value with selects, and folds every check into one
    /// flag tested at the end. Same octet rules: 1–3 digits read greedily, at most 255, no leading zero.
    @inline(__always)
    static func dottedQuadEndWithRoom(_ base: UnsafePointer<UInt8>, from start: Int) -> Int? {
        // Safe: the caller guarantees `start + 16 <= limit`; the reads below stay below `start + 16` (the fourth octet
        // starts at most 12 bytes in and reads 3 bytes).
        var index = start
        var bad = false
        @inline(__always) func octet() {
            let d0 = base[index] &- 0x30
            let d1 = base[index &+ 1] &- 0x30
            let d2 = base[index &+ 2] &- 0x30
            let has1 = d1 < 10
            let has2 = has1 && d2 < 10
            let two = UInt16(d0) &* 10 &+ UInt16(d1)
            let value = has2 ? two &* 10 &+ UInt16(d2) : two
            bad = bad || d0 >= 10 || (has1 && d0 == 0) || (has2 && value > 255)
            index &+= has2 ? 3 : has1 ? 2 : 1
        }
        octet()
        bad = bad || base[index] != UInt8(ascii: ".")
        index &+= 1
        octet()
        bad = bad || base[index] != UInt8(ascii: ".")
        index &+= 1
        octet()
        bad = bad || base[index] != UInt8(ascii: ".")
        index &+= 1
        octet()
        return bad ? nil : index
    }

    /// The index after one octet at `index`: 1–3 digits read greedily (up to 3), at most 255, no leading zero.
    @inline(__always)
    private static func octetEnd(_ base: UnsafePointer<UInt8>, _ index: Int, _ limit: Int) -> Int? {
        guard index < limit else { return nil }
        let first = base[index] &- 0x30
        guard first < 10 else { return nil }
        guard index + 1 < limit else { return index + 1 }
        let second = base[index + 1] &- 0x30
        guard second < 10 else { return index + 1 }
        guard first != 0 else { return nil }  // a leading zero
        guard index + 2 < limit else { return index + 2 }
        let third = base[index + 2] &- 0x30
        guard third < 10 else { return index + 2 }
        return UInt16(first) &* 100 &+ UInt16(second) &* 10 &+ UInt16(third) <= 255 ? index + 3 : nil
    }

    /// Whether `range` of `bytes` is an IPv6 address in RFC 4291 text form.
    static func isIPv6(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2, range.count <= 45 else { return false }
        var index = range.lowerBound
        var groups = 0
        var sawCompression = false
        if bytes[index] == UInt8(ascii: ":") {
            guard bytes[index + 1] == UInt8(ascii: ":") else { return false }
            sawCompression = true
            index += 2
            if index == range.upperBound { return true }  // "::"
        }
        while index < range.upperBound {
            // A group: 1–4 hex digits, or an embedded IPv4 address as the last 32 bits.
            let start = index
            while index < range.upperBound, index - start < 5, isHex(bytes[index]) { index += 1 }
            if index < range.upperBound, bytes[index] == UInt8(ascii: ".") {
                guard isIPv4(bytes, start..<range.upperBound) else { return false }
                groups += 2
                index = range.upperBound
                break
            }
            let digits = index - start
            guard digits >= 1, digits <= 4 else { return false }
            groups += 1
            if index == range.upperBound { break }
            guard bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            if index < range.upperBound, bytes[index] == UInt8(ascii: ":") {
                guard !sawCompression else { return false }
                sawCompression = true
                index += 1
                if index == range.upperBound { break }
            } else if index == range.upperBound {
                return false  // a single trailing colon
            }
        }
        return sawCompression ? groups < 8 : groups == 8
    }

    @inline(__always)
    static func isHex(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6
    }
}
