public import CoreMetrics
import Synchronization

/// Why records or messages did not reach the output; each reason is its own counter.
public enum DropReason: String, Sendable, CaseIterable {
    /// The sender is not in `--allow`.
    case notAllowed = "not_allowed"
    /// The queue was full (UDP input only; stream inputs wait instead).
    case queueFull = "queue_full"
    /// `--max-connections` was reached; the connection was closed at once.
    case tooManyConnections = "too_many_connections"
    /// A connection was idle for longer than `--idle-timeout` and closed (counted per connection).
    case idle = "idle"
    /// The output refused the record for good (HTTP 4xx other than 429; written to `--dead-letter` if given).
    case rejected = "rejected"
    /// Still queued or unconfirmed when `--drain-timeout` ran out at shutdown.
    case undelivered = "undelivered"
    /// A record too large for one UDP datagram (65,507 bytes).
    case oversized = "oversized"
}

/// The relay's counters: read by the one-line summary, the exit report and tests, and published through
/// swift-metrics (Prometheus `/metrics` with ``MetricsServer``).
///
/// ```swift
/// let statistics = RelayStatistics(factory: PrometheusMetricsFactory(registry: registry))
/// statistics.add(.sent, 10)
/// ```
public final class RelayStatistics: Sendable {
    /// A counter of the relay.
    public enum Count: String, Sendable, CaseIterable {
        /// Lines received (every message, blank or not).
        case received = "kerio_siem_relay_lines_received_total"
        /// Lines that parsed as Kerio security-log records.
        case parsed = "kerio_siem_relay_lines_parsed_total"
        /// Lines that did not parse (forwarded with `--emit-unparsed`, else only counted).
        case unparsed = "kerio_siem_relay_lines_unparsed_total"
        /// Records the output confirmed.
        case sent = "kerio_siem_relay_records_sent_total"
        /// Delivery attempts that failed and were retried.
        case retries = "kerio_siem_relay_retries_total"
        /// Connections accepted.
        case connections = "kerio_siem_relay_connections_total"
    }

    private let counts = Mutex([Int](repeating: 0, count: Count.allCases.count))
    private let drops = Mutex([Int](repeating: 0, count: DropReason.allCases.count))
    private let countMetrics: [CoreMetrics.Counter]
    private let dropMetrics: [CoreMetrics.Counter]
    private let connectedNow = Atomic<Int>(0)
    private let outputUp = Atomic<Int>(0)
    private let lastSuccessSeconds = Atomic<Int>(0)
    private let connectedGauge: Gauge
    private let outputGauge: Gauge
    private let lastSuccessGauge: Gauge
    private let queueRecordsGauge: Gauge
    private let queueBytesGauge: Gauge

    /// Creates counters published through `factory` (use `NOOPMetricsHandler.instance` for none).
    public init(factory: any MetricsFactory) {
        countMetrics = Count.allCases.map { CoreMetrics.Counter(label: $0.rawValue, factory: factory) }
        dropMetrics = DropReason.allCases.map {
            CoreMetrics.Counter(
                label: "kerio_siem_relay_dropped_total", dimensions: [("reason", $0.rawValue)], factory: factory)
        }
        connectedGauge = Gauge(label: "kerio_siem_relay_connections_open", factory: factory)
        outputGauge = Gauge(label: "kerio_siem_relay_output_connected", factory: factory)
        lastSuccessGauge = Gauge(label: "kerio_siem_relay_last_success_timestamp_seconds", factory: factory)
        queueRecordsGauge = Gauge(label: "kerio_siem_relay_queue_records", factory: factory)
        queueBytesGauge = Gauge(label: "kerio_siem_relay_queue_bytes", factory: factory)
    }

    /// Adds `amount` to `count`.
    public func add(_ count: Count, _ amount: Int = 1) {
        guard amount != 0 else { return }
        let index = Count.allCases.firstIndex(of: count)!
        counts.withLock { $0[index] += amount }
        countMetrics[index].increment(by: amount)
    }

    /// Counts `amount` dropped for `reason`.
    public func drop(_ reason: DropReason, _ amount: Int = 1) {
        guard amount != 0 else { return }
        let index = DropReason.allCases.firstIndex(of: reason)!
        drops.withLock { $0[index] += amount }
        dropMetrics[index].increment(by: amount)
    }

    /// The value of `count`.
    public func value(_ count: Count) -> Int { counts.withLock { $0[Count.allCases.firstIndex(of: count)!] } }

    /// How many were dropped for `reason`.
    public func dropped(_ reason: DropReason) -> Int {
        drops.withLock { $0[DropReason.allCases.firstIndex(of: reason)!] }
    }

    /// Open input connections: +1 when one opens, -1 when it closes.
    public func connectionsChanged(by delta: Int) {
        let now = connectedNow.add(delta, ordering: .relaxed).newValue
        connectedGauge.record(now)
    }

    /// Input connections open now.
    public var connectionsOpen: Int { connectedNow.load(ordering: .relaxed) }

    /// Whether the output is connected (HTTP outputs: whether the last request got an answer).
    public func setOutputConnected(_ connected: Bool) {
        outputUp.store(connected ? 1 : 0, ordering: .relaxed)
        outputGauge.record(connected ? 1 : 0)
    }

    /// Whether the output is connected.
    public var isOutputConnected: Bool { outputUp.load(ordering: .relaxed) == 1 }

    /// Notes a confirmed delivery at `secondsSinceEpoch`.
    public func noteSuccess(atSecondsSinceEpoch seconds: Int) {
        lastSuccessSeconds.store(seconds, ordering: .relaxed)
        lastSuccessGauge.record(seconds)
    }

    /// When the output last confirmed a delivery (seconds since 1970), or 0.
    public var lastSuccess: Int { lastSuccessSeconds.load(ordering: .relaxed) }

    /// Publishes the queue's depth (called before each scrape and summary).
    public func recordQueueDepth(records: Int, bytes: Int) {
        queueRecordsGauge.record(records)
        queueBytesGauge.record(bytes)
    }

    /// `received 10 parsed 9 unparsed 1 sent 9 dropped 0 retries 0`, with each drop reason that is not zero.
    public func summary(queued: Int) -> String {
        var text =
            "received \(value(.received)) parsed \(value(.parsed)) unparsed \(value(.unparsed)) "
            + "sent \(value(.sent)) queued \(queued) retries \(value(.retries))"
        let reasons = DropReason.allCases.filter { dropped($0) > 0 }
        text += " dropped \(reasons.reduce(0) { $0 + dropped($1) })"
        if !reasons.isEmpty {
            text += " (" + reasons.map { "\($0.rawValue) \(dropped($0))" }.joined(separator: ", ") + ")"
        }
        return text
    }
}
