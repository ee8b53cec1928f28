/// Remembers where a record's escaped `message` went in the output, so that `event.original` — usually the same bytes
/// behind the syslog header and Kerio's time prefix — copies them instead of escaping them a second time.
///
/// Copying is exact only when the message is the line's tail and the byte before it is ASCII: an escaping reads a
/// multi-byte sequence forward from its lead byte and an ASCII byte ends any sequence, so escaping the prefix and the
/// tail separately writes the same bytes as escaping the whole line. Otherwise ``prefix(of:)`` answers `nil` and the
/// writer escapes the line as usual.
///
/// ```swift
/// echo.record(message, escapedAt: start..<output.count)
/// if let prefix = echo.prefix(of: line) { escape(prefix); copy(echo.escaped) } else { escape(line) }
/// ```
struct ECSMessageEcho {
    private var start: UnsafePointer<UInt8>? = nil
    private var count = 0
    /// Where the escaped message is in the output.
    private(set) var escaped: Range<Int> = 0..<0

    /// Notes that `message` was escaped into `range` of the output.
    mutating func record(_ message: UnsafeBufferPointer<UInt8>, escapedAt range: Range<Int>) {
        start = message.baseAddress
        count = message.count
        escaped = range
    }

    /// The bytes of `line` before the recorded message, when `line` ends with the very bytes (same memory) of the
    /// message and the byte before them is ASCII; `nil` otherwise.
    func prefix(of line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let start, let lineStart = line.baseAddress, start > lineStart,
            start + count == lineStart + line.count, start[-1] < 0x80
        else { return nil }
        return UnsafeBufferPointer(start: lineStart, count: start - lineStart)
    }
}
