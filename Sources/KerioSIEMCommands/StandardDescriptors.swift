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
/// (exit 74, see ``isStandardOutputUsable``) rather than discard them into `/dev/null`.
enum StandardDescriptors {
    /// Which of 0, 1, 2 were closed at start (so that a closed standard output can still be reported as such).
    nonisolated(unsafe) private(set) static var closedAtStart: Set<Int32> = []

    /// Opens `/dev/null` onto every closed descriptor among 0, 1 and 2. Call once, first thing in `main`.
    static func reserve() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
            guard opened >= 0 else { continue }
            if opened != descriptor {
                // Lower descriptors were free: dup2 onto the wanted one, then drop the extra.
                _ = dup2(opened, descriptor)
                _ = close(opened)
            }
            closedAtStart.insert(descriptor)
        }
    }

    /// False when standard output was closed when the process started: records written there would be lost.
    static var isStandardOutputUsable: Bool { !closedAtStart.contains(1) }
}
