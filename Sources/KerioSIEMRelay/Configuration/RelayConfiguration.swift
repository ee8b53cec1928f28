public import KerioSIEM

/// Everything `kerio-siem relay` is told: where to listen, where to deliver, in which format, and the limits.
///
/// ```swift
/// var configuration = RelayConfiguration(
///     listens: [try ListenURL(parsing: "tcp://0.0.0.0:514")],
///     destination: try DestinationURL(parsing: "tcp://siem.example:514"),
///     exporter: try CEFExporter(options: ExportOptions()))
/// configuration.allow = try AllowList(["192.0.2.1/32"])
/// let relay = try Relay(configuration: configuration)
/// ```
public struct RelayConfiguration: Sendable {
    /// The `--listen` URLs (none is allowed for a follow that delivers over the network).
    public var listens: [ListenURL]
    /// The `--to` URL.
    public var destination: DestinationURL
    /// The format's exporter, configured (each input gets its own copy).
    public var exporter: any EventExporter
    /// Parser, unparsed records, time zone.
    public var conversion: ConversionSettings
    /// The queue's limit in records (`--queue-size`).
    public var queueRecords = 10_000
    /// The queue's limit in bytes.
    public var queueBytes = 8 << 20
    /// Senders accepted (`--allow`); empty is everyone.
    public var allow = AllowList.everyone
    /// The longest message (`--max-message-size`); a longer one becomes an unparsed `line_too_long` record.
    public var maximumMessageSize = 65_536
    /// Open TCP/TLS connections accepted at once (`--max-connections`); more are closed at once and counted.
    public var maximumConnections = 1_000
    /// A connection that sends nothing for this long is closed (`--idle-timeout`); nil never.
    public var idleTimeout: Duration? = .seconds(3_600)
    /// How long a stop waits for the queue to be delivered (`--drain-timeout`).
    public var drainTimeout: Duration = .seconds(10)
    /// Certificates for `tls://` listeners and TLS/HTTPS outputs.
    public var tls = TLSSettings()
    /// The framing on a `tcp://` output (`--framing`); `tls://` is always octet-counted.
    public var framing = StreamFraming.lineFeed
    /// The delays between delivery attempts (0.5 s doubling to 60 s; tests shorten them).
    public var retryBackoff = Backoff()
    /// Bytes sent again after a reconnect of a TCP/TLS output (see ``SyslogStreamOutput``).
    public var resendWindow = 1 << 20
    /// Splunk HEC settings (`--to splunk-hec+https://…`).
    public var splunk = SplunkHECSettings()
    /// Elasticsearch settings (`--to elasticsearch+https://…`).
    public var elasticsearch = ElasticsearchSettings()
    /// Where refused records are appended (`--dead-letter`).
    public var deadLetterPath: String?
    /// Where `/metrics` and `/healthz` are served (`--metrics`); nil for nowhere.
    public var metrics: Endpoint?
    /// How often a one-line summary is logged; nil never.
    public var summaryInterval: Duration? = .seconds(60)
    /// How long an HTTP output waits for an answer before it gives up on the request and retries it (30 s).
    /// Internal, for tests only: a slow-answer test shortens it to see the retry.
    var httpTimeout: Duration = .seconds(30)

    /// Creates a configuration with the defaults above.
    public init(
        listens: [ListenURL], destination: DestinationURL, exporter: any EventExporter,
        conversion: ConversionSettings = ConversionSettings(
            parser: SecurityLogParser(), conversion: ConversionOptions(), timeZone: .utc)
    ) {
        self.listens = listens
        self.destination = destination
        self.exporter = exporter
        self.conversion = conversion
    }
}

/// Splunk HTTP Event Collector settings.
public struct SplunkHECSettings: Sendable, Hashable {
    /// The HEC token (from `KERIO_SIEM_HEC_TOKEN` or `--hec-token-file`, never the command line).
    public var token: String?
    /// The `sourcetype` of every event (`--hec-sourcetype`).
    public var sourcetype = "kerio:control:security"
    /// The `index` (`--hec-index`); nil for the token's default.
    public var index: String?
    /// The `source` (`--hec-source`).
    public var source = "kerio-siem"
    /// Events per request at most.
    public var maximumEvents = 1_000

    /// Creates settings with the defaults.
    public init() {}
}

/// Elasticsearch settings; credentials come from the environment.
public struct ElasticsearchSettings: Sendable, Hashable {
    /// `ELASTICSEARCH_API_KEY`: sent as `Authorization: ApiKey …`.
    public var apiKey: String?
    /// `ELASTICSEARCH_USERNAME` and `ELASTICSEARCH_PASSWORD`: HTTP basic authentication.
    public var username: String?
    /// See ``username``.
    public var password: String?
    /// Documents per `_bulk` request at most.
    public var maximumDocuments = 1_000

    /// Creates settings with the defaults.
    public init() {}
}
