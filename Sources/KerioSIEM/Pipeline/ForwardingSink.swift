/// A sink that hands every write straight to a closure: the sequential conversion path writes the session's flushed
/// output to the destination without first copying it into an intermediate array.
struct ForwardingSink: ByteSink {
    let forward: (UnsafeBufferPointer<UInt8>) throws -> Void

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws { try forward(bytes) }
}
