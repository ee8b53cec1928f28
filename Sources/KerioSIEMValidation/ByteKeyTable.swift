/// A lookup from key bytes to the key's position in a fixed list, built once from a schema: what the fast paths use
/// to find a record's key without making a `String` of it.
///
/// Open addressing over a power-of-two table at most a quarter full (so a miss ends after about one probe), keyed by
/// a cheap hash of the bytes (``hash(_:)``); the key bytes are stored in one flat array and compared byte for byte. Byte
/// equality is stricter than `String` equality (which is canonical equivalence), so a hit is always the key the
/// schema names, and a miss only sends the record to the exact, `String`-based check.
///
/// ```swift
/// let table = ByteKeyTable(["src", "dst", "spt"])
/// line.withUnsafeBufferPointer { table.index(of: $0) }   // 1 for "dst", nil for "foo"
/// ```
struct ByteKeyTable: Sendable {
    /// One hash bucket: the key's position (-1 when empty) and where its bytes are, so that a probe reads one entry.
    private struct Entry {
        var position: Int32 = -1
        var length: Int32 = 0
        var start = 0
    }

    /// The hash buckets.
    private let slots: [Entry]
    private let mask: Int
    /// All keys' UTF-8, one after the other.
    private let keyBytes: [UInt8]
    /// Where key `i` starts in ``keyBytes``; `offsets[i + 1]` is where it ends.
    private let offsets: [Int]

    /// How many keys the table holds.
    var count: Int { offsets.count - 1 }

    /// A table of `keys`; the position of a key is its index in `keys` (the first, if a key is listed twice).
    init(_ keys: [String]) {
        var size = 8
        while size < keys.count * 4 { size <<= 1 }
        var slots = [Entry](repeating: Entry(), count: size)
        var keyBytes: [UInt8] = []
        var offsets = [0]
        for key in keys {
            keyBytes.append(contentsOf: key.utf8)
            offsets.append(keyBytes.count)
        }
        let mask = size - 1
        for position in keys.indices {
            let bytes = Array(keys[position].utf8)
            var slot = bytes.withUnsafeBufferPointer { Int(truncatingIfNeeded: Self.hash($0)) } & mask
            var duplicate = false
            while slots[slot].position >= 0 {
                if keys[Int(slots[slot].position)].utf8.elementsEqual(bytes) {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if !duplicate {
                slots[slot] = Entry(
                    position: Int32(position), length: Int32(bytes.count), start: offsets[position])
            }
        }
        self.slots = slots
        self.mask = mask
        self.keyBytes = keyBytes
        self.offsets = offsets
    }

    /// The position of the key spelt by `key`, or `nil` when no listed key has exactly these bytes.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        return slots.withUnsafeBufferPointer { slots in
            keyBytes.withUnsafeBufferPointer { stored in
                while true {
                    let entry = slots[slot]
                    if entry.position < 0 { return nil }
                    if Int(entry.length) == key.count,
                        entry.length == 0
                            || ByteScan.equal(stored.baseAddress! + entry.start, key.baseAddress!, key.count)
                    {
                        return Int(entry.position)
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The key at `position`, as bytes.
    func key(at position: Int) -> ArraySlice<UInt8> { keyBytes[offsets[position]..<offsets[position + 1]] }

    /// A hash of the length and four bytes (first, last, middle, second): keys are short and differ there, and a
    /// hash over every byte cost more than the rest of the lookup. The five are packed into one word and mixed by one
    /// multiplication (a chain of multiplications was most of a lookup's latency); the high half is the hash.
    /// Collisions only cost a byte comparison.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        guard count > 0 else { return 0 }
        let packed =
            UInt64(truncatingIfNeeded: count) << 32 | UInt64(bytes[0]) | UInt64(bytes[count - 1]) << 8
            | UInt64(bytes[count >> 1]) << 16 | UInt64(bytes[count > 1 ? 1 : 0]) << 24
        return (packed &* 0x9E37_79B9_7F4A_7C15) >> 32
    }
}
