public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input of a ``FileConversion``: a file by path, or a descriptor that is already open (standard input).
///
/// ```swift
/// let inputs = ["security.log.1", "security.log", "-"].map(ConversionInput.init(argument:))
/// for input in inputs { _ = try input.inspect() }     // fail before writing anything
/// ```
public struct ConversionInput: Sendable, Hashable, CustomStringConvertible {
    /// Where the bytes come from.
    public enum Source: Sendable, Hashable {
        /// A file opened (read-only) when its turn comes and closed after it.
        case path(FilePath)
        /// A descriptor the caller owns; read to its end, never closed.
        case descriptor(FileDescriptor)
    }

    /// Where the bytes come from.
    public var source: Source
    /// The name diagnostics use (`file:line: …`): the path as given (bytes that are not UTF-8 and controls escaped,
    /// see ``DisplayText``), or `-` for standard input.
    public var name: String

    /// The file at `path`, named by its path.
    public init(path: FilePath) {
        source = .path(path)
        name = path.displayString
    }

    /// An open descriptor, named `name` in diagnostics.
    public init(descriptor: FileDescriptor, name: String) {
        source = .descriptor(descriptor)
        self.name = name
    }

    /// A command-line argument: `-` is standard input, anything else a path.
    public init(argument: String) {
        self = argument == "-" ? .standardInput : ConversionInput(path: FilePath(argument))
    }

    /// Standard input, named `-`.
    public static let standardInput = ConversionInput(descriptor: .standardInput, name: "-")

    /// Whether this is standard input.
    public var isStandardInput: Bool { source == .descriptor(.standardInput) }

    /// The name.
    public var description: String { name }

    /// Checks that the input can be read, without reading it, and returns its status (type, size, device and inode).
    ///
    /// A path is opened read-only and non-blocking (so a FIFO does not wait for a writer) and closed again; a
    /// descriptor is only `fstat`ed. Use this to refuse bad inputs before any output exists, and to compare an input
    /// with the output by device and inode.
    /// - Throws: ``FileIOError/isDirectory(path:)`` for a directory; ``FileIOError/failed(_:path:_:)`` with `.open`
    ///   (e.g. `ENOENT`, `EACCES`) or `.stat`.
    public func inspect() throws(FileIOError) -> Stat {
        switch source {
        case .descriptor(let descriptor):
            let status: Stat
            do { status = try descriptor.stat() } catch { throw FileIOError(.stat, path: name, errno: error) }
            if status.type == .directory { throw .isDirectory(path: name) }
            return status
        case .path(let path):
            let descriptor = try Self.openForReading(path, name: name, nonBlocking: true)
            defer { _ = close(descriptor.rawValue) }
            let status: Stat
            do { status = try descriptor.stat() } catch { throw FileIOError(.stat, path: name, errno: error) }
            if status.type == .directory { throw .isDirectory(path: name) }
            return status
        }
    }

    /// Opens `path` read-only, retrying `EINTR`.
    static func openForReading(_ path: FilePath, name: String, nonBlocking: Bool = false)
        throws(FileIOError) -> FileDescriptor
    {
        let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (nonBlocking ? O_NONBLOCK : 0)
        while true {
            let descriptor = path.withPlatformString { open($0, flags) }
            if descriptor >= 0 { return FileDescriptor(rawValue: descriptor) }
            let error = Errno(rawValue: errno)
            if error != .interrupted { throw FileIOError(.open, path: name, errno: error) }
        }
    }
}
