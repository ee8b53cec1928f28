#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#else
    import Darwin
#endif

/// Keeps descriptors 0, 1 and 2 taken before the command opens any file.
///
/// A process started with standard error (or output, or input) closed would otherwise receive that descriptor
/// number for the first file it opens — `-o out.cef` would become descriptor 2 and every warning would be written
/// into the records. Opening `/dev/null` onto each closed one makes a closed standard stream behave like a discarded
/// one for warnings (they vanish), while `convert` refuses to write records to a standard output that was closed
/// (exit 74, see ``standardOutputWasClosed``) rather than discard them into `/dev/null`.
enum StandardDescriptors {
    /// Whether descriptor 1 was closed when the process started (it now holds `/dev/null`).
    nonisolated(unsafe) private(set) static var standardOutputWasClosed = false

    /// Opens `/dev/null` onto every closed descriptor among 0, 1 and 2. Call once, first thing in `main`.
    static func reserve() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            // Every lower descriptor is open by now (checked in order), so `open` returns this very number.
            guard open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY) == descriptor else { continue }
            if descriptor == 1 { standardOutputWasClosed = true }
        }
    }
}
