/// The order in which the keys of each object schema came last, so that ``JSONFastSchema`` can try the key it
/// expects before reading and looking one up: NDJSON from one writer repeats its key order record after record, and
/// comparing a key's bytes in place costs a fraction of scanning it, hashing it and probing a ``ByteKeyTable``.
///
/// A prediction is only a guess: a key that does not match is read and looked up as before, and the order remembered
/// for the next record. Nothing is accepted because of a prediction that the lookup would not accept (see
/// ``SpelledKey``).
///
/// ```swift
/// var prediction = KeyPrediction(slotCount: 40, nodeCount: 12)
/// prediction.remember(3, after: -1, in: 0)   // object schema 0 started with its property 3
/// prediction.firstKey(of: 0)                 // 3
/// ```
struct KeyPrediction {
    /// Per property slot (``JSONFastSchema``'s numbering): the position of the key that followed it last, or -1.
    private var next: [Int32]
    /// Per schema node: the position of the key its objects started with last, or -1.
    private var first: [Int32]

    /// No prediction yet for `slotCount` property slots of `nodeCount` schema nodes.
    init(slotCount: Int, nodeCount: Int) {
        next = Array(repeating: -1, count: slotCount)
        first = Array(repeating: -1, count: nodeCount)
    }

    /// The position of the key expected first in an object of `node`, or -1.
    @inline(__always)
    func firstKey(of node: Int) -> Int { Int(first[node]) }

    /// The position of the key expected after the property in `slot`, or -1.
    @inline(__always)
    func key(after slot: Int) -> Int { Int(next[slot]) }

    /// Remembers that the key at `position` of `node`'s properties came after the property in `previousSlot` (-1:
    /// first in its object).
    @inline(__always)
    mutating func remember(_ position: Int, after previousSlot: Int, in node: Int) {
        if previousSlot < 0 {
            first[node] = Int32(truncatingIfNeeded: position)
        } else {
            next[previousSlot] = Int32(truncatingIfNeeded: position)
        }
    }
}

/// A property name as compact JSON writes it as a key, `"name":`, packed into three words and masks so that
/// ``isSpelled(at:available:)`` compares it with a record in three loads.
///
/// Only a name whose key is written without escapes (printable ASCII, no `"` or `\`) and fits 24 bytes is spelled;
/// for any other, ``length`` is 0 and the key is always read and looked up. So bytes that spell the key are exactly
/// an unescaped JSON string equal to the name, followed by `:` — what the lookup path accepts, with no whitespace.
///
/// ```swift
/// SpelledKey("port").length   // 7: "port":
/// ```
struct SpelledKey: Sendable {
    /// The key's bytes, little-endian, zero past ``length``.
    private let words: (UInt64, UInt64, UInt64)
    /// 0xFF for each byte of ``words`` that is part of the key.
    private let masks: (UInt64, UInt64, UInt64)
    /// The bytes of `"name":`, or 0 when the name is never predicted.
    let length: Int

    /// Capacity of the three words.
    private static let capacity = 24

    /// `name` as a key (not spelled when it needs escaping or is too long).
    init(_ name: String) {
        let bytes = [UInt8(ascii: "\"")] + Array(name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")]
        let plain = name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != 0x5C }
        guard plain, bytes.count <= Self.capacity else {
            words = (0, 0, 0)
            masks = (0, 0, 0)
            length = 0
            return
        }
        var packed: [UInt64] = [0, 0, 0]
        var mask: [UInt64] = [0, 0, 0]
        for (offset, byte) in bytes.enumerated() {
            packed[offset / 8] |= UInt64(byte) << (8 * UInt64(offset % 8))
            mask[offset / 8] |= 0xFF << (8 * UInt64(offset % 8))
        }
        words = (packed[0], packed[1], packed[2])
        masks = (mask[0], mask[1], mask[2])
        length = bytes.count
    }

    /// Whether the `available` bytes at `bytes` start with this key.
    @inline(__always)
    func isSpelled(at bytes: UnsafePointer<UInt8>, available: Int) -> Bool {
        guard length > 0, available >= length else { return false }
        let raw = UnsafeRawPointer(bytes)
        if available >= Self.capacity {
            let difference =
                (raw.loadUnaligned(as: UInt64.self) ^ words.0) & masks.0
                | (raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ words.1) & masks.1
                | (raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) ^ words.2) & masks.2
            return difference == 0
        }
        // Near the end of the line: byte by byte, never reading past it.
        for offset in 0..<length {
            let word = offset < 8 ? words.0 : offset < 16 ? words.1 : words.2
            if bytes[offset] != UInt8(truncatingIfNeeded: word >> (8 * UInt64(offset % 8))) { return false }
        }
        return true
    }
}
