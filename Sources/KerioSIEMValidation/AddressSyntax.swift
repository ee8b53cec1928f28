/// Textual syntax of network addresses, as the schemas' `ipv4`, `ipv6`, `ip` and `mac` types and formats require.
///
/// - IPv4: dotted quad, four decimal parts 0–255 without leading zeros (RFC 6943 §3.1.1 "strict" form, what Go's
///   `net.ParseIP` and Python's `ipaddress` accept).
/// - IPv6: RFC 4291 §2.2 text: eight groups of 1–4 hex digits, one `::` for a run of zero groups, an optional dotted-quad
///   tail; no zone index (`%eth0`), no brackets, no prefix length.
/// - MAC: six colon-separated pairs of hex digits (`00:0D:60:AF:1B:61`), the CEF and LEEF form.
enum AddressSyntax {
    /// Whether `text` is a dotted-quad IPv4 address.
    static func isIPv4(_ text: String) -> Bool { withUTF8(text) { isIPv4($0[...]) } }

    /// Whether `text` is an IPv6 address in RFC 4291 text form.
    static func isIPv6(_ text: String) -> Bool { withUTF8(text) { isIPv6($0[...]) } }

    /// Whether `text` is a MAC address written as six colon-separated hex pairs.
    static func isMAC(_ text: String) -> Bool { withUTF8(text) { isMAC(bytes: $0) } }

    /// Whether `bytes` are a MAC address written as six colon-separated hex pairs.
    static func isMAC(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 17 else { return false }
        for index in 0..<17 {
            if index % 3 == 2 {
                if bytes[index] != UInt8(ascii: ":") { return false }
            } else if !isHexDigit(bytes[index]) {
                return false
            }
        }
        return true
    }

    /// Whether `bytes` is a dotted-quad IPv4 address.
    static func isIPv4(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var parts = 0
        var index = bytes.startIndex
        while true {
            let start = index
            var value = 0
            while index < bytes.endIndex, isDigit(bytes[index]), index - start < 3 {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            let length = index - start
            guard length > 0, value <= 255, length == 1 || bytes[start] != UInt8(ascii: "0") else { return false }
            parts += 1
            if parts == 4 { return index == bytes.endIndex }
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return false }
            index += 1
        }
    }

    /// Whether `bytes` is an IPv6 address in RFC 4291 text form.
    static func isIPv6(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let end = bytes.endIndex
        guard bytes.count >= 2, bytes.count <= 45 else { return false }
        var index = bytes.startIndex
        var groups = 0
        var compressed = false
        if bytes[index] == UInt8(ascii: ":") {
            guard bytes[index + 1] == UInt8(ascii: ":") else { return false }
            compressed = true
            index += 2
            if index == end { return true }
        }
        while index < end {
            let start = index
            while index < end, isHexDigit(bytes[index]) { index += 1 }
            if index < end, bytes[index] == UInt8(ascii: ".") {
                // A dotted-quad tail stands for the last two groups.
                guard isIPv4(bytes[start..<end]) else { return false }
                groups += 2
                index = end
                break
            }
            guard (1...4).contains(index - start) else { return false }
            groups += 1
            if index == end { break }
            guard bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            if index < end, bytes[index] == UInt8(ascii: ":") {
                guard !compressed else { return false }
                compressed = true
                index += 1
            } else if index == end {
                return false  // a single trailing colon
            }
        }
        return compressed ? groups <= 7 : groups == 8
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// Runs `body` over the UTF-8 bytes of `text` without copying when the string is native.
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var copy = text
        return copy.withUTF8(body)
    }
}
