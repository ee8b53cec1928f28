/// The shapes of the NDJSON records ``JSONFastSchema`` has accepted, as a prefix tree, so that a record of a shape
/// seen before is checked by comparing its structure in runs and checking only its scalar values.
///
/// A record's *shape* is its bytes with each string and number value cut out: the runs in between hold every brace,
/// bracket, comma, colon, key, `true`/`false`/`null` and whitespace. Each cut-out value keeps the schema node the
/// walk checked it against and its kind. Two records with the same runs have the same keys at the same places, the
/// same nesting and the same item counts, so the schema asks of the second exactly what it asked of the first, value
/// by value: if the first passed and every value of the second passes its node's scalar check, so does the second.
/// The one assertion that relates values, `uniqueItems`, is kept as a group number per item.
///
/// The tree: a node is "after the n-th value of a record"; an edge from it is the next run and what follows it (a
/// value of a node and kind, or the end of the record). Bounded (``maximumEdges``, ``maximumRunBytes``): once full,
/// records of new shapes are still checked, only not added.
///
/// ```swift
/// let shapes = RecordShapes()
/// shapes.insert(record, values: walkedValues)   // after the full walk accepted `record`
/// ```
final class RecordShapes {
    /// The most edges kept.
    static let maximumEdges = 16_384
    /// The most run bytes kept.
    static let maximumRunBytes = 1 << 20
    /// The most values a record may have to be kept.
    static let maximumValues = 4_096

    /// What follows a run.
    enum Kind: UInt8 {
        /// The record ends with the run.
        case end
        /// A string, quotes included.
        case string
        /// A string its node accepts whatever it holds (a plain `type: string`): only its syntax is checked.
        case plainString
        /// A number.
        case number
    }

    /// A scalar value of a walked record: where its token is and how the walk checked it.
    struct Value {
        /// The token's bytes, `start..<end` in the record (a string's quotes included).
        var start: Int32
        var end: Int32
        /// The schema node it was checked against; -1: none (items of a `uniqueItems` array without `items`).
        var node: Int32
        var kind: Kind
        /// The `uniqueItems` array it is an item of (numbered from 1 in the record), or 0.
        var group: UInt8
    }

    /// An edge of the tree, in 16 bytes (a probe reads one; four share a cache line). The tree node after it is
    /// ``target(of:)``: each edge made one node, the next in number.
    struct Edge {
        /// The run, `runs[runStart..<runStart + runLength]`.
        var runStart: Int32
        var runLength: UInt16
        var kind: Kind
        var group: UInt8
        /// The value after the run (unused for ``Kind/end``).
        var node: Int32
        /// The next edge from the same tree node, or -1.
        var sibling: Int32
    }

    /// The tree node an edge leads to.
    @inline(__always)
    static func target(of edge: Int) -> Int { edge &+ 1 }

    /// Per tree node, its first edge or -1; node 0 is the start of a record (``edgeCount`` + 1 nodes).
    let firstEdge: UnsafeMutablePointer<Int32>
    /// The edges, ``edgeCount`` of them.
    let edges: UnsafeMutablePointer<Edge>
    /// All runs, one after the other (``runBytes``), and ``padding`` zero bytes, so that a compare may read 32 bytes
    /// at any run.
    let runs: UnsafeMutablePointer<UInt8>
    /// The zero bytes after the last run.
    static let padding = 32
    private(set) var edgeCount = 0
    private(set) var runBytes = 0

    /// Per edge, the string value it accepted last (in ``valueCapacity`` bytes; compares stop at its length), and
    /// its length (-1: none): a `const` or `enum` value at one place of a shape recurs record after record, and one
    /// compare then stands for the value's check (sound as ``StringVerdictMemo`` is: an edge's check is its node's).
    /// Read and written by ``JSONFastSchema/acceptsByShape(_:count:_:)``.
    let lastValues: UnsafeMutablePointer<UInt8>
    let lastValueLengths: UnsafeMutablePointer<Int32>
    /// The longest value ``lastValues`` keeps.
    static let valueCapacity = 32

    /// An empty tree. Its storage is allocated at its bounds once (about 2 MiB of address space, touched only as
    /// shapes are added), so that the matcher reads it through plain pointers: no copy, no reference counting and
    /// no exclusivity check per record.
    init() {
        firstEdge = .allocate(capacity: Self.maximumEdges + 1)
        firstEdge[0] = -1
        edges = .allocate(capacity: Self.maximumEdges)
        runs = .allocate(capacity: Self.maximumRunBytes + Self.padding)
        runs.initialize(repeating: 0, count: Self.padding)
        lastValues = .allocate(capacity: Self.maximumEdges * Self.valueCapacity)
        lastValueLengths = .allocate(capacity: Self.maximumEdges)
    }

    deinit {
        firstEdge.deallocate()
        edges.deallocate()
        runs.deallocate()
        lastValues.deallocate()
        lastValueLengths.deallocate()
    }

    /// Whether no further shape is added.
    var isFull: Bool { edgeCount >= Self.maximumEdges || runBytes >= Self.maximumRunBytes }

    /// Adds the shape of `record` (`count` bytes at `base`), whose scalar values a full walk found to be `values` in
    /// order, and accepted; does nothing when full.
    func insert(_ base: UnsafePointer<UInt8>, count: Int, values: [Value]) {
        guard values.count <= Self.maximumValues, !isFull else { return }
        var node = 0
        var cursor = 0
        var index = 0
        while true {
            let value = index < values.count ? values[index] : nil
            let runEnd = value.map { Int($0.start) } ?? count
            let run = UnsafeBufferPointer(start: base + cursor, count: runEnd - cursor)
            let kind = value?.kind ?? .end
            let valueNode = value?.node ?? -1
            let group = value?.group ?? 0
            var edgeIndex = Int(firstEdge[node])
            while edgeIndex >= 0 {
                let edge = edges[edgeIndex]
                if edge.kind == kind, edge.node == valueNode, edge.group == group,
                    UnsafeBufferPointer(start: runs + Int(edge.runStart), count: Int(edge.runLength))
                        .elementsEqual(run)
                {
                    break
                }
                edgeIndex = Int(edge.sibling)
            }
            if edgeIndex < 0 {
                // Full, or a run longer than an edge can say (a key of 64 KiB): the rest of this shape is not kept
                // (the part kept never ends a record, so it accepts nothing).
                guard !isFull, runBytes + run.count <= Self.maximumRunBytes, run.count <= Int(UInt16.max) else {
                    return
                }
                edgeIndex = edgeCount
                edges[edgeIndex] = Edge(
                    runStart: Int32(runBytes), runLength: UInt16(run.count), kind: kind, group: group, node: valueNode,
                    sibling: firstEdge[node])
                firstEdge[node] = Int32(edgeIndex)
                firstEdge[edgeCount + 1] = -1
                lastValueLengths[edgeIndex] = -1
                edgeCount += 1
                if let start = run.baseAddress { (runs + runBytes).update(from: start, count: run.count) }
                runBytes += run.count
                (runs + runBytes).update(repeating: 0, count: Self.padding)
            }
            guard let value else { return }
            node = Self.target(of: edgeIndex)
            cursor = Int(value.end)
            index += 1
        }
    }
}
