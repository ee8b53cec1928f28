import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Takes batches from the queue and delivers them through the output, in order, retrying with ``Backoff`` until
/// each is confirmed; records an output refuses for good go to the dead-letter file (if any) and are counted.
///
/// It ends when the queue is closed and empty (everything delivered), or when ``stop(afterDraining:)``'s deadline
/// passes; then ``undelivered`` says how many records were neither delivered nor refused.
///
/// ```swift
/// let loop = DeliveryLoop(queue: queue, output: output, statistics: statistics, logger: logger)
/// try await loop.run()
/// ```
final class DeliveryLoop: Sendable {
    let queue: RecordQueue
    let output: any RecordOutput
    let statistics: RelayStatistics
    let logger: Logger
    let deadLetters: DeadLetterFile?
    let batchBytes: Int
    /// The steps of the retry backoff (``RelayConfiguration/retryBackoff``).
    let backoff: Backoff
    private let inFlight = Atomic<Int>(0)
    private let settledRecords = Atomic<Int>(0)
    private let deadline = Mutex<ContinuousClock.Instant?>(nil)

    init(
        queue: RecordQueue, output: any RecordOutput, statistics: RelayStatistics, logger: Logger,
        deadLetters: DeadLetterFile? = nil, batchBytes: Int = 1 << 20, backoff: Backoff = Backoff()
    ) {
        self.backoff = backoff
        self.queue = queue
        self.output = output
        self.statistics = statistics
        self.logger = logger
        self.deadLetters = deadLetters
        self.batchBytes = batchBytes
    }

    /// Records taken from the queue but not yet confirmed.
    var unconfirmed: Int { inFlight.load(ordering: .relaxed) }

    /// Records neither delivered nor refused: in flight plus still queued. A snapshot: a batch the queue hands
    /// straight to a waiting loop is in neither for a moment, so a producer waiting for its records to be confirmed
    /// also compares what it queued with ``settled``.
    var undelivered: Int { unconfirmed + queue.depth.records }

    /// Records delivered or refused for good since the start; it only grows.
    var settled: Int { settledRecords.load(ordering: .acquiring) }

    /// From now on, give up at `deadline` (the drain timeout at shutdown).
    func stop(at deadline: ContinuousClock.Instant) { self.deadline.withLock { $0 = deadline } }

    private var pastDeadline: Bool {
        guard let deadline = deadline.withLock({ $0 }) else { return false }
        return ContinuousClock.now >= deadline
    }

    /// Delivers until the queue is closed and empty, or the deadline passes.
    func run() async {
        var backoff = self.backoff
        backoff.reset()
        while let batch = await queue.pop(maximumBytes: batchBytes) {
            inFlight.store(batch.count, ordering: .relaxed)
            var pending = batch
            while !pending.isEmpty {
                if pastDeadline { return }
                do {
                    let outcome = try await output.deliver(pending)
                    let retry = outcome.retry ?? RecordBatch()
                    let delivered = pending.count - outcome.rejected - retry.count
                    statistics.add(.sent, delivered)
                    if outcome.rejected > 0 { statistics.drop(.rejected, outcome.rejected) }
                    statistics.noteSuccess(atSecondsSinceEpoch: Self.now())
                    statistics.setOutputConnected(true)
                    inFlight.store(retry.count, ordering: .relaxed)
                    settledRecords.add(pending.count - retry.count, ordering: .releasing)
                    pending = retry
                    if retry.isEmpty {
                        backoff.reset()
                    } else {
                        statistics.add(.retries)
                        await sleep(backoff.next())
                    }
                } catch {
                    statistics.add(.retries)
                    let delay = backoff.next()
                    let message: Logger.Message = "delivery failed, retrying in \(Self.seconds(delay)): \(error)"
                    if error.isTransient { logger.warning(message) } else { logger.error(message) }
                    await sleep(delay)
                }
            }
            inFlight.store(0, ordering: .relaxed)
        }
    }

    /// Sleeps for `delay`, or until the deadline if that comes first.
    private func sleep(_ delay: Duration) async {
        var delay = delay
        if let deadline = deadline.withLock({ $0 }) {
            delay = min(delay, max(.zero, deadline - ContinuousClock.now))
        }
        try? await Task.sleep(for: delay)
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(Double(milliseconds) / 1_000) s"
    }

    static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time.tv_sec
    }
}
