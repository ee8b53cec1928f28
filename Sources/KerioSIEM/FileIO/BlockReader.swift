#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Cuts a byte stream into blocks of whole lines for ``ParallelConversion``, carrying the partial last line of each
/// read over to the next block.
struct BlockReader: ~Copyable {
    /// The bytes read after the last LF of the previous block.
    private let carry: UnsafeMutableRawBufferPointer
    private var carryCount = 0
    private let capacity: Int
    /// Whether the stream has ended (and the carry was handed out).
    private(set) var isAtEnd = false
    private var sawEnd = false

    init(capacity: Int) {
        self.capacity = capacity
        carry = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { carry.deallocate() }

    /// Fills `block` with the carry and fresh bytes, then cuts it after its last LF (the rest is carried).
    /// - Parameter cutEarly: for live input, asked after each read whether more bytes are waiting; when none are and
    ///   the block already holds a complete line, the block is cut there instead of waiting to fill.
    /// - Returns: `true` when the block holds whole lines (or the end of the input), `false` when it is the start of a
    ///   line longer than a block (continue with ``readRestOfLine(into:_:)``).
    mutating func fill<E>(
        _ block: ConversionBlock<E>, _ read: (UnsafeMutableRawBufferPointer) throws -> Int,
        cutEarly hasPendingInput: (() -> Bool)? = nil
    ) throws -> Bool {
        let storage = block.storage
        let bytes = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if carryCount > 0 {
            storage.baseAddress!.copyMemory(from: carry.baseAddress!, byteCount: carryCount)
        }
        var count = carryCount
        carryCount = 0
        /// Whether `bytes[..<count]` holds a LF (only looked for in bytes not yet searched).
        var searched = 0
        var holdsLine = false
        while count < capacity && !sawEnd {
            let got = try read(UnsafeMutableRawBufferPointer(rebasing: storage[count..<capacity]))
            if got == 0 { sawEnd = true } else { count += got }
            if let hasPendingInput, !sawEnd {
                if !holdsLine { holdsLine = memchr(bytes + searched, 0x0A, count - searched) != nil }
                searched = count
                if holdsLine && !hasPendingInput() { break }
            }
        }
        block.count = count
        if sawEnd {
            isAtEnd = true
            return true
        }
        // The last LF; unless cut early, the block is full here, so a missing LF means one line fills the block.
        var index = count - 1
        while index >= 0 && bytes[index] != 0x0A { index -= 1 }
        guard index >= 0 else { return false }
        carryCount = count - (index + 1)
        if carryCount > 0 {
            carry.baseAddress!.copyMemory(from: storage.baseAddress! + index + 1, byteCount: carryCount)
        }
        block.count = index + 1
        return true
    }

    /// Reads the next piece of an overlong line into `block`'s storage: up to and including its LF (the rest is
    /// carried), or everything read when no LF came yet.
    /// - Returns: the piece, or `nil` once the line has ended.
    mutating func readRestOfLine<E>(
        into block: ConversionBlock<E>,
        _ read: (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws -> UnsafeBufferPointer<UInt8>? {
        guard !sawEnd, block.input.last != 0x0A else { return nil }
        let storage = block.storage
        let got = try read(storage)
        guard got > 0 else {
            sawEnd = true
            isAtEnd = true
            return nil
        }
        let bytes = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if let found = memchr(bytes, 0x0A, got) {
            let lineEnd = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - UnsafePointer(bytes) + 1
            carryCount = got - lineEnd
            if carryCount > 0 {
                carry.baseAddress!.copyMemory(from: storage.baseAddress! + lineEnd, byteCount: carryCount)
            }
            block.count = lineEnd
        } else {
            block.count = got
        }
        return block.input
    }
}
