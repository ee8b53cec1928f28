#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Splits a byte stream, fed in chunks of any size, into lines, without rescanning and with bounded memory.
///
/// Line breaks are LF, CR LF and a lone CR (old Mac files; a CR inside a record therefore ends it, and the rest is
/// reported as its own line rather than smuggled into a field). U+2028/U+2029 and NEL are **not** breaks: Kerio never
/// writes them as separators, and treating them as such would let a value split a record. The terminator is not part
/// of the line.
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
        public var bytes: UnsafeBufferPointer<UInt8>
        /// The full length of the line as read; larger than `bytes.count` when the line was cut.
        public var fullLength: Int
        /// Whether the line was longer than the limit and cut.
        public var isTruncated: Bool { fullLength > bytes.count }
    }

    /// The longest line kept whole. Default 65,536 bytes (Kerio caps records at 1,024 characters plus date, and a
    /// syslog header adds a few hundred).
    public let maximumLineLength: Int

    private var carry: [UInt8] = []
    private var carryFullLength = 0
    private var hasCarry = false
    /// The previous chunk ended in CR: a LF at the start of the next chunk belongs to that CR LF.
    private var skipLeadingLF = false

    /// Creates a splitter.
    /// - Parameter maximumLineLength: the longest line passed whole, at least 1.
    public init(maximumLineLength: Int = 65_536) {
        precondition(maximumLineLength > 0)
        self.maximumLineLength = maximumLineLength
    }

    /// Splits `chunk`, calling `body` for every line it completes. A trailing partial line is kept for the next call.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Line) throws -> Void) rethrows {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var position = 0
        let end = chunk.count
        if skipLeadingLF {
            skipLeadingLF = false
            if base[0] == 0x0A { position = 1 }
        }
        while position < end {
            let remaining = end - position
            let start = base + position
            // Fast path: memchr finds LF; a CR before it (rare) ends the line earlier.
            let lf = memchr(start, 0x0A, remaining).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - start }
            let searchLength = lf ?? remaining
            let cr = searchLength > 0
                ? memchr(start, 0x0D, searchLength).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - start } : nil
            let lineLength: Int
            let terminatorLength: Int
            if let cr {
                lineLength = cr
                if cr + 1 < remaining {
                    terminatorLength = start[cr + 1] == 0x0A ? 2 : 1
                } else {
                    terminatorLength = 1
                    skipLeadingLF = true  // CR ends the chunk: a LF may open the next one
                }
            } else if let lf {
                lineLength = lf
                terminatorLength = 1
            } else {
                append(UnsafeBufferPointer(start: start, count: remaining))
                return
            }
            let piece = UnsafeBufferPointer(start: start, count: lineLength)
            if hasCarry {
                append(piece)
                try emitCarry(body)
            } else if lineLength > maximumLineLength {
                try body(Line(bytes: UnsafeBufferPointer(start: start, count: maximumLineLength), fullLength: lineLength))
            } else {
                try body(Line(bytes: piece, fullLength: lineLength))
            }
            position += lineLength + terminatorLength
        }
    }

    /// Passes the last line when the input did not end with a line break, and resets the splitter.
    public mutating func finish(_ body: (Line) throws -> Void) rethrows {
        skipLeadingLF = false
        if hasCarry { try emitCarry(body) }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if !hasCarry {
            hasCarry = true
            carry.removeAll(keepingCapacity: true)
            carryFullLength = 0
        }
        carryFullLength += bytes.count
        let room = maximumLineLength - carry.count
        if room > 0 { carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes.prefix(room))) }
    }

    private mutating func emitCarry(_ body: (Line) throws -> Void) rethrows {
        hasCarry = false
        let fullLength = carryFullLength
        try carry.withUnsafeBufferPointer { try body(Line(bytes: $0, fullLength: fullLength)) }
        carry.removeAll(keepingCapacity: true)
    }
}
