public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file a followed path is: device and inode, plus a fingerprint of its first bytes.
///
/// Device and inode alone are not enough: a file deleted while nobody followed it can hand its inode to the next file
/// created (Filebeat and Vector both lost or skipped lines that way), and a file truncated and rewritten keeps its
/// inode. The fingerprint, a 64-bit FNV-1a hash of the first ``fingerprintLength`` bytes (up to
/// ``maximumFingerprintLength``, fewer while the file is shorter), tells such a file from the one that was read.
///
/// ```swift
/// let identity = try FileIdentity(of: descriptor)
/// if try !identity.matches(descriptor) { /* another file now: read it from the start */ }
/// ```
public struct FileIdentity: Sendable, Hashable {
    /// The device the file is on.
    public var device: UInt64
    /// The inode within the device.
    public var inode: UInt64
    /// How many leading bytes ``fingerprint`` covers.
    public var fingerprintLength: Int
    /// FNV-1a 64 of the first ``fingerprintLength`` bytes.
    public var fingerprint: UInt64

    /// The most bytes a fingerprint covers: 1 KiB, as Filebeat's `fingerprint` file identity.
    public static let maximumFingerprintLength = 1_024

    /// An identity from its parts (a checkpoint file stores them).
    public init(device: UInt64, inode: UInt64, fingerprintLength: Int, fingerprint: UInt64) {
        self.device = device
        self.inode = inode
        self.fingerprintLength = fingerprintLength
        self.fingerprint = fingerprint
    }

    /// The identity of the open file `descriptor`, fingerprinting up to ``maximumFingerprintLength`` bytes.
    /// - Throws: the `Errno` of `fstat` or `pread`.
    public init(of descriptor: FileDescriptor) throws(Errno) {
        let status = try Self.status(descriptor)
        let length = min(Self.maximumFingerprintLength, max(0, Int(status.st_size)))
        self.init(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), fingerprintLength: length,
            fingerprint: try Self.fingerprint(descriptor, length: length) ?? 0)
    }

    /// Whether `descriptor` is this file: same device and inode, and its first ``fingerprintLength`` bytes hash to
    /// ``fingerprint`` (a file now shorter than that is not the same file).
    /// - Throws: the `Errno` of `fstat` or `pread`.
    public func matches(_ descriptor: FileDescriptor) throws(Errno) -> Bool {
        let status = try Self.status(descriptor)
        guard UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode else { return false }
        return try Self.fingerprint(descriptor, length: fingerprintLength) == fingerprint
    }

    /// Whether the device and inode are those of `status` (the fingerprint is not compared).
    func isSameInode(as status: stat) -> Bool {
        UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// This identity with the fingerprint widened to the file's first ``maximumFingerprintLength`` bytes, once it
    /// has grown past ``fingerprintLength``; `self` when it is already as long as it gets.
    /// - Throws: the `Errno` of `pread`.
    public func widened(_ descriptor: FileDescriptor, fileSize: Int) throws(Errno) -> FileIdentity {
        let length = min(Self.maximumFingerprintLength, fileSize)
        guard length > fingerprintLength, let hash = try Self.fingerprint(descriptor, length: length) else {
            return self
        }
        var wider = self
        wider.fingerprintLength = length
        wider.fingerprint = hash
        return wider
    }

    /// FNV-1a 64 of the first `length` bytes, or `nil` when the file is shorter.
    static func fingerprint(_ descriptor: FileDescriptor, length: Int) throws(Errno) -> UInt64? {
        var bytes = [UInt8](repeating: 0, count: length)
        var got = 0
        while got < length {
            let count = bytes.withUnsafeMutableBytes {
                pread(descriptor.rawValue, $0.baseAddress! + got, length - got, off_t(got))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Errno(rawValue: errno)
            }
            if count == 0 { return nil }
            got += count
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    static func status(_ descriptor: FileDescriptor) throws(Errno) -> stat {
        var status = stat()
        guard fstat(descriptor.rawValue, &status) == 0 else { throw Errno(rawValue: errno) }
        return status
    }
}
