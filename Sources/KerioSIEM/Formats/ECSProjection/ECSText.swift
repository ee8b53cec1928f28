/// The text of one ECS value as ``ECSProjection`` hands it to an ``ECSFieldVisitor``: raw bytes borrowed from the
/// record being projected (the log line, the options or a constant), valid only during the `visit` call.
///
/// The bytes may hold anything (invalid UTF-8, NUL, CR, LF…): each writer escapes them for its own syntax. Read them
/// through a `Span`, write them escaped, or copy them out:
///
/// ```swift
/// case .text(let text):
///     output.write(text, escaping: .jsonString)       // escaped for JSON
///     let copy = text.string                          // kept beyond the call (invalid UTF-8 repaired)
/// ```
public struct ECSText {
    /// The borrowed bytes. Kept inside: the projection's zero-copy walk hands out views of the event's storage, and a
    /// pointer in public API would let a visitor keep one past the call.
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The number of bytes.
    public var count: Int { bytes.count }

    /// Whether there are no bytes.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Calls `body` with the bytes.
    @inlinable
    public func withSpan<R>(_ body: (Span<UInt8>) throws -> R) rethrows -> R { try body(bytes.span) }

    /// A copy of the bytes.
    public var array: [UInt8] { Array(bytes) }

    /// The bytes as a string, invalid UTF-8 repaired (U+FFFD).
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

extension OutputBuffer {
    /// Appends `text` with the characters of `escaping` rewritten (see ``write(_:escaping:)-(Span<UInt8>,_)``).
    public mutating func write(_ text: ECSText, escaping: Escaping) {
        escaping.append(text.bytes, to: &self)
    }
}
