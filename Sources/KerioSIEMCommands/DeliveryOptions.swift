import ArgumentParser
import KerioSIEM
import KerioSIEMRelay

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The delivering side of `kerio-siem relay` and of `kerio-siem follow --to`: queue, retries, TLS and HTTP
/// outputs, operations.
struct DeliveryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Records the queue holds at most (then 8 MiB at most too).", valueName: "records"))
    var queueSize = 10_000

    @Option(help: ArgumentHelp("At a stop, deliver what is queued for at most this long.", valueName: "seconds"))
    var drainTimeout: Double = 10

    @Option(
        help: ArgumentHelp(
            "Framing of a tcp:// output: lf or octet-counting (tls:// is always octet-counted).", valueName: "framing"),
        transform: { text in
            guard let framing = StreamFraming(rawValue: text.lowercased()) else {
                throw ValidationError("--framing must be lf or octet-counting, not '\(text)'")
            }
            return framing
        })
    var framing: StreamFraming = .lineFeed

    @Option(help: ArgumentHelp("Bytes sent again after a TCP/TLS output reconnects.", valueName: "bytes"))
    var resendWindow = 1 << 20

    @Option(
        help: ArgumentHelp(
            "Verify a tls:// or https output against this CA (PEM) instead of the system roots.", valueName: "file"),
        completion: .file())
    var tlsCa: String?

    @Option(
        help: ArgumentHelp("Client certificate (PEM) for a TLS output that asks for one.", valueName: "file"),
        completion: .file())
    var tlsClientCert: String?

    @Option(help: ArgumentHelp("Client key (PEM) for --tls-client-cert.", valueName: "file"), completion: .file())
    var tlsClientKey: String?

    @Option(
        help: ArgumentHelp(
            "Name the output's certificate must show (and SNI), if not the --to host.", valueName: "name"))
    var tlsServerName: String?

    @Flag(help: "Do not verify the output's TLS certificate (testing only).")
    var tlsInsecure = false

    @Option(
        help: ArgumentHelp("File holding the Splunk HEC token (else KERIO_SIEM_HEC_TOKEN).", valueName: "file"),
        completion: .file())
    var hecTokenFile: String?

    @Option(help: ArgumentHelp("HEC sourcetype.", valueName: "name"))
    var hecSourcetype = "kerio:control:security"

    @Option(help: ArgumentHelp("HEC index (default: the token's).", valueName: "name"))
    var hecIndex: String?

    @Option(help: ArgumentHelp("HEC source.", valueName: "name"))
    var hecSource = "kerio-siem"

    @Option(
        help: ArgumentHelp("Append records an HTTP output refused for good (NDJSON).", valueName: "file"),
        completion: .file())
    var deadLetter: String?

    @Option(help: ArgumentHelp("Serve Prometheus /metrics and /healthz here.", valueName: "host:port"))
    var metrics: String?

    @Option(help: ArgumentHelp("Log a one-line summary this often (0: never).", valueName: "seconds"))
    var summaryInterval: Double = 60

    /// Refuses values that cannot work, before anything is opened; `syslogFraming` is the `--syslog-framing` given,
    /// if any, which an HTTP output refuses: Splunk HEC and Elasticsearch take bare records, and a header would turn
    /// an ECS object into a string (HEC) or an invalid document (Elasticsearch).
    func check(for destination: DestinationURL, syslogFraming: SyslogFraming? = nil) throws {
        switch destination {
        case .splunkHEC, .elasticsearch:
            if let syslogFraming, syslogFraming != .none {
                throw ValidationError(
                    "--syslog-framing \(syslogFraming.rawValue) is for syslog outputs (udp://, tcp://, tls://); "
                        + "\(destination) takes records without a syslog header")
            }
        default: break
        }
        for (flag, value, minimum) in [("--queue-size", queueSize, 1), ("--resend-window", resendWindow, 0)]
        where value < minimum {
            throw ValidationError("\(flag) must be at least \(minimum)")
        }
        for (flag, value) in [("--drain-timeout", drainTimeout), ("--summary-interval", summaryInterval)]
        where !(value >= 0 && value <= 604_800) {
            throw ValidationError("\(flag) must be between 0 and 604800 seconds")
        }
        if let metrics {
            do { _ = try Endpoint(parsing: metrics) } catch { throw ValidationError(error.description) }
        }
        if (tlsClientCert == nil) != (tlsClientKey == nil) {
            throw ValidationError("give --tls-client-cert and --tls-client-key together")
        }
        if hecTokenFile != nil, case .splunkHEC = destination {
        } else if hecTokenFile != nil {
            throw ValidationError("--hec-token-file is for a splunk-hec+https:// output")
        }
    }

    /// Writes the delivery settings into `configuration`.
    func apply(to configuration: inout RelayConfiguration) throws {
        configuration.queueRecords = queueSize
        configuration.drainTimeout = .milliseconds(Int64(drainTimeout * 1_000))
        configuration.framing = framing
        configuration.resendWindow = resendWindow
        configuration.tls.serverCAPath = tlsCa
        configuration.tls.clientCertificatePath = tlsClientCert
        configuration.tls.clientKeyPath = tlsClientKey
        configuration.tls.serverName = tlsServerName
        configuration.tls.insecure = tlsInsecure
        configuration.splunk.token = try hecToken()
        configuration.splunk.sourcetype = hecSourcetype
        configuration.splunk.index = hecIndex
        configuration.splunk.source = hecSource
        configuration.elasticsearch.apiKey = Self.environment("ELASTICSEARCH_API_KEY")
        configuration.elasticsearch.username = Self.environment("ELASTICSEARCH_USERNAME")
        configuration.elasticsearch.password = Self.environment("ELASTICSEARCH_PASSWORD")
        configuration.deadLetterPath = deadLetter
        if let metrics { configuration.metrics = try Endpoint(parsing: metrics) }
        configuration.summaryInterval = summaryInterval > 0 ? .milliseconds(Int64(summaryInterval * 1_000)) : nil
    }
    /// The token from --hec-token-file (its first line) or KERIO_SIEM_HEC_TOKEN; never from the command line,
    /// where any user could read it in the process list.
    private func hecToken() throws -> String? {
        if let hecTokenFile {
            guard let file = fopen(hecTokenFile, "r") else {
                throw RelayConfigurationError.invalidSetting("--hec-token-file \(hecTokenFile)", "cannot be read")
            }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            while true {
                let byte = fgetc(file)
                if byte == EOF || byte == 0x0A || byte == 0x0D || bytes.count > 4_096 { break }
                bytes.append(UInt8(byte))
            }
            return String(decoding: bytes, as: UTF8.self).trimmingSpaces
        }
        return Self.environment("KERIO_SIEM_HEC_TOKEN")
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(
            self.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()
        )
    }
}
