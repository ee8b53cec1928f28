/// The syslog header a line arrived in, as Kerio sends it to a syslog server.
///
/// The HOSTNAME and APP-NAME/TAG are text values of the event (``TextField/syslogHostname``,
/// ``TextField/syslogAppName``); this value holds the numeric and temporal parts.
public struct SyslogEnvelope: Sendable, Hashable {
    /// Which syslog header grammar the line used.
    public enum Format: String, Sendable, Hashable {
        /// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`.
        case rfc5424
        /// `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG: MSG` (BSD syslog).
        case rfc3164
    }

    /// The header grammar.
    public var format: Format
    /// PRI value, 0–191 (facility × 8 + severity).
    public var priority: Int
    /// Facility code, 0–23.
    public var facility: Int { priority / 8 }
    /// Severity code, 0–7.
    public var severity: Int { priority % 8 }
    /// The header's time. RFC 3164 headers carry no year and no offset: the parser supplies the year it was
    /// configured with and leaves the offset `nil`. `nil` when the RFC 5424 timestamp is NILVALUE (`-`).
    public var timestamp: EventTimestamp?

    /// Creates an envelope.
    public init(format: Format, priority: Int, timestamp: EventTimestamp?) {
        self.format = format
        self.priority = priority
        self.timestamp = timestamp
    }
}
