/// The syntax of an address value: the typed CEF/LEEF keys (`src`, `c6a2`, LEEF `src`) take only real literals.
///
/// Parsed events hold checked addresses, but hand-built or third-party events may hold anything; a value that is not
/// an IP literal goes to a text key instead of a typed one, so the output always matches its schema. The checks are
/// the parser's (``IPAddressSyntax``): dotted quads without leading zeros, RFC 4291 text forms without a zone index.
///
/// ```swift
/// switch IPLiteral(bytes) {
/// case .v4: …   // CEF src
/// case .v6: …   // CEF c6a2
/// case .invalid: …   // KerioControlSourceAddress
/// }
/// ```
enum IPLiteral: Sendable, Hashable {
    /// A dotted quad.
    case v4
    /// An IPv6 address.
    case v6
    /// Anything else.
    case invalid

    /// Classifies `bytes`. An address is IPv6 iff it contains `:`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var hasColon = false
        for byte in bytes where byte == UInt8(ascii: ":") {
            hasColon = true
            break
        }
        if hasColon {
            self = IPAddressSyntax.isIPv6(bytes, 0..<bytes.count) ? .v6 : .invalid
        } else {
            self = IPAddressSyntax.isIPv4(bytes, 0..<bytes.count) ? .v4 : .invalid
        }
    }
}
