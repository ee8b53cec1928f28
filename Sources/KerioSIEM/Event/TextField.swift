/// The text values a security event can carry. Each is stored as the raw bytes of the log line.
///
/// Which fields a record kind fills is listed in the README's mapping table. Values are verbatim: the parser never
/// trims, translates or unescapes what Kerio wrote, because user names, host names, FTP commands and rule names are
/// attacker-controlled and must reach the SIEM exactly as logged.
///
/// An open set, like ``Kind``: a struct with static members, so a field added in a later release breaks no third
/// party's `switch`. ``count`` sizes the event's inline storage; a test ties it to ``allCases``.
///
/// ```swift
/// event[.userName] = "admin"
/// ```
public struct TextField: Sendable, Hashable, CaseIterable, RawRepresentable {
    /// The closed set behind the open one: internal code switches over it exhaustively (and fast).
    enum Backing: Int, CaseIterable, Sendable {
        case message
        case severity
        case ruleID
        case ruleName
        case transport
        case sourceAddress
        case sourceHost
        case sourceUser
        case destinationAddress
        case destinationHost
        case destinationUser
        case interface
        case tcpFlags
        case ftpCommand
        case ftpResponse
        case authService
        case authReason
        case userName
        case rulesVersion
        case antivirusEngine
        case syslogHostname
        case syslogAppName
        case syslogProcID
        case syslogMessageID
        case eventID
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
    public static let allCases: [TextField] = Backing.allCases.map(TextField.init(backing:))

    /// The text after the `[dd/Mon/yyyy hh:mm:ss] ` prefix (or the syslog MSG when it has no prefix).
    public static let message = TextField(backing: .message)
    /// IPS severity word as logged: `High`, `Medium`, `Low`, `Blacklist`, or any other word verbatim.
    public static let severity = TextField(backing: .severity)
    /// IPS rule identifier `gid:sid`, e.g. `1:2010575`.
    public static let ruleID = TextField(backing: .ruleID)
    /// IPS rule name, e.g. `ET TROJAN ASProtect/ASPack Packed Binary`; absent when Kerio logs only the id.
    public static let ruleName = TextField(backing: .ruleName)
    /// Transport protocol as logged, e.g. `TCP`, `UDP`, `ICMP`.
    public static let transport = TextField(backing: .transport)
    /// Source IP address (IPv4 dotted quad or IPv6 text, without brackets). For FTP records: the FTP client.
    /// For failed authentications: the client that tried to log in.
    public static let sourceAddress = TextField(backing: .sourceAddress)
    /// DNS name Kerio resolved for the source.
    public static let sourceHost = TextField(backing: .sourceHost)
    /// User Kerio associates with the source host.
    public static let sourceUser = TextField(backing: .sourceUser)
    /// Destination IP address. For FTP records: the FTP server.
    public static let destinationAddress = TextField(backing: .destinationAddress)
    /// DNS name Kerio resolved for the destination.
    public static let destinationHost = TextField(backing: .destinationHost)
    /// User Kerio associates with the destination host.
    public static let destinationUser = TextField(backing: .destinationUser)
    /// Interface name of an anti-spoofing record (may hold spaces, parentheses and commas).
    public static let interface = TextField(backing: .interface)
    /// TCP flags of an anti-spoofing record, e.g. `SYN` or `ACK PSH`.
    public static let tcpFlags = TextField(backing: .tcpFlags)
    /// The FTP command of a bounce attack, verbatim (e.g. `PORT 10,11,12,13,14,15`).
    public static let ftpCommand = TextField(backing: .ftpCommand)
    /// The FTP server reply judged malicious, verbatim.
    public static let ftpResponse = TextField(backing: .ftpResponse)
    /// The Kerio service a failed login was for, e.g. `WebAdmin`, `HTTP Proxy`, `VPN Client`.
    public static let authService = TextField(backing: .authService)
    /// The reason a login failed, verbatim (may itself contain `: `).
    public static let authReason = TextField(backing: .authReason)
    /// The user name a failed login was for, when the reason text names it.
    public static let userName = TextField(backing: .userName)
    /// IPS rule-set version of an update record, e.g. `1.176`.
    public static let rulesVersion = TextField(backing: .rulesVersion)
    /// Antivirus engine string of an update record, e.g. `AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)`.
    public static let antivirusEngine = TextField(backing: .antivirusEngine)
    /// HOSTNAME of the syslog envelope.
    public static let syslogHostname = TextField(backing: .syslogHostname)
    /// APP-NAME (RFC 5424) or TAG (RFC 3164) of the syslog envelope; of a `TAG[PID]:` only the part before `[`.
    public static let syslogAppName = TextField(backing: .syslogAppName)
    /// PROCID of an RFC 5424 header, or the PID of an RFC 3164 `TAG[PID]:`, verbatim (any printable ASCII).
    public static let syslogProcID = TextField(backing: .syslogProcID)
    /// MSGID of an RFC 5424 header, verbatim.
    public static let syslogMessageID = TextField(backing: .syslogMessageID)
    /// A stable identifier of the record, given by where its line was read rather than by what it says; never set by
    /// the parser. `kerio-siem follow` sets it to `<file>-<offset>`: 16 hex digits of a hash of the file's identity
    /// (device, inode, first line) and the decimal byte offset of the line in that file, e.g.
    /// `3f9a0c5e1b7d2468-4096`, so a line read again after a restart or a replay keeps its id (ECS `event.id`, CEF
    /// and LEEF `externalId`, the Elasticsearch `_id`). At most 40 bytes (CEF's `externalId` limit).
    public static let eventID = TextField(backing: .eventID)

    /// Number of cases, for fixed-size storage.
    public static let count = 25

    var index: Int { rawValue }
}

/// The numeric values a security event can carry, already range-checked by the parser.
///
/// An open set, like ``Kind`` and ``TextField``; ``count`` sizes the event's inline storage (tied by a test).
///
/// ```swift
/// event[.destinationPort] = 445
/// ```
public struct NumberField: Sendable, Hashable, CaseIterable, RawRepresentable {
    /// The closed set behind the open one: internal code switches over it exhaustively (and fast).
    enum Backing: Int, CaseIterable, Sendable {
        case sourcePort
        case destinationPort
        case packetLength
        case tcpSequence
        case tcpAcknowledgement
        case tcpWindow
        case tcpPayloadLength
        case udpPayloadLength
        case icmpType
        case icmpCode
        case icmpID
        case icmpSequence
        case ipTTL
        case signatureCount
        case processID
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
    public static let allCases: [NumberField] = Backing.allCases.map(NumberField.init(backing:))

    /// Source port, 0–65535.
    public static let sourcePort = NumberField(backing: .sourcePort)
    /// Destination port, 0–65535.
    public static let destinationPort = NumberField(backing: .destinationPort)
    /// Packet length in bytes including headers (`len:`).
    public static let packetLength = NumberField(backing: .packetLength)
    /// TCP sequence number (`seq:`), 0–4294967295.
    public static let tcpSequence = NumberField(backing: .tcpSequence)
    /// TCP acknowledgement number (`ack:`), 0–4294967295.
    public static let tcpAcknowledgement = NumberField(backing: .tcpAcknowledgement)
    /// TCP receive window (`win:`).
    public static let tcpWindow = NumberField(backing: .tcpWindow)
    /// TCP payload length (`tcplen:`).
    public static let tcpPayloadLength = NumberField(backing: .tcpPayloadLength)
    /// UDP payload length (`udplen:`).
    public static let udpPayloadLength = NumberField(backing: .udpPayloadLength)
    /// ICMP type (`type:`).
    public static let icmpType = NumberField(backing: .icmpType)
    /// ICMP code (`code:`).
    public static let icmpCode = NumberField(backing: .icmpCode)
    /// ICMP identifier (`id:`).
    public static let icmpID = NumberField(backing: .icmpID)
    /// ICMP sequence number (`seq:` of an ICMP packet).
    public static let icmpSequence = NumberField(backing: .icmpSequence)
    /// IP time to live (`ttl:`).
    public static let ipTTL = NumberField(backing: .ipTTL)
    /// Antivirus signature count of an update record.
    public static let signatureCount = NumberField(backing: .signatureCount)
    /// The syslog PROCID (or `TAG[PID]`) as a number, when it is 1–10 decimal digits no larger than 2,147,483,647.
    public static let processID = NumberField(backing: .processID)

    /// Number of cases, for fixed-size storage.
    public static let count = 15

    var index: Int { rawValue }
    @inline(__always) var bit: UInt32 { 1 &<< UInt32(truncatingIfNeeded: rawValue) }
}
