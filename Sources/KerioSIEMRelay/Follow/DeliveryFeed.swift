import Dispatch
public import KerioSIEM
import Synchronization

/// Connects a synchronous producer of records — `kerio-siem follow --to URL`, which converts with a
/// `ConversionSession` and writes to a `ByteSink` — to a running ``Relay``'s queue and output.
///
/// Wrap the format's exporter with ``exporter(wrapping:)`` (so each record's time and device are noted), give the
/// follower ``sink`` as its output, and call ``waitUntilDelivered(giveUpWhen:)`` before each checkpoint: the
/// checkpoint then moves only past records the output has confirmed. Writes block while the queue is full, so the
/// follow pauses instead of reading ahead, until the queue has room or `giveUpWhen` says to stop waiting.
///
/// ```swift
/// let feed = DeliveryFeed(relay: relay)
/// var sink = feed.sink
/// let report = try follower.follow(paths, with: feed.exporter(wrapping: exporter), to: &sink)
/// ```
public final class DeliveryFeed: Sendable {
    let relay: Relay
    let notes = RecordNotes()
    /// Records queued through ``sink`` so far.
    let queued = Atomic<Int>(0)
    let giveUpWhen: @Sendable () -> Bool

    /// A feed into `relay` (started, with or without listeners). A write waiting for room in the full queue polls
    /// `giveUpWhen` every 10 ms and fails as soon as it says so (a stop whose drain timeout ran out while the output
    /// is down): without it, nothing would wake a follow blocked there.
    public init(relay: Relay, giveUpWhen: @escaping @Sendable () -> Bool = { false }) {
        self.relay = relay
        self.giveUpWhen = giveUpWhen
    }

    /// `exporter`, writing as before, with each record's end, time and device noted for the output.
    public func exporter(wrapping exporter: any EventExporter) -> any EventExporter {
        func wrap<E: EventExporter>(_ exporter: E) -> any EventExporter {
            RecordingExporter(wrapping: exporter, notes: notes, timeZone: relay.configuration.conversion.timeZone)
        }
        return wrap(exporter)
    }

    /// The sink to write the wrapped exporter's output to.
    public var sink: Sink { Sink(feed: self) }

    /// Hands each block of records to the relay's queue, waiting while it is full.
    public struct Sink: ByteSink {
        let feed: DeliveryFeed

        /// Queues the records of `bytes` (whole records: a conversion session flushes whole records only).
        ///
        /// Why a pointer: ``ByteSink``'s requirement; the bytes are copied into the queued batch.
        /// - Throws: ``DeliveryFeedError/stopped`` when the relay is stopping, or when the feed's `giveUpWhen` said so
        ///   while the queue was full (the records were not queued).
        public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            let notes = feed.notes
            var batch = RecordBatch()
            batch.bytes = Array(bytes)
            notes.move(into: &batch)
            guard !batch.isEmpty else { return }
            let queued = batch
            let pushed = feed.blocking { feed in
                while !feed.relay.queue.tryPush(queued) {
                    if feed.relay.queue.isClosed || feed.giveUpWhen() { return false }
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return true
            }
            guard pushed else { throw DeliveryFeedError.stopped }
            feed.queued.add(queued.count, ordering: .relaxed)
        }
    }

    /// Waits until every record written so far is delivered (or refused for good); polls `giveUpWhen` every
    /// 10 ms and returns false as soon as it says so (a stop whose drain timeout ran out).
    ///
    /// It counts the records written through ``sink`` as well as asking the relay what is undelivered now: a batch
    /// handed straight to an idle output is for a moment neither queued nor in flight, and the checkpoint would
    /// have moved past it. (With listeners too, their records are waited for as well.)
    public func waitUntilDelivered(giveUpWhen: @escaping @Sendable () -> Bool) -> Bool {
        let written = queued.load(ordering: .relaxed)
        return blocking { feed in
            while feed.relay.settled < written || feed.relay.undelivered > 0 {
                if giveUpWhen() { return false }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return true
        }
    }

    /// Runs `body` on the concurrency pool and blocks this (non-pool) thread until it returns.
    func blocking(_ body: @escaping @Sendable (DeliveryFeed) async -> Bool) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let result = ResultCell()
        Task {
            result.value = await body(self)
            done.signal()
        }
        done.wait()
        return result.value
    }
}

/// Why a ``DeliveryFeed`` refused records.
public enum DeliveryFeedError: Error, Sendable, CustomStringConvertible {
    /// The relay is stopping; the records were not queued (the checkpoint stays before them).
    case stopped

    /// A message for the user.
    public var description: String { "the delivery has stopped; the records were not queued" }
}

/// One Bool handed from a task to the thread waiting for it.
private final class ResultCell: @unchecked Sendable {
    // Written by the task before it signals the semaphore, read by the waiting thread after it: ordered by the
    // semaphore.
    var value = false
}
