/// Collects a session's output between two reads, so the sequential path of ``ParallelConversion`` hands the caller's
/// sink the same large blocks without making the session generic over that sink's type.
struct ArraySink: ByteSink {
    var bytes: [UInt8] = []

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }

    /// Passes what was collected to `write` and empties the buffer (keeping its capacity).
    mutating func drain(into write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBufferPointer { try write($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
