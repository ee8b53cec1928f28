#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A one-line progress bar on standard error: bytes done of the total, rate and time left.
///
/// It exists only when standard error is a terminal and the input size is known (all inputs are regular files), so
/// logs and pipes never receive it. It redraws at most ten times a second, in place (`\r`, erase line), and
/// ``clear()`` removes it before other messages and at the end.
///
/// ```swift
/// let progress = ProgressReporter(totalBytes: 10_000_000)    // nil when not on a terminal
/// progress?.update(bytesRead: 2_500_000)
/// // [=====>                ]  25%  2.4 MiB / 9.5 MiB  48.1 MiB/s  ETA 0:00
/// progress?.clear()
/// ```
final class ProgressReporter {
    /// The total input size in bytes.
    let totalBytes: Int
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant
    private var isShown = false
    /// The shortest time between two redraws.
    static let interval = Duration.milliseconds(100)

    /// A progress bar for `totalBytes`, or `nil` when it should not be shown: disabled, size unknown or zero, or
    /// standard error not a terminal.
    init?(totalBytes: Int?, enabled: Bool = true) {
        guard enabled, let totalBytes, totalBytes > 0, isatty(STDERR_FILENO) == 1 else { return nil }
        self.totalBytes = totalBytes
        start = .now
        // The first frame waits one interval: conversions that take less than that show no bar at all.
        lastDraw = start
    }

    /// Redraws the bar if the last frame is older than ``interval``.
    func update(bytesRead: Int) {
        let now = ContinuousClock.now
        guard now - lastDraw >= Self.interval else { return }
        lastDraw = now
        Diagnostics.write(
            "\r\u{1B}[K"
                + Self.render(
                    bytesRead: bytesRead, totalBytes: totalBytes,
                    elapsedSeconds: (now - start).seconds))
        isShown = true
    }

    /// Erases the bar (if shown); the next ``update(bytesRead:)`` draws it again.
    func clear() {
        guard isShown else { return }
        Diagnostics.write("\r\u{1B}[K")
        isShown = false
    }

    /// One frame: `[=====>      ]  42%  1.2 GiB / 2.9 GiB  310.5 MiB/s  ETA 0:05`.
    static func render(bytesRead: Int, totalBytes: Int, elapsedSeconds: Double, width: Int = 24) -> String {
        let fraction = totalBytes > 0 ? min(1, max(0, Double(bytesRead) / Double(totalBytes))) : 0
        let filled = Int((fraction * Double(width)).rounded(.down))
        var bar = String(repeating: "=", count: filled)
        if filled < width { bar += ">" + String(repeating: " ", count: width - filled - 1) }
        let percent = Int((fraction * 100).rounded(.down))
        var line = "[" + bar + "] " + String(repeating: " ", count: 3 - String(percent).count) + "\(percent)%  "
        line += Formatting.bytes(bytesRead) + " / " + Formatting.bytes(totalBytes)
        if elapsedSeconds > 0, bytesRead > 0 {
            let rate = Double(bytesRead) / elapsedSeconds
            line += "  " + Formatting.bytes(Int(rate)) + "/s"
            line += "  ETA " + Formatting.clock(seconds: Double(max(0, totalBytes - bytesRead)) / rate)
        }
        return line
    }
}
