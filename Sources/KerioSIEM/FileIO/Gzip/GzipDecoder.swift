internal import CZlib
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Inflates a gzip stream (RFC 1952) read from a descriptor, chunk by chunk, in bounded memory.
///
/// Rotated Kerio and collector logs are archived as `security.log.1.gz`; ``FileConversion`` recognises them by their
/// first two bytes (`1F 8B`, ``isGzip(_:)``) whatever their name, from files and from standard input alike, and reads
/// them through this decoder. Members written one after another (`cat a.gz b.gz`, or `gzip` appending) are read as
/// one stream, as `gzip -d` does. A corrupt member, a wrong checksum, a stream that ends early or bytes after the last
/// member are ``FileIOError/corruptCompressedInput(path:reason:)``; what was inflated before it has already been
/// returned, so no line before the damage is lost.
///
/// Memory is one 256 KiB input buffer plus zlib's 32 KiB window, whatever the archive expands to.
///
/// ```swift
/// let decoder = GzipDecoder(descriptor: descriptor, name: "security.log.1.gz", prefix: firstBytes)
/// while true {
///     let count = try decoder.read(into: buffer)   // 0 at the end of the last member
///     if count == 0 { break }
/// }
/// ```
public final class GzipDecoder {
    /// Whether `bytes` start like a gzip stream (ID1 `1F`, ID2 `8B`; RFC 1952 §2.3.1).
    ///
    /// Why a pointer: zlib, a C library, reads from and inflates into raw memory; this is the file layer's own
    /// interface, public for embedders who read descriptors themselves (``FileConversion`` is the safe way to read
    /// compressed inputs).
    public static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Compressed bytes read from the descriptor so far (for progress against the file's size).
    public private(set) var compressedBytesRead = 0

    private let descriptor: FileDescriptor
    private let name: String
    // zlib keeps a pointer back to its stream and checks it: the stream must not move, so it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var endOfInput = false
    /// Inside a member (header read or being read, trailer not yet checked).
    private var inMember = false

    private static let inputSize = 256 * 1_024

    /// A decoder reading `descriptor` (not closed here), whose first bytes `prefix` were already read from it.
    /// - Parameters:
    ///   - descriptor: the open input, read from its current offset.
    ///   - name: the input's name in errors.
    ///   - prefix: the bytes already read from `descriptor` (the magic number that identified gzip).
    ///
    /// Why a pointer: zlib, a C library, reads from and inflates into raw memory; this is the file layer's own
    /// interface, public for embedders who read descriptors themselves (``FileConversion`` is the safe way to read
    /// compressed inputs).
    public init(descriptor: FileDescriptor, name: String, prefix: UnsafeRawBufferPointer) {
        self.descriptor = descriptor
        self.name = name
        input = .allocate(byteCount: max(Self.inputSize, prefix.count), alignment: 16)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a gzip wrapper (header and CRC-32/ISIZE trailer checked), the largest window.
        let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib's inflateInit2 failed (\(status)): out of memory")
        if let base = prefix.baseAddress, !prefix.isEmpty {
            input.baseAddress!.copyMemory(from: base, byteCount: prefix.count)
        }
        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(prefix.count)
        compressedBytesRead = prefix.count
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Inflates into `buffer`; returns how many bytes were written, 0 only at the end of the stream.
    /// - Throws: ``FileIOError`` for a read error or ``FileIOError/corruptCompressedInput(path:reason:)``.
    ///
    /// Why a pointer: zlib, a C library, reads from and inflates into raw memory; this is the file layer's own
    /// interface, public for embedders who read descriptors themselves (``FileConversion`` is the safe way to read
    /// compressed inputs).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileIOError) -> Int {
        guard let output = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        while true {
            if stream.pointee.avail_in == 0 {
                if endOfInput {
                    if inMember {
                        throw .corruptCompressedInput(path: name, reason: "ends early: the archive is truncated")
                    }
                    return 0
                }
                try refill()
                continue
            }
            if !inMember {
                // Between members: another member must start here (RFC 1952 §2.2), or nothing at all.
                if stream.pointee.avail_in < 2 && !endOfInput {
                    try refill()
                    continue
                }
                let next = UnsafeRawBufferPointer(start: stream.pointee.next_in, count: Int(stream.pointee.avail_in))
                guard Self.isGzip(next) else {
                    throw .corruptCompressedInput(path: name, reason: "is followed by bytes that are not gzip")
                }
                inflateReset(stream)
                inMember = true
            }
            stream.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(buffer.count)
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                inMember = false
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw .corruptCompressedInput(path: name, reason: "is corrupt (\(message))")
            }
            if produced > 0 { return produced }
        }
    }

    /// Reads the next compressed chunk, keeping unconsumed bytes (at most one, between members) in front.
    private func refill() throws(FileIOError) {
        let base = input.baseAddress!
        let kept = Int(stream.pointee.avail_in)
        if kept > 0, let next = stream.pointee.next_in { base.copyMemory(from: next, byteCount: kept) }
        let window = UnsafeMutableRawBufferPointer(start: base + kept, count: input.count - kept)
        let count = try FileConversion.readChunk(descriptor, into: window, name: name)
        if count == 0 { endOfInput = true }
        compressedBytesRead += count
        stream.pointee.next_in = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(kept + count)
    }
}
