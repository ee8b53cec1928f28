/// The last string values each schema node accepted, so that a value met again skips its pattern and format checks:
/// log records repeat their values (the same addresses in `source.ip` and again in `related.ip`, the same second in
/// `@timestamp` record after record), and comparing up to 32 bytes costs a fraction of a pattern automaton's walk.
///
/// Sound because a node's verdict on a string token depends on the token's bytes alone (whether it holds escapes or
/// non-ASCII is read from them too): values of at most ``capacity`` bytes are remembered after the node accepted
/// them. Two values a node (most recent first); memory is fixed by the number of nodes.
///
/// ```swift
/// var memo = StringVerdictMemo(nodeCount: nodes.count)
/// if !memo.contains(bytes, node: 7) { /* check; if accepted: */ memo.remember(bytes, node: 7) }
/// ```
struct StringVerdictMemo {
    /// The longest value remembered.
    static let capacity = 32

    /// The remembered values, ``capacity`` bytes each (what follows a value is not looked at: compares stop at its
    /// length); entry
    /// `2 * node` is the node's most recent, `2 * node + 1` the one before.
    private var stored: [UInt8]
    /// Each entry's length, -1 when empty.
    private var lengths: [Int]

    /// An empty memo for `nodeCount` schema nodes.
    init(nodeCount: Int) {
        stored = Array(repeating: 0, count: 2 * nodeCount * Self.capacity)
        lengths = Array(repeating: -1, count: 2 * nodeCount)
    }

    /// Whether `bytes` are one of the values `node` accepted last; `readable`: how many bytes from `bytes`' start
    /// may be read (at least 32 lets the comparison read ahead instead of looping).
    @inline(__always)
    func contains(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int, node: Int) -> Bool {
        let count = bytes.count
        let entry = 2 &* node
        let newest = lengths[entry] == count
        guard count <= Self.capacity, newest || lengths[entry &+ 1] == count, let base = bytes.baseAddress else {
            return false
        }
        return stored.withUnsafeBufferPointer { stored in
            let first = stored.baseAddress! + entry &* Self.capacity
            let second = first + Self.capacity
            if readable >= Self.capacity {
                return (newest && ByteScan.equalReadingAhead(base, first, count))
                    || (lengths[entry &+ 1] == count && ByteScan.equalReadingAhead(base, second, count))
            }
            return (newest && ByteScan.equal(base, first, count))
                || (lengths[entry &+ 1] == count && ByteScan.equal(base, second, count))
        }
    }

    /// Remembers that `node` accepted `bytes` (nothing when longer than ``capacity``); `readable` as for
    /// ``contains(_:readable:node:)``.
    @inline(__always)
    mutating func remember(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int, node: Int) {
        let count = bytes.count
        guard count <= Self.capacity else { return }
        let entry = 2 &* node
        lengths[entry &+ 1] = lengths[entry]
        lengths[entry] = count
        stored.withUnsafeMutableBufferPointer { stored in
            let newest = stored.baseAddress! + entry &* Self.capacity
            ByteScan.copy32(from: newest, to: newest + Self.capacity)
            if let base = bytes.baseAddress {
                if readable >= Self.capacity {
                    // The bytes past the value are copied too: every compare stops at its length.
                    ByteScan.copy32(from: base, to: newest)
                } else {
                    newest.update(from: base, count: count)
                }
            }
        }
    }
}
