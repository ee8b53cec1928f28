/// Growable bytes that exporters append to; a conversion drains it into a ``ByteSink`` in large blocks.
///
/// All writes are plain appends with no `String` round-trips, so a steady-state conversion that reuses one buffer
/// (``removeAll()`` keeps the capacity) allocates nothing per record.
///
/// ```swift
/// var out = OutputBuffer()
/// out.write("src=")
/// out.write(decimal: 80)
/// out.write(UInt8(ascii: "\n"))
/// ```
public struct OutputBuffer: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes written so far.
    public var count: Int { bytes.count }

    /// Whether nothing has been written.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Empties the buffer, keeping its capacity.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Appends one byte.
    @inline(__always)
    public mutating func write(_ byte: UInt8) { bytes.append(byte) }

    /// Appends a literal's UTF-8 bytes.
    @inline(__always)
    public mutating func write(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends raw bytes unchanged. The caller guarantees they are safe for the format.
    @inline(__always)
    public mutating func write(_ raw: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: raw) }

    /// Appends raw bytes unchanged. The caller guarantees they are safe for the format.
    public mutating func write(_ raw: Span<UInt8>) {
        raw.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
    }

    /// Appends a string's UTF-8 bytes unchanged. The caller guarantees they are safe for the format.
    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value` (with a leading `-` when negative).
    public mutating func write(decimal value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            write(decimal: UInt64(0 &- UInt64(bitPattern: value)))  // magnitude, safe for Int64.min
        } else {
            write(decimal: UInt64(value))
        }
    }

    /// Appends the decimal digits of `value`.
    public mutating func write(decimal value: Int) { write(decimal: Int64(value)) }

    /// Appends the decimal digits of `value`.
    public mutating func write(decimal value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: value) &+ 48)
            return
        }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            while rest > 0 {
                buffer[count] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// Appends `value` as exactly `width` decimal digits, zero-padded on the left (for dates and times).
    public mutating func write(decimal value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<max(width, 1) { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: (rest / divisor) % 10) &+ 48)
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends `value`'s raw bytes (any bytes) with the characters of `escaping` rewritten, and invalid UTF-8
    /// replaced by U+FFFD, so the result is valid UTF-8 that the target format reads back as the original text.
    public mutating func write(_ value: UnsafeBufferPointer<UInt8>, escaping: Escaping) {
        escaping.append(value, to: &self)
    }

    /// Appends `value` with the characters of `escaping` rewritten (see ``write(_:escaping:)-(UnsafeBufferPointer<UInt8>,_)``).
    public mutating func write(_ value: String, escaping: Escaping) {
        var value = value
        value.withUTF8 { escaping.append($0, to: &self) }
    }

    /// Appends the text field `field` of `event` through `escaping`; writes nothing and returns `false` when absent.
    @discardableResult
    public mutating func write(_ field: TextField, of event: SecurityEvent, escaping: Escaping) -> Bool {
        event.withBytes(of: field) { escaping.append($0, to: &self) } != nil
    }

    /// Calls `body` with the buffer's bytes (for sinks).
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer(body)
    }
}
