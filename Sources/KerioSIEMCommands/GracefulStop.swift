import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns `SIGTERM`, `SIGINT` and `SIGHUP` into "the input has ended" while a live input (a pipe, a terminal, a
/// socket) is being converted or followed, so that a signal loses no record.
///
/// Without this, ``SignalCleanup`` ends the process at once, and the records of lines already read but still in a
/// buffer would be lost. Once armed, the first of these signals only writes a byte into a pipe (`write` is
/// async-signal-safe) and remembers the signal; the conversion polls the pipe's reading end with its input
/// (``FileConversion/stopDescriptor``), converts and writes everything read so far, and the command then ends by
/// that signal (``endIfSignalled()``), so the parent still sees a death by `SIGTERM` (143) or `SIGINT` (130). A second
/// signal is not patient: it removes the temporary files and ends the process at once, as ``SignalCleanup`` does.
///
/// ```swift
/// let stop = GracefulStop.arm()          // after SignalCleanup.install()
/// conversion.stopDescriptor = stop
/// let report = try conversion.convert(inputs, with: exporter, to: &sink)
/// // … commit or discard outputs …
/// GracefulStop.endIfSignalled()
/// ```
enum GracefulStop {
    /// The signals that stop gracefully.
    static let signals = [SIGTERM, SIGINT, SIGHUP]

    /// The pipe: the handler writes to `[1]`, the conversion polls `[0]`. -1 until armed.
    nonisolated(unsafe) fileprivate static var pipeEnds: (CInt, CInt) = (-1, -1)
    /// The signal received, 0 for none. A handler stores it once; the main thread reads it after the conversion.
    nonisolated(unsafe) fileprivate static var receivedSignal: sig_atomic_t = 0

    /// Installs the patient handlers (a signal that was ignored, as under `nohup`, stays ignored) and returns the
    /// descriptor that becomes readable when one arrives. Arming twice returns the same descriptor.
    static func arm() -> FileDescriptor {
        if pipeEnds.0 < 0 {
            var ends: [CInt] = [-1, -1]
            guard pipe(&ends) == 0 else { return FileDescriptor(rawValue: -1) }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            // The handler must never block on a full pipe; one byte is all that is ever needed.
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
            pipeEnds = (ends[0], ends[1])
        }
        for signalNumber in signals {
            let previous = signal(signalNumber, handleStopSignal)
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(signalNumber, SIG_IGN)
            }
        }
        return FileDescriptor(rawValue: pipeEnds.0)
    }

    /// The signal that asked to stop, or `nil`.
    static var received: CInt? { receivedSignal == 0 ? nil : CInt(receivedSignal) }

    /// Ends the process by the signal received, if one was, with its default action (after the outputs were
    /// committed or discarded); returns when none was.
    static func endIfSignalled() {
        guard let signalNumber = received else { return }
        signal(signalNumber, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signalNumber)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(signalNumber)
    }
}

/// The patient handler: remember the first signal and wake the conversion; a second one ends the process now.
/// Async-signal-safe calls only (`write`, and ``SignalCleanup``'s `unlink`, `signal`, `raise`).
private func handleStopSignal(_ signalNumber: CInt) {
    if GracefulStop.receivedSignal != 0 {
        SignalCleanup.removeRegisteredFilesAndDie(signalNumber)
        return
    }
    GracefulStop.receivedSignal = sig_atomic_t(signalNumber)
    var byte: UInt8 = 1
    _ = write(GracefulStop.pipeEnds.1, &byte, 1)
}
