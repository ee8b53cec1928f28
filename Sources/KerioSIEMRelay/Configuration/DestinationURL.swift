/// Where the relay delivers records, as given to `--to`.
///
/// | URL | delivery |
/// |---|---|
/// | `udp://HOST:PORT` | one datagram per record, best effort |
/// | `tcp://HOST:PORT` | LF framing (or octet-counting), at least once |
/// | `tls://HOST:PORT` | octet-counting inside TLS (RFC 5425), at least once |
/// | `splunk-hec+https://HOST:PORT` (`+http` for tests) | Splunk HTTP Event Collector, batched, at least once |
/// | `elasticsearch+https://HOST:PORT/DATA_STREAM` (`+http`) | `_bulk` `create` into a data stream, at least once |
/// | `file:PATH` | appended to a file |
/// | `-` | standard output |
///
/// ```swift
/// let to = try DestinationURL(parsing: "splunk-hec+https://splunk.example:8088")
/// ```
public enum DestinationURL: Sendable, Hashable, CustomStringConvertible {
    /// Syslog over UDP, TCP or TLS.
    case syslog(ListenURL.Transport, Endpoint)
    /// Splunk HEC; `secure` is HTTPS.
    case splunkHEC(Endpoint, secure: Bool)
    /// Elasticsearch `_bulk` into `dataStream`; `secure` is HTTPS.
    case elasticsearch(Endpoint, dataStream: String, secure: Bool)
    /// A file, appended to.
    case file(String)
    /// Standard output.
    case standardOutput

    /// Parses a `--to` value (see the table above).
    /// - Throws: ``RelayConfigurationError`` naming what is wrong.
    public init(parsing text: String) throws(RelayConfigurationError) {
        if text == "-" {
            self = .standardOutput
            return
        }
        if text.hasPrefix("file:") {
            var path = Substring(text.dropFirst(5))
            if path.hasPrefix("//") { path = path.dropFirst(2) }
            guard !path.isEmpty else { throw .invalidURL(text, "file: needs a path, as in file:/var/log/kerio.cef") }
            self = .file(String(path))
            return
        }
        guard let separator = text.firstRange(of: "://") else {
            throw .invalidURL(
                text,
                "write udp://, tcp://, tls://, splunk-hec+https://, elasticsearch+https://HOST:PORT/STREAM, "
                    + "file:PATH or -")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let slash = rest.firstIndex(of: "/")
        let authority = rest[..<(slash ?? rest.endIndex)]
        let path = slash.map { rest[rest.index(after: $0)...] } ?? ""
        switch scheme {
        case "udp", "tcp", "tls":
            guard path.isEmpty else { throw .invalidURL(text, "a syslog destination has no path") }
            self = .syslog(ListenURL.Transport(rawValue: scheme)!, try Endpoint(parsing: authority))
        case "splunk-hec+https", "splunk-hec+http":
            guard path.isEmpty || path == "services/collector/event" || path == "services/collector" else {
                throw .invalidURL(text, "give only HOST:PORT; events go to /services/collector/event")
            }
            self = .splunkHEC(try Endpoint(parsing: authority), secure: scheme.hasSuffix("https"))
        case "elasticsearch+https", "elasticsearch+http":
            guard !path.isEmpty, !path.contains("/"), Self.isDataStreamName(path) else {
                throw .invalidURL(
                    text, "name the data stream: elasticsearch+https://HOST:PORT/logs-kerio.security-default")
            }
            self = .elasticsearch(
                try Endpoint(parsing: authority), dataStream: String(path), secure: scheme.hasSuffix("https"))
        default:
            throw .invalidURL(
                text, "unknown scheme '\(scheme)': udp, tcp, tls, splunk-hec+https, elasticsearch+https, file: or -")
        }
    }

    /// Elasticsearch index names: lower case, no `\ / * ? " < > | , #` or space, not starting with `-`, `_`, `+`.
    static func isDataStreamName(_ name: Substring) -> Bool {
        guard let first = name.first, !"-_+".contains(first), name.utf8.count <= 255 else { return false }
        return name.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !(0x41...0x5A).contains(byte) && !"\\/*?\"<>|,#:".utf8.contains(byte)
        }
    }

    /// True for outputs that confirm delivery (TCP, TLS, HTTP, file): records wait and are sent again after a
    /// failure. UDP is best effort.
    public var confirmsDelivery: Bool {
        if case .syslog(.udp, _) = self { return false }
        return true
    }

    /// True for the outputs that send each record's time, device or id besides its bytes (Splunk HEC,
    /// Elasticsearch).
    var usesRecordDetails: Bool {
        switch self {
        case .splunkHEC, .elasticsearch: true
        case .syslog, .file, .standardOutput: false
        }
    }

    /// The URL as given (normalised).
    public var description: String {
        switch self {
        case .syslog(let transport, let endpoint): "\(transport.rawValue)://\(endpoint)"
        case .splunkHEC(let endpoint, let secure): "splunk-hec+\(secure ? "https" : "http")://\(endpoint)"
        case .elasticsearch(let endpoint, let stream, let secure):
            "elasticsearch+\(secure ? "https" : "http")://\(endpoint)/\(stream)"
        case .file(let path): "file:\(path)"
        case .standardOutput: "-"
        }
    }
}
