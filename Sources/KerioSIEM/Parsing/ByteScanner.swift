/// A cursor over one line's bytes, with the few primitives the record grammars need.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    var end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    var isAtEnd: Bool { position >= end }
    var remaining: Int { end - position }

    func peek() -> UInt8? { position < end ? bytes[position] : nil }
}
