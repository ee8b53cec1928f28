import Dispatch
import KerioSIEM
import KerioSIEMRelay
import Logging
import Synchronization

/// `kerio-siem follow --to URL`: a ``Relay`` without listeners, fed by the follower through a ``DeliveryFeed``.
///
/// The follow is synchronous and blocks while the queue is full; before each checkpoint it waits until the output
/// confirmed every record so far. After a stop signal either wait lasts at most `--drain-timeout`; then the follow ends
/// without moving the checkpoint past what was not delivered (exit 75), and those lines are read again next time.
final class NetworkDelivery {
    let relay: Relay
    let feed: DeliveryFeed
    let drainTimeout: Duration
    /// True once a stop signal came more than the drain timeout ago: the follow then stops waiting for room in the
    /// queue and for confirmations.
    let giveUp: @Sendable () -> Bool
    private var stopped = false

    init(to destination: DestinationURL, exporter: any EventExporter, options follow: Follow) throws {
        var configuration = RelayConfiguration(
            listens: [], destination: destination, exporter: exporter,
            conversion: ConversionSettings(
                parser: follow.lines.parser, conversion: follow.lines.conversionOptions,
                timeZone: follow.export.timeZone))
        do {
            try follow.delivery.apply(to: &configuration)
        } catch let error as RelayConfigurationError {
            Diagnostics.error(error.description)
            throw KerioSIEMExitCode.usage
        }
        var logger = Logger(label: "kerio-siem") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = follow.quiet ? .warning : .info
        do {
            relay = try Relay(configuration: configuration, logger: logger)
        } catch {
            Diagnostics.error(error.description)
            throw KerioSIEMExitCode.usage
        }
        drainTimeout = configuration.drainTimeout
        giveUp = Self.giveUp(after: drainTimeout)
        feed = DeliveryFeed(relay: relay, giveUpWhen: giveUp)
        let relay = self.relay
        let started = Self.blocking { () -> String? in
            do {
                _ = try await relay.start()
                return nil
            } catch {
                return "\(error)"
            }
        }
        if let started {
            Diagnostics.error("cannot start the delivery: \(started)")
            throw RelayRunner.unavailable
        }
    }

    /// Waits for the output to confirm everything written; after a stop signal, for at most the drain timeout.
    func waitUntilDelivered() -> Bool { feed.waitUntilDelivered(giveUpWhen: giveUp) }

    /// Whether a stop signal was noticed more than `drainTimeout` ago.
    static func giveUp(after drainTimeout: Duration) -> @Sendable () -> Bool {
        let clock = ContinuousClock()
        let signalledAt = SignalMoment()
        return {
            guard GracefulStop.received != nil else { return false }
            return clock.now - signalledAt.start(clock.now) > drainTimeout
        }
    }

    /// Stops the relay after a complete follow; throws if records were left undelivered.
    func finish() throws {
        let undelivered = stop()
        if undelivered > 0 { throw DeliveryFeedError.stopped }
    }

    /// Stops the relay (once) and returns how many records it could not deliver.
    @discardableResult
    func stop() -> Int {
        guard !stopped else { return relay.undelivered }
        stopped = true
        let relay = self.relay
        return Self.blocking { await relay.stop().undelivered }
    }

    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let cell = Cell<T>()
        Task {
            cell.value = await body()
            done.signal()
        }
        done.wait()
        return cell.value!
    }
}

/// When the stop signal was first noticed (the drain timeout counts from there, whether the follow then waits for
/// room in the queue or for confirmations).
private final class SignalMoment: Sendable {
    private let moment = Mutex<ContinuousClock.Instant?>(nil)
    func start(_ now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        moment.withLock { moment in
            if moment == nil { moment = now }
            return moment!
        }
    }
}

/// A value handed from a task to the thread that waits for it (ordered by the semaphore).
private final class Cell<T>: @unchecked Sendable {
    var value: T?
}
