public import SystemPackage

/// Why reading an input or writing an output failed, with the path involved.
///
/// The two failures a converter must treat differently from the rest have their own cases: a full device
/// (``noSpace(path:)``, `ENOSPC`/`EDQUOT`) and a reader that went away (``brokenPipe(path:)``, `EPIPE`, as when the
/// output is piped into `head`). Everything else is ``failed(_:path:_:)`` with the system call and its `errno`.
///
/// ```swift
/// do {
///     try sink.write(bytes)
/// } catch FileIOError.brokenPipe {
///     return                                   // the consumer stopped reading: not an error worth a message
/// } catch {
///     print("kerio-siem: error: \(error)")     // cannot write 'out.cef': No space left on device
/// }
/// ```
public enum FileIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A system call that failed.
    public enum Operation: String, Sendable, Hashable {
        /// `open`, of an input or an existing output.
        case open
        /// `open(O_CREAT | O_EXCL)` of a temporary output file.
        case create
        /// `read`.
        case read
        /// `write`.
        case write
        /// `stat` / `fstat`.
        case stat
        /// `fsync`.
        case sync
        /// `rename` of the temporary file over the target.
        case rename
        /// `close`.
        case close
    }

    /// No space left on the device, or the disk quota is exhausted (`ENOSPC`, `EDQUOT`).
    case noSpace(path: String)
    /// The reading end of a pipe or socket was closed (`EPIPE`); writing more is pointless.
    case brokenPipe(path: String)
    /// The path names a directory where a file was expected.
    case isDirectory(path: String)
    /// Any other failure: the operation, the path (`-` for standard input/output) and the error number.
    case failed(Operation, path: String, Errno)
    /// A gzip-compressed input is corrupt or truncated: the path, and what is wrong (zlib's words).
    case corruptCompressedInput(path: String, reason: String)

    /// Classifies `errno` from a failed `operation` on `path`, picking the dedicated cases where they apply.
    public init(_ operation: Operation, path: String, errno: Errno) {
        switch errno {
        case .noSpace, .diskQuotaExceeded: self = .noSpace(path: path)
        case .brokenPipe: self = .brokenPipe(path: path)
        case .isDirectory: self = .isDirectory(path: path)
        default: self = .failed(operation, path: path, errno)
        }
    }

    /// The path involved.
    public var path: String {
        switch self {
        case .noSpace(let path), .brokenPipe(let path), .isDirectory(let path), .failed(_, let path, _),
            .corruptCompressedInput(let path, _):
            path
        }
    }

    /// The error number behind the failure.
    public var errno: Errno {
        switch self {
        case .noSpace: .noSpace
        case .brokenPipe: .brokenPipe
        case .isDirectory: .isDirectory
        case .failed(_, _, let errno): errno
        case .corruptCompressedInput: .ioError
        }
    }

    /// A message for the user, e.g. `cannot read 'in.log': Permission denied`.
    public var description: String {
        switch self {
        case .noSpace(let path): "cannot write '\(path)': no space left on device"
        case .brokenPipe(let path): "cannot write '\(path)': broken pipe"
        case .isDirectory(let path): "'\(path)' is a directory"
        case .corruptCompressedInput(let path, let reason): "cannot read '\(path)': gzip data \(reason)"
        case .failed(let operation, let path, let errno):
            switch operation {
            case .open: "cannot open '\(path)': \(errno)"
            case .create: "cannot create a file next to '\(path)': \(errno)"
            case .read: "cannot read '\(path)': \(errno)"
            case .write: "cannot write '\(path)': \(errno)"
            case .stat: "cannot inspect '\(path)': \(errno)"
            case .sync: "cannot flush '\(path)' to disk: \(errno)"
            case .rename: "cannot move the finished output into place as '\(path)': \(errno)"
            case .close: "cannot close '\(path)': \(errno)"
            }
        }
    }
}
