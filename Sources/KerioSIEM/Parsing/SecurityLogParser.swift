/// Parses Kerio Control Security-log lines into ``SecurityEvent``s: bytes in, typed events out, no regex.
///
/// A line is `[dd/Mon/yyyy hh:mm:ss] <record>`, optionally wrapped in an RFC 5424 or RFC 3164 syslog header (as Kerio
/// sends it to a syslog server). Every record kind of the Security log is recognised (see ``Kind``); anything else
/// becomes a ``Kind/unparsed`` event carrying the raw line and a ``ParseFailure`` — parsing never throws and never
/// drops a line. Values are checked, not trusted: addresses must be IPv4/IPv6 literals, ports 0–65535, numbers in
/// range, dates real.
///
/// ```swift
/// let parser = SecurityLogParser()
/// let event = parser.parse("[17/Jun/2013 12:11:33] Engine: Startup")
/// event.kind == .engineStartup   // true
/// ```
public struct SecurityLogParser: Sendable {
    /// Bounds on the input the parser accepts.
    public let limits: ParserLimits
    /// The year given to RFC 3164 syslog timestamps, which carry none.
    public let syslogYear: Int

    /// Creates a parser.
    /// - Parameters:
    ///   - limits: line-length bound.
    ///   - syslogYear: the year for RFC 3164 headers (`Mmm dd hh:mm:ss` has no year); only used when the message has
    ///     no bracketed Kerio time of its own. Default 1970, so that output is reproducible; the CLI passes the current
    ///     year.
    public init(limits: ParserLimits = ParserLimits(), syslogYear: Int = 1970) {
        self.limits = limits
        self.syslogYear = syslogYear
    }

    /// Parses one line (without its terminator) into `event`, reusing the event's storage.
    ///
    /// On return `event.kind` is the record kind, or ``Kind/unparsed`` with ``SecurityEvent/failure`` set.
    public func parse(_ line: UnsafeBufferPointer<UInt8>, into event: inout SecurityEvent) {
        event.reset(original: line)
        if line.count > limits.maximumLineLength {
            event.failure = ParseFailure(.lineTooLong, "line of \(line.count) bytes exceeds the limit of \(limits.maximumLineLength)")
            return
        }
        do {
            // The scanner reads the caller's buffer; ranges it records are the same offsets in `event.storage`,
            // which starts with a copy of the line.
            var scanner = ByteScanner(line)
            if let failure = parseLine(&scanner, into: &event) {
                event.failure = failure
                event.kind = .unparsed
                event.ipsAction = nil
                event.direction = nil
                // What was read of the envelope and time survives, so a SIEM can still place the line.
                let host = event.textRanges[TextField.syslogHostname.index]
                let app = event.textRanges[TextField.syslogAppName.index]
                event.clearTextRanges()
                event.textRanges[TextField.syslogHostname.index] = host
                event.textRanges[TextField.syslogAppName.index] = app
                event.numberPresence = 0
            }
        }
    }

    /// Parses one line (without its terminator) into `event`, reusing the event's storage.
    public func parse(_ line: Span<UInt8>, into event: inout SecurityEvent) {
        line.withUnsafeBufferPointer { parse($0, into: &event) }
    }

    /// Parses one line (without its terminator).
    public func parse(_ line: Span<UInt8>) -> SecurityEvent {
        var event = SecurityEvent(kind: .unparsed)
        parse(line, into: &event)
        return event
    }

    /// Parses one line of text (without its terminator).
    public func parse(_ line: String) -> SecurityEvent {
        var event = SecurityEvent(kind: .unparsed)
        var line = line
        line.withUTF8 { parse($0, into: &event) }
        return event
    }
}

/// Bounds on parser input, after swift-nio's decoder limits.
public struct ParserLimits: Sendable, Hashable {
    /// The longest line parsed; longer lines are unparsed with ``ParseFailure/Reason/lineTooLong`` and only their
    /// first `maximumLineLength` bytes are kept. Default 65,536.
    public var maximumLineLength: Int

    /// Creates limits.
    public init(maximumLineLength: Int = 65_536) {
        precondition(maximumLineLength > 0)
        self.maximumLineLength = maximumLineLength
    }
}
