/// Why a line was not turned into a typed event.
///
/// The reason is a fixed, documented category plus a short human-readable detail (``message``); the raw line itself
/// stays in the event (``SecurityEvent/original``) and in `--rejects` output.
public struct ParseFailure: Sendable, Hashable, CustomStringConvertible, Error {
    /// The category of failure.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The line is longer than ``ParserLimits/maximumLineLength``; only its first bytes were kept.
        case lineTooLong = "line-too-long"
        /// No `[dd/Mon/yyyy hh:mm:ss] ` prefix and no syslog header.
        case missingTimestamp = "missing-timestamp"
        /// The bracketed prefix or the syslog timestamp is not a real date and time.
        case invalidTimestamp = "invalid-timestamp"
        /// The syslog header is malformed (PRI, version, fields).
        case invalidSyslogHeader = "invalid-syslog-header"
        /// The text after the timestamp is not a known Security-log record (e.g. another Kerio log's line).
        case unknownRecord = "unknown-record"
        /// A known record whose fields do not follow the documented layout (truncated, reordered, missing).
        case malformedRecord = "malformed-record"
        /// A field has the right place but a wrong value: not an IP address, a port over 65535, a number out of range.
        case invalidValue = "invalid-value"
    }

    /// The category.
    public var reason: Reason
    /// A short explanation naming the part that failed, e.g. `source port 70000 is not in 0…65535`.
    public var message: String

    /// Creates a failure.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// `reason: message`.
    public var description: String { "\(reason.rawValue): \(message)" }
}
