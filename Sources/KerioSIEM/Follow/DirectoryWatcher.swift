import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wakes a ``FileFollower`` when something happens in the directories of its files: inotify on Linux (a write, a
/// create, a rename or a delete is seen at once), with a poll every ``FileFollower/pollInterval`` besides, for what
/// inotify does not report (a rotated file written under its new name in another directory, network file systems)
/// and on systems without inotify.
///
/// Only directories are watched: inotify on a directory reports writes to every file in it, and a directory watch
/// survives the rotation of the files inside.
struct DirectoryWatcher: ~Copyable {
    /// The inotify descriptor, or -1 without inotify.
    private let descriptor: CInt
    /// The directories watched so far.
    private var watched: Set<[UInt8]> = []
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1_024, alignment: 8)

    init() {
        #if os(Linux)
            descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        #else
            descriptor = -1
        #endif
    }

    deinit {
        if descriptor >= 0 { _ = close(descriptor) }
        buffer.deallocate()
    }

    /// Watches `directory` if it exists and is not watched yet (called every pass, so a directory created later is
    /// watched from then on).
    mutating func watch(_ directory: FilePath) {
        #if os(Linux)
            let key = directory.systemBytes
            guard descriptor >= 0, !watched.contains(key) else { return }
            let mask =
                IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB
                | IN_DELETE_SELF | IN_MOVE_SELF
            let path = directory.isEmpty ? FilePath(".") : directory
            if path.withPlatformString({ inotify_add_watch(descriptor, $0, UInt32(mask)) }) >= 0 {
                watched.insert(key)
            }
        #endif
    }

    /// Waits until a watched directory changes, `stop` becomes readable, or `timeout` passes.
    /// - Returns: `true` when `stop` is readable.
    func wait(timeout: Duration, stop: CInt) -> Bool {
        var requests = [
            pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
        ]
        let milliseconds = Int32(
            clamping: timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = poll(&requests, 2, max(1, milliseconds))
        if descriptor >= 0 && requests[1].revents != 0 {
            // The events themselves are not needed: any of them means "look again". Drain them.
            while read(descriptor, buffer.baseAddress, buffer.count) > 0 {}
        }
        return stop >= 0 && requests[0].revents != 0
    }
}
