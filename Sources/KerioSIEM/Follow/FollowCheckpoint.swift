public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state file of a ``FileFollower``: per followed file, its identity and the byte offset (and line number) up to
/// which every record is durably written.
///
/// The file is text, one line per followed file, so an administrator can read it:
///
/// ```
/// kerio-siem follow state 1
/// file 2049 1835041 1024 9f3c1e5a0b7d2c44 1048576 3211 2f7661722f6c6f672f6b6572696f2f73656375726974792e6c6f67
/// ```
///
/// The fields are device, inode, fingerprint length, fingerprint (hex), offset, line count before the offset and the
/// path's bytes in hex (a path may hold any byte but NUL, a space or a line break included). An offset always lies
/// at the start of a line. ``save(to:)`` replaces the file atomically (a private temporary file, `fsync`, `rename`,
/// `fsync` of the directory), so a crash leaves either the old or the new state, never a mix; ``load(from:)`` refuses
/// anything it did not write (``FollowError/corruptState(path:reason:)``) rather than silently starting from zero.
public struct FollowCheckpoint: Sendable, Hashable {
    /// One followed file.
    public struct Entry: Sendable, Hashable {
        /// The path it was followed under (after a rotation, the name it had before).
        public var path: FilePath
        /// Which file it is.
        public var identity: FileIdentity
        /// Every line before this byte offset has its record durably written.
        public var offset: Int
        /// How many lines lie before ``offset`` (for diagnostics' line numbers after a restart).
        public var line: Int

        /// An entry from its parts.
        public init(path: FilePath, identity: FileIdentity, offset: Int, line: Int) {
            self.path = path
            self.identity = identity
            self.offset = offset
            self.line = line
        }
    }

    /// The files, in the order they are followed.
    public var entries: [Entry]

    /// The first line of every state file.
    static let header = "kerio-siem follow state 1"

    /// A checkpoint of `entries`.
    public init(entries: [Entry] = []) { self.entries = entries }

    /// The file's text.
    public var encoded: [UInt8] {
        var text = Array(Self.header.utf8)
        text.append(0x0A)
        for entry in entries {
            let identity = entry.identity
            let fields = [
                "file", String(identity.device), String(identity.inode), String(identity.fingerprintLength),
                Self.hex(identity.fingerprint), String(entry.offset), String(entry.line),
            ]
            text += Array(fields.joined(separator: " ").utf8)
            text.append(0x20)
            for byte in entry.path.systemBytes { text += Self.hexDigits(byte) }
            text.append(0x0A)
        }
        return text
    }

    /// Parses a state file's bytes.
    /// - Throws: ``FollowError/corruptState(path:reason:)`` (with `path` as given) for anything else.
    public init(parsing bytes: [UInt8], path: String) throws(FollowError) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.last?.isEmpty == true else {
            throw .corruptState(path: path, reason: "it does not end with a line break (truncated?)")
        }
        lines.removeLast()
        guard let first = lines.first, Array(first) == Array(Self.header.utf8) else {
            throw .corruptState(path: path, reason: "the first line is not '\(Self.header)'")
        }
        entries = []
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: 0x20, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            let number = index + 1
            guard fields.count == 8, fields[0] == "file",
                let device = UInt64(fields[1]), let inode = UInt64(fields[2]),
                let length = Int(fields[3]), (0...FileIdentity.maximumFingerprintLength).contains(length),
                fields[4].utf8.count == 16, let fingerprint = UInt64(fields[4], radix: 16),
                let offset = Int(fields[5]), offset >= 0, let lineCount = Int(fields[6]), lineCount >= 0,
                let pathBytes = Self.bytes(hex: fields[7]), !pathBytes.isEmpty, !pathBytes.contains(0)
            else {
                throw .corruptState(path: path, reason: "line \(number) is not a file entry")
            }
            entries.append(
                Entry(
                    path: FilePath(systemBytes: pathBytes),
                    identity: FileIdentity(
                        device: device, inode: inode, fingerprintLength: length, fingerprint: fingerprint),
                    offset: offset, line: lineCount))
        }
    }

    /// Reads the state file at `path`; an empty checkpoint when it does not exist (the first run).
    /// - Throws: ``FollowError/corruptState(path:reason:)``, or ``FollowError/state(path:_:)`` when it cannot be read.
    public static func load(from path: FilePath) throws(FollowError) -> FollowCheckpoint {
        let name = path.displayString
        let descriptor = path.withPlatformString { open($0, O_RDONLY | O_CLOEXEC) }
        if descriptor < 0 {
            if errno == ENOENT { return FollowCheckpoint() }
            throw .state(path: name, Errno(rawValue: errno))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .state(path: name, Errno(rawValue: errno))
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            // A state file holds a line per followed file; anything this large is not one.
            if bytes.count > 64 << 20 { throw .corruptState(path: name, reason: "it is larger than 64 MiB") }
        }
        return try FollowCheckpoint(parsing: bytes, path: name)
    }

    /// Replaces the state file at `path` atomically (see the type's documentation).
    /// - Throws: ``FollowError/state(path:_:)`` wrapping the ``FileIOError``.
    public func save(to path: FilePath) throws(FollowError) {
        let output: AtomicFileOutput
        do { output = try AtomicFileOutput(path: path) } catch { throw .stateNotWritten(error) }
        var failure: FileIOError?
        encoded.withUnsafeBufferPointer { bytes in
            do throws(FileIOError) { try output.write(bytes) } catch { failure = error }
        }
        if failure == nil {
            do { try output.commit() } catch { failure = error }
        }
        if let failure {
            output.discard()
            throw .stateNotWritten(failure)
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.utf8.count) + digits
    }

    private static func hexDigits(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }

    private static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.value(digits[index]), let low = Self.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
