/// The family of a textual IP address, recognised strictly enough for an ECS `ip` field.
///
/// ECS `ip` fields must hold a literal Elasticsearch accepts, or the whole document fails to index. The parser already
/// checks addresses, but events can be built by hand, so the projection checks again (a few byte comparisons) before
/// writing `source.ip`, `destination.ip`, `client.ip`, `server.ip` and `related.ip`; an address that fails stays in
/// `*.address` only.
///
/// Accepted: IPv4 dotted decimal with four parts, each 0–255 without leading zeros (`010.0.0.1` is ambiguous, and
/// Python's `ipaddress` rejects it); IPv6 in RFC 4291 §2.2 text form (1–4 hex digits per group, one `::`, optional
/// dotted IPv4 tail). Not accepted: zone ids (`fe80::1%eth0`), brackets, prefixes.
///
/// ```swift
/// var text = "192.168.1.1"
/// let family = text.withUTF8 { IPLiteral($0) }   // .v4
/// ```
enum IPLiteral: Sendable, Hashable {
    /// IPv4.
    case v4
    /// IPv6.
    case v6

    /// The family of `bytes`, or `nil` when they are not an IP literal.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        if Self.isIPv4(bytes, from: 0) {
            self = .v4
        } else if Self.isIPv6(bytes) {
            self = .v6
        } else {
            return nil
        }
    }

    /// Whether `bytes[start...]` is a dotted-decimal IPv4 address.
    static func isIPv4(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        for part in 0..<4 {
            if part > 0 {
                guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return false }
                index += 1
            }
            let first = index
            var value = 0
            while index < bytes.count, index - first < 3, let digit = decimalDigit(bytes[index]) {
                value = value * 10 + digit
                index += 1
            }
            let length = index - first
            guard length > 0, value <= 255, length == 1 || bytes[first] != UInt8(ascii: "0") else { return false }
        }
        return index == bytes.count
    }

    /// Whether `bytes` is an IPv6 address in RFC 4291 text form.
    static func isIPv6(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count >= 2, count <= 45 else { return false }
        var index = 0
        var groups = 0
        var compressed = false
        if bytes[0] == UInt8(ascii: ":") {
            guard bytes[1] == UInt8(ascii: ":") else { return false }
            compressed = true
            index = 2
        }
        while index < count {
            let first = index
            while index < count, index - first < 5, isHexDigit(bytes[index]) { index += 1 }
            if index < count, bytes[index] == UInt8(ascii: ".") {
                // A dotted IPv4 tail fills the last two groups.
                guard isIPv4(bytes, from: first) else { return false }
                groups += 2
                index = count
                break
            }
            guard (1...4).contains(index - first) else { return false }
            groups += 1
            if index == count { break }
            guard bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            guard index < count else { return false }  // a single trailing colon
            if bytes[index] == UInt8(ascii: ":") {
                guard !compressed else { return false }
                compressed = true
                index += 1
            }
        }
        return compressed ? groups <= 7 : groups == 8
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }
}
