/// Whether a record's bytes need no encoding report: the byte-level fast check every line-oriented fast path starts
/// with, equivalent to ``LineText/checkEncoding(_:_:_:allowTab:format:)`` reporting nothing.
///
/// Eight bytes are tested at once (SWAR): a word whose bytes are all in 0x20–0x7F is clean ASCII, which is almost
/// every word of kerio-siem's output; only other words are looked at byte by byte.
///
/// ```swift
/// CleanText.isClean(line, allowTab: false)   // true for a CEF record without control bytes or bad UTF-8
/// ```
enum CleanText {
    /// 0x80 in every byte: the high bits. (A computed constant, not a stored `static let`, whose every read in a hot
    /// loop would go through a lazy-initialisation check.)
    @inline(__always)
    static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// Whether every byte of the 8-byte `word` is in 0x20–0x7F. Exact: a byte below 0x20 is the first to borrow, so
    /// its own high bit shows; a byte of 0x80 or more shows its high bit directly.
    @inline(__always)
    static func isPrintableASCII(_ word: UInt64) -> Bool {
        // Subtracting 0x20 from every byte borrows (sets the high bit) exactly in the bytes below 0x20.
        ((word &- 0x2020_2020_2020_2020) | word) & 0x8080_8080_8080_8080 == 0
    }

    /// TAB bytes made printable: each TAB of `word` gets bit 0x20 (0x09 → 0x29), every other byte is kept. The TABs
    /// are found exactly (no borrow between bytes), so no other control byte is hidden.
    @inline(__always)
    static func maskingTabs(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let t = word ^ 0x0909_0909_0909_0909
        let tabs = ~(((t & low7) &+ low7) | t | low7)  // 0x80 exactly in the TAB bytes
        return word | (tabs >> 2)
    }

    /// Whether `bytes` is well-formed UTF-8 without control characters (TAB allowed when `allowTab`); DEL is allowed,
    /// as ``LineText/checkEncoding(_:_:_:allowTab:format:)`` allows it.
    @inline(__always)
    static func isClean(_ bytes: UnsafeBufferPointer<UInt8>, allowTab: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index < count {
            // Sixteen bytes per step while they are plain (one test for two words), then eight, then one. With
            // `allowTab`, TABs count as plain (LEEF has one per attribute).
            if index + 16 <= count {
                var first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                var second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                if allowTab {
                    first = maskingTabs(first)
                    second = maskingTabs(second)
                }
                if ((first &- 0x2020_2020_2020_2020) | first | (second &- 0x2020_2020_2020_2020) | second)
                    & 0x8080_8080_8080_8080 == 0
                {
                    index += 16
                    continue
                }
            }
            if index + 8 <= count {
                var word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if allowTab { word = maskingTabs(word) }
                if isPrintableASCII(word) {
                    index += 8
                    continue
                }
            }
            let byte = base[index]
            if byte >= 0x20 && byte < 0x80 || (allowTab && byte == 0x09) {
                index += 1
                continue
            }
            if byte < 0x20 { return false }
            let length = UTF8Check.sequenceLength(bytes, at: index)
            if length == 0 { return false }
            index += length
        }
        return true
    }

    /// The number of Unicode scalars in well-formed UTF-8 `bytes`: the bytes that are not continuation bytes, which is
    /// what `String(decoding:as:).unicodeScalars.count` counts for such bytes.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Whether `bytes` are the UTF-8 of `text` (byte equality, which implies `String` equality).
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: [UInt8]) -> Bool {
        guard bytes.count == text.count else { return false }
        return text.withUnsafeBufferPointer { text in
            var index = 0
            while index < text.count, text[index] == bytes[index] { index += 1 }
            return index == text.count
        }
    }
}
