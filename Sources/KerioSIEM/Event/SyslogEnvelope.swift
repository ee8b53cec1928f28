/// The syslog header a line arrived in, as a sender or a collector (rsyslog, syslog-ng) wrote it.
///
/// The HOSTNAME, APP-NAME/TAG, PROCID and MSGID are text values of the event (``TextField/syslogHostname``,
/// ``TextField/syslogAppName``, ``TextField/syslogProcID``, ``TextField/syslogMessageID``; a numeric PROCID also
/// ``NumberField/processID``); this value holds the grammar, the numeric and the temporal parts.
///
/// ```swift
/// let event = SecurityLogParser(syslogYear: 2024).parse("<134>Feb 29 14:02:51 fw1 kerio[2231]: Engine: Startup")
/// event.syslog?.format        // .rfc3164
/// event.syslog?.facility      // 16 (local0)
/// event[.syslogProcID]        // "2231"
/// ```
public struct SyslogEnvelope: Sendable, Hashable {
    /// Which syslog header grammar the line used.
    public enum Format: String, Sendable, Hashable {
        /// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`.
        case rfc5424
        /// `[<PRI>]TIME HOSTNAME [TAG[[PID]]:] MSG` (BSD syslog and the collectors' file formats), where TIME is
        /// `Mmm dd hh:mm:ss` or an RFC 3339 time.
        case rfc3164
    }

    /// The header grammar.
    public var format: Format
    /// PRI value, 0–191 (facility × 8 + severity); `nil` when the header has no `<PRI>` (a collector's file format).
    public var priority: Int?
    /// Facility code, 0–23, when the header has a PRI.
    public var facility: Int? { priority.map { $0 / 8 } }
    /// Severity code, 0–7, when the header has a PRI.
    public var severity: Int? { priority.map { $0 % 8 } }
    /// The header's time. An RFC 3164 `Mmm dd hh:mm:ss` carries no year and no offset: the parser supplies the year
    /// (``SyslogYearRule``) and leaves the offset `nil`. `nil` when the RFC 5424 timestamp is NILVALUE (`-`).
    public var timestamp: EventTimestamp?

    /// Creates an envelope.
    public init(format: Format, priority: Int?, timestamp: EventTimestamp?) {
        self.format = format
        self.priority = priority
        self.timestamp = timestamp
    }
}
