import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes unfinished temporary output files when a catchable fatal signal ends the process (`SIGINT`, `SIGTERM`,
/// `SIGHUP`, `SIGQUIT`, `SIGXCPU`, `SIGUSR1`, `SIGUSR2`, `SIGALRM`, `SIGVTALRM`, `SIGPROF`), makes a closed output
/// pipe an error (`EPIPE`) instead of a silent death, and makes a file-size limit (`ulimit -f`) an error (`EFBIG`)
/// instead of a kill by `SIGXFSZ` that would leave the temporary file behind.
///
/// A signal handler may only call async-signal-safe functions, so the handler does no Swift allocation, locking or
/// printing: it `unlink`s the paths registered beforehand (C strings kept in a fixed table), restores the default
/// action and re-raises the signal, so the parent sees a death by that signal (shells report 130 for `SIGINT` and
/// 143 for `SIGTERM`, and a script interrupted with Ctrl-C stops as it should).
///
/// ```swift
/// SignalCleanup.install()                       // once, in main
/// let slot = SignalCleanup.register(temporaryPath)
/// defer { SignalCleanup.unregister(slot) }
/// ```
enum SignalCleanup {
    /// How many paths can be registered at once (the output and the rejects file need two).
    static let capacity = 8

    /// The table the handler reads: `capacity` C strings or `nil`, written only under `lock`.
    /// `nonisolated(unsafe)`: the handler reads it without the lock (a signal handler must not lock); each slot is a
    /// single aligned pointer, so a handler sees either the old or the new value, never half of one.
    private nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()

    private static let lock = Mutex(())

    /// The signals that end a conversion and remove its temporary files: every signal whose default action ends the
    /// process and that can be caught, except the ones that report a bug in the process itself (`SIGSEGV`, `SIGBUS`,
    /// `SIGILL`, `SIGFPE`, `SIGABRT`, `SIGTRAP`, `SIGSYS`: its state cannot be trusted to clean up) and `SIGPIPE` and
    /// `SIGXFSZ`, which are ignored so that the failing `write` reports them.
    static let terminationSignals = [
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXCPU, SIGUSR1, SIGUSR2, SIGALRM,
        SIGVTALRM, SIGPROF,
    ]

    /// Installs the handlers (leaving a signal alone if it was ignored, as for a `nohup` or background job),
    /// unblocks those signals, and ignores `SIGPIPE`. Call it once, before any output exists.
    ///
    /// The signal mask survives `exec`, and some launchers (Foundation's `Process`, from a thread that blocks
    /// signals) start children with these signals blocked: a blocked SIGTERM would stay pending until the end of the
    /// conversion instead of stopping it.
    static func install() {
        _ = slots  // initialise the table now: the handler must not run a lazy initialiser
        signal(SIGPIPE, SIG_IGN)
        // Past `ulimit -f`, write(2) then fails with EFBIG: an I/O error (exit 74) with the temporary file removed.
        signal(SIGXFSZ, SIG_IGN)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in terminationSignals {
            let previous = signal(signalNumber, handleTerminationSignal)
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(signalNumber, SIG_IGN)
            }
            sigaddset(&unblocked, signalNumber)
        }
        sigprocmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// Registers `path` for removal if a signal ends the process; returns the slot to pass to ``unregister(_:)``, or
    /// `nil` when the table is full (the file is then only removed by normal cleanup).
    static func register(_ path: String) -> Int? { register(FilePath(path)) }

    /// Registers `path` by its bytes (a name that is not UTF-8 is removed as it is).
    static func register(_ path: FilePath) -> Int? {
        lock.withLock { _ in
            for index in 0..<capacity where slots[index] == nil {
                slots[index] = path.withPlatformString { strdup($0) }
                return index
            }
            return nil
        }
    }

    /// Forgets the path in `slot` (after the file was renamed into place or deleted).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock { _ in
            let path = slots[slot]
            slots[slot] = nil
            free(path)
        }
    }

    /// Runs `body` with the termination signals blocked, so that a file created in `body` and registered there cannot
    /// be left behind by a signal arriving between its creation and its registration; a signal that came meanwhile is
    /// delivered when `body` returns (and then finds the file registered).
    static func withSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signalNumber in terminationSignals { sigaddset(&blocked, signalNumber) }
        var previous = sigset_t()
        sigprocmask(SIG_BLOCK, &blocked, &previous)
        defer { sigprocmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// The paths currently registered (for tests).
    static var registeredPaths: [String] {
        lock.withLock { _ in (0..<capacity).compactMap { slots[$0].map { String(cString: $0) } } }
    }
}

/// The handler: async-signal-safe calls only (`unlink`, `signal`, `raise`).
private func handleTerminationSignal(_ signalNumber: CInt) {
    SignalCleanup.removeRegisteredFilesAndDie(signalNumber)
}

extension SignalCleanup {
    /// What the handler does, for other handlers too (``GracefulStop``'s second signal): removes the registered
    /// files, restores the default action and re-raises. Async-signal-safe.
    static func removeRegisteredFilesAndDie(_ signalNumber: CInt) {
        for index in 0..<capacity {
            if let path = slot(index) { unlink(path) }
        }
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
    }
}

extension SignalCleanup {
    /// The raw slot, read without locking (see ``slots``).
    fileprivate static func slot(_ index: Int) -> UnsafeMutablePointer<CChar>? { slots[index] }
}
