/// The text values a security event can carry. Each is stored as the raw bytes of the log line.
///
/// Which fields a record kind fills is listed in the README's mapping table. Values are verbatim: the parser never
/// trims, translates or unescapes what Kerio wrote, because user names, host names, FTP commands and rule names are
/// attacker-controlled and must reach the SIEM exactly as logged.
public enum TextField: Int, CaseIterable, Sendable {
    /// The text after the `[dd/Mon/yyyy hh:mm:ss] ` prefix (or the syslog MSG when it has no prefix).
    case message
    /// IPS severity word as logged: `High`, `Medium`, `Low`, `Blacklist`, or any other word verbatim.
    case severity
    /// IPS rule identifier `gid:sid`, e.g. `1:2010575`.
    case ruleID
    /// IPS rule name, e.g. `ET TROJAN ASProtect/ASPack Packed Binary`; absent when Kerio logs only the id.
    case ruleName
    /// Transport protocol as logged, e.g. `TCP`, `UDP`, `ICMP`.
    case transport
    /// Source IP address (IPv4 dotted quad or IPv6 text, without brackets). For FTP records: the FTP client.
    /// For failed authentications: the client that tried to log in.
    case sourceAddress
    /// DNS name Kerio resolved for the source.
    case sourceHost
    /// User Kerio associates with the source host.
    case sourceUser
    /// Destination IP address. For FTP records: the FTP server.
    case destinationAddress
    /// DNS name Kerio resolved for the destination.
    case destinationHost
    /// User Kerio associates with the destination host.
    case destinationUser
    /// Interface name of an anti-spoofing record (may hold spaces, parentheses and commas).
    case interface
    /// TCP flags of an anti-spoofing record, e.g. `SYN` or `ACK PSH`.
    case tcpFlags
    /// The FTP command of a bounce attack, verbatim (e.g. `PORT 10,11,12,13,14,15`).
    case ftpCommand
    /// The FTP server reply judged malicious, verbatim.
    case ftpResponse
    /// The Kerio service a failed login was for, e.g. `WebAdmin`, `HTTP Proxy`, `VPN Client`.
    case authService
    /// The reason a login failed, verbatim (may itself contain `: `).
    case authReason
    /// The user name a failed login was for, when the reason text names it.
    case userName
    /// IPS rule-set version of an update record, e.g. `1.176`.
    case rulesVersion
    /// Antivirus engine string of an update record, e.g. `AVCORE v2.1 Linux/x86_64 11.0.1.12 (Sep 29, 2016)`.
    case antivirusEngine
    /// HOSTNAME of the syslog envelope.
    case syslogHostname
    /// APP-NAME (RFC 5424) or TAG (RFC 3164) of the syslog envelope; of a `TAG[PID]:` only the part before `[`.
    case syslogAppName
    /// PROCID of an RFC 5424 header, or the PID of an RFC 3164 `TAG[PID]:`, verbatim (any printable ASCII).
    case syslogProcID
    /// MSGID of an RFC 5424 header, verbatim.
    case syslogMessageID

    /// Number of cases, for fixed-size storage.
    public static let count = 24

    var index: Int { rawValue }
}

/// The numeric values a security event can carry, already range-checked by the parser.
public enum NumberField: Int, CaseIterable, Sendable {
    /// Source port, 0–65535.
    case sourcePort
    /// Destination port, 0–65535.
    case destinationPort
    /// Packet length in bytes including headers (`len:`).
    case packetLength
    /// TCP sequence number (`seq:`), 0–4294967295.
    case tcpSequence
    /// TCP acknowledgement number (`ack:`), 0–4294967295.
    case tcpAcknowledgement
    /// TCP receive window (`win:`).
    case tcpWindow
    /// TCP payload length (`tcplen:`).
    case tcpPayloadLength
    /// UDP payload length (`udplen:`).
    case udpPayloadLength
    /// ICMP type (`type:`).
    case icmpType
    /// ICMP code (`code:`).
    case icmpCode
    /// ICMP identifier (`id:`).
    case icmpID
    /// ICMP sequence number (`seq:` of an ICMP packet).
    case icmpSequence
    /// IP time to live (`ttl:`).
    case ipTTL
    /// Antivirus signature count of an update record.
    case signatureCount
    /// The syslog PROCID (or `TAG[PID]`) as a number, when it is 1–10 decimal digits no larger than 2,147,483,647.
    case processID

    /// Number of cases, for fixed-size storage.
    public static let count = 15

    var index: Int { rawValue }
    @inline(__always) var bit: UInt32 { 1 &<< UInt32(truncatingIfNeeded: rawValue) }
}
