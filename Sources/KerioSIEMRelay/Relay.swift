import KerioSIEM
public import Logging
import Metrics
public import NIOCore
public import NIOPosix
import NIOSSL
import Prometheus
import Synchronization

/// `kerio-siem relay`: receives Kerio Control's syslog, converts each message with the shared parser and the chosen
/// exporter, and delivers the records through one bounded queue to one destination.
///
/// ```swift
/// let relay = try Relay(configuration: configuration, logger: Logger(label: "kerio-siem.relay"))
/// let listening = try await relay.start()      // the bound URLs (port 0 → the real port)
/// // … later, on SIGTERM:
/// let report = await relay.stop()              // inputs closed, queue drained (up to the drain timeout)
/// ```
public final class Relay: Sendable {
    /// The settings.
    public let configuration: RelayConfiguration
    /// The counters (also served at `/metrics`).
    public let statistics: RelayStatistics
    let logger: Logger
    let group: any EventLoopGroup
    let queue: RecordQueue
    let registry = PrometheusCollectorRegistry()
    let output: any RecordOutput
    let delivery: DeliveryLoop
    let listeners: RelayListeners
    let metricsServer: MetricsServer?
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let deliveryTask = Mutex<Task<Void, Never>?>(nil)

    /// What a stopped relay did.
    public struct Report: Sendable {
        /// Records neither delivered nor refused when the drain timeout ran out (0 after a complete drain).
        public var undelivered: Int
        /// The final one-line summary.
        public var summary: String
    }

    /// Checks the configuration and prepares (nothing is bound yet).
    /// - Throws: ``RelayConfigurationError`` for a setting that cannot work (a TLS listener without a certificate,
    ///   Elasticsearch with a format that is not JSON, a file that cannot be opened, …).
    public init(
        configuration: RelayConfiguration, logger: Logger = Logger(label: "kerio-siem.relay"),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(RelayConfigurationError) {
        self.configuration = configuration
        self.logger = logger
        self.group = group
        statistics = RelayStatistics(factory: PrometheusMetricsFactory(registry: registry))
        queue = RecordQueue(recordLimit: configuration.queueRecords, byteLimit: configuration.queueBytes)

        var probe = configuration.exporter
        var prologue = OutputBuffer()
        probe.writePrologue(into: &prologue)
        probe.writeEpilogue(into: &prologue)
        let format = type(of: configuration.exporter).format
        guard prologue.isEmpty else {
            throw .invalidSetting(
                "-f \(format.name)",
                "a \(format.name) output is a document with a header or a closing part, which a stream of records "
                    + "cannot carry; use cef, leef, leef1 or ecs (or convert/follow for files)")
        }
        let deadLetters = try configuration.deadLetterPath.map { path throws(RelayConfigurationError) in
            try DeadLetterFile(path: path)
        }
        let recordsAreJSON = format.mediaType.contains("json")
        switch configuration.destination {
        case .syslog(.udp, let endpoint):
            output = SyslogDatagramOutput(
                endpoint: endpoint, group: DeliveryExecutor.shared.eventLoop, statistics: statistics)
        case .syslog(let transport, let endpoint):
            let tls = transport == .tls ? try configuration.tls.makeClientConfiguration() : nil
            output = SyslogStreamOutput(
                endpoint: endpoint, tls: tls, framing: transport == .tls ? .octetCounting : configuration.framing,
                group: DeliveryExecutor.shared.eventLoop, statistics: statistics,
                serverName: configuration.tls.serverName,
                resendWindow: configuration.resendWindow)
        case .splunkHEC(let endpoint, let secure):
            guard configuration.splunk.token?.isEmpty == false else {
                throw .invalidSetting(
                    "--to \(configuration.destination)",
                    "Splunk HEC needs a token: set KERIO_SIEM_HEC_TOKEN or give --hec-token-file")
            }
            output = SplunkHECOutput(
                endpoint: endpoint, secure: secure, tls: try configuration.tls.makeClientConfiguration(), group: group,
                timeout: Self.timeAmount(configuration.httpTimeout), settings: configuration.splunk,
                recordsAreJSON: recordsAreJSON, deadLetters: deadLetters,
                statistics: statistics)
        case .elasticsearch(let endpoint, let dataStream, let secure):
            guard recordsAreJSON else {
                throw .invalidSetting(
                    "-f \(format.name)", "Elasticsearch takes JSON documents: use -f ecs with an elasticsearch+ output")
            }
            output = ElasticsearchBulkOutput(
                endpoint: endpoint, dataStream: dataStream, secure: secure,
                tls: try configuration.tls.makeClientConfiguration(), group: group,
                timeout: Self.timeAmount(configuration.httpTimeout), settings: configuration.elasticsearch,
                deadLetters: deadLetters, statistics: statistics)
        case .file(let path):
            output = try FileOutput(appendingTo: path)
        case .standardOutput:
            output = FileOutput(standardOutput: ())
        }
        delivery = DeliveryLoop(
            queue: queue, output: output, statistics: statistics, logger: logger, deadLetters: deadLetters,
            backoff: configuration.retryBackoff)

        let needsTLS = configuration.listens.contains { $0.transport == .tls }
        let serverTLS = needsTLS ? try configuration.tls.makeServerContext() : nil
        var settings = configuration.conversion
        settings.keepsRecordDetails = configuration.destination.usesRecordDetails
        let context = InputContext(
            queue: queue, statistics: statistics, allow: configuration.allow, exporter: configuration.exporter,
            settings: settings, maximumConnections: configuration.maximumConnections,
            idleTimeout: configuration.idleTimeout.map { .nanoseconds(Int64($0.components.seconds) * 1_000_000_000) })
        listeners = RelayListeners(
            group: group, context: context, tls: serverTLS, maximumMessageSize: configuration.maximumMessageSize)

        if configuration.metrics != nil {
            let queue = queue
            let statistics = statistics
            let delivery = delivery
            metricsServer = MetricsServer(
                registry: registry,
                refresh: {
                    let depth = queue.depth
                    statistics.recordQueueDepth(records: depth.records, bytes: depth.bytes)
                },
                health: {
                    // The batch the delivery loop holds counts too: with the SIEM down from the start, every record
                    // is in that batch and the queue itself is empty (/healthz said "ok" then).
                    let waiting = queue.depth.records
                    if statistics.isOutputConnected || waiting + delivery.unconfirmed == 0 {
                        return (true, "ok: \(statistics.summary(queued: waiting))")
                    }
                    return (false, "output not connected: \(statistics.summary(queued: waiting))")
                })
        } else {
            metricsServer = nil
        }
    }

    /// Records queued or in flight right now (what a stop at this moment would leave undelivered).
    public var undelivered: Int { delivery.undelivered }

    /// Records delivered or refused for good since the start (only grows): what a ``DeliveryFeed`` compares with
    /// the records it queued.
    var settled: Int { delivery.settled }

    /// The queue and its counters, for a follow that delivers through this relay (``DeliveryFeed``).
    public var queueDepth: (records: Int, bytes: Int) { queue.depth }

    /// Binds the listeners (and the metrics endpoint), starts delivering.
    /// - Returns: the listen URLs with their bound ports, and the metrics endpoint if any.
    public func start() async throws -> (listens: [ListenURL], metrics: Endpoint?) {
        let delivery = self.delivery
        // On the syslog outputs' own event loop: no thread hop between the loop and its channel (DeliveryExecutor).
        deliveryTask.withLock { $0 = Task(executorPreference: DeliveryExecutor.shared) { await delivery.run() } }
        var metrics: Endpoint?
        if let endpoint = configuration.metrics, let metricsServer {
            metrics = try await metricsServer.bind(endpoint, group: group)
        }
        let bound = try await listeners.bind(configuration.listens)
        if let interval = configuration.summaryInterval {
            let statistics = statistics
            let queue = queue
            let logger = logger
            let summary = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    logger.info("\(statistics.summary(queued: queue.depth.records))")
                }
            }
            tasks.withLock { $0.append(summary) }
        }
        return (bound, metrics)
    }

    /// Stops: closes the listeners and connections (their last records are queued), delivers what is queued for
    /// up to the drain timeout, closes the output.
    public func stop() async -> Report {
        await listeners.close()
        queue.close()
        delivery.stop(at: .now + configuration.drainTimeout)
        let task = deliveryTask.withLock { $0 }
        if let task {
            // The loop ends by itself when the queue is empty or the deadline passes; a delivery stuck in a slow
            // request is not waited for beyond the deadline (plus a moment to notice it).
            let finished = await Self.wait(for: task, atMost: configuration.drainTimeout + .milliseconds(500))
            if !finished { task.cancel() }
        }
        deliveryTask.withLock { $0 = nil }
        for task in tasks.withLock({ $0 }) { task.cancel() }
        await output.close()
        await metricsServer?.close()
        let undelivered = delivery.undelivered
        if undelivered > 0 { statistics.drop(.undelivered, undelivered) }
        return Report(undelivered: undelivered, summary: statistics.summary(queued: queue.depth.records))
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    private static func wait(for task: Task<Void, Never>, atMost limit: Duration) async -> Bool {
        // Not a task group: a group would wait for its children, and a delivery stuck in a request would hold it.
        let resumed = Mutex(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let finish: @Sendable (Bool) -> Void = { value in
                let first = resumed.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: value) }
            }
            Task {
                await task.value
                finish(true)
            }
            Task {
                try? await Task.sleep(for: limit)
                finish(false)
            }
        }
    }
}
