/// Where converted bytes go: a file descriptor, memory, or the caller's own pipeline stage.
///
/// ```swift
/// var sink = MemorySink()
/// try sink.write(buffer)
/// print(sink.bytes.count)
/// ```
public protocol ByteSink {
    /// Writes all of `bytes`, or throws.
    ///
    /// Why a pointer: the session hands over its own output buffer, without a copy, once per 256 KiB; a conformer reads
    /// the bytes during the call (`Array(bytes)` or `bytes.span` to keep or borrow them safely) and must not keep the
    /// pointer.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws
}

/// A sink that collects everything in memory, for tests and embedding.
public struct MemorySink: ByteSink, Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// An empty sink.
    public init() {}

    /// Appends `bytes`.
    ///
    /// Why a pointer: it is the ``ByteSink`` requirement: the session hands over its own output buffer without a copy,
    /// and the bytes are only read during the call.
    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }

    /// The bytes as a string (invalid UTF-8 repaired).
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
