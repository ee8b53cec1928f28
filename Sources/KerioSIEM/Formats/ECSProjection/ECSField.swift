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
/// An open set, like ``Kind``: a struct with static members, so a field added in a later release breaks no visitor's
/// `switch` (give it a `default`).
///
/// ```swift
/// ECSField.destinationUserName.name   // "destination.user.name"
/// ECSField.allCases.map { "\($0.name)" }.joined(separator: ",")   // the CSV header row
/// ```
public struct ECSField: Sendable, Hashable, CaseIterable, RawRepresentable {
    /// The closed set behind the open one: internal code switches over it exhaustively (and fast).
    enum Backing: Int, CaseIterable, Sendable {
        case timestamp
        case logLevel
        case syslogPriority
        case syslogFacilityCode
        case syslogFacilityName
        case syslogSeverityCode
        case syslogSeverityName
        case syslogHostname
        case syslogAppName
        case syslogProcID
        case syslogMessageID
        case syslogVersion
        case message
        case ecsVersion
        case eventKind
        case eventCategory
        case eventType
        case eventAction
        case eventOutcome
        case eventSeverity
        case eventReason
        case eventModule
        case eventDataset
        case eventID
        case eventOriginal
        case errorType
        case errorMessage
        case ruleID
        case ruleName
        case sourceAddress
        case sourceIP
        case sourcePort
        case sourceDomain
        case sourceUserName
        case destinationAddress
        case destinationIP
        case destinationPort
        case destinationDomain
        case destinationUserName
        case clientAddress
        case clientIP
        case serverAddress
        case serverIP
        case userName
        case networkTransport
        case networkType
        case networkIANANumber
        case processPID
        case observerVendor
        case observerProduct
        case observerVersion
        case observerType
        case observerHostname
        case observerIngressInterfaceName
        case observerEgressInterfaceName
        case relatedIP
        case relatedUser
        case relatedHosts
        case kerioInterface
        case kerioPacketLength
        case kerioIPTTL
        case kerioTCPFlags
        case kerioTCPSequence
        case kerioTCPAcknowledgement
        case kerioTCPWindow
        case kerioTCPPayloadLength
        case kerioUDPPayloadLength
        case kerioICMPType
        case kerioICMPCode
        case kerioICMPID
        case kerioICMPSequence
        case kerioFTPCommand
        case kerioFTPResponse
        case kerioAuthenticationService
        case kerioIPSRulesVersion
        case kerioAntivirusEngine
        case kerioAntivirusSignatureCount
        case kerioSyslogTimestamp
    }

    let backing: Backing

    /// The field at position `rawValue` of ``allCases``, or `nil`.
    public init?(rawValue: Int) {
        guard let backing = Backing(rawValue: rawValue) else { return nil }
        self.backing = backing
    }

    init(backing: Backing) { self.backing = backing }

    /// The position in ``allCases`` (stable within a release; not a wire format).
    @inline(__always) public var rawValue: Int { backing.rawValue }

    /// Every field, in order.
    public static let allCases: [ECSField] = Backing.allCases.map(ECSField.init(backing:))

    // MARK: - Base and log
    /// `@timestamp`: when the record was logged, UTC with milliseconds.
    public static let timestamp = ECSField(backing: .timestamp)
    /// `log.level`: Kerio's severity word as logged (IPS records: `High`, `Medium`, `Low`, `Blacklist`).
    public static let logLevel = ECSField(backing: .logLevel)
    /// `log.syslog.priority`: the syslog PRI value.
    public static let syslogPriority = ECSField(backing: .syslogPriority)
    /// `log.syslog.facility.code`.
    public static let syslogFacilityCode = ECSField(backing: .syslogFacilityCode)
    /// `log.syslog.facility.name`, e.g. `local0`.
    public static let syslogFacilityName = ECSField(backing: .syslogFacilityName)
    /// `log.syslog.severity.code`.
    public static let syslogSeverityCode = ECSField(backing: .syslogSeverityCode)
    /// `log.syslog.severity.name`, e.g. `Informational`.
    public static let syslogSeverityName = ECSField(backing: .syslogSeverityName)
    /// `log.syslog.hostname`: HOSTNAME of the syslog header.
    public static let syslogHostname = ECSField(backing: .syslogHostname)
    /// `log.syslog.appname`: APP-NAME (RFC 5424) or TAG (RFC 3164; of `TAG[PID]` the part before `[`).
    public static let syslogAppName = ECSField(backing: .syslogAppName)
    /// `log.syslog.procid`: PROCID (RFC 5424) or the PID of `TAG[PID]` (RFC 3164), as logged.
    public static let syslogProcID = ECSField(backing: .syslogProcID)
    /// `log.syslog.msgid`: MSGID (RFC 5424).
    public static let syslogMessageID = ECSField(backing: .syslogMessageID)
    /// `log.syslog.version`: `1` for RFC 5424 headers.
    public static let syslogVersion = ECSField(backing: .syslogVersion)
    /// `message`: the record text after Kerio's time prefix.
    public static let message = ECSField(backing: .message)
    /// `ecs.version`.
    public static let ecsVersion = ECSField(backing: .ecsVersion)

    // MARK: - Event
    /// `event.kind`: `alert`, `event` or `pipeline_error`.
    public static let eventKind = ECSField(backing: .eventKind)
    /// `event.category` (list).
    public static let eventCategory = ECSField(backing: .eventCategory)
    /// `event.type` (list).
    public static let eventType = ECSField(backing: .eventType)
    /// `event.action`: the record kind's stable name (IPS: `ips_packet_drop`, `ips_alert`).
    public static let eventAction = ECSField(backing: .eventAction)
    /// `event.outcome`.
    public static let eventOutcome = ECSField(backing: .eventOutcome)
    /// `event.severity`: the IPS severity as a number.
    public static let eventSeverity = ECSField(backing: .eventSeverity)
    /// `event.reason`: why a login failed, as logged.
    public static let eventReason = ECSField(backing: .eventReason)
    /// `event.module`: `kerio_control`.
    public static let eventModule = ECSField(backing: .eventModule)
    /// `event.dataset`: `kerio_control.security`.
    public static let eventDataset = ECSField(backing: .eventDataset)
    /// `event.id`: the record's stable id where its source gives one (``TextField/eventID``: `follow` names each line
    /// by its file and offset), so a record delivered twice is recognised as the same.
    public static let eventID = ECSField(backing: .eventID)
    /// `event.original`: the input line as read, syslog header included.
    public static let eventOriginal = ECSField(backing: .eventOriginal)
    /// `error.type`: the parse-failure reason of an unparsed line, e.g. `unknown-record`.
    public static let errorType = ECSField(backing: .errorType)
    /// `error.message`: the parse-failure explanation of an unparsed line.
    public static let errorMessage = ECSField(backing: .errorMessage)

    // MARK: - Rule, endpoints, user, network
    /// `rule.id`: IPS rule `gid:sid`.
    public static let ruleID = ECSField(backing: .ruleID)
    /// `rule.name`: IPS rule name.
    public static let ruleName = ECSField(backing: .ruleName)
    /// `source.address`: the source address as logged.
    public static let sourceAddress = ECSField(backing: .sourceAddress)
    /// `source.ip`: the source address when it is an IP literal.
    public static let sourceIP = ECSField(backing: .sourceIP)
    /// `source.port`.
    public static let sourcePort = ECSField(backing: .sourcePort)
    /// `source.domain`: the DNS name Kerio resolved for the source.
    public static let sourceDomain = ECSField(backing: .sourceDomain)
    /// `source.user.name`: the user Kerio associates with the source host.
    public static let sourceUserName = ECSField(backing: .sourceUserName)
    /// `destination.address`.
    public static let destinationAddress = ECSField(backing: .destinationAddress)
    /// `destination.ip`.
    public static let destinationIP = ECSField(backing: .destinationIP)
    /// `destination.port`.
    public static let destinationPort = ECSField(backing: .destinationPort)
    /// `destination.domain`.
    public static let destinationDomain = ECSField(backing: .destinationDomain)
    /// `destination.user.name`.
    public static let destinationUserName = ECSField(backing: .destinationUserName)
    /// `client.address`: the FTP client (FTP records only).
    public static let clientAddress = ECSField(backing: .clientAddress)
    /// `client.ip`.
    public static let clientIP = ECSField(backing: .clientIP)
    /// `server.address`: the FTP server (FTP records only).
    public static let serverAddress = ECSField(backing: .serverAddress)
    /// `server.ip`.
    public static let serverIP = ECSField(backing: .serverIP)
    /// `user.name`: the user a login failed for, else the user of the source or destination host.
    public static let userName = ECSField(backing: .userName)
    /// `network.transport`: the transport protocol, lowercased (`tcp`).
    public static let networkTransport = ECSField(backing: .networkTransport)
    /// `network.type`: `ipv4` or `ipv6`.
    public static let networkType = ECSField(backing: .networkType)
    /// `network.iana_number`: the IANA protocol number as a string (`6`).
    public static let networkIANANumber = ECSField(backing: .networkIANANumber)
    /// `process.pid`: the syslog PROCID or `TAG[PID]` when it is a number.
    public static let processPID = ECSField(backing: .processPID)

    // MARK: - Observer and related
    /// `observer.vendor`.
    public static let observerVendor = ECSField(backing: .observerVendor)
    /// `observer.product`.
    public static let observerProduct = ECSField(backing: .observerProduct)
    /// `observer.version`.
    public static let observerVersion = ECSField(backing: .observerVersion)
    /// `observer.type`: `firewall`.
    public static let observerType = ECSField(backing: .observerType)
    /// `observer.hostname`: the configured host name, else the syslog HOSTNAME.
    public static let observerHostname = ECSField(backing: .observerHostname)
    /// `observer.ingress.interface.name`: the interface of an anti-spoofing `Packet from` record.
    public static let observerIngressInterfaceName = ECSField(backing: .observerIngressInterfaceName)
    /// `observer.egress.interface.name`: the interface of an anti-spoofing `Packet to` record.
    public static let observerEgressInterfaceName = ECSField(backing: .observerEgressInterfaceName)
    /// `related.ip` (list): the valid IP literals of the record, de-duplicated, in order of appearance.
    public static let relatedIP = ECSField(backing: .relatedIP)
    /// `related.user` (list): the user names of the record, de-duplicated.
    public static let relatedUser = ECSField(backing: .relatedUser)
    /// `related.hosts` (list): the host names of the record, de-duplicated.
    public static let relatedHosts = ECSField(backing: .relatedHosts)

    // MARK: - kerio_control.* (values ECS has no field for)
    /// `kerio_control.interface`: an interface whose direction is unknown.
    public static let kerioInterface = ECSField(backing: .kerioInterface)
    /// `kerio_control.packet.length`: IP packet length (`len:`).
    public static let kerioPacketLength = ECSField(backing: .kerioPacketLength)
    /// `kerio_control.ip.ttl` (`ttl:`).
    public static let kerioIPTTL = ECSField(backing: .kerioIPTTL)
    /// `kerio_control.tcp.flags`, e.g. `SYN` (`flags:`).
    public static let kerioTCPFlags = ECSField(backing: .kerioTCPFlags)
    /// `kerio_control.tcp.sequence` (`seq:`).
    public static let kerioTCPSequence = ECSField(backing: .kerioTCPSequence)
    /// `kerio_control.tcp.acknowledgement` (`ack:`).
    public static let kerioTCPAcknowledgement = ECSField(backing: .kerioTCPAcknowledgement)
    /// `kerio_control.tcp.window` (`win:`).
    public static let kerioTCPWindow = ECSField(backing: .kerioTCPWindow)
    /// `kerio_control.tcp.payload_length` (`tcplen:`).
    public static let kerioTCPPayloadLength = ECSField(backing: .kerioTCPPayloadLength)
    /// `kerio_control.udp.payload_length` (`udplen:`).
    public static let kerioUDPPayloadLength = ECSField(backing: .kerioUDPPayloadLength)
    /// `kerio_control.icmp.type`.
    public static let kerioICMPType = ECSField(backing: .kerioICMPType)
    /// `kerio_control.icmp.code`.
    public static let kerioICMPCode = ECSField(backing: .kerioICMPCode)
    /// `kerio_control.icmp.id`.
    public static let kerioICMPID = ECSField(backing: .kerioICMPID)
    /// `kerio_control.icmp.sequence`.
    public static let kerioICMPSequence = ECSField(backing: .kerioICMPSequence)
    /// `kerio_control.ftp.command`: the FTP command of a bounce attack.
    public static let kerioFTPCommand = ECSField(backing: .kerioFTPCommand)
    /// `kerio_control.ftp.response`: the FTP server reply judged malicious.
    public static let kerioFTPResponse = ECSField(backing: .kerioFTPResponse)
    /// `kerio_control.authentication.service`: the service a login failed for, e.g. `WebAdmin`.
    public static let kerioAuthenticationService = ECSField(backing: .kerioAuthenticationService)
    /// `kerio_control.ips.rules_version`: the IPS rule-set version of an update.
    public static let kerioIPSRulesVersion = ECSField(backing: .kerioIPSRulesVersion)
    /// `kerio_control.antivirus.engine`: the antivirus engine string of an update.
    public static let kerioAntivirusEngine = ECSField(backing: .kerioAntivirusEngine)
    /// `kerio_control.antivirus.signature_count`.
    public static let kerioAntivirusSignatureCount = ECSField(backing: .kerioAntivirusSignatureCount)
    /// `kerio_control.syslog.timestamp`: the syslog header's own time, UTC with milliseconds.
    public static let kerioSyslogTimestamp = ECSField(backing: .kerioSyslogTimestamp)

    /// The number of fields (CSV columns), without building `allCases`.
    public static var count: Int { ECSField.kerioSyslogTimestamp.rawValue + 1 }

    /// The dotted ECS name, e.g. `source.ip`; the CSV column header and the JSON/XML path.
    public var name: StaticString { descriptor.name }

    /// The ECS data type.
    public var type: ECSFieldType { descriptor.type }

    /// Whether the field holds a list: a JSON array, repeated XML elements, a `|`-joined CSV cell.
    public var isList: Bool {
        switch backing {
        case .eventCategory, .eventType, .relatedIP, .relatedUser, .relatedHosts: true
        default: false
        }
    }

    /// Whether every record carries the field (the schemas mark these required).
    public var isAlwaysPresent: Bool {
        switch backing {
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
        switch backing {
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
        case .eventID: ("event.id", .keyword)
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
