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
    // Raw storage instead of `[UInt8]`: exporters make many small appends per record, and an `Array` append costs a
    // uniqueness call, a capacity check and a generic copy each time, about a hundred instructions for a few bytes.
    // Here an append is a capacity and uniqueness check, then a store or `memcpy`.
    //
    // The appends a plug-in calls per record (`write` of a byte, a literal, raw bytes) are `@inlinable`, with the
    // storage they touch `@usableFromInline`: an exporter in another module then pays no call per byte run, as the
    // built-ins do (README, "Performance": the example plug-in before and after).
    @usableFromInline var storage: OutputBufferStorage
    @usableFromInline var _count: Int

    /// The number of bytes written so far.
    @inlinable public var count: Int { _count }

    /// Creates an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 0) {
        storage = capacity > 0 ? OutputBufferStorage(capacity: capacity) : .empty
        _count = 0
    }

    /// The bytes written so far (a copy).
    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// Whether nothing has been written.
    @inlinable public var isEmpty: Bool { _count == 0 }

    /// Empties the buffer, keeping its capacity.
    @inlinable public mutating func removeAll() { _count = 0 }

    /// Room for `extra` more bytes in storage this buffer alone refers to; returns where they go.
    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if _slowPath(count &+ extra > storage.capacity || !isKnownUniquelyReferenced(&storage)) { grow(extra) }
        return storage.base + count
    }

    @usableFromInline @inline(never)
    mutating func grow(_ extra: Int) {
        let larger = OutputBufferStorage(capacity: Swift.max(count + extra, storage.capacity * 2, 64))
        larger.base.update(from: storage.base, count: count)
        storage = larger
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func write(_ byte: UInt8) {
        reserve(1).pointee = byte
        _count &+= 1
    }

    /// Appends a literal's UTF-8 bytes.
    @inlinable @inline(__always)
    public mutating func write(_ literal: StaticString) {
        let length = literal.utf8CodeUnitCount
        Self.copy(literal.utf8Start, count: length, to: reserve(length))
        _count &+= length
    }

    /// Appends raw bytes unchanged. The caller guarantees they are safe for the format.
    ///
    /// Why a pointer: the built-in exporters copy views of the event's storage without a bounds-checked wrapper per
    /// byte run; plug-ins use ``write(_:)-(Span<UInt8>)``, which is as fast.
    @inlinable @inline(__always)
    public mutating func write(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        Self.copy(source, count: raw.count, to: reserve(raw.count))
        _count &+= raw.count
    }

    /// Appends `separator` (if any), `key` and `terminator` under one capacity check (`,"key":`, ` key=`): the
    /// shape of every key an exporter writes.
    @inline(__always)
    mutating func write(_ separator: UInt8?, _ key: StaticString, _ terminator: UInt8) {
        _ = write(separator, key, terminator, extra: 0)
    }

    /// Appends `separator` (if any), `key`, `terminator` and the literal `value` under one capacity check.
    @inline(__always)
    mutating func write(_ separator: UInt8?, _ key: StaticString, _ terminator: UInt8, _ value: StaticString) {
        let length = value.utf8CodeUnitCount
        let destination = write(separator, key, terminator, extra: length)
        Self.copy(value.utf8Start, count: length, to: destination)
        _count &+= length
    }

    /// Appends `separator` (if any), `key`, `terminator` and the decimal digits of `value` under one capacity check.
    @inline(__always)
    mutating func write(_ separator: UInt8?, _ key: StaticString, _ terminator: UInt8, decimal value: Int64) {
        let negative = value < 0
        let magnitude = negative ? 0 &- UInt64(bitPattern: value) : UInt64(value)  // safe for Int64.min
        let digits = Self.decimalDigitCount(magnitude)
        let sign = negative ? 1 : 0
        let destination = write(separator, key, terminator, extra: sign &+ digits)
        if negative { destination.pointee = UInt8(ascii: "-") }
        Self.writeDigits(magnitude, count: digits, to: destination + sign)
        _count &+= sign &+ digits
    }

    /// Writes the key part and returns where `extra` more reserved bytes go (not yet counted).
    @inline(__always)
    private mutating func write(
        _ separator: UInt8?, _ key: StaticString, _ terminator: UInt8,
        extra: Int
    ) -> UnsafeMutablePointer<UInt8> {
        let length = key.utf8CodeUnitCount
        let prefix = separator == nil ? 0 : 1
        let destination = reserve(prefix &+ length &+ 1 &+ extra)
        if let separator { destination.pointee = separator }
        Self.copy(key.utf8Start, count: length, to: destination + prefix)
        destination[prefix &+ length] = terminator
        _count &+= prefix &+ length &+ 1
        return destination + prefix + length + 1
    }

    /// Copies `count` bytes. Most pieces of a record are 1–16 bytes (keys, separators, ports, addresses), where a
    /// call to `memcpy` costs more than the copy: those are done with two overlapping loads and stores instead.
    @inlinable @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, count: Int, to destination: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(destination)
        switch count {
        case 8...16:
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        case 4...7:
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
        case 1...3:
            destination[0] = source[0]
            destination[count &>> 1] = source[count &>> 1]
            destination[count &- 1] = source[count &- 1]
        case 0:
            break
        default:
            destination.update(from: source, count: count)
        }
    }

    /// Reserves `maximumCount` bytes, lets `body` write into them and keeps the number of bytes it returns
    /// (≤ `maximumCount`): one capacity and uniqueness check for a whole escaped value instead of one per piece.
    @inline(__always)
    mutating func appendUnsafe(maximumCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        let written = body(reserve(maximumCount))
        _count &+= written
    }

    /// Appends raw bytes unchanged. The caller guarantees they are safe for the format.
    @inlinable
    public mutating func write(_ raw: Span<UInt8>) {
        raw.withUnsafeBufferPointer { write($0) }
    }

    /// Appends a string's UTF-8 bytes unchanged. The caller guarantees they are safe for the format.
    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { write($0) }
    }

    /// Appends the decimal digits of `value` (with a leading `-` when negative).
    public mutating func write(decimal value: Int64) {
        if value < 0 {
            write(UInt8(ascii: "-"))
            write(decimal: UInt64(0 &- UInt64(bitPattern: value)))  // magnitude, safe for Int64.min
        } else {
            write(decimal: UInt64(value))
        }
    }

    /// Appends the decimal digits of `value`.
    public mutating func write(decimal value: Int) { write(decimal: Int64(value)) }

    /// Appends the decimal digits of `value`.
    public mutating func write(decimal value: UInt64) {
        let digits = Self.decimalDigitCount(value)
        Self.writeDigits(value, count: digits, to: reserve(digits))
        _count &+= digits
    }

    /// Writes the `count` decimal digits of `value` (`count == decimalDigitCount(value)`).
    @inline(__always)
    static func writeDigits(_ value: UInt64, count: Int, to destination: UnsafeMutablePointer<UInt8>) {
        var rest = value
        var index = count
        // Two digits per division: ports, times and counters are 2–13 digits, and each step is a multiply.
        while rest >= 100 {
            let pair = rest % 100
            rest /= 100
            index &-= 2
            destination[index] = UInt8(truncatingIfNeeded: pair / 10) &+ 48
            destination[index &+ 1] = UInt8(truncatingIfNeeded: pair % 10) &+ 48
        }
        if rest >= 10 {
            destination[0] = UInt8(truncatingIfNeeded: rest / 10) &+ 48
            destination[1] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
        } else {
            destination[0] = UInt8(truncatingIfNeeded: rest) &+ 48
        }
    }

    /// The number of decimal digits of `value` (1–20).
    @inline(__always)
    static func decimalDigitCount(_ value: UInt64) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10_000 {
            rest /= 10_000
            digits &+= 4
        }
        if rest >= 100 {
            rest /= 100
            digits &+= 2
        }
        return rest >= 10 ? digits &+ 1 : digits
    }

    /// Appends `value` as exactly `width` decimal digits, zero-padded on the left (for dates and times).
    public mutating func write(decimal value: Int, width: Int) {
        let digits = Swift.max(width, 1)
        let destination = reserve(digits)
        var rest = value
        var index = digits
        while index > 0 {
            index -= 1
            destination[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
            rest /= 10
        }
        _count &+= digits
    }

    /// Appends `value`'s raw bytes (any bytes) with the characters of `escaping` rewritten, and invalid UTF-8
    /// replaced by U+FFFD, so the result is valid UTF-8 that the target format reads back as the original text.
    ///
    /// Why a pointer: as for ``write(_:)-(UnsafeBufferPointer<UInt8>)``; ``write(_:escaping:)-(Span<UInt8>,_)`` is the
    /// safe form.
    public mutating func write(_ value: UnsafeBufferPointer<UInt8>, escaping: Escaping) {
        escaping.append(value, to: &self)
    }

    /// Appends `value`'s bytes (any bytes) with the characters of `escaping` rewritten, and invalid UTF-8 replaced by
    /// U+FFFD, so the result is valid UTF-8 that the target format reads back as the original text.
    ///
    /// ```swift
    /// event.withSpan(of: .userName) { output.write($0, escaping: .cefExtensionValue) }
    /// ```
    public mutating func write(_ value: Span<UInt8>, escaping: Escaping) {
        value.withUnsafeBufferPointer { escaping.append($0, to: &self) }
    }

    /// Appends `value` with the characters of `escaping` rewritten (see ``write(_:escaping:)-(Span<UInt8>,_)``).
    public mutating func write(_ value: String, escaping: Escaping) {
        var value = value
        value.withUTF8 { escaping.append($0, to: &self) }
    }

    /// Appends the text field `field` of `event` through `escaping`; writes nothing and returns `false` when absent.
    @discardableResult
    public mutating func write(_ field: TextField, of event: SecurityEvent, escaping: Escaping) -> Bool {
        event.withBytes(of: field) { escaping.append($0, to: &self) } != nil
    }

    /// Calls `body` with the buffer's bytes.
    ///
    /// ```swift
    /// let size = output.withSpan { $0.count }
    /// ```
    public func withSpan<R>(_ body: (Span<UInt8>) throws -> R) rethrows -> R {
        try withBytes { try body($0.span) }
    }

    /// Calls `body` with the buffer's bytes (for sinks).
    ///
    /// Why a pointer: it feeds ``ByteSink/write(_:)``, whose argument is a pointer (see there); ``withSpan(_:)`` is the
    /// safe form.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.base, count: count)) }
    }
}
