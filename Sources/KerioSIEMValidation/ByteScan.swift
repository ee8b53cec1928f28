#if arch(x86_64) && canImport(_Builtin_intrinsics)
    // SSE2 is part of every x86-64 processor: sixteen bytes per compare without a build flag.
    import _Builtin_intrinsics.intel
#endif

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

    /// The index of the first byte in `from..<end` that a JSON string cannot hold as it is — `"`, `\`, a control
    /// byte or a byte of 0x80 or more (the start of a UTF-8 sequence to check) — or `end` when there is none.
    ///
    /// Sixteen bytes a step with SSE2 on x86-64 (a signed compare with 0x20 catches both control and non-ASCII
    /// bytes), eight elsewhere (``zeroBytes(_:)``); strings such as `message` and `event.original` are long, and this
    /// scan is most of their cost.
    @inline(__always)
    static func firstStringSpecial(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        let raw = UnsafeRawPointer(base)
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
            let quote = _mm_set1_epi8(0x22)
            let backslash = _mm_set1_epi8(0x5C)
            let space = _mm_set1_epi8(0x20)
            while index &+ 16 <= end {
                let chunk = _mm_loadu_si128((raw + index).assumingMemoryBound(to: __m128i.self))
                let special = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                    _mm_cmplt_epi8(chunk, space))
                let mask = _mm_movemask_epi8(special)
                if mask != 0 { return index &+ Int(mask.trailingZeroBitCount) }
                index &+= 16
            }
        #endif
        while index &+ 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let special =
                ((word &- 0x2020_2020_2020_2020) | word) & 0x8080_8080_8080_8080  // control or non-ASCII
                | zeroBytes(word ^ 0x2222_2222_2222_2222)  // '"'
                | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)  // '\'
            if special != 0 { return index &+ special.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < end {
            let byte = base[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 { return index }
            index &+= 1
        }
        return end
    }

    /// Copies the 32 bytes at `source` to `target` in four word moves (no `memmove` call for a short value).
    @inline(__always)
    static func copy32(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        for offset in stride(from: 0, to: 32, by: 8) {
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
        }
    }

    /// Whether `length` bytes at `a` and `b` are equal, where at least 32 bytes can be read at both (``equal(_:_:_:)``
    /// otherwise): one or two 16-byte compares with SSE2 for runs up to 32 bytes, without a loop to mispredict.
    @inline(__always)
    static func equalReadingAhead(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
            let first = UnsafeRawPointer(a)
            let second = UnsafeRawPointer(b)
            // Bit i of a mask: byte i equal; bits at and past `length` do not count.
            let low = _mm_movemask_epi8(
                _mm_cmpeq_epi8(
                    _mm_loadu_si128(first.assumingMemoryBound(to: __m128i.self)),
                    _mm_loadu_si128(second.assumingMemoryBound(to: __m128i.self))))
            if length <= 16 {
                let wanted: Int32 = (1 << Int32(length)) &- 1
                return low & wanted == wanted
            }
            if length <= 32 {
                let high = _mm_movemask_epi8(
                    _mm_cmpeq_epi8(
                        _mm_loadu_si128((first + 16).assumingMemoryBound(to: __m128i.self)),
                        _mm_loadu_si128((second + 16).assumingMemoryBound(to: __m128i.self))))
                let equalBytes =
                    UInt64(UInt32(truncatingIfNeeded: low)) | UInt64(UInt32(truncatingIfNeeded: high)) << 16
                let wanted: UInt64 = (1 << UInt64(length)) &- 1
                return equalBytes & wanted == wanted
            }
        #endif
        return equal(a, b, length)
    }

    /// Whether `length` bytes at `a` and `b` are equal: eight bytes per comparison (the last word overlapping the one
    /// before), four for short runs, bytes below four; every load is inside the `length` bytes (no libc `memcmp` call
    /// for a few bytes).
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let first = UnsafeRawPointer(a)
        let second = UnsafeRawPointer(b)
        if length >= 8 {
            var offset = 0
            while offset + 8 < length {
                guard
                    first.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        == second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                else { return false }
                offset += 8
            }
            return first.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                == second.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        }
        if length >= 4 {
            return first.loadUnaligned(as: UInt32.self) == second.loadUnaligned(as: UInt32.self)
                && first.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
                    == second.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
        }
        for offset in 0..<length where a[offset] != b[offset] { return false }
        return true
    }
}
