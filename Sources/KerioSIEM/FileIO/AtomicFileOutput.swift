public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output file that appears whole or not at all: bytes go to a temporary file beside the target, which
/// ``commit()`` flushes to disk and renames over the target; ``discard()`` (or dropping the object) deletes it.
///
/// **Where the bytes go**, decided when the output is opened:
/// - the target does not exist, or is a regular file: a temporary file `.<name>.<random>.tmp` in the target's
///   directory (so `rename(2)` is atomic), created private (`0600`, so no other user can open it while it is
///   written) and given its final mode only at ``commit()``: an existing target's permission bits (and, when
///   allowed, owner), or `0666` minus the umask for a new file. A symbolic link is followed, even a dangling one:
///   the file it points to is replaced or created and the link stays. Hard links to the old file keep the old
///   contents.
/// - the target exists and is not a regular file (`/dev/null`, a FIFO, a terminal or another character or block
///   device): it is opened and written **in place**, never renamed over. A FIFO's `open` waits for a reader, as a
///   shell redirection does. Sockets cannot be opened by path (`ENXIO`).
/// - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the process's own descriptor N, in place and as
///   the shell opened it (append mode survives); it is not closed.
/// - the target is a directory: refused with ``FileIOError/isDirectory(path:)``.
///
/// An existing regular target that the process may not write is refused (`EACCES`) rather than replaced through the
/// directory's permission. Nothing about the target changes until ``commit()``: a failed or cancelled run leaves the
/// old file as it was. A process killed before it can clean up may leave the temporary file; register
/// ``temporaryPath`` with a signal handler to remove it (the CLI does).
///
/// ```swift
/// let output = try AtomicFileOutput(path: "events.cef")
/// var sink = output
/// let report = try FileConversion().convert(inputs, with: exporter, to: &sink)
/// try output.commit()          // events.cef now holds the whole conversion; before this line, the old file
/// ```
public final class AtomicFileOutput: ByteSink {
    /// The target as given.
    public let path: FilePath
    /// The file that ``commit()`` replaces: ``path`` with symbolic links resolved. Equal to ``path`` in place.
    public let destination: FilePath
    /// The temporary file being written, or `nil` when writing in place. Valid until ``commit()`` or ``discard()``.
    public let temporaryPath: FilePath?
    /// The descriptor being written (of the temporary file, or of the target in place).
    public let fileDescriptor: FileDescriptor

    private var sink: FileDescriptorSink
    private let closesDescriptor: Bool
    private var isOpen = true
    /// The permission bits and owner the temporary file gets at commit (`nil` in place).
    private let finalMode: mode_t?
    private let finalOwner: (user: uid_t, group: gid_t)?
    /// Whether the target existed when the output was opened (a failed group commit removes a target it created).
    private let targetExisted: Bool

    /// Whether bytes go straight to the target (a device, a FIFO, an inherited descriptor) instead of a temporary file.
    public var writesInPlace: Bool { temporaryPath == nil }

    /// Bytes written so far.
    public var bytesWritten: Int { sink.bytesWritten }

    /// Opens `path` for writing as described in the type's documentation.
    /// - Throws: ``FileIOError/isDirectory(path:)`` for a directory; ``FileIOError/failed(_:path:_:)`` when the path
    ///   cannot be inspected (`.stat`), an existing target cannot be opened or is not writable (`.open`), or the
    ///   temporary file cannot be created in the directory (`.create`, e.g. `ENOENT` for a missing directory).
    public init(path: FilePath) throws(FileIOError) {
        self.path = path
        let name = path.displayString

        if let inherited = Self.inheritedDescriptor(named: name) {
            let status: Stat
            do { status = try inherited.stat() } catch { throw FileIOError(.open, path: name, errno: error) }
            guard status.type != .directory else { throw .isDirectory(path: name) }
            destination = path
            temporaryPath = nil
            fileDescriptor = inherited
            closesDescriptor = false
            sink = FileDescriptorSink(inherited, name: name)
            finalMode = nil
            finalOwner = nil
            targetExisted = true
            return
        }

        var existing: Stat?
        do {
            existing = try path.stat()
        } catch let error where error == .noSuchFileOrDirectory {
            existing = nil
        } catch {
            throw FileIOError(.stat, path: name, errno: error)
        }

        if let existing, existing.type == .directory { throw .isDirectory(path: name) }

        if let existing, existing.type != .regular {
            // A device, FIFO or socket: renaming over it would replace /dev/null for everyone, or cut off the FIFO's
            // reader. Write through it instead.
            let descriptor = try Self.openExisting(path, flags: O_WRONLY | O_NOCTTY | O_CLOEXEC, name: name)
            destination = path
            temporaryPath = nil
            fileDescriptor = descriptor
            closesDescriptor = true
            sink = FileDescriptorSink(descriptor, name: name)
            finalMode = nil
            finalOwner = nil
            targetExisted = true
            return
        }

        let target: FilePath
        if existing != nil {
            target = Self.resolvingLinks(path)
            // rename(2) needs only the directory's write permission; keep the file's own permission meaningful.
            if target.withPlatformString { access($0, W_OK) } != 0 {
                throw FileIOError(.open, path: name, errno: Errno(rawValue: errno))
            }
        } else {
            // A dangling symbolic link names the file to create; renaming over the link itself would replace it.
            target = Self.danglingLinkTarget(path) ?? path
        }
        let (temporary, descriptor) = try Self.createTemporaryFile(beside: target, name: name)
        if let existing {
            // The replacement should look like the file it replaces (best effort, at commit).
            finalMode = existing.permissions.rawValue & 0o7777
            let differs = existing.userID.rawValue != geteuid() || existing.groupID.rawValue != getegid()
            finalOwner = differs ? (existing.userID.rawValue, existing.groupID.rawValue) : nil
        } else {
            finalMode = 0o666 & ~Self.currentUmask
            finalOwner = nil
        }
        targetExisted = existing != nil
        destination = target
        temporaryPath = temporary
        fileDescriptor = descriptor
        closesDescriptor = true
        sink = FileDescriptorSink(descriptor, name: name)
    }

    /// Writes in place to an already open descriptor (for example standard output), called `name` in errors.
    ///
    /// ``commit()`` and ``discard()`` do not close `descriptor`: its owner does.
    public init(descriptor: FileDescriptor, name: String) {
        path = FilePath(name)
        destination = path
        temporaryPath = nil
        fileDescriptor = descriptor
        closesDescriptor = false
        sink = FileDescriptorSink(descriptor, name: name)
        finalMode = nil
        finalOwner = nil
        targetExisted = true
    }

    deinit {
        if isOpen { discard() }
    }

    /// Writes all of `bytes` (see ``FileDescriptorSink/write(_:)``).
    /// - Throws: ``FileIOError``; the output stays uncommitted, and ``discard()`` still cleans up.
    ///
    /// Why a pointer: it is the ``ByteSink`` requirement: the session hands over its own output buffer without a copy,
    /// and the bytes are only read during the call.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileIOError) {
        precondition(isOpen, "write after commit or discard")
        try sink.write(bytes)
    }

    /// Makes the output final: flushes the temporary file to disk, gives it its final mode, closes it and renames
    /// it over the target (then flushes the directory, best effort). In place, only closes a descriptor this object
    /// opened.
    ///
    /// On failure the temporary file is deleted and the target is untouched. Calling it again does nothing.
    /// - Throws: ``FileIOError`` with operation `.sync`, `.close` or `.rename` (or ``FileIOError/noSpace(path:)``).
    public func commit() throws(FileIOError) {
        try Self.commit([self])
    }

    /// Commits several outputs as one: all are flushed and closed first, then renamed in order; if any step fails,
    /// every target keeps its old contents (a target already renamed is put back) and every temporary file is
    /// deleted.
    ///
    /// `convert` commits its output and its `--rejects` file this way, so a run that fails at the last step changes
    /// neither. The restore uses a hard link to the old target; on a file system without hard links the earlier
    /// targets of a failed group cannot be put back (the failure is still reported).
    /// ```swift
    /// try AtomicFileOutput.commit([output, rejects])
    /// ```
    /// - Throws: the first ``FileIOError``, as ``commit()`` does.
    public static func commit(_ outputs: [AtomicFileOutput]) throws(FileIOError) {
        var failure: FileIOError?
        for output in outputs where output.isOpen {
            if let error = output.prepare(), failure == nil { failure = error }
        }
        var renamed: [(output: AtomicFileOutput, backup: FilePath?)] = []
        if failure == nil {
            for output in outputs {
                guard let temporaryPath = output.temporaryPath, !output.isPublished else { continue }
                let backup = output.linkBackup()
                if Self.renamePath(temporaryPath, output.destination) != 0 {
                    let error = Errno(rawValue: errno)
                    // EISDIR here is a directory put where the output goes during the run: a failed rename, not
                    // the `.isDirectory` input error.
                    failure =
                        error == .isDirectory
                        ? .failed(.rename, path: output.path.displayString, error)
                        : FileIOError(.rename, path: output.path.displayString, errno: error)
                    if let backup { _ = Self.unlinkPath(backup) }
                    break
                }
                output.isPublished = true
                renamed.append((output, backup))
            }
        }
        if let failure {
            for (output, backup) in renamed.reversed() {
                // Put the old file back over the new one (or remove the new one if there was none).
                if let backup {
                    _ = Self.renamePath(backup, output.destination)
                } else if !output.targetExisted {
                    _ = Self.unlinkPath(output.destination)
                }
            }
            for output in outputs { if let temporaryPath = output.temporaryPath { _ = Self.unlinkPath(temporaryPath) } }
            throw failure
        }
        for (output, backup) in renamed {
            if let backup { _ = Self.unlinkPath(backup) }
            syncDirectory(of: output.destination)
        }
    }

    /// Whether the temporary file has been renamed over the target.
    private var isPublished = false

    /// Flushes, sets the final mode and closes; returns the failure (the file is then left for the caller to delete).
    private func prepare() -> FileIOError? {
        isOpen = false
        let name = path.displayString
        guard temporaryPath != nil else {
            if closesDescriptor, close(fileDescriptor.rawValue) != 0, errno != EINTR {
                return FileIOError(.close, path: name, errno: Errno(rawValue: errno))
            }
            return nil
        }
        var failure: FileIOError?
        if fsync(fileDescriptor.rawValue) != 0 {
            failure = FileIOError(.sync, path: name, errno: Errno(rawValue: errno))
        }
        // Only now is the file given its final mode: until the conversion is whole, no other user may open it.
        if let finalMode { _ = fchmod(fileDescriptor.rawValue, finalMode) }
        if let finalOwner { _ = fchown(fileDescriptor.rawValue, finalOwner.user, finalOwner.group) }
        // Linux closes the descriptor even when close(2) reports EINTR: never retry it.
        if close(fileDescriptor.rawValue) != 0, errno != EINTR, failure == nil {
            failure = FileIOError(.close, path: name, errno: Errno(rawValue: errno))
        }
        return failure
    }

    /// A hard link to the current target under a temporary name, so a failed group commit can restore it.
    private func linkBackup() -> FilePath? {
        guard let temporaryPath, destination.withPlatformString({ access($0, F_OK) }) == 0 else { return nil }
        let backup = FilePath(systemBytes: temporaryPath.systemBytes + Array(".old".utf8))
        _ = Self.unlinkPath(backup)
        let linked = destination.withPlatformString { old in backup.withPlatformString { link(old, $0) } }
        return linked == 0 ? backup : nil
    }

    /// Abandons the output: closes and deletes the temporary file (the target keeps its old contents). In place,
    /// only closes a descriptor this object opened; bytes already written to a device or pipe cannot be taken back.
    /// Calling it again, or after ``commit()``, does nothing.
    public func discard() {
        guard isOpen else { return }
        isOpen = false
        if closesDescriptor { _ = close(fileDescriptor.rawValue) }
        if let temporaryPath { _ = Self.unlinkPath(temporaryPath) }
    }

    // MARK: - Helpers

    /// The descriptor number a `/dev/stdout`-style alias names, when it is open.
    static func inheritedDescriptor(named name: String) -> FileDescriptor? {
        let number: Substring
        switch name {
        case "/dev/stdout": return .standardOutput
        case "/dev/stderr": return .standardError
        case _ where name.hasPrefix("/dev/fd/"): number = name.dropFirst("/dev/fd/".count)
        case _ where name.hasPrefix("/proc/self/fd/"): number = name.dropFirst("/proc/self/fd/".count)
        default: return nil
        }
        guard let value = CInt(number), value >= 0 else { return nil }
        return FileDescriptor(rawValue: value)
    }

    private static func openExisting(_ path: FilePath, flags: CInt, name: String)
        throws(FileIOError) -> FileDescriptor
    {
        while true {
            let descriptor = path.withPlatformString { open($0, flags) }
            if descriptor >= 0 { return FileDescriptor(rawValue: descriptor) }
            let error = Errno(rawValue: errno)
            if error != .interrupted { throw FileIOError(.open, path: name, errno: error) }
        }
    }

    /// `path` with every symbolic link resolved, or `path` itself when it cannot be resolved.
    private static func resolvingLinks(_ path: FilePath) -> FilePath {
        guard let resolved = path.withPlatformString({ realpath($0, nil) }) else { return path }
        defer { free(resolved) }
        return FilePath(platformString: resolved)
    }

    /// Creates `.<name>.<random>.tmp` exclusively in `target`'s directory.
    private static func createTemporaryFile(beside target: FilePath, name: String)
        throws(FileIOError) -> (FilePath, FileDescriptor)
    {
        let directory = target.removingLastComponent()
        // Keep the temporary name within NAME_MAX (255) whatever the target's name.
        let base =
            target.lastComponent.map { FilePath(root: nil, [$0]).systemBytes.prefix(200) } ?? Array("output".utf8)[...]
        var attempts = 0
        while true {
            var random = SystemRandomNumberGenerator()
            let suffix = String(random.next() as UInt64, radix: 16)
            let component = [UInt8(ascii: ".")] + base + Array(("." + suffix + ".tmp").utf8)
            let candidate = FilePath(
                systemBytes: directory.isEmpty
                    ? component
                    : directory.systemBytes + [UInt8(ascii: "/")] + component)
            // Private until commit: another user must not be able to open the output while it is being written.
            let descriptor = candidate.withPlatformString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
            if descriptor >= 0 { return (candidate, FileDescriptor(rawValue: descriptor)) }
            let error = Errno(rawValue: errno)
            attempts += 1
            if error == .interrupted || (error == .fileExists && attempts < 100) { continue }
            throw FileIOError(.create, path: name, errno: error)
        }
    }

    private static func renamePath(_ from: FilePath, _ to: FilePath) -> CInt {
        from.withPlatformString { old in to.withPlatformString { rename(old, $0) } }
    }

    private static func unlinkPath(_ path: FilePath) -> CInt { path.withPlatformString { unlink($0) } }

    /// The process's umask, read without changing it where the system allows (`/proc/self/status`, Linux 4.7+);
    /// elsewhere by setting and restoring it.
    static var currentUmask: mode_t {
        if let status = try? readSmallFile("/proc/self/status"),
            let range = status.firstRange(of: "\nUmask:\t".utf8)
        {
            var value: mode_t = 0
            for byte in status[range.upperBound...] {
                guard (0x30...0x37).contains(byte) else { break }
                value = value * 8 + mode_t(byte - 0x30)
            }
            return value
        }
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    private static func readSmallFile(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Errno(rawValue: errno) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 4_096)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { throw Errno(rawValue: errno) }
        return Array(bytes[..<count])
    }

    /// The path a dangling symbolic link points to (following a chain of links), or `nil` when `path` is not one.
    static func danglingLinkTarget(_ path: FilePath) -> FilePath? {
        var current = path
        var followed = false
        for _ in 0..<40 {  // ELOOP's limit on Linux
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = current.withPlatformString { readlink($0, &buffer, buffer.count - 1) }
            guard count > 0 else { return followed ? current : nil }
            let link = FilePath(systemBytes: buffer[..<count].map { UInt8(bitPattern: $0) })
            current = link.isAbsolute ? link : current.removingLastComponent().pushing(link)
            followed = true
        }
        return nil
    }

    /// Flushes the directory entry of a renamed file, so the rename survives a crash. Best effort.
    private static func syncDirectory(of file: FilePath) {
        let directory = file.removingLastComponent()
        let descriptor = (directory.isEmpty ? FilePath(".") : directory)
            .withPlatformString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}
