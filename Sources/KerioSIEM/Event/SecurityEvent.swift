/// One Kerio Control security-log record, parsed: the value every exporter reads.
///
/// An event owns the bytes of the line it came from (``original``) and refers to its text values as byte ranges inside
/// that storage, so parsing a line into a reused event allocates nothing once the storage has grown to the longest
/// line. Text values are raw bytes as logged: they may hold any byte, including invalid UTF-8, and each exporter is
/// responsible for encoding them safely.
///
/// Events can also be built by hand (tests, third-party sources) through the text and number subscripts:
///
/// ```swift
/// var event = SecurityEvent(kind: .ips, timestamp: EventTimestamp(CivilDateTime(year: 2013, month: 3, day: 2,
///                                                                                hour: 8, minute: 54, second: 38)!))
/// event.ipsAction = .packetDrop
/// event[.ruleID] = "1:2010575"
/// event[.sourceAddress] = "95.211.98.71"
/// event[.sourcePort] = 80
/// ```
public struct SecurityEvent: Sendable {
    /// What kind of record this is; ``Kind/unparsed`` for lines the parser did not recognise.
    public var kind: Kind
    /// When the record was logged. `nil` only for unparsed lines whose time could not be read.
    public var timestamp: EventTimestamp?
    /// `Packet drop` or `Alert`, for IPS records.
    public var ipsAction: IPSAction?
    /// `from` or `to` the interface, for anti-spoofing records.
    public var direction: PacketDirection?
    /// The syslog envelope the line arrived in, if any.
    public var syslog: SyslogEnvelope?
    /// Why the line could not be parsed; set only when ``kind`` is ``Kind/unparsed``.
    public var failure: ParseFailure?

    /// The bytes of the original line (the first ``originalCount``), then possibly unused bytes left over from a longer
    /// line parsed into the same event, then any values set through the subscripts.
    var storage: [UInt8]
    /// How many leading bytes of ``storage`` are the original line.
    var originalCount: Int
    var textRanges: InlineArray<25, TextRange>
    var numbers: InlineArray<15, Int64>
    var numberPresence: UInt32

    /// Creates an event of `kind` with no values.
    /// - Parameters:
    ///   - kind: the record kind.
    ///   - timestamp: the time the record was logged.
    public init(kind: Kind, timestamp: EventTimestamp? = nil) {
        self.kind = kind
        self.timestamp = timestamp
        self.storage = []
        self.originalCount = 0
        self.textRanges = InlineArray(repeating: .absent)
        self.numbers = InlineArray(repeating: 0)
        self.numberPresence = 0
    }

    /// Forgets every value and replaces the original line with `line`, keeping the storage's capacity.
    mutating func reset(original line: UnsafeBufferPointer<UInt8>) {
        kind = .unparsed
        timestamp = nil
        ipsAction = nil
        direction = nil
        syslog = nil
        failure = nil
        if storage.count >= line.count, let source = line.baseAddress {
            // Overwrite in place: one copy, no count bookkeeping. Bytes after `originalCount` are left over from a
            // longer line; nothing refers to them (values set later are appended after them).
            storage.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: line.count) }
        } else {
            storage.removeAll(keepingCapacity: true)
            storage.append(contentsOf: line)
        }
        originalCount = line.count
        clearTextRanges()
        numberPresence = 0
    }

    /// Marks every text value absent.
    @inline(__always)
    mutating func clearTextRanges() {
        // A constant-bound loop becomes a few vector stores; `InlineArray(repeating:)` is an out-of-line call per line.
        for index in 0..<TextField.count { textRanges[index] = .absent }
    }

    /// Forgets the record's values but keeps what the syslog header said (HOSTNAME, APP-NAME, PROCID, MSGID), so an
    /// unparsed line, or a message tried again under another reading of its header, still names its sender.
    mutating func clearRecordValues() {
        let host = textRanges[TextField.syslogHostname.index]
        let app = textRanges[TextField.syslogAppName.index]
        let procID = textRanges[TextField.syslogProcID.index]
        let messageID = textRanges[TextField.syslogMessageID.index]
        clearTextRanges()
        textRanges[TextField.syslogHostname.index] = host
        textRanges[TextField.syslogAppName.index] = app
        textRanges[TextField.syslogProcID.index] = procID
        textRanges[TextField.syslogMessageID.index] = messageID
        numberPresence &= NumberField.processID.bit
        kind = .unparsed
        ipsAction = nil
        direction = nil
    }
}

// MARK: - Text values

extension SecurityEvent {
    /// A text value as a `String`, or `nil` when the record does not carry it.
    ///
    /// Invalid UTF-8 is repaired with U+FFFD in the returned string; the stored bytes are not changed. Setting a value
    /// appends its UTF-8 bytes to the event's storage; setting `nil` removes it.
    public subscript(field: TextField) -> String? {
        get {
            let range = textRanges[field.index]
            guard range.isPresent else { return nil }
            return storage.withUnsafeBufferPointer { all in
                String(decoding: UnsafeBufferPointer(rebasing: all[Int(range.start)..<Int(range.end)]), as: UTF8.self)
            }
        }
        set {
            guard let newValue else {
                textRanges[field.index] = .absent
                return
            }
            var value = newValue
            value.withUTF8 { setBytes(field, $0) }
        }
    }

    /// Whether the record carries `field`.
    @inline(__always)
    public func contains(_ field: TextField) -> Bool { textRanges[field.index].isPresent }

    /// Calls `body` with the raw bytes of `field` (possibly invalid UTF-8), or returns `nil` when it is absent.
    ///
    /// This is the allocation-free accessor exporters use; the buffer is valid only inside `body`.
    ///
    /// Why a pointer: the built-in exporters read every value this way, with no bounds-checked wrapper per value;
    /// ``withSpan(of:_:)`` is the safe form, at the same speed.
    @inline(__always)
    public func withBytes<R>(of field: TextField, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        let range = textRanges[field.index]
        guard range.isPresent else { return nil }
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(range.start)..<Int(range.end)]))
        }
    }

    /// Calls `body` with the raw bytes of `field` (possibly invalid UTF-8), or returns `nil` when it is absent.
    ///
    /// ```swift
    /// event.withSpan(of: .userName) { output.write($0, escaping: .cefExtensionValue) }
    /// ```
    @inline(__always)
    public func withSpan<R>(of field: TextField, _ body: (Span<UInt8>) throws -> R) rethrows -> R? {
        try withBytes(of: field) { try body($0.span) }
    }

    /// Sets `field` to a copy of `bytes` (any bytes: `[UInt8]`, a `String`'s `utf8`, `Data`; exporters make them
    /// safe).
    ///
    /// ```swift
    /// event.setBytes(.userName, Array("admin".utf8))
    /// ```
    public mutating func setBytes(_ field: TextField, _ bytes: some Collection<UInt8>) {
        let start = storage.count
        storage.append(contentsOf: bytes)
        textRanges[field.index] = TextRange(start: UInt32(start), end: UInt32(storage.count))
    }

    /// Sets `field` to a copy of `bytes` (any bytes; exporters make them safe).
    ///
    /// Why a pointer: the path of the text subscript's setter; the `Collection` overload is the safe form.
    public mutating func setBytes(_ field: TextField, _ bytes: UnsafeBufferPointer<UInt8>) {
        let start = storage.count
        storage.append(contentsOf: bytes)
        textRanges[field.index] = TextRange(start: UInt32(start), end: UInt32(storage.count))
    }

    /// Sets `field` to `bytes`, stored right after the original line: what a conversion session adds to each parsed
    /// event (``TextField/eventID``). Bytes left over from a longer earlier line are dropped first (the parser points
    /// only into the original line), so a reused event's storage does not grow line after line.
    mutating func setValueAfterOriginal(_ field: TextField, _ bytes: UnsafeBufferPointer<UInt8>) {
        if storage.count > originalCount { storage.removeSubrange(originalCount...) }
        setBytes(field, bytes)
    }

    /// Points `field` at `range` of the original line (the parser's zero-copy path).
    @inline(__always)
    mutating func setRange(_ field: TextField, _ range: Range<Int>) {
        textRanges[field.index] = TextRange(start: UInt32(range.lowerBound), end: UInt32(range.upperBound))
    }

    /// The byte range of `field` inside ``storage``, if present.
    func range(of field: TextField) -> Range<Int>? {
        let range = textRanges[field.index]
        return range.isPresent ? Int(range.start)..<Int(range.end) : nil
    }

    /// Calls `body` with the bytes of the original line as read (syslog header included, line terminator excluded).
    ///
    /// Why a pointer: as for ``withBytes(of:_:)``; ``withOriginalSpan(_:)`` is the safe form.
    public func withOriginalBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<originalCount])) }
    }

    /// Calls `body` with the bytes of the original line as read (syslog header included, line terminator excluded).
    ///
    /// ```swift
    /// event.withOriginalSpan { output.write($0, escaping: .jsonString) }
    /// ```
    public func withOriginalSpan<R>(_ body: (Span<UInt8>) throws -> R) rethrows -> R {
        try withOriginalBytes { try body($0.span) }
    }

    /// The original line as read, with invalid UTF-8 repaired; empty for events built by hand.
    public var original: String {
        withOriginalBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Replaces the original line. Text values already set keep their contents.
    public mutating func setOriginal(_ line: String) {
        var values: [(TextField, [UInt8])] = []
        for field in TextField.allCases {
            if let bytes = withBytes(of: field, { Array($0) }) { values.append((field, bytes)) }
        }
        storage = Array(line.utf8)
        originalCount = storage.count
        for (field, bytes) in values { bytes.withUnsafeBufferPointer { setBytes(field, $0) } }
    }
}

// MARK: - Numeric values

extension SecurityEvent {
    /// A numeric value, or `nil` when the record does not carry it.
    public subscript(field: NumberField) -> Int64? {
        @inline(__always) get { numberPresence & field.bit != 0 ? numbers[field.index] : nil }
        @inline(__always) set {
            if let newValue {
                numbers[field.index] = newValue
                numberPresence |= field.bit
            } else {
                numberPresence &= ~field.bit
            }
        }
    }
}

// MARK: - Equality

extension SecurityEvent: Equatable {
    /// Two events are equal when they carry the same kind, time, flags and values (compared by content, not layout).
    public static func == (lhs: SecurityEvent, rhs: SecurityEvent) -> Bool {
        guard lhs.kind == rhs.kind, lhs.timestamp == rhs.timestamp, lhs.ipsAction == rhs.ipsAction,
            lhs.direction == rhs.direction, lhs.syslog == rhs.syslog, lhs.failure == rhs.failure,
            lhs.numberPresence == rhs.numberPresence
        else { return false }
        for field in NumberField.allCases where lhs[field] != rhs[field] { return false }
        for field in TextField.allCases {
            let left = lhs.withBytes(of: field) { Array($0) }
            let right = rhs.withBytes(of: field) { Array($0) }
            if left != right { return false }
        }
        return lhs.withOriginalBytes { Array($0) } == rhs.withOriginalBytes { Array($0) }
    }
}

/// A half-open byte range inside an event's storage; `end < start` marks an absent value.
struct TextRange: Sendable, Equatable {
    var start: UInt32
    var end: UInt32
    static let absent = TextRange(start: 1, end: 0)
    var isPresent: Bool { end >= start }
}
