/// The precomputed form of an ``Escaping`` that its hot loop reads: which bytes need a look, what each special ASCII
/// byte becomes, and a 16-byte vector probe that skips runs of ordinary text.
///
/// Built once per escaping (the built-in ones are static), immutable afterwards; a class so that an `Escaping` value
/// stays small to pass around and its loop reads the tables through one pointer.
///
/// Why tables: the previous loop tested each byte against a bitmap and appended every safe run through the buffer's
/// bounds and uniqueness checks, ≈ 8 instructions per output byte — the largest cost of every exporter. Here a value
/// with nothing to rewrite costs one vector compare per 16 bytes and one `memcpy`; a value with escapes reserves its
/// worst-case size once and writes replacements with one unaligned 8-byte store each.
final class EscapingTable: @unchecked Sendable {
    /// Per byte value: non-zero when the byte needs a look (a special ASCII byte, or any byte ≥ 0x80).
    let attention: UnsafeMutablePointer<UInt8>
    /// Per ASCII byte: its replacement packed little-endian in the low 7 bytes, its length in the top byte; 0 when
    /// the byte is copied as it is.
    let replacements: UnsafeMutablePointer<UInt64>
    /// The most bytes one input byte can become (at least 3, U+FFFD for an ill-formed byte).
    let maximumExpansion: Int
    /// Whether every replacement fits the packed form (≤ 7 bytes); otherwise the escaping's closure writes them.
    let isPacked: Bool
    /// Up to four special ASCII bytes ≥ 0x20, each repeated 16 times, for the vector probe (C0 controls and
    /// non-ASCII bytes are always flagged by the probe); `nil` when there are more than four.
    let probe: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)?

    /// Builds the tables of an escaping from its special set and rewrite closure (called once per special byte).
    init(special: ByteSet, rewrite: (UInt8, inout OutputBuffer) -> Void) {
        attention = .allocate(capacity: 256)
        attention.initialize(repeating: 0, count: 256)
        replacements = .allocate(capacity: 128)
        replacements.initialize(repeating: 0, count: 128)
        for byte in 0x80...0xFF { attention[byte] = 1 }
        var packed = true
        var expansion = 3
        var printable: [UInt8] = []
        for byte in UInt8(0)..<0x80 where special.contains(byte) {
            attention[Int(byte)] = 1
            if byte >= 0x20 { printable.append(byte) }
            var replacement = OutputBuffer()
            rewrite(byte, &replacement)
            expansion = Swift.max(expansion, replacement.count)
            // An empty replacement cannot be told apart from "copy" in the packed form: leave it to the closure.
            guard replacement.count > 0, replacement.count <= 7 else {
                packed = false
                continue
            }
            var word = UInt64(replacement.count) << 56
            replacement.withBytes { bytes in
                for (index, value) in bytes.enumerated() { word |= UInt64(value) << UInt64(8 * index) }
            }
            replacements[Int(byte)] = word
        }
        maximumExpansion = expansion
        isPacked = packed
        if printable.count <= 4 {
            // Padding with NUL is harmless: the probe flags every C0 byte anyway.
            while printable.count < 4 { printable.append(0) }
            probe = (
                SIMD16(repeating: printable[0]), SIMD16(repeating: printable[1]),
                SIMD16(repeating: printable[2]), SIMD16(repeating: printable[3])
            )
        } else {
            probe = nil
        }
    }

    deinit {
        attention.deallocate()
        replacements.deallocate()
    }

    /// Whether none of `source[0..<count]` needs rewriting (the common case: one check, then one copy).
    ///
    /// Every byte is tested with 16-byte vector compares, also for short values: the last block is loaded overlapping
    /// the previous one, and a value of 4–15 bytes is loaded as two overlapping halves, so no load leaves the value.
    @inline(__always)
    func isClean(_ source: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard let probe, count >= 4 else { return firstAttention(source, from: 0, count: count) == count }
        let raw = UnsafeRawPointer(source)
        if count >= 16 {
            var offset = 0
            while offset &+ 16 < count {
                if Self.isFlagged(raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self), probe) {
                    return false
                }
                offset &+= 16
            }
            return !Self.isFlagged(raw.loadUnaligned(fromByteOffset: count &- 16, as: SIMD16<UInt8>.self), probe)
        }
        // Duplicated bytes do not matter: the question is only whether any byte is flagged.
        let halves: (UInt64, UInt64)
        if count >= 8 {
            halves = (
                raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            )
        } else {
            let quarters =
                UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) << 32
            halves = (quarters, quarters)
        }
        return !Self.isFlagged(unsafeBitCast(halves, to: SIMD16<UInt8>.self), probe)
    }

    /// The index of the first byte at or after `start` that may need rewriting (C0 controls, non-ASCII, specials),
    /// or `count` when there is none.
    @inline(__always)
    func firstAttention(_ source: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        var index = start
        if let probe {
            while index &+ 16 <= count {
                let block = UnsafeRawPointer(source + index).loadUnaligned(as: SIMD16<UInt8>.self)
                if Self.isFlagged(block, probe) {
                    // The probe over-approximates (TAB for XML text is copied): settle the block byte by byte, then
                    // go back to whole blocks.
                    let end = index &+ 16
                    while index < end {
                        if attention[Int(source[index])] != 0 { return index }
                        index &+= 1
                    }
                    continue
                }
                index &+= 16
            }
        }
        while index < count, attention[Int(source[index])] == 0 { index &+= 1 }
        return index
    }

    /// Whether any byte of `block` is a C0 control, non-ASCII, or one of the probe's printable specials.
    @inline(__always)
    private static func isFlagged(
        _ block: SIMD16<UInt8>,
        _ probe: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)
    ) -> Bool {
        // The scalar type spelled out: `SIMD16(repeating: 0x20)` infers through the generic literal path and is not
        // vectorised (measured: twice the instructions of the whole CEF run).
        let space = SIMD16<UInt8>(repeating: 0x20)
        let delete = SIMD16<UInt8>(repeating: 0x7F)
        let marks =
            (block .< space) .| (block .> delete) .| (block .== probe.0) .| (block .== probe.1)
            .| (block .== probe.2) .| (block .== probe.3)
        // Reading the mask as two words compiles to one compare and `movmsk`; `any(_:)` would reduce lanes.
        let words = unsafeBitCast(marks, to: (UInt64, UInt64).self)
        return words.0 | words.1 != 0
    }
}
