#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a document into LF-terminated records, for the line-oriented formats (CEF, LEEF, NDJSON).
///
/// A final LF ends the last record and does not start an empty one; a last record without LF is still yielded. Bytes
/// are not copied and CR is left in place, so each validator decides what a CR means in its format.
enum RecordLines {
    /// Calls `body` with each record (without its LF) and its 1-based line number.
    static func forEach(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var start = 0
        var number = 1
        while start < bytes.count {
            // memchr is vectorised; a byte loop here would dominate validation of large files.
            let end: Int
            if let found = memchr(base + start, 0x0A, bytes.count - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                end = bytes.count
            }
            body(UnsafeBufferPointer(rebasing: bytes[start..<end]), number)
            start = end + 1
            number += 1
        }
    }
}
