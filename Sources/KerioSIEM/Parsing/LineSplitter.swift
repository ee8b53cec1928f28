#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Splits a byte stream, fed in chunks of any size, into lines, without rescanning and with bounded memory.
///
/// Lines end at LF; a CR directly before the LF (CR LF) is removed too. A CR anywhere else is **data**, not a break:
/// user names and FTP commands are attacker-controlled, and splitting at an embedded CR would let a value start a
/// forged record on a line of its own. (A file with classic-Mac CR-only line ends therefore reads as one long line and
/// is reported; convert it with `tr '\r' '\n'` first.) U+2028/U+2029 and NEL are not breaks either. The terminator is
/// not part of the line.
///
/// Lines inside a chunk are passed to `body` as slices of the chunk (zero-copy); only a line that straddles two chunks
/// is copied, once, into a carry buffer. A line longer than ``maximumLineLength`` is not buffered beyond the limit:
/// its first ``maximumLineLength`` bytes are passed with ``Line/isTruncated`` set, and the rest is skipped.
///
/// ```
///  chunk 1: "[02/Mar/2013 08:54:38] IPS: …\n[17/Jul/2013 11:46"   chunk 2: ":38] Anti-Spoofing: …\n"
///            └──────── line 1, zero-copy ────────┘└──── carry ─────┘ + └──── appended, line 2 ─────┘
/// ```
///
/// ```swift
/// var splitter = LineSplitter()
/// splitter.feed(chunk) { line in print(line.bytes.count) }
/// splitter.finish { line in print(line.bytes.count) }   // a last line without a final newline
/// ```
public struct LineSplitter: Sendable {
    /// One line, valid only inside the callback.
    public struct Line {
        /// The line's bytes, without the terminator (at most ``LineSplitter/maximumLineLength`` bytes).
        ///
        /// Why a pointer: a line is a view into the chunk being split (or the splitter's carry), handed to the callback
        /// without a copy; it is valid only inside the callback (use `bytes.span` to borrow it safely).
        public var bytes: UnsafeBufferPointer<UInt8>
        /// The full length of the line as read; larger than `bytes.count` when the line was cut.
        public var fullLength: Int
        /// Where the line starts in the stream: the number of bytes fed before its first byte.
        ///
        /// A source that knows where the stream came from maps this to its own position (a followed file's offset,
        /// for records that keep their id when read again).
        public var offset: Int
        /// Whether the line was longer than the limit and cut.
        public var isTruncated: Bool { fullLength > bytes.count }
    }

    /// The longest line kept whole. Default 65,536 bytes (Kerio caps records at 1,024 characters plus date, and a
    /// syslog header adds a few hundred).
    public let maximumLineLength: Int

    private var carry: [UInt8] = []
    private var carryFullLength = 0
    private var hasCarry = false
    /// Bytes fed before the current chunk.
    private var streamPosition = 0
    /// Where the carried line starts in the stream.
    private var carryOffset = 0
    /// The last byte appended to the carry (kept even when the carry is full), to recognise CR LF on a cut line.
    private var lastCarriedByte: UInt8 = 0

    /// Creates a splitter.
    /// - Parameter maximumLineLength: the longest line passed whole, at least 1.
    public init(maximumLineLength: Int = 65_536) {
        precondition(maximumLineLength > 0)
        self.maximumLineLength = maximumLineLength
    }

    /// Splits `chunk`, calling `body` for every line it completes. A trailing partial line is kept for the next call.
    ///
    /// Why a pointer: the splitter is the innermost loop (memchr over the chunk); ``ConversionSession`` wraps it with
    /// `Span` and `Collection` entries for callers.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Line) throws -> Void) rethrows {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var position = 0
        let end = chunk.count
        let chunkStart = streamPosition
        streamPosition += end
        while position < end {
            let remaining = end - position
            let start = base + position
            // memchr is vectorised: the only per-byte work on the hot path.
            guard let found = memchr(start, 0x0A, remaining) else {
                append(UnsafeBufferPointer(start: start, count: remaining), at: chunkStart + position)
                return
            }
            let lineLength = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - start
            if hasCarry {
                append(UnsafeBufferPointer(start: start, count: lineLength), at: chunkStart + position)
                try emitCarry(body)
            } else {
                let length = lineLength > 0 && start[lineLength - 1] == 0x0D ? lineLength - 1 : lineLength
                let kept = min(length, maximumLineLength)
                try body(
                    Line(
                        bytes: UnsafeBufferPointer(start: start, count: kept), fullLength: length,
                        offset: chunkStart + position))
            }
            position += lineLength + 1
        }
    }

    /// Passes the last line when the input did not end with a line break, and resets the splitter.
    public mutating func finish(_ body: (Line) throws -> Void) rethrows {
        if hasCarry { try emitCarry(body) }
    }

    /// Adds `bytes`, which start at stream position `offset`, to the carried line.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        if !hasCarry {
            hasCarry = true
            carry.removeAll(keepingCapacity: true)
            carryFullLength = 0
            carryOffset = offset
        }
        carryFullLength += bytes.count
        if let last = bytes.last { lastCarriedByte = last }
        let room = maximumLineLength - carry.count
        if room > 0 { carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes.prefix(room))) }
    }

    private mutating func emitCarry(_ body: (Line) throws -> Void) rethrows {
        hasCarry = false
        var fullLength = carryFullLength
        // Drop the CR of a CR LF (it may have arrived at the end of the previous chunk).
        if carry.count == fullLength, let last = carry.last, last == 0x0D {
            carry.removeLast()
            fullLength -= 1
        } else if carry.count < fullLength, lastCarriedByte == 0x0D {
            fullLength -= 1
        }
        try carry.withUnsafeBufferPointer { try body(Line(bytes: $0, fullLength: fullLength, offset: carryOffset)) }
        carry.removeAll(keepingCapacity: true)
    }
}
