/// Where converted bytes go: a file descriptor, memory, or the caller's own pipeline stage.
///
/// ```swift
/// var sink = MemorySink()
/// try sink.write(buffer)
/// print(sink.bytes.count)
/// ```
public protocol ByteSink {
    /// Writes all of `bytes`, or throws.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws
}

/// A sink that collects everything in memory, for tests and embedding.
public struct MemorySink: ByteSink, Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// An empty sink.
    public init() {}

    /// Appends `bytes`.
    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }

    /// The bytes as a string (invalid UTF-8 repaired).
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
