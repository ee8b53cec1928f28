#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a streamed document into LF-terminated records, for the line-oriented formats (CEF, LEEF, NDJSON).
///
/// The document is read in chunks of ``chunkSize`` into one buffer; records are handed out in place (no copy) and
/// only a record cut by the end of a chunk is moved to the buffer's front. A record longer than ``maximumLength`` is
/// reported once and skipped up to its LF, so memory stays below `maximumLength` whatever the input (`/dev/zero`
/// included). A final LF ends the last record and does not start an empty one; a last record without LF is still
/// yielded. CR is left in place, so each validator decides what a CR means in its format.
enum RecordLines {
    /// The bytes asked for per read.
    static let chunkSize = 1 << 17
    /// The longest record checked: far above any record kerio-siem writes (its input lines are at most 64 KiB).
    static let maximumLength = 8 << 20

    /// Calls `body` with each record (without its LF) and its 1-based line number, reading the document from `read`.
    ///
    /// `accepting` is tried first at the start of each record with all the bytes buffered from there: it
    /// returns the length of a record it vouches for — one that ends right before an LF among those bytes, and holds
    /// no LF — or `nil`. A vouched record is counted and skipped without looking for its end again (a fast path that
    /// reads each record to its end anyway spares the separate search); any other is split and given to `body`.
    /// - Throws: what `read` throws.
    static func forEach(
        reading read: (UnsafeMutableRawBufferPointer) throws -> Int, issues: inout IssueList,
        maximumLength: Int = maximumLength,
        accepting: (UnsafeBufferPointer<UInt8>) -> Int? = { _ in nil },
        _ body: (UnsafeBufferPointer<UInt8>, Int, inout IssueList) -> Void
    ) throws {
        var capacity = min(chunkSize, maximumLength)
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0  // bytes in the buffer
        var start = 0  // where the current record begins
        var number = 1
        var skipping = false  // inside an over-long record, dropping bytes up to its LF
        while true {
            let count = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            precondition(count >= 0 && count <= capacity - filled, "read returned \(count)")
            if count == 0 { break }
            var scan = filled
            filled += count
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            // memchr is vectorised; a byte loop here would dominate validation of large files.
            while scan < filled {
                if scan == start, !skipping,
                    let length = accepting(UnsafeBufferPointer(start: base + start, count: filled - start))
                {
                    precondition(length < filled - start && base[start + length] == 0x0A, "no LF after the record")
                    number += 1
                    start += length + 1
                    scan = start
                    continue
                }
                guard let found = memchr(base + scan, 0x0A, filled - scan) else { break }
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if skipping {
                    skipping = false
                } else {
                    body(UnsafeBufferPointer(start: base + start, count: end - start), number, &issues)
                }
                number += 1
                start = end + 1
                scan = start
            }
            if skipping {
                filled = 0
                start = 0
                continue
            }
            let pending = filled - start
            if start > 0 {
                if pending > 0 { memmove(base, base + start, pending) }
                start = 0
                filled = pending
            }
            if filled == capacity {
                if capacity < maximumLength {
                    capacity = min(capacity * 2, maximumLength)
                    let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
                    larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
                    buffer.deallocate()
                    buffer = larger
                } else {
                    issues.add(
                        line: number,
                        "the record is longer than \(maximumLength >> 20) MiB without a line "
                            + "feed: it is not checked, and reading resumes after its end")
                    skipping = true
                    filled = 0
                }
            }
        }
        if filled > start && !skipping {
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            body(UnsafeBufferPointer(start: base + start, count: filled - start), number, &issues)
        }
    }
}
