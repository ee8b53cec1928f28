/// A network address given on the command line: `HOST:PORT`, with IPv6 literals in brackets (`[::1]:514`).
///
/// ```swift
/// let endpoint = try Endpoint(parsing: "[::1]:6514")   // host "::1", port 6514
/// ```
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP literal (without brackets).
    public var host: String
    /// The port, 0...65535 (0 asks the system for a free one, as tests do).
    public var port: Int

    /// Creates an endpoint.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPV6]:PORT`.
    /// - Throws: ``RelayConfigurationError/invalidAddress(_:_:)`` naming what is wrong.
    public init(parsing text: Substring) throws(RelayConfigurationError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .invalidAddress(String(text), "an IPv6 address in brackets needs its ']'")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .invalidAddress(String(text), "a port is needed: [ADDRESS]:PORT") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw .invalidAddress(String(text), "a port is needed: HOST:PORT")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") {
                throw .invalidAddress(String(text), "write an IPv6 address in brackets: [ADDRESS]:PORT")
            }
        }
        guard !hostPart.isEmpty else { throw .invalidAddress(String(text), "the host is empty") }
        guard portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber), let port = Int(portPart),
            (0...65_535).contains(port)
        else {
            throw .invalidAddress(String(text), "the port must be a number from 0 to 65535")
        }
        self.host = String(hostPart)
        self.port = port
    }

    /// Convenience for a `String`.
    public init(parsing text: String) throws(RelayConfigurationError) { try self.init(parsing: text[...]) }

    /// `HOST:PORT`, IPv6 in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a relay setting cannot be used; every case names the setting and says how to fix it.
public enum RelayConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An address (`HOST:PORT`, a CIDR block) that cannot be read: the text and why.
    case invalidAddress(String, String)
    /// A `--listen` or `--to` URL that cannot be used: the URL and why.
    case invalidURL(String, String)
    /// Another setting: its name and why.
    case invalidSetting(String, String)

    /// A message for the user.
    public var description: String {
        switch self {
        case .invalidAddress(let text, let why): "invalid address '\(text)': \(why)"
        case .invalidURL(let text, let why): "invalid URL '\(text)': \(why)"
        case .invalidSetting(let name, let why): "invalid \(name): \(why)"
        }
    }
}
