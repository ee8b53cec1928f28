public import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The senders a listener accepts: CIDR blocks (`--allow 192.0.2.10/32`, `--allow 2001:db8::/32`).
///
/// An empty list accepts everyone. IPv4 blocks also match IPv4-mapped IPv6 senders (`::ffff:192.0.2.10`), which a
/// dual-stack socket reports. A sender outside the list is dropped before any byte of it is read (TCP, TLS: the
/// connection is closed at once) and counted.
///
/// ```swift
/// let allow = try AllowList(["10.0.0.0/8", "::1/128"])
/// allow.permits(try SocketAddress(ipAddress: "10.1.2.3", port: 514))   // true
/// ```
public struct AllowList: Sendable, Hashable {
    /// One CIDR block, as 16 address bytes (IPv4 mapped into IPv6) and a prefix length over them.
    public struct Block: Sendable, Hashable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefixLength: Int
        /// The block as it was written.
        public let description: String

        /// Parses `ADDRESS/PREFIX` or a single address (a /32 or /128).
        /// - Throws: ``RelayConfigurationError/invalidAddress(_:_:)``.
        public init(parsing text: String) throws(RelayConfigurationError) {
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let address = AllowList.addressBytes(String(parts[0])) else {
                throw .invalidAddress(text, "not an IPv4 or IPv6 address; write ADDRESS/PREFIX, as 10.0.0.0/8")
            }
            let isV4 = !parts[0].contains(":")
            let maximum = isV4 ? 32 : 128
            var prefix = maximum
            if parts.count == 2 {
                guard let value = Int(parts[1]), (0...maximum).contains(value) else {
                    throw .invalidAddress(text, "the prefix length must be 0 to \(maximum)")
                }
                prefix = value
            }
            self.bytes = address
            self.prefixLength = isV4 ? prefix + 96 : prefix
            self.description = text
        }

        func contains(_ address: [UInt8]) -> Bool {
            var remaining = prefixLength
            for index in 0..<16 where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if (address[index] & mask) != (bytes[index] & mask) { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The blocks; empty means everyone.
    public let blocks: [Block]

    /// Everyone.
    public static let everyone = AllowList(blocks: [])

    /// Creates a list from blocks.
    public init(blocks: [Block]) { self.blocks = blocks }

    /// Parses each `--allow` value.
    /// - Throws: ``RelayConfigurationError/invalidAddress(_:_:)`` for the first value that is not a CIDR block.
    public init(_ texts: [String]) throws(RelayConfigurationError) {
        var blocks: [Block] = []
        for text in texts { blocks.append(try Block(parsing: text)) }
        self.blocks = blocks
    }

    /// Whether `address` may send. A Unix-domain or unknown address is refused when the list is not empty.
    public func permits(_ address: SocketAddress?) -> Bool {
        guard !blocks.isEmpty else { return true }
        guard let address, let bytes = Self.addressBytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// 16 bytes for an IPv4 (mapped) or IPv6 literal, or nil.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 16)
        if text.contains(":") {
            let parsed = bytes.withUnsafeMutableBytes { inet_pton(AF_INET6, text, $0.baseAddress) }
            return parsed == 1 ? bytes : nil
        }
        let parsed = bytes.withUnsafeMutableBytes { inet_pton(AF_INET, text, $0.baseAddress! + 12) }
        guard parsed == 1 else { return nil }
        bytes[10] = 0xFF
        bytes[11] = 0xFF
        return bytes
    }

    static func addressBytes(_ address: SocketAddress) -> [UInt8]? {
        guard let text = address.ipAddress else { return nil }
        return addressBytes(text)
    }
}
