import KerioSIEM

/// The documented CEF/LEEF replacement rules, restated independently of the exporters with `String` operations, so that
/// round-trip tests can compute what a consumer must read back for any raw input.
///
/// - invalid UTF-8 → U+FFFD per maximal subpart (what `String(decoding:as:)` does);
/// - CEF header: TAB, CR, LF → space; other C0 → U+FFFD; cut so that the escaped form (`\\`, `\|` count 2) fits;
/// - CEF extension: TAB → space; CR, LF kept (escaped `\r`, `\n`); other C0 → U+FFFD; leading and trailing spaces
///   removed; cut so that the escaped form (`\\`, `\=`, `\n`, `\r` count 2) fits, then trailing spaces removed again;
///   empty → not written;
/// - LEEF header: `|`, TAB, CR, LF → space; other C0 → U+FFFD; cut to 255 bytes;
/// - LEEF value: the delimiter, TAB, CR, LF → space; other C0 → U+FFFD; cut where a cap applies; empty → not written.
enum CEFLEEFReferenceModel {
    enum Context {
        case cefHeader, cefExtension, leefHeader
        case leefValue(Unicode.Scalar)
    }

    static func sanitized(_ bytes: [UInt8], _ context: Context) -> [Unicode.Scalar] {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.map { scalar in
            let toSpace: Bool
            switch context {
            case .cefHeader: toSpace = scalar == "\t" || scalar == "\n" || scalar == "\r"
            case .cefExtension: toSpace = scalar == "\t"
            case .leefHeader: toSpace = scalar == "|" || scalar == "\t" || scalar == "\n" || scalar == "\r"
            case .leefValue(let delimiter):
                toSpace = scalar == delimiter || scalar == "\t" || scalar == "\n" || scalar == "\r"
            }
            if toSpace { return " " }
            if scalar.value < 0x20 {
                if case .cefExtension = context, scalar == "\n" || scalar == "\r" { return scalar }
                return "\u{FFFD}"
            }
            return scalar
        }
    }

    static func escapedCost(_ scalar: Unicode.Scalar, _ context: Context) -> Int {
        switch context {
        case .cefHeader where scalar == "\\" || scalar == "|": 2
        case .cefExtension where scalar == "\\" || scalar == "=" || scalar == "\n" || scalar == "\r": 2
        default: String(scalar).utf8.count
        }
    }

    static func cut(_ scalars: [Unicode.Scalar], limit: Int, _ context: Context) -> [Unicode.Scalar] {
        var cost = 0
        var kept: [Unicode.Scalar] = []
        for scalar in scalars {
            cost += escapedCost(scalar, context)
            if cost > limit { break }
            kept.append(scalar)
        }
        return kept
    }

    static func string(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    static func trimmed(_ scalars: [Unicode.Scalar], leading: Bool) -> [Unicode.Scalar] {
        var slice = scalars[...]
        while slice.last == " " { slice = slice.dropLast() }
        if leading { while slice.first == " " { slice = slice.dropFirst() } }
        return Array(slice)
    }

    /// What a CEF consumer reads for an extension value, or `nil` when the pair is not written.
    static func cefExtension(_ bytes: [UInt8], limit: Int? = nil) -> String? {
        var scalars = trimmed(sanitized(bytes, .cefExtension), leading: true)
        if let limit { scalars = trimmed(cut(scalars, limit: limit, .cefExtension), leading: false) }
        return scalars.isEmpty ? nil : string(scalars)
    }

    /// What a CEF consumer reads for a header field, or `nil` when the raw value is empty.
    static func cefHeader(_ bytes: [UInt8], limit: Int) -> String? {
        bytes.isEmpty ? nil : string(cut(sanitized(bytes, .cefHeader), limit: limit, .cefHeader))
    }

    /// What a LEEF consumer reads for an attribute value, or `nil` when the attribute is not written.
    static func leefValue(_ bytes: [UInt8], delimiter: Unicode.Scalar, limit: Int? = nil) -> String? {
        guard !bytes.isEmpty else { return nil }
        var scalars = sanitized(bytes, .leefValue(delimiter))
        if let limit { scalars = cut(scalars, limit: limit, .leefValue(delimiter)) }
        return string(scalars)
    }

    /// What a LEEF consumer reads for a header field, or `nil` when the raw value is empty.
    static func leefHeader(_ bytes: [UInt8]) -> String? {
        bytes.isEmpty ? nil : string(cut(sanitized(bytes, .leefHeader), limit: 255, .leefHeader))
    }

    /// The documented severity table (README.md, "CEF and LEEF output"), restated.
    static func cefSeverity(_ kind: Kind, word: String?) -> Int {
        switch kind {
        case .ips:
            switch word?.lowercased() {
            case "high": 8
            case "blacklist": 7
            case "low": 3
            default: 5
            }
        case .ftpBounceAttack, .ftpMaliciousReply: 7
        case .antiSpoofing, .authenticationFailure: 5
        case .unparsed: 0
        default: 1
        }
    }

    /// The documented CEF Name of a kind other than IPS.
    static let cefNames: [Kind: String] = [
        .ips: "IPS detection", .antiSpoofing: "Anti-spoofing packet drop",
        .ftpBounceAttack: "FTP bounce attack attempt", .ftpMaliciousReply: "FTP malicious server reply",
        .authenticationFailure: "Authentication failure",
        .engineStartup: "Engine startup", .engineShutdown: "Engine shutdown",
        .ipsEngineStartup: "Intrusion Prevention engine startup",
        .ipsEngineShutdown: "Intrusion Prevention engine shutdown", .ipsRulesUpdate: "IPS rules updated",
        .antivirusUpdate: "Antivirus database updated", .unparsed: "Unparsed log line",
    ]

    /// The documented `cat` of each kind.
    static let categories: [Kind: String] = [
        .ips: "IntrusionPrevention", .antiSpoofing: "AntiSpoofing", .ftpBounceAttack: "FTPInspection",
        .ftpMaliciousReply: "FTPInspection", .authenticationFailure: "Authentication", .engineStartup: "System",
        .engineShutdown: "System", .ipsEngineStartup: "System", .ipsEngineShutdown: "System",
        .ipsRulesUpdate: "Update", .antivirusUpdate: "Update", .unparsed: "Unparsed",
    ]
}
