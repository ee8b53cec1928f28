public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ``ByteSink`` that writes to an open file descriptor: a file, a pipe, a terminal, a device.
///
/// Each ``write(_:)`` writes every byte or throws: partial writes are continued, `EINTR` is retried, and a descriptor
/// in non-blocking mode (a shared pipe may be one) is waited on with `poll` instead of failing with `EAGAIN`. The two
/// failures a converter reports differently arrive as their own ``FileIOError`` cases: ``FileIOError/noSpace(path:)``
/// and ``FileIOError/brokenPipe(path:)``. `EPIPE` is only seen when `SIGPIPE` is ignored (the CLI ignores it);
/// otherwise the signal ends the process first.
///
/// The sink does not own the descriptor: it never closes it.
///
/// ```swift
/// var sink = FileDescriptorSink(.standardOutput, name: "-")
/// let report = try FileConversion().convert([.standardInput], with: exporter, to: &sink)
/// ```
public struct FileDescriptorSink: ByteSink, Sendable {
    /// The descriptor written to.
    public let fileDescriptor: FileDescriptor
    /// The name used in errors: a path, or `-` for standard output.
    public let name: String
    /// Bytes written so far.
    public private(set) var bytesWritten = 0

    /// A sink writing to `fileDescriptor`, called `name` in errors.
    public init(_ fileDescriptor: FileDescriptor, name: String) {
        self.fileDescriptor = fileDescriptor
        self.name = name
    }

    /// Writes all of `bytes`.
    /// - Throws: ``FileIOError/noSpace(path:)`` when the device is full, ``FileIOError/brokenPipe(path:)`` when the
    ///   reader went away, ``FileIOError/failed(_:path:_:)`` (operation `.write`) for anything else.
    ///
    /// Why a pointer: it is the ``ByteSink`` requirement: the session hands over its own output buffer without a copy,
    /// and the bytes are only read during the call.
    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileIOError) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(fileDescriptor.rawValue, next, remaining)
            if written > 0 {
                next += written
                remaining -= written
                bytesWritten += written
                continue
            }
            // write(2) returns 0 for a non-empty buffer only on exotic devices; treat it as "try again" once the
            // descriptor is writable rather than spinning.
            let error = written == 0 ? Errno.resourceTemporarilyUnavailable : Errno(rawValue: errno)
            switch error {
            case .interrupted:
                continue
            case .resourceTemporarilyUnavailable, .wouldBlock:
                try waitUntilWritable()
            default:
                throw FileIOError(.write, path: name, errno: error)
            }
        }
    }

    /// Blocks until the descriptor accepts more bytes (it is in non-blocking mode and its buffer is full).
    private func waitUntilWritable() throws(FileIOError) {
        var request = pollfd(fd: fileDescriptor.rawValue, events: Int16(POLLOUT), revents: 0)
        while poll(&request, 1, -1) < 0 {
            let error = Errno(rawValue: errno)
            if error != .interrupted { throw FileIOError(.write, path: name, errno: error) }
        }
    }
}

/// `write(2)`, named apart from ``FileDescriptorSink/write(_:)`` so the call inside it is unambiguous.
@inline(__always)
private func systemWrite(_ descriptor: CInt, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
