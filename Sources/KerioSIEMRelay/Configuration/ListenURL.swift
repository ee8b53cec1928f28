/// Where the relay receives syslog: `udp://HOST:PORT`, `tcp://HOST:PORT` or `tls://HOST:PORT`.
///
/// - `udp` (RFC 5426): one message per datagram; LF-separated lines in one datagram are several messages.
/// - `tcp` (RFC 6587): octet-counting or LF framing, detected frame by frame.
/// - `tls` (RFC 5425): as `tcp`, inside TLS 1.2 or later (certificate and key from the relay's TLS settings).
///
/// ```swift
/// let listen = try ListenURL(parsing: "tcp://0.0.0.0:514")
/// ```
public struct ListenURL: Sendable, Hashable, CustomStringConvertible {
    /// The transport of a listener.
    public enum Transport: String, Sendable, Hashable, CaseIterable {
        /// Datagrams (RFC 5426).
        case udp
        /// A byte stream (RFC 6587).
        case tcp
        /// A byte stream inside TLS (RFC 5425).
        case tls
    }

    /// The transport.
    public var transport: Transport
    /// The local address to bind.
    public var endpoint: Endpoint

    /// Creates a listen URL.
    public init(transport: Transport, endpoint: Endpoint) {
        self.transport = transport
        self.endpoint = endpoint
    }

    /// Parses `udp://`, `tcp://` or `tls://` followed by `HOST:PORT`.
    /// - Throws: ``RelayConfigurationError`` naming what is wrong.
    public init(parsing text: String) throws(RelayConfigurationError) {
        guard let separator = text.firstRange(of: "://") else {
            throw .invalidURL(text, "write udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT")
        }
        guard let transport = Transport(rawValue: text[..<separator.lowerBound].lowercased()) else {
            throw .invalidURL(text, "the scheme must be udp, tcp or tls")
        }
        var rest = text[separator.upperBound...]
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        self.transport = transport
        self.endpoint = try Endpoint(parsing: rest)
    }

    /// `SCHEME://HOST:PORT`.
    public var description: String { "\(transport.rawValue)://\(endpoint)" }
}
