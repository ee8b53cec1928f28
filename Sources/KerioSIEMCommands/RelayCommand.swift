import ArgumentParser
import Dispatch
import KerioSIEM
import KerioSIEMRelay
import Logging
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kerio-siem relay`: receive Kerio Control's syslog over UDP, TCP or TLS and deliver each record to a SIEM.
///
/// The work is ``Relay`` (module KerioSIEMRelay); this command reads the options, runs the relay as a service of a
/// `ServiceGroup` (swift-service-lifecycle), turns the first SIGTERM/SIGINT into a graceful stop (inputs closed,
/// queue drained for up to `--drain-timeout`) and a second one into an immediate exit.
///
/// ```
/// kerio-siem relay --listen udp://0.0.0.0:514 --listen tcp://0.0.0.0:514 --to tcp://qradar:514 -f leef
/// ```
struct RelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Receive Kerio Control's syslog (UDP, TCP, TLS) and deliver each record to a SIEM.",
        discussion: """
            Kerio Control sends its logs only by syslog. The relay receives them (--listen, repeatable), parses \
            each message with the same parser as convert (every envelope: RFC 5424, RFC 3164, rsyslog and \
            syslog-ng formats), writes it in the chosen format and delivers it (--to) through one bounded queue. \
            The device is the message's HOSTNAME, else the sender's address, never the relay.

            --listen: udp://HOST:PORT (RFC 5426: a datagram is a message), tcp://HOST:PORT (RFC 6587: \
            octet-counting or LF framing, detected per frame), tls://HOST:PORT (RFC 5425; --tls-cert, --tls-key, \
            --tls-client-ca for mutual TLS). IPv6 in brackets: tcp://[::]:514.

            --to: udp://, tcp:// (LF framing, or --framing octet-counting), tls:// (octet-counting; the server is \
            verified against the system roots or --tls-ca) with an RFC 5424 header by default (--syslog-framing); \
            splunk-hec+https://HOST:8088 (token from KERIO_SIEM_HEC_TOKEN or --hec-token-file); \
            elasticsearch+https://HOST:9200/DATA_STREAM (-f ecs; credentials from ELASTICSEARCH_API_KEY or \
            ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD); file:PATH (appended); - (standard output).

            Delivery: TCP, TLS, HTTP and file outputs are at least once: a batch is retried with backoff \
            (0.5 s doubling to 60 s, with jitter) until confirmed; after a TCP/TLS reconnect the last \
            --resend-window bytes are sent again, so a receiver that died may see up to that much twice. UDP \
            output is best effort. When the queue is full, TCP and TLS senders are slowed by TCP itself and UDP \
            messages are dropped and counted.

            Examples:
              kerio-siem relay --listen udp://0.0.0.0:514 --to tls://qradar.example:6514 -f leef --tls-ca ca.pem
              kerio-siem relay --listen tcp://0.0.0.0:514 --to tcp://sentinel-fwd:514 -f cef --allow 192.0.2.1
              KERIO_SIEM_HEC_TOKEN=… kerio-siem relay --listen udp://0.0.0.0:514 \\
                  --to splunk-hec+https://splunk.example:8088 -f ecs
              kerio-siem relay --listen udp://[::]:514 --to file:/var/log/kerio/security.ndjson -f ecs

            Exit status: 0 stopped by SIGTERM/SIGINT with everything delivered; 64 usage error; 69 a listen \
            address cannot be bound; 75 stopped with records still undelivered after --drain-timeout (counted \
            on standard error); a second signal exits at once with 75.
            """)

    @Option(
        name: .customLong("listen"),
        help: ArgumentHelp("Receive here: udp://, tcp:// or tls://HOST:PORT (repeatable).", valueName: "url"))
    var listenURLs: [String] = []

    @Option(
        name: .customLong("to"),
        help: ArgumentHelp(
            "Deliver here: udp://, tcp://, tls://HOST:PORT, splunk-hec+https://HOST:PORT, "
                + "elasticsearch+https://HOST:PORT/STREAM, file:PATH or -.",
            valueName: "url"))
    var to: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output format; 'kerio-siem formats' lists them.", valueName: "name"),
        completion: .custom { _, _, _ in ExporterRegistry.current.formats.flatMap(\.allNames) })
    var format: String

    @OptionGroup(title: "Receiving")
    var listen: ListenOptions

    @OptionGroup(title: "Delivering")
    var delivery: DeliveryOptions

    @Flag(name: .shortAndLong, help: "Log warnings and errors only.")
    var quiet = false

    @OptionGroup(title: "Format settings")
    var export: ExportOptionGroup

    /// The parsed --listen URLs.
    var listens: [ListenURL] { listenURLs.compactMap { try? ListenURL(parsing: $0) } }
    /// The parsed --to URL (checked in validate()).
    var destination: DestinationURL { (try? DestinationURL(parsing: to)) ?? .standardOutput }

    mutating func validate() throws {
        guard !listenURLs.isEmpty else { throw ValidationError("give at least one --listen URL") }
        do {
            for url in listenURLs { _ = try ListenURL(parsing: url) }
            _ = try DestinationURL(parsing: to)
        } catch {
            throw ValidationError(error.description)
        }
        guard ExporterRegistry.current.lookup(format) != nil else {
            let known = ExporterRegistry.current.formats.map(\.name)
            throw ValidationError(RegistryError.unknownFormat(format, known: known).description)
        }
        try listen.check()
        try delivery.check(for: destination, syslogFraming: export.syslogFraming)
    }

    func run() throws {
        let (_, exporter) = try export.exporter(forFormat: format, defaultFraming: defaultFraming)
        let configuration: RelayConfiguration
        do {
            var relay = RelayConfiguration(
                listens: listens, destination: destination, exporter: exporter,
                conversion: listen.conversion(timeZone: export.timeZone))
            try listen.apply(to: &relay)
            try delivery.apply(to: &relay)
            configuration = relay
        } catch let error as RelayConfigurationError {
            Diagnostics.error(error.description)
            throw KerioSIEMExitCode.usage
        }
        throw RelayRunner.run(configuration, quiet: quiet)
    }

    /// Syslog outputs carry an RFC 5424 header unless --syslog-framing says otherwise; HTTP and file outputs none.
    private var defaultFraming: SyslogFraming {
        if case .syslog = destination { return .rfc5424 }
        return .none
    }
}

/// Runs a relay under a `ServiceGroup` until a signal, and turns its end into an exit status.
enum RelayRunner {
    /// 69 (`EX_UNAVAILABLE`): a listener cannot be bound.
    static let unavailable = ExitCode(69)
    /// 75 (`EX_TEMPFAIL`): records were left undelivered.
    static let undelivered = ExitCode(75)

    static func run(_ configuration: RelayConfiguration, quiet: Bool) -> ExitCode {
        var logger = Logger(label: "kerio-siem") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = quiet ? .warning : .info
        let relay: Relay
        do {
            relay = try Relay(configuration: configuration, logger: logger)
        } catch {
            Diagnostics.error(error.description)
            return KerioSIEMExitCode.usage
        }
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            result.code = await serve(relay, logger: logger)
            done.signal()
        }
        done.wait()
        return result.code
    }

    private static func serve(_ relay: Relay, logger: Logger) async -> ExitCode {
        let service = RelayService(relay: relay, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: service)], logger: logger))
        // The signals are watched here, not by the group, so that a second one can end the process at once.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let watcher = Task {
            var iterator = signals.makeAsyncIterator()
            guard let first = await iterator.next() else { return }
            logger.info("\(first): stopping; delivering what is queued (a second signal exits at once)")
            await group.triggerGracefulShutdown()
            guard await iterator.next() != nil else { return }
            Diagnostics.error("second signal: exiting now with \(relay.undelivered) records undelivered")
            exit(RelayRunner.undelivered.rawValue)
        }
        defer { watcher.cancel() }
        do {
            try await group.run()
        } catch {
            Diagnostics.error("\(error)")
            return service.exitCode ?? unavailable
        }
        return service.exitCode ?? .success
    }
}

/// Holds the exit status the relay's task sets for the blocked main thread.
private final class ResultBox: @unchecked Sendable {
    // Written once by the task before it signals the semaphore, read by the main thread after waiting on it.
    var code: ExitCode = .success
}

/// The relay as a service: starts it, waits for the graceful shutdown, stops it and reports.
private final class RelayService: Service, @unchecked Sendable {
    let relay: Relay
    let logger: Logger
    // Set once in run(), read after the group ended.
    var exitCode: ExitCode?

    init(relay: Relay, logger: Logger) {
        self.relay = relay
        self.logger = logger
    }

    func run() async throws {
        let started: (listens: [ListenURL], metrics: Endpoint?)
        do {
            started = try await relay.start()
        } catch {
            Diagnostics.error("cannot listen: \(error)")
            exitCode = RelayRunner.unavailable
            _ = await relay.stop()
            return
        }
        let listening = started.listens.map(\.description).joined(separator: ", ")
        let metrics = started.metrics.map { ", metrics on http://\($0)/metrics" } ?? ""
        logger.info("listening on \(listening), delivering to \(relay.configuration.destination)\(metrics)")
        // Until the first signal.
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
            }
        } onGracefulShutdown: {
        }
        let report = await relay.stop()
        if report.undelivered > 0 {
            Diagnostics.error(
                "stopped after --drain-timeout with \(report.undelivered) records undelivered: \(report.summary)")
            exitCode = RelayRunner.undelivered
        } else {
            logger.info("stopped: \(report.summary)")
            exitCode = .success
        }
    }
}
