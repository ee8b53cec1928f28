/// Parses Kerio Control Security-log lines into ``SecurityEvent``s: bytes in, typed events out, no regex.
///
/// A line is `[dd/Mon/yyyy hh:mm:ss] <record>` (the file form), or a record in any syslog envelope a sender or a
/// collector writes: RFC 5424, RFC 3164 with or without `<PRI>`, with an `Mmm dd hh:mm:ss` or an RFC 3339 time, with or
/// without a TAG or `TAG[PID]:`, a BOM before the message, the bracketed Kerio time or not (see the README's input
/// section). Every record kind of the Security log is recognised (see ``Kind``); anything else becomes a
/// ``Kind/unparsed`` event carrying the raw line and a ``ParseFailure`` — parsing never throws and never drops a line.
/// Values are checked, not trusted: addresses must be IPv4/IPv6 literals, ports 0–65535, numbers in range, dates real,
/// RFC 5424 header fields within their limits.
///
/// ```swift
/// let parser = SecurityLogParser()
/// let event = parser.parse("[17/Jun/2013 12:11:33] Engine: Startup")
/// event.kind == .engineStartup   // true
/// parser.parse("<13>Feb  5 17:32:18 fw1 Engine: Startup").kind == .engineStartup   // true: no TAG
/// ```
public struct SecurityLogParser: Sendable {
    /// Bounds on the input the parser accepts.
    public let limits: ParserLimits
    /// How RFC 3164 syslog times, which carry no year, get one.
    public let syslogYearRule: SyslogYearRule

    /// The year given to RFC 3164 syslog times: the fixed year, or the current year of an inferring rule (whose
    /// times may also fall in the year before).
    public var syslogYear: Int { syslogYearRule.referenceYear }

    /// Creates a parser whose RFC 3164 times all lie in one year.
    /// - Parameters:
    ///   - limits: line-length bound.
    ///   - syslogYear: the year for RFC 3164 headers (`Mmm dd hh:mm:ss` has no year); only used when the message has
    ///     no bracketed Kerio time of its own. Default 1970, so that output is reproducible; the CLI infers the year
    ///     from its clock unless `--syslog-year` is given.
    public init(limits: ParserLimits = ParserLimits(), syslogYear: Int = 1970) {
        self.init(limits: limits, syslogYear: .fixed(syslogYear))
    }

    /// Creates a parser with a rule for the year of RFC 3164 times.
    ///
    /// ```swift
    /// let parser = SecurityLogParser(syslogYear: .inferred(now: CivilDateTime(year: 2027, month: 1, day: 1,
    ///                                                                         hour: 0, minute: 0, second: 0)!))
    /// ```
    public init(limits: ParserLimits = ParserLimits(), syslogYear rule: SyslogYearRule) {
        self.limits = limits
        self.syslogYearRule = rule
    }

    /// Parses one line (without its terminator) into `event`, reusing the event's storage.
    ///
    /// On return `event.kind` is the record kind, or ``Kind/unparsed`` with ``SecurityEvent/failure`` set.
    ///
    /// Why a pointer: the session's hot path passes lines in place; ``parse(_:into:)-(Span<UInt8>,_)`` and
    /// ``parse(_:)-(String)`` are the safe forms.
    public func parse(_ line: UnsafeBufferPointer<UInt8>, into event: inout SecurityEvent) {
        event.reset(original: line)
        if line.count > limits.maximumLineLength {
            event.failure = ParseFailure(
                .lineTooLong, "line of \(line.count) bytes exceeds the limit of \(limits.maximumLineLength)")
            return
        }
        do {
            // The scanner reads the caller's buffer; ranges it records are the same offsets in `event.storage`,
            // which starts with a copy of the line.
            var scanner = ByteScanner(line)
            if let failure = parseLine(&scanner, into: &event) {
                event.failure = failure
                // What was read of the envelope and time survives, so a SIEM can still place the line.
                event.clearRecordValues()
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
