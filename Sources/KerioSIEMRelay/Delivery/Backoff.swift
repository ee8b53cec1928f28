/// Exponential backoff with jitter for reconnects and retries: 0.5 s, 1 s, 2 s, … up to 60 s, each delay drawn
/// between half and all of its step, so that many relays restarting together do not hammer a SIEM in step.
///
/// ```swift
/// var backoff = Backoff()
/// let delay = backoff.next()   // 0.25–0.5 s, then 0.5–1 s, …
/// backoff.reset()              // after a success
/// ```
public struct Backoff: Sendable {
    /// The first step.
    public var initial: Duration = .milliseconds(500)
    /// The largest step.
    public var maximum: Duration = .seconds(60)
    /// Failures since the last success.
    public private(set) var attempts = 0

    /// Creates a backoff with the default steps.
    public init() {}

    /// The delay before the next attempt.
    public mutating func next() -> Duration {
        let step = min(maximum, initial * (1 << min(attempts, 20)))
        attempts += 1
        let nanoseconds = Double(step.components.seconds) * 1e9 + Double(step.components.attoseconds) / 1e9
        return .nanoseconds(Int64(nanoseconds * Double.random(in: 0.5...1.0)))
    }

    /// After a success: the next failure waits the first step again.
    public mutating func reset() { attempts = 0 }
}
