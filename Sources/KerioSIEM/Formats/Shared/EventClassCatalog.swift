/// The static, documented identity of each record kind in CEF and LEEF: event class id, name and category.
///
/// The class id (CEF) and EventID (LEEF) are the IPS rule id (e.g. `1:2010575`; `ips` if absent) for IPS detections,
/// and ``Kind/name`` for every other kind.
///
/// | Kind | CEF Name | `cat` |
/// |---|---|---|
/// | `ips` | the rule name, else `IPS rule <id>`, else `IPS detection` | `IntrusionPrevention` |
/// | `anti_spoofing` | `Anti-spoofing packet drop` | `AntiSpoofing` |
/// | `ftp_bounce_attack` | `FTP bounce attack attempt` | `FTPInspection` |
/// | `ftp_malicious_reply` | `FTP malicious server reply` | `FTPInspection` |
/// | `authentication_failure` | `Authentication failure` | `Authentication` |
/// | `engine_startup` / `engine_shutdown` | `Engine startup` / `Engine shutdown` | `System` |
/// | `ips_engine_startup` | `Intrusion Prevention engine startup` | `System` |
/// | `ips_engine_shutdown` | `Intrusion Prevention engine shutdown` | `System` |
/// | `ips_rules_update` | `IPS rules updated` | `Update` |
/// | `antivirus_update` | `Antivirus database updated` | `Update` |
/// | `unparsed` | `Unparsed log line` | `Unparsed` |
///
/// Categories hold only letters, so that no LEEF delimiter can occur in them and they are written unescaped.
///
/// ```swift
/// output.write(EventClassCatalog.identifier(of: .antiSpoofing))   // anti_spoofing
/// ```
enum EventClassCatalog {
    /// The kind's stable id, the same text as ``Kind/name``, as a literal that is written without allocating.
    static func identifier(of kind: Kind) -> StaticString { kind.identifier }

    /// The human-readable CEF Name of a record that is not an IPS detection (whose Name is its rule name).
    static func name(of kind: Kind) -> StaticString {
        switch kind.backing {
        case .ips: "IPS detection"
        case .antiSpoofing: "Anti-spoofing packet drop"
        case .ftpBounceAttack: "FTP bounce attack attempt"
        case .ftpMaliciousReply: "FTP malicious server reply"
        case .authenticationFailure: "Authentication failure"
        case .engineStartup: "Engine startup"
        case .engineShutdown: "Engine shutdown"
        case .ipsEngineStartup: "Intrusion Prevention engine startup"
        case .ipsEngineShutdown: "Intrusion Prevention engine shutdown"
        case .ipsRulesUpdate: "IPS rules updated"
        case .antivirusUpdate: "Antivirus database updated"
        case .unparsed: "Unparsed log line"
        }
    }

    /// The coarse category written as CEF and LEEF `cat`.
    static func category(of kind: Kind) -> StaticString {
        switch kind.backing {
        case .ips: "IntrusionPrevention"
        case .antiSpoofing: "AntiSpoofing"
        case .ftpBounceAttack, .ftpMaliciousReply: "FTPInspection"
        case .authenticationFailure: "Authentication"
        case .engineStartup, .engineShutdown, .ipsEngineStartup, .ipsEngineShutdown: "System"
        case .ipsRulesUpdate, .antivirusUpdate: "Update"
        case .unparsed: "Unparsed"
        }
    }

    /// The action of a record that has one: `blocked` for an IPS packet drop and an anti-spoofing drop, `alert` for
    /// an IPS alert (the packet passed). `nil` for other records.
    static func action(of event: SecurityEvent) -> StaticString? {
        // Keyed on the IPS action rather than the kind, so that a hand-built event of another kind that carries one
        // does not lose it.
        switch event.ipsAction {
        case .packetDrop: "blocked"
        case .alert: "alert"
        case nil: event.kind == .antiSpoofing ? "blocked" : nil
        }
    }

    /// Whether the record's kind names a rule in its header (only IPS detections do).
    static func usesRuleInHeader(_ kind: Kind) -> Bool { kind.backing == .ips }
}
