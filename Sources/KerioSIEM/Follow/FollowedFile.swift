import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One open file a ``FileFollower`` reads: where it is, which file it is, and how far its lines are converted.
///
/// Only whole lines are handed to the conversion (a line still being written is read again, whole, once its line
/// break arrives), so ``checkpointOffset`` is always the start of a line. The exception is a line longer than the read
/// buffer: its bytes are handed on as they come (the conversion keeps only the first `--max-line-length` of them)
/// and ``inOverlongLine`` is set until its line break.
final class FollowedFile {
    /// The followed path (a command-line path, or a glob match) this file is followed under; a rotated file that a
    /// glob matches under its new name is adopted under that name.
    var path: FilePath
    /// The name in notices and diagnostics (for a rotated file found under another name, that name).
    var name: String
    /// The open file; closed by ``close()``.
    private(set) var descriptor: FileDescriptor?
    /// Which file it is; the fingerprint widens as the file grows to 1 KiB.
    var identity: FileIdentity
    /// The next byte to read.
    var offset: Int
    /// The end of the last whole line handed to the conversion.
    var checkpointOffset: Int
    /// Lines before ``checkpointOffset``.
    var line: Int
    /// Whether bytes of a line longer than the buffer were handed on without its line break yet.
    var inOverlongLine = false
    /// Set once the path names another file (or none): the file is read to its end and let go after the rotate-wait
    /// without growth.
    var draining = false
    /// When the file last grew (for the rotate-wait).
    var lastGrowth: ContinuousClock.Instant
    /// The first part of the ids of this file's records (``TextField/eventID``), once ``eventIDPrefix()`` made it;
    /// forgotten when the file is read again from its start (truncated or rewritten in place: another file now).
    var idPrefix: [UInt8]?

    init(path: FilePath, name: String, descriptor: FileDescriptor, identity: FileIdentity, offset: Int, line: Int) {
        self.path = path
        self.name = name
        self.descriptor = descriptor
        self.identity = identity
        self.offset = offset
        self.checkpointOffset = offset
        self.line = line
        self.lastGrowth = .now
    }

    deinit { close() }

    /// Closes the file.
    func close() {
        if let descriptor { _ = systemClose(descriptor.rawValue) }
        descriptor = nil
    }

    /// 16 lowercase hex digits of an FNV-1a 64 hash of the device, the inode and the file's first line (at most
    /// 1 KiB): what names this file in its records' ids.
    ///
    /// Made when the first record is read, when the first line is complete (only whole lines are converted) and
    /// appending cannot change it any more; so a line read again after a restart, a crash or a rotation (the same
    /// inode under another name) gets the same id, and a new file in a reused inode gets other ids.
    func eventIDPrefix() -> [UInt8] {
        if let idPrefix { return idPrefix }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: identity.device >> shift)) }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: identity.inode >> shift)) }
        if let descriptor {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: FileIdentity.maximumFingerprintLength) { head in
                let count = pread(descriptor.rawValue, head.baseAddress, head.count, 0)
                for index in 0..<max(0, count) {
                    mix(head[index])
                    if head[index] == 0x0A { break }
                }
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        let prefix = (0..<16).map { digits[Int((hash >> UInt64(60 - 4 * $0)) & 0xF)] }
        idPrefix = prefix
        return prefix
    }

    /// The checkpoint entry for this file.
    var entry: FollowCheckpoint.Entry {
        FollowCheckpoint.Entry(path: path, identity: identity, offset: checkpointOffset, line: line)
    }

    /// Reads up to `buffer.count` bytes at ``offset``; 0 at the current end. Retries `EINTR`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard let descriptor else { return 0 }
        while true {
            let count = pread(descriptor.rawValue, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw Errno(rawValue: errno) }
        }
    }

    /// The open file's size, or `nil` when it cannot be read.
    var size: Int? {
        guard let descriptor else { return nil }
        var status = stat()
        return fstat(descriptor.rawValue, &status) == 0 ? Int(status.st_size) : nil
    }

    /// Opens `path` for following: read-only, non-blocking (a FIFO put there must not hang the follower).
    /// - Returns: the descriptor and its status, or the reason it cannot be followed.
    static func open(_ path: FilePath) -> Result<(FileDescriptor, stat), OpenFailure> {
        let descriptor = path.withPlatformString { systemOpen($0, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) }
        guard descriptor >= 0 else {
            let error = Errno(rawValue: errno)
            return .failure(error == .noSuchFileOrDirectory || error == .notDirectory ? .missing : .failed(error))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = Errno(rawValue: errno)
            _ = systemClose(descriptor)
            return .failure(.failed(error))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            _ = systemClose(descriptor)
            return .failure((status.st_mode & S_IFMT == S_IFDIR) ? .directory : .notRegular)
        }
        return .success((FileDescriptor(rawValue: descriptor), status))
    }

    /// Why a path cannot be followed right now.
    enum OpenFailure: Error, Equatable {
        case missing
        case directory
        case notRegular
        case failed(Errno)

        var reason: String {
            switch self {
            case .missing: "missing"
            case .directory: "is a directory"
            case .notRegular: "is not a regular file"
            case .failed(let errno): "cannot be opened: \(errno)"
            }
        }
    }

    /// `stat(2)` of `path`, or `nil` when it does not exist (or cannot be examined).
    static func status(of path: FilePath) -> stat? {
        var status = stat()
        return path.withPlatformString { systemStat($0, &status) } == 0 ? status : nil
    }
}

// The calls below are named apart from the members of the same name (`close()`, `open(_:)`, `status`).
@inline(__always) private func systemClose(_ descriptor: CInt) -> CInt { close(descriptor) }
@inline(__always) private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: CInt) -> CInt { open(path, flags) }
@inline(__always) private func systemStat(_ path: UnsafePointer<CChar>, _ status: inout stat) -> CInt {
    stat(path, &status)
}
