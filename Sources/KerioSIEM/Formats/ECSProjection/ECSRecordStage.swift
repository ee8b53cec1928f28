/// A small stack buffer in which the `ecs`, `csv` and `xml` writers assemble the syntax of a record (keys, tags,
/// separators, numbers, timestamps, verbatim values) before appending it to the ``OutputBuffer`` in one write.
///
/// Why: a record is ~25 fields, each a few short pieces; one ``OutputBuffer`` append per piece (a capacity and
/// uniqueness check, a `memcpy` call) cost more than the bytes themselves. Here a piece is a store or a short copy, and
/// the buffer goes out only before an escaped value (escapings append to the ``OutputBuffer`` themselves) and at the
/// end of the record.
///
/// Bounds: callers reserve ``fieldLimit`` bytes per field with ``makeRoom(_:in:)``; pieces of unbounded length go
/// through ``append(_:in:)``, which writes them straight to the output when they do not fit.
///
/// ```swift
/// withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ECSRecordStage.capacity) { memory in
///     var stage = ECSRecordStage(memory)
///     stage.append(UInt8(ascii: "{"))
///     stage.flush(into: &output)
/// }
/// ```
struct ECSRecordStage {
    /// Bytes a stage needs (stack memory the exporters allocate per record; at most 1 KiB stays on the stack).
    static var capacity: Int { 1024 }
    /// The most bytes one field stages between two ``makeRoom(_:in:)`` calls apart from ``append(_:in:)``: the
    /// longest key path and tags (under 100), 74 CSV separators, a timestamp or a number.
    static var fieldLimit: Int { 256 }

    private let base: UnsafeMutablePointer<UInt8>
    /// Bytes staged and not yet flushed.
    private(set) var count = 0

    /// A stage over `memory` (at least ``capacity`` bytes, valid while the stage is used).
    init(_ memory: UnsafeMutableBufferPointer<UInt8>) {
        precondition(memory.count >= Self.capacity, "stage memory too small")
        base = memory.baseAddress!
    }

    /// Appends the staged bytes to `output` and empties the stage.
    @inline(__always)
    mutating func flush(into output: inout OutputBuffer) {
        if count > 0 {
            output.write(UnsafeBufferPointer(start: base, count: count))
            count = 0
        }
    }

    /// Flushes when fewer than `bytes` are free.
    @inline(__always)
    mutating func makeRoom(_ bytes: Int, in output: inout OutputBuffer) {
        if _slowPath(count &+ bytes > Self.capacity) { flush(into: &output) }
    }

    /// Stages one byte (room reserved by the caller).
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    /// Stages short bytes of bounded length (room reserved by the caller).
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        Self.copy(source, to: base + count, count: bytes.count)
        count &+= bytes.count
    }

    /// Stages a literal (room reserved by the caller).
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        Self.copy(literal.utf8Start, to: base + count, count: literal.utf8CodeUnitCount)
        count &+= literal.utf8CodeUnitCount
    }

    /// Copies `count` bytes. Most pieces are 1–40 bytes, for which a `memcpy` call costs more than the copy: up to
    /// 32 bytes move as overlapping 8- or 4-byte words (never reading or writing outside either range).
    @inline(__always)
    private static func copy(_ source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(destination)
        if count >= 8 {
            guard count <= 32 else {
                to.copyMemory(from: from, byteCount: count)
                return
            }
            var offset = 0
            while offset &+ 8 < count {
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
                    as: UInt64.self)
                offset &+= 8
            }
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self),
                toByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self),
                toByteOffset: count &- 4, as: UInt32.self)
        } else if count > 0 {
            // 1–3 bytes: first, middle, last (some may coincide).
            destination[0] = source[0]
            destination[count >> 1] = source[count >> 1]
            destination[count &- 1] = source[count &- 1]
        }
    }

    /// Stages `bytes` of any length: flushes first when they do not fit, writes them directly when they never would.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, in output: inout OutputBuffer) {
        makeRoom(bytes.count, in: &output)
        if bytes.count > Self.capacity {
            output.write(bytes)
        } else {
            append(bytes)
        }
    }

    /// Stages `byte` `times` times (at most 80, the CSV column count; room for ``fieldLimit`` reserved by the caller).
    ///
    /// Always stores 80 bytes, ten words: the bytes past the run land in the reserved room and are overwritten or never
    /// flushed. CSV rows are mostly runs of empty cells; a fixed-size store is a few vector moves, where a loop (which
    /// LLVM turns into a `memset` call) cost more than the run.
    @inline(__always)
    mutating func append(_ byte: UInt8, times: Int) {
        assert(times <= 80 && Self.fieldLimit >= 80, "runs are at most one row of separators")
        let pattern = 0x0101_0101_0101_0101 &* UInt64(byte)
        let start = UnsafeMutableRawPointer(base + count)
        for word in 0..<10 { start.storeBytes(of: pattern, toByteOffset: word &* 8, as: UInt64.self) }
        count &+= times
    }

    /// Stages `value` in decimal, with `-` when negative (at most 20 bytes).
    mutating func append(decimal value: Int64) {
        var magnitude = value.magnitude
        if value < 0 { append(UInt8(ascii: "-")) }
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20 && magnitude >= limit {
            digits &+= 1
            limit = limit &* 10
        }
        var index = count &+ digits
        count = index
        repeat {
            index &-= 1
            base[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
            magnitude /= 10
        } while magnitude > 0
    }

    /// Stages `value` (0...99) as two digits.
    @inline(__always)
    private mutating func appendTwoDigits(_ value: Int) {
        base[count] = UInt8(truncatingIfNeeded: value / 10) &+ 48
        base[count &+ 1] = UInt8(truncatingIfNeeded: value % 10) &+ 48
        count &+= 2
    }

    /// Stages an instant as RFC 3339 UTC with milliseconds (24 bytes), exactly as
    /// ``OutputBuffer/writeRFC3339(epochMilliseconds:)`` writes it (same clamping to years 0001–9999). The date and
    /// time of day come from `cache` when the second is the cached one, else are formatted and cached.
    mutating func appendRFC3339(epochMilliseconds: Int64, cache: inout ECSTimestampCache) {
        let clamped = min(
            max(epochMilliseconds, OutputBuffer.earliestRFC3339Milliseconds), OutputBuffer.latestRFC3339Milliseconds)
        // Floor division, so that instants before 1970 keep a non-negative millisecond part.
        var seconds = clamped / 1_000
        var milliseconds = Int(clamped % 1_000)
        if milliseconds < 0 {
            seconds -= 1
            milliseconds += 1_000
        }
        let start = UnsafeMutableRawPointer(base + count)
        if seconds == cache.seconds {
            start.storeBytes(of: cache.text.0, as: UInt64.self)
            start.storeBytes(of: cache.text.1, toByteOffset: 8, as: UInt64.self)
            start.storeBytes(of: cache.text.2, toByteOffset: 16, as: UInt32.self)
            count &+= 20
        } else {
            let civil = CivilDateTime(secondsSinceEpoch: seconds)
            appendTwoDigits(civil.year / 100)
            appendTwoDigits(civil.year % 100)
            append(UInt8(ascii: "-"))
            appendTwoDigits(civil.month)
            append(UInt8(ascii: "-"))
            appendTwoDigits(civil.day)
            append(UInt8(ascii: "T"))
            appendTwoDigits(civil.hour)
            append(UInt8(ascii: ":"))
            appendTwoDigits(civil.minute)
            append(UInt8(ascii: ":"))
            appendTwoDigits(civil.second)
            append(UInt8(ascii: "."))
            cache.seconds = seconds
            cache.text = (
                start.loadUnaligned(as: UInt64.self), start.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                start.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            )
        }
        append(UInt8(truncatingIfNeeded: milliseconds / 100) &+ 48)
        appendTwoDigits(milliseconds % 100)
        append(UInt8(ascii: "Z"))
    }

    /// Stages `range` of what `output` already holds (for text written twice in a record), flushing as needed.
    mutating func appendCopy(of range: Range<Int>, in output: inout OutputBuffer) {
        var start = range.lowerBound
        while start < range.upperBound {
            makeRoom(Swift.min(range.upperBound - start, Self.capacity), in: &output)
            let length = Swift.min(range.upperBound - start, Self.capacity - count)
            let destination = base + count
            output.withBytes { bytes in destination.update(from: bytes.baseAddress! + start, count: length) }
            count &+= length
            start += length
        }
    }
}
