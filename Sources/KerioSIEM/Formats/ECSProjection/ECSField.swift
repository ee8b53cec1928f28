/// The fixed catalogue of output fields shared by the `ecs`, `csv` and `xml` formats: one data model, three syntaxes.
///
/// Every field has its dotted ECS 9.4.0 name (``name``), the ECS type (``type``) and whether it holds a list
/// (``isList``). The case order is the document order:
/// - the **JSON** keys of a record appear in this order, nested at the dots (`source.ip` → `{"source":{"ip":…}}`);
/// - the **CSV** columns are exactly `allCases`, in this order, headed by ``name``;
/// - the **XML** elements of an `<event>` appear in this order, nested at the dots, named by the name's segments
///   (`@timestamp` → `<timestamp>`, because `@` cannot start an XML name).
///
/// Fields that share a prefix are contiguous, so that each JSON object and XML element is opened once. Names outside
/// the `kerio_control.*` namespace exist in ECS 9.4.0 with the same type; `Tests/…/ECSFieldCatalogueTests` checks
/// this against the ECS field list.
///
/// ```swift
/// ECSField.destinationUserName.name   // "destination.user.name"
/// ECSField.allCases.map { "\($0.name)" }.joined(separator: ",")   // the CSV header row
/// ```
public enum ECSField: Int, CaseIterable, Sendable {
    // MARK: - Base and log
    /// `@timestamp`: when the record was logged, UTC with milliseconds.
    case timestamp
    /// `log.level`: Kerio's severity word as logged (IPS records: `High`, `Medium`, `Low`, `Blacklist`).
    case logLevel
    /// `log.syslog.priority`: the syslog PRI value.
    case syslogPriority
    /// `log.syslog.facility.code`.
    case syslogFacilityCode
    /// `log.syslog.facility.name`, e.g. `local0`.
    case syslogFacilityName
    /// `log.syslog.severity.code`.
    case syslogSeverityCode
    /// `log.syslog.severity.name`, e.g. `Informational`.
    case syslogSeverityName
    /// `log.syslog.hostname`: HOSTNAME of the syslog header.
    case syslogHostname
    /// `log.syslog.appname`: APP-NAME (RFC 5424) or TAG (RFC 3164; of `TAG[PID]` the part before `[`).
    case syslogAppName
    /// `log.syslog.procid`: PROCID (RFC 5424) or the PID of `TAG[PID]` (RFC 3164), as logged.
    case syslogProcID
    /// `log.syslog.msgid`: MSGID (RFC 5424).
    case syslogMessageID
    /// `log.syslog.version`: `1` for RFC 5424 headers.
    case syslogVersion
    /// `message`: the record text after Kerio's time prefix.
    case message
    /// `ecs.version`.
    case ecsVersion

    // MARK: - Event
    /// `event.kind`: `alert`, `event` or `pipeline_error`.
    case eventKind
    /// `event.category` (list).
    case eventCategory
    /// `event.type` (list).
    case eventType
    /// `event.action`: the record kind's stable name (IPS: `ips_packet_drop`, `ips_alert`).
    case eventAction
    /// `event.outcome`.
    case eventOutcome
    /// `event.severity`: the IPS severity as a number.
    case eventSeverity
    /// `event.reason`: why a login failed, as logged.
    case eventReason
    /// `event.module`: `kerio_control`.
    case eventModule
    /// `event.dataset`: `kerio_control.security`.
    case eventDataset
    /// `event.original`: the input line as read, syslog header included.
    case eventOriginal
    /// `error.type`: the parse-failure reason of an unparsed line, e.g. `unknown-record`.
    case errorType
    /// `error.message`: the parse-failure explanation of an unparsed line.
    case errorMessage

    // MARK: - Rule, endpoints, user, network
    /// `rule.id`: IPS rule `gid:sid`.
    case ruleID
    /// `rule.name`: IPS rule name.
    case ruleName
    /// `source.address`: the source address as logged.
    case sourceAddress
    /// `source.ip`: the source address when it is an IP literal.
    case sourceIP
    /// `source.port`.
    case sourcePort
    /// `source.domain`: the DNS name Kerio resolved for the source.
    case sourceDomain
    /// `source.user.name`: the user Kerio associates with the source host.
    case sourceUserName
    /// `destination.address`.
    case destinationAddress
    /// `destination.ip`.
    case destinationIP
    /// `destination.port`.
    case destinationPort
    /// `destination.domain`.
    case destinationDomain
    /// `destination.user.name`.
    case destinationUserName
    /// `client.address`: the FTP client (FTP records only).
    case clientAddress
    /// `client.ip`.
    case clientIP
    /// `server.address`: the FTP server (FTP records only).
    case serverAddress
    /// `server.ip`.
    case serverIP
    /// `user.name`: the user a login failed for, else the user of the source or destination host.
    case userName
    /// `network.transport`: the transport protocol, lowercased (`tcp`).
    case networkTransport
    /// `network.type`: `ipv4` or `ipv6`.
    case networkType
    /// `network.iana_number`: the IANA protocol number as a string (`6`).
    case networkIANANumber
    /// `process.pid`: the syslog PROCID or `TAG[PID]` when it is a number.
    case processPID

    // MARK: - Observer and related
    /// `observer.vendor`.
    case observerVendor
    /// `observer.product`.
    case observerProduct
    /// `observer.version`.
    case observerVersion
    /// `observer.type`: `firewall`.
    case observerType
    /// `observer.hostname`: the configured host name, else the syslog HOSTNAME.
    case observerHostname
    /// `observer.ingress.interface.name`: the interface of an anti-spoofing `Packet from` record.
    case observerIngressInterfaceName
    /// `observer.egress.interface.name`: the interface of an anti-spoofing `Packet to` record.
    case observerEgressInterfaceName
    /// `related.ip` (list): the valid IP literals of the record, de-duplicated, in order of appearance.
    case relatedIP
    /// `related.user` (list): the user names of the record, de-duplicated.
    case relatedUser
    /// `related.hosts` (list): the host names of the record, de-duplicated.
    case relatedHosts

    // MARK: - kerio_control.* (values ECS has no field for)
    /// `kerio_control.interface`: an interface whose direction is unknown.
    case kerioInterface
    /// `kerio_control.packet.length`: IP packet length (`len:`).
    case kerioPacketLength
    /// `kerio_control.ip.ttl` (`ttl:`).
    case kerioIPTTL
    /// `kerio_control.tcp.flags`, e.g. `SYN` (`flags:`).
    case kerioTCPFlags
    /// `kerio_control.tcp.sequence` (`seq:`).
    case kerioTCPSequence
    /// `kerio_control.tcp.acknowledgement` (`ack:`).
    case kerioTCPAcknowledgement
    /// `kerio_control.tcp.window` (`win:`).
    case kerioTCPWindow
    /// `kerio_control.tcp.payload_length` (`tcplen:`).
    case kerioTCPPayloadLength
    /// `kerio_control.udp.payload_length` (`udplen:`).
    case kerioUDPPayloadLength
    /// `kerio_control.icmp.type`.
    case kerioICMPType
    /// `kerio_control.icmp.code`.
    case kerioICMPCode
    /// `kerio_control.icmp.id`.
    case kerioICMPID
    /// `kerio_control.icmp.sequence`.
    case kerioICMPSequence
    /// `kerio_control.ftp.command`: the FTP command of a bounce attack.
    case kerioFTPCommand
    /// `kerio_control.ftp.response`: the FTP server reply judged malicious.
    case kerioFTPResponse
    /// `kerio_control.authentication.service`: the service a login failed for, e.g. `WebAdmin`.
    case kerioAuthenticationService
    /// `kerio_control.ips.rules_version`: the IPS rule-set version of an update.
    case kerioIPSRulesVersion
    /// `kerio_control.antivirus.engine`: the antivirus engine string of an update.
    case kerioAntivirusEngine
    /// `kerio_control.antivirus.signature_count`.
    case kerioAntivirusSignatureCount
    /// `kerio_control.syslog.timestamp`: the syslog header's own time, UTC with milliseconds.
    case kerioSyslogTimestamp

    /// The number of fields (CSV columns), without building `allCases`.
    public static var count: Int { ECSField.kerioSyslogTimestamp.rawValue + 1 }

    /// The dotted ECS name, e.g. `source.ip`; the CSV column header and the JSON/XML path.
    public var name: StaticString { descriptor.name }

    /// The ECS data type.
    public var type: ECSFieldType { descriptor.type }

    /// Whether the field holds a list: a JSON array, repeated XML elements, a `|`-joined CSV cell.
    public var isList: Bool {
        switch self {
        case .eventCategory, .eventType, .relatedIP, .relatedUser, .relatedHosts: true
        default: false
        }
    }

    /// Whether every record carries the field (the schemas mark these required).
    public var isAlwaysPresent: Bool {
        switch self {
        case .timestamp, .ecsVersion, .eventKind, .eventAction, .eventModule, .eventDataset, .observerVendor,
            .observerProduct, .observerVersion, .observerType:
            true
        default: false
        }
    }

    /// Whether the field is one of ours (`kerio_control.*`) rather than an ECS field.
    public var isCustom: Bool { rawValue >= ECSField.kerioInterface.rawValue }

    /// The field with the dotted `name`, or `nil`.
    public init?(name: String) {
        guard let field = ECSField.allCases.first(where: { $0.name.description == name }) else { return nil }
        self = field
    }

    private var descriptor: (name: StaticString, type: ECSFieldType) {
        switch self {
        case .timestamp: ("@timestamp", .date)
        case .logLevel: ("log.level", .keyword)
        case .syslogPriority: ("log.syslog.priority", .long)
        case .syslogFacilityCode: ("log.syslog.facility.code", .long)
        case .syslogFacilityName: ("log.syslog.facility.name", .keyword)
        case .syslogSeverityCode: ("log.syslog.severity.code", .long)
        case .syslogSeverityName: ("log.syslog.severity.name", .keyword)
        case .syslogHostname: ("log.syslog.hostname", .keyword)
        case .syslogAppName: ("log.syslog.appname", .keyword)
        case .syslogProcID: ("log.syslog.procid", .keyword)
        case .syslogMessageID: ("log.syslog.msgid", .keyword)
        case .syslogVersion: ("log.syslog.version", .keyword)
        case .message: ("message", .matchOnlyText)
        case .ecsVersion: ("ecs.version", .keyword)
        case .eventKind: ("event.kind", .keyword)
        case .eventCategory: ("event.category", .keyword)
        case .eventType: ("event.type", .keyword)
        case .eventAction: ("event.action", .keyword)
        case .eventOutcome: ("event.outcome", .keyword)
        case .eventSeverity: ("event.severity", .long)
        case .eventReason: ("event.reason", .keyword)
        case .eventModule: ("event.module", .keyword)
        case .eventDataset: ("event.dataset", .keyword)
        case .eventOriginal: ("event.original", .keyword)
        case .errorType: ("error.type", .keyword)
        case .errorMessage: ("error.message", .matchOnlyText)
        case .ruleID: ("rule.id", .keyword)
        case .ruleName: ("rule.name", .keyword)
        case .sourceAddress: ("source.address", .keyword)
        case .sourceIP: ("source.ip", .ip)
        case .sourcePort: ("source.port", .long)
        case .sourceDomain: ("source.domain", .keyword)
        case .sourceUserName: ("source.user.name", .keyword)
        case .destinationAddress: ("destination.address", .keyword)
        case .destinationIP: ("destination.ip", .ip)
        case .destinationPort: ("destination.port", .long)
        case .destinationDomain: ("destination.domain", .keyword)
        case .destinationUserName: ("destination.user.name", .keyword)
        case .clientAddress: ("client.address", .keyword)
        case .clientIP: ("client.ip", .ip)
        case .serverAddress: ("server.address", .keyword)
        case .serverIP: ("server.ip", .ip)
        case .userName: ("user.name", .keyword)
        case .networkTransport: ("network.transport", .keyword)
        case .networkType: ("network.type", .keyword)
        case .networkIANANumber: ("network.iana_number", .keyword)
        case .processPID: ("process.pid", .long)
        case .observerVendor: ("observer.vendor", .keyword)
        case .observerProduct: ("observer.product", .keyword)
        case .observerVersion: ("observer.version", .keyword)
        case .observerType: ("observer.type", .keyword)
        case .observerHostname: ("observer.hostname", .keyword)
        case .observerIngressInterfaceName: ("observer.ingress.interface.name", .keyword)
        case .observerEgressInterfaceName: ("observer.egress.interface.name", .keyword)
        case .relatedIP: ("related.ip", .ip)
        case .relatedUser: ("related.user", .keyword)
        case .relatedHosts: ("related.hosts", .keyword)
        case .kerioInterface: ("kerio_control.interface", .keyword)
        case .kerioPacketLength: ("kerio_control.packet.length", .long)
        case .kerioIPTTL: ("kerio_control.ip.ttl", .long)
        case .kerioTCPFlags: ("kerio_control.tcp.flags", .keyword)
        case .kerioTCPSequence: ("kerio_control.tcp.sequence", .long)
        case .kerioTCPAcknowledgement: ("kerio_control.tcp.acknowledgement", .long)
        case .kerioTCPWindow: ("kerio_control.tcp.window", .long)
        case .kerioTCPPayloadLength: ("kerio_control.tcp.payload_length", .long)
        case .kerioUDPPayloadLength: ("kerio_control.udp.payload_length", .long)
        case .kerioICMPType: ("kerio_control.icmp.type", .long)
        case .kerioICMPCode: ("kerio_control.icmp.code", .long)
        case .kerioICMPID: ("kerio_control.icmp.id", .long)
        case .kerioICMPSequence: ("kerio_control.icmp.sequence", .long)
        case .kerioFTPCommand: ("kerio_control.ftp.command", .keyword)
        case .kerioFTPResponse: ("kerio_control.ftp.response", .keyword)
        case .kerioAuthenticationService: ("kerio_control.authentication.service", .keyword)
        case .kerioIPSRulesVersion: ("kerio_control.ips.rules_version", .keyword)
        case .kerioAntivirusEngine: ("kerio_control.antivirus.engine", .keyword)
        case .kerioAntivirusSignatureCount: ("kerio_control.antivirus.signature_count", .long)
        case .kerioSyslogTimestamp: ("kerio_control.syslog.timestamp", .date)
        }
    }
}
