/// The kind of a security-log record.
///
/// An open set (a struct with static members rather than an enum), so that new Kerio record kinds can be added
/// without breaking third parties' exhaustive `switch` statements.
///
/// ```swift
/// if event.kind == .ips, event.ipsAction == .packetDrop { … }
/// ```
public struct Kind: Sendable, Hashable, CustomStringConvertible {
    enum Backing: UInt8, CaseIterable, Sendable {
        case ips, antiSpoofing, ftpBounceAttack, ftpMaliciousReply, authenticationFailure
        case engineStartup, engineShutdown, ipsEngineStartup, ipsEngineShutdown
        case ipsRulesUpdate, antivirusUpdate, unparsed
    }

    let backing: Backing

    /// An IPS detection: `IPS: Packet drop|Alert, severity: …, Rule ID: …` (blacklist hits included).
    public static let ips = Kind(backing: .ips)
    /// An anti-spoofing drop, classic (`Anti-Spoofing: Packet from …`) or `{pktdrop}` form.
    public static let antiSpoofing = Kind(backing: .antiSpoofing)
    /// `FTP: Bounce attack attempt`: a PORT command naming a foreign address.
    public static let ftpBounceAttack = Kind(backing: .ftpBounceAttack)
    /// `FTP: Malicious server reply`: a passive-mode reply naming a foreign address.
    public static let ftpMaliciousReply = Kind(backing: .ftpMaliciousReply)
    /// `Authentication: <service>: Client: <ip>: <reason>`: a failed login.
    public static let authenticationFailure = Kind(backing: .authenticationFailure)
    /// `Engine: Startup`.
    public static let engineStartup = Kind(backing: .engineStartup)
    /// `Engine: Shutdown`.
    public static let engineShutdown = Kind(backing: .engineShutdown)
    /// `Intrusion Prevention engine: Startup`.
    public static let ipsEngineStartup = Kind(backing: .ipsEngineStartup)
    /// `Intrusion Prevention engine: Shutdown`.
    public static let ipsEngineShutdown = Kind(backing: .ipsEngineShutdown)
    /// `IPS: Basic rules successfully updated to version V`.
    public static let ipsRulesUpdate = Kind(backing: .ipsRulesUpdate)
    /// `Antivirus update: … engine version/Signature count: (ENGINE/COUNT) is now active.`
    public static let antivirusUpdate = Kind(backing: .antivirusUpdate)
    /// A line the parser did not recognise; ``SecurityEvent/failure`` says why.
    public static let unparsed = Kind(backing: .unparsed)

    /// Every kind, in a stable order (the order of summaries and documentation).
    public static let allCases: [Kind] = Backing.allCases.map(Kind.init(backing:))

    /// A stable snake_case identifier, e.g. `ips`, `anti_spoofing`, `authentication_failure`.
    ///
    /// Used as the ECS `event.action` prefix, the CEF/LEEF event id of non-IPS records and in summaries.
    public var name: String { identifier.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }

    /// ``name`` as a literal, so exporters write it without creating a `String`.
    var identifier: StaticString {
        switch backing {
        case .ips: "ips"
        case .antiSpoofing: "anti_spoofing"
        case .ftpBounceAttack: "ftp_bounce_attack"
        case .ftpMaliciousReply: "ftp_malicious_reply"
        case .authenticationFailure: "authentication_failure"
        case .engineStartup: "engine_startup"
        case .engineShutdown: "engine_shutdown"
        case .ipsEngineStartup: "ips_engine_startup"
        case .ipsEngineShutdown: "ips_engine_shutdown"
        case .ipsRulesUpdate: "ips_rules_update"
        case .antivirusUpdate: "antivirus_update"
        case .unparsed: "unparsed"
        }
    }

    /// The same as ``name``.
    public var description: String { name }

    /// A dense index `0..<allCases.count`, for counting per kind without a dictionary.
    public var ordinal: Int { Int(backing.rawValue) }
}

/// The action of an IPS record.
public enum IPSAction: String, Sendable, Hashable, CaseIterable {
    /// `Packet drop`: the rule's action is "log and drop".
    case packetDrop = "Packet drop"
    /// `Alert`: the rule's action is "log" only; the packet passed.
    case alert = "Alert"
}

/// The direction of an anti-spoofing record relative to the interface.
public enum PacketDirection: String, Sendable, Hashable, CaseIterable {
    /// `Packet from <if>`: sent via the interface (Kerio's wording); ECS ingress.
    case from
    /// `Packet to <if>`: received via the interface (Kerio's wording); ECS egress.
    case to
}
