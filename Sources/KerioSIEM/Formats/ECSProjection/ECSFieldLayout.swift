/// The dotted names of all ``ECSField``s split into segments once: a field's depth, its segments and the depth two
/// fields share, by table lookup (``ECSField/depth``, ``ECSField/segment(_:)``, ``ECSField/sharedDepth(with:)``, and
/// the source of ``ECSNestingSyntax``'s per-format tables).
///
/// Built on first use (one allocation for the program's lifetime); nothing is computed per record.
///
/// ```swift
/// let layout = ECSFieldLayout.of(.observerIngressInterfaceName)
/// layout.depth                     // 3
/// ECSFieldLayout.sharedDepth(.observerVendor, .observerIngressInterfaceName)   // 1
/// ```
struct ECSFieldLayout: Sendable {
    /// The most segments a catalogue name has (`observer.ingress.interface.name`).
    static let maximumSegments = 4

    /// The dotted name.
    let name: StaticString
    /// The number of enclosing objects (dots in the name).
    let depth: Int
    /// Byte offset in ``name`` where each segment starts.
    let starts: InlineArray<4, UInt8>
    /// Byte offset in ``name`` where each segment ends.
    let ends: InlineArray<4, UInt8>

    init(_ field: ECSField) {
        name = field.name
        var starts = InlineArray<4, UInt8>(repeating: 0)
        var ends = InlineArray<4, UInt8>(repeating: 0)
        var segment = 0
        let bytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        precondition(bytes.count < 256, "catalogue names are short")
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            ends[segment] = UInt8(index)
            segment += 1
            precondition(segment < Self.maximumSegments, "\(name) nests deeper than the layout allows")
            starts[segment] = UInt8(index + 1)
        }
        ends[segment] = UInt8(bytes.count)
        depth = segment
        self.starts = starts
        self.ends = ends
    }

    /// The `index`-th segment's bytes (static storage).
    func segment(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: name.utf8Start + Int(starts[index]), count: Int(ends[index] - starts[index]))
    }

    /// Every field's layout, indexed by `rawValue`.
    static let table: [ECSFieldLayout] = ECSField.allCases.map(ECSFieldLayout.init)

    /// How many enclosing objects each pair of fields shares, at `[first.rawValue * count + second.rawValue]`.
    static let sharedDepths: [UInt8] = {
        var depths: [UInt8] = []
        for first in table {
            for second in table {
                var shared = 0
                while shared < first.depth, shared < second.depth,
                    first.segment(shared).elementsEqual(second.segment(shared))
                {
                    shared += 1
                }
                depths.append(UInt8(shared))
            }
        }
        return depths
    }()

    /// The layout of `field`.
    @inline(__always)
    static func of(_ field: ECSField) -> ECSFieldLayout { table[field.rawValue] }

    /// How many enclosing objects `first` and `second` share.
    @inline(__always)
    static func sharedDepth(_ first: ECSField, _ second: ECSField) -> Int {
        Int(sharedDepths[first.rawValue &* ECSField.count &+ second.rawValue])
    }
}
