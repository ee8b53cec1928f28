/// The ECS categorization of one record: `event.kind`, `event.category`, `event.type`, `event.outcome` and
/// `event.action`, decided by the record kind (and the IPS action).
///
/// Only ECS 9.4.0 allowed values are used, following "Using the categorization fields" (ECS 9.4 reference, "Using the categorization fields"):
///
/// | Record | kind | category | type | outcome | action |
/// |---|---|---|---|---|---|
/// | IPS `Packet drop` | `alert` | `intrusion_detection`, `network` | `denied` | `success` | `ips_packet_drop` |
/// | IPS `Alert` | `alert` | `intrusion_detection`, `network` | `allowed` | – | `ips_alert` |
/// | anti-spoofing | `event` | `network` | `connection`, `denied` | `success` | `anti_spoofing` |
/// | FTP bounce attack / malicious reply | `alert` | `intrusion_detection`, `network` | `denied` | `success` | kind name |
/// | failed login | `event` | `authentication` | `start` | `failure` | `authentication_failure` |
/// | (IPS) engine startup / shutdown | `event` | `process` | `start` / `end` | `success` | kind name |
/// | IPS rules / antivirus update | `event` | `configuration` | `change` | `success` | kind name |
/// | unparsed line | `pipeline_error` | – | – | – | `unparsed` |
///
/// Why: an IPS drop is a detection that blocked traffic (ECS: IDS hits are `alert`, block/allow goes in `type`, a
/// successful block is `outcome: success`); an IPS `Alert` let the packet pass and says nothing of success, so it has
/// no outcome. Anti-spoofing is a firewall drop by a fixed policy, which ECS models as `kind: event` with
/// `type: [connection, denied]`. Kerio's FTP inspector blocks the command or reply it reports. The engines are
/// processes starting and ending; updates change the box's configuration.
struct ECSCategorization {
    var kind: StaticString
    var categories: (StaticString?, StaticString?) = (nil, nil)
    var types: (StaticString?, StaticString?) = (nil, nil)
    var outcome: StaticString? = nil
    var action: StaticString

    init(_ event: SecurityEvent) {
        switch event.kind.backing {
        case .ips:
            kind = "alert"
            categories = ("intrusion_detection", "network")
            switch event.ipsAction {
            case .packetDrop:
                types = ("denied", nil)
                outcome = "success"
                action = "ips_packet_drop"
            case .alert:
                types = ("allowed", nil)
                action = "ips_alert"
            case nil:
                types = ("info", nil)
                action = "ips"
            }
        case .antiSpoofing:
            kind = "event"
            categories = ("network", nil)
            types = ("connection", "denied")
            outcome = "success"
            action = "anti_spoofing"
        case .ftpBounceAttack, .ftpMaliciousReply:
            kind = "alert"
            categories = ("intrusion_detection", "network")
            types = ("denied", nil)
            outcome = "success"
            action = event.kind == .ftpBounceAttack ? "ftp_bounce_attack" : "ftp_malicious_reply"
        case .authenticationFailure:
            kind = "event"
            categories = ("authentication", nil)
            types = ("start", nil)
            outcome = "failure"
            action = "authentication_failure"
        case .engineStartup, .ipsEngineStartup:
            kind = "event"
            categories = ("process", nil)
            types = ("start", nil)
            outcome = "success"
            action = event.kind == .engineStartup ? "engine_startup" : "ips_engine_startup"
        case .engineShutdown, .ipsEngineShutdown:
            kind = "event"
            categories = ("process", nil)
            types = ("end", nil)
            outcome = "success"
            action = event.kind == .engineShutdown ? "engine_shutdown" : "ips_engine_shutdown"
        case .ipsRulesUpdate, .antivirusUpdate:
            kind = "event"
            categories = ("configuration", nil)
            types = ("change", nil)
            outcome = "success"
            action = event.kind == .ipsRulesUpdate ? "ips_rules_update" : "antivirus_update"
        case .unparsed:
            kind = "pipeline_error"
            action = "unparsed"
        }
    }
}
