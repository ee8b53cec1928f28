/// A destination of the relay: syslog over UDP/TCP/TLS, Splunk HEC, Elasticsearch, a file or standard output.
///
/// The delivery loop hands one batch at a time to ``deliver(_:)`` and waits: an output returns only when the batch
/// is confirmed as far as its protocol can confirm (bytes written and flushed for syslog over TCP/TLS and files, an
/// HTTP 2xx for HEC, per-item statuses for `_bulk`), and throws ``DeliveryFailure`` otherwise. The loop retries with
/// backoff; an output reconnects (resolving its host again) on the next call.
///
/// ```swift
/// let outcome = try await output.deliver(batch)
/// statistics.add(.sent, batch.count - outcome.rejected - (outcome.retry?.count ?? 0))
/// ```
public protocol RecordOutput: Sendable {
    /// Delivers `batch`.
    /// - Returns: what was refused for good and what must be sent again (Elasticsearch's per-item 429s).
    /// - Throws: ``DeliveryFailure`` when nothing of the batch is known to have arrived.
    func deliver(_ batch: RecordBatch) async throws(DeliveryFailure) -> DeliveryOutcome

    /// Flushes and closes the connection or file.
    func close() async
}

/// The part of a batch an output did not deliver.
public struct DeliveryOutcome: Sendable {
    /// Records refused for good (written to the dead-letter file when there is one).
    public var rejected: Int
    /// Records to send again after a backoff (nil: none).
    public var retry: RecordBatch?

    /// Everything delivered.
    public static let delivered = DeliveryOutcome(rejected: 0, retry: nil)

    /// Creates an outcome.
    public init(rejected: Int, retry: RecordBatch?) {
        self.rejected = rejected
        self.retry = retry
    }
}

/// Why a delivery failed as a whole; the batch is sent again after a backoff.
public struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    /// What happened, for the log: `connection refused (127.0.0.1:6514)`, `HTTP 503`.
    public var description: String
    /// Whether retrying can help: false for authentication failures (HTTP 401/403), which are retried all the same
    /// (records are never dropped for it) but logged as errors.
    public var isTransient: Bool

    /// Creates a failure.
    public init(_ description: String, isTransient: Bool = true) {
        self.description = description
        self.isTransient = isTransient
    }
}
