/// The bytes a nesting writer (JSON objects, XML elements) writes around each ``ECSField``, computed once per format
/// so that moving from one field to the next is two table lookups and two short copies.
///
/// For a field `a.b.leaf` the table holds the **opening** `open(a) open(b) openLeaf(leaf)` (e.g. `"a":{"b":{"leaf":`
/// or `<a><b><leaf>`), with the offset where each level starts, and the **closing** of its parents innermost first
/// (`}}` or `</b></a>`), with the length that closes down to each level; plus the leaf's closing tag (XML) and the
/// depth two fields share. Between fields `p` and `f` sharing `s` levels, a writer copies the first
/// `closingLength(p, s)` closing bytes of `p` and the opening of `f` from level `s`.
///
/// The tables live in one allocation per format for the program's lifetime (``json``, ``xml``); the exporters keep a
/// reference, so the hot path reads plain memory (no lazy-global check per field).
///
/// ```swift
/// let syntax = ECSNestingSyntax.json
/// let shared = syntax.sharedDepth(.sourcePort, .sourceDomain)   // 1
/// syntax.opening(.sourceDomain, from: shared)                   // "domain":
/// ```
final class ECSNestingSyntax: @unchecked Sendable {
    // @unchecked: the memory is written once in init and only read afterwards.

    /// Where one field's pieces are in ``bytes``.
    private struct Entry {
        /// Offset of the opening of each level `0...depth` (the leaf's at `depth`).
        var openingStarts: InlineArray<4, UInt16>
        /// Offset of the leaf's opening (`openingStarts[depth]`).
        var leafOpeningStart: UInt16
        var openingEnd: UInt16
        /// Offset of the parents' closing (innermost first).
        var closingStart: UInt16
        /// Length of the closing down to each level `0...depth` (0 at `depth`).
        var closingLengths: InlineArray<4, UInt16>
        var leafClosingStart: UInt16
        var leafClosingEnd: UInt16
    }

    private let bytes: UnsafeMutablePointer<UInt8>
    private let entries: UnsafeMutablePointer<Entry>
    private let sharedDepths: UnsafeMutablePointer<UInt8>

    /// JSON: `"segment":{` per parent, `"leaf":`, `}` per closed parent, nothing after the leaf.
    static let json = ECSNestingSyntax(
        parentOpening: { "\"\($0)\":{" }, leafOpening: { "\"\($0)\":" }, parentClosing: { _ in "}" },
        leafClosing: { _ in "" })

    /// XML: `<segment>` per parent and leaf, `</segment>` to close; `@timestamp` is `timestamp` (`@` cannot start an
    /// XML name; every other catalogue segment already is an NCName).
    static let xml = ECSNestingSyntax(
        parentOpening: { "<\($0)>" }, leafOpening: { "<\(xmlName($0))>" }, parentClosing: { "</\($0)>" },
        leafClosing: { "</\(xmlName($0))>" })

    private static func xmlName(_ segment: String) -> String {
        segment.hasPrefix("@") ? String(segment.dropFirst()) : segment
    }

    /// Builds the tables from the catalogue names (``ECSFieldLayout``) and the four pieces of syntax.
    init(
        parentOpening: (String) -> String, leafOpening: (String) -> String, parentClosing: (String) -> String,
        leafClosing: (String) -> String
    ) {
        var pool: [UInt8] = []
        var built: [Entry] = []
        func append(_ text: String) -> UInt16 {
            pool.append(contentsOf: text.utf8)
            return UInt16(pool.count)
        }
        for field in ECSField.allCases {
            let layout = ECSFieldLayout.of(field)
            let segments = (0...layout.depth).map { String(decoding: layout.segment($0), as: UTF8.self) }
            var entry = Entry(
                openingStarts: InlineArray(repeating: 0), leafOpeningStart: 0, openingEnd: 0, closingStart: 0,
                closingLengths: InlineArray(repeating: 0), leafClosingStart: 0, leafClosingEnd: 0)
            for level in 0..<layout.depth {
                entry.openingStarts[level] = UInt16(pool.count)
                _ = append(parentOpening(segments[level]))
            }
            entry.openingStarts[layout.depth] = UInt16(pool.count)
            entry.leafOpeningStart = UInt16(pool.count)
            entry.openingEnd = append(leafOpening(segments[layout.depth]))
            entry.closingStart = UInt16(pool.count)
            var closings: [Int] = []  // closing length of each level, innermost first
            for level in (0..<layout.depth).reversed() {
                let before = pool.count
                _ = append(parentClosing(segments[level]))
                closings.append(pool.count - before)
            }
            // Closing down to level s closes levels depth-1 … s: the first (depth - s) pieces.
            for level in 0...layout.depth {
                entry.closingLengths[level] = UInt16(closings.prefix(layout.depth - level).reduce(0, +))
            }
            entry.leafClosingStart = UInt16(pool.count)
            entry.leafClosingEnd = append(leafClosing(segments[layout.depth]))
            built.append(entry)
        }
        precondition(pool.count < Int(UInt16.max), "syntax tables fit 16-bit offsets")
        bytes = .allocate(capacity: pool.count)
        bytes.initialize(from: pool, count: pool.count)
        entries = .allocate(capacity: built.count)
        entries.initialize(from: built, count: built.count)
        sharedDepths = .allocate(capacity: ECSField.count * ECSField.count)
        for first in ECSField.allCases {
            for second in ECSField.allCases {
                sharedDepths[first.rawValue * ECSField.count + second.rawValue] =
                    UInt8(ECSFieldLayout.sharedDepth(first, second))
            }
        }
    }

    deinit {
        bytes.deallocate()
        entries.deallocate()
        sharedDepths.deallocate()
    }

    /// How many enclosing objects or elements `first` and `second` share.
    @inline(__always)
    func sharedDepth(_ first: ECSField, _ second: ECSField) -> Int {
        Int(sharedDepths[first.rawValue &* ECSField.count &+ second.rawValue])
    }

    /// The opening of `field` from level `shared` on: its parents below `shared`, then the leaf.
    @inline(__always)
    func opening(_ field: ECSField, from shared: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[field.rawValue]
        let start = Int(entry.openingStarts[shared])
        return UnsafeBufferPointer(start: bytes + start, count: Int(entry.openingEnd) &- start)
    }

    /// The closing of `field`'s parents down to level `shared` (innermost first).
    @inline(__always)
    func closing(_ field: ECSField, downTo shared: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[field.rawValue]
        return UnsafeBufferPointer(start: bytes + Int(entry.closingStart), count: Int(entry.closingLengths[shared]))
    }

    /// The leaf's own opening (repeated list elements in XML).
    @inline(__always)
    func leafOpening(_ field: ECSField) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[field.rawValue]
        let start = Int(entry.leafOpeningStart)
        return UnsafeBufferPointer(start: bytes + start, count: Int(entry.openingEnd) &- start)
    }

    /// The leaf's closing (XML `</leaf>`; empty in JSON).
    @inline(__always)
    func leafClosing(_ field: ECSField) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[field.rawValue]
        return UnsafeBufferPointer(
            start: bytes + Int(entry.leafClosingStart),
            count: Int(entry.leafClosingEnd) &- Int(entry.leafClosingStart))
    }
}
