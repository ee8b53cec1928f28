/// The single mapping from a ``SecurityEvent`` to ECS fields, walked by the `ecs`, `csv` and `xml` writers.
///
/// ``project(_:into:)`` calls the visitor once per present field, in ``ECSField`` order, with the raw value; the
/// writers only choose syntax and escaping. So the three formats cannot disagree on a field name, a value or a
/// categorization, and adding a field here adds it everywhere.
///
/// What goes where (the README's mapping table is the user-facing copy):
/// - time: `@timestamp` from the event's time (in ``ExportOptions/timeZone`` when the log gave no offset), else the
///   syslog header's time, else **1970-01-01T00:00:00.000Z** for an unparsed line whose time could not be read — a
///   fixed, recognisable value, so output stays reproducible (a parse-time clock would not be);
/// - categorization: see `ECSCategorization`; `event.severity` maps the IPS severity word to the number CEF and
///   LEEF use (`Low` 3, `Medium` 5, `Blacklist` 7, `High` 8, any case; other words get none) and `log.level` keeps
///   the word as logged;
/// - addresses: `*.address` always holds the address as logged; `*.ip` and `related.ip` only a valid IP literal
///   (checked again with the parser's own syntax, `IPLiteral`, because events can be built by hand); FTP records
///   copy the source to `client.*` and the destination to `server.*`;
/// - `user.name` is the user a login failed for, else the source host's user, else the destination host's;
/// - `network.transport` is the protocol lowercased, `network.iana_number` its IANA number for `tcp` 6, `udp` 17,
///   `icmp` 1, `ipv6-icmp`/`icmpv6` 58, `igmp` 2, `gre` 47, `esp` 50, `ah` 51, `sctp` 132; `network.type` is the
///   family of the source (else destination) IP;
/// - the anti-spoofing interface goes to `observer.ingress.interface.name` for `Packet from` and
///   `observer.egress.interface.name` for `Packet to`;
/// - the syslog header: `log.syslog.*` (PRI parts only when the header has a `<PRI>`; `procid` and `msgid` as
///   logged), `process.pid` when the PROCID or `TAG[PID]` is a number, `observer.hostname` from HOSTNAME unless the
///   options name the observer;
/// - every value without an ECS field goes to `kerio_control.*`.
///
/// The projection allocates nothing per event: values are slices of the event's storage, of the options (copied once
/// at init) or static strings; the one transformed value (an unlisted transport, lowercased) is built on the stack.
///
/// ```swift
/// var projection = ECSProjection(options: ExportOptions())
/// var counter = FieldCounter()            // any ECSFieldVisitor
/// projection.project(event, into: &counter)
/// ```
public struct ECSProjection: Sendable {
    /// The zone of the Kerio box, for wall times without an offset.
    public let timeZone: KerioTimeZone
    /// The option strings, concatenated: `ecs.version`, `observer.vendor`, `observer.product`, `observer.version`,
    /// then `observer.hostname` if configured.
    private let constants: [UInt8]
    private let ecsVersion: Range<Int>
    private let vendor: Range<Int>
    private let product: Range<Int>
    private let version: Range<Int>
    private let observerHostName: Range<Int>?
    /// Which option strings are ``ECSVerbatim/isSafe(_:)`` (bit `i` for the `i`-th above): those go to the writers
    /// verbatim, decided once here instead of escaping them in every record.
    private let verbatimConstants: UInt8

    /// Creates a projection reading ``ExportOptions/ecsVersion``, ``ExportOptions/deviceVendor``,
    /// ``ExportOptions/deviceProduct``, ``ExportOptions/deviceVersion``, ``ExportOptions/observerHostName`` and
    /// ``ExportOptions/timeZone``.
    public init(options: ExportOptions) {
        var bytes: [UInt8] = []
        func append(_ text: String) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            return start..<bytes.count
        }
        ecsVersion = append(options.ecsVersion)
        vendor = append(options.deviceVendor)
        product = append(options.deviceProduct)
        version = append(options.deviceVersion)
        observerHostName = options.observerHostName.map(append)
        constants = bytes
        var verbatim: UInt8 = 0
        let ranges = [ecsVersion, vendor, product, version, observerHostName ?? 0..<0]
        bytes.withUnsafeBufferPointer { all in
            for (bit, range) in ranges.enumerated()
            where ECSVerbatim.isSafe(UnsafeBufferPointer(rebasing: all[range])) {
                verbatim |= 1 << bit
            }
        }
        verbatimConstants = verbatim
        timeZone = options.timeZone
    }

    /// Calls `visitor` with every field `event` carries, in ``ECSField`` order (see ``ECSFieldVisitor`` for the
    /// contract).
    public mutating func project<Visitor: ECSFieldVisitor>(_ event: SecurityEvent, into visitor: inout Visitor) {
        var sink = ECSVisitorSink(visitor: visitor)
        walk(event, into: &sink)
        visitor = sink.visitor
    }

    /// The walk behind ``project(_:into:)`` and the built-in writers: calls `sink` with every field `event` carries,
    /// in ``ECSField`` order, telling verbatim values from text to escape. Specialised per writer.
    func walk<Sink: ECSRecordSink>(_ event: SecurityEvent, into sink: inout Sink) {
        // Non-mutating, so that the closures below use `self` in place (a mutating walk copied the projection).
        event.storage.withUnsafeBufferPointer { storage in
            constants.withUnsafeBufferPointer { constants in
                // A listed transport is written as its literal; only others are lowercased, on the stack.
                guard let raw = event.range(of: .transport).map({ UnsafeBufferPointer(rebasing: storage[$0]) }) else {
                    return emit(event, storage: storage, constants: constants, transport: nil, into: &sink)
                }
                if let listed = Self.ianaProtocol(raw) {
                    return emit(event, storage: storage, constants: constants, transport: .listed(listed), into: &sink)
                }
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count) { lowercased in
                    for (index, byte) in raw.enumerated() {
                        lowercased.initializeElement(at: index, to: byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    }
                    emit(
                        event, storage: storage, constants: constants,
                        transport: .other(UnsafeBufferPointer(lowercased)), into: &sink)
                }
            }
        }
    }

    // MARK: - The walk, in catalogue order

    private func emit<Sink: ECSRecordSink>(
        _ event: SecurityEvent, storage: UnsafeBufferPointer<UInt8>, constants: UnsafeBufferPointer<UInt8>,
        transport: Transport?, into sink: inout Sink
    ) {
        // The helpers are forced inline: each runs once per field, and a call with its captured context cost more
        // than its body.
        // Read through a span of a local copy of the range table: indexing the InlineArray through the event copied
        // the whole range table per value, and a span of the event's own table copied the whole event.
        let rangeTable = event.textRanges
        let ranges = rangeTable.span
        @inline(__always)
        func text(_ field: TextField) -> UnsafeBufferPointer<UInt8>? {
            let range = ranges[field.index]
            guard range.isPresent else { return nil }
            return UnsafeBufferPointer(rebasing: storage[Int(range.start)..<Int(range.end)])
        }
        @inline(__always)
        func visitConstant(_ field: ECSField, _ range: Range<Int>, bit: Int) {
            let value = UnsafeBufferPointer(rebasing: constants[range])
            if verbatimConstants & (1 << bit) != 0 { sink.verbatim(field, value) } else { sink.text(field, value) }
        }
        @inline(__always)
        func visitText(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>?) {
            if let value { sink.text(field, value) }
        }
        /// For checked IP literals: verbatim in every format.
        @inline(__always)
        func visitIP(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>?) {
            if let value {
                assert(ECSVerbatim.isSafe(value), "IP literals are verbatim-safe")
                sink.verbatim(field, value)
            }
        }
        /// An address as logged: verbatim when it is a checked IP literal, else text.
        @inline(__always)
        func visitAddress(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>?, _ family: IPLiteral) {
            if family == .invalid { visitText(field, value) } else { visitIP(field, value) }
        }
        @inline(__always)
        func visitNumber(_ field: ECSField, _ source: NumberField) {
            if let number = event[source] { sink.integer(field, number) }
        }
        @inline(__always)
        func visitLiteral(_ field: ECSField, _ value: StaticString?) {
            if let value {
                assert(ECSVerbatim.isSafe(value.bytes), "projection literals are verbatim-safe")
                sink.verbatim(field, value.bytes)
            }
        }
        @inline(__always)
        func visitList(_ field: ECSField, _ list: ECSTextList, verbatim: Bool) {
            if !list.isEmpty { sink.list(field, list, verbatim: verbatim) }
        }
        @inline(__always)
        func literalList(_ pair: (StaticString?, StaticString?)) -> ECSTextList {
            var list = ECSTextList()
            if let first = pair.0 { list.append(first.bytes) }
            if let second = pair.1 { list.append(second.bytes) }
            return list
        }

        let sourceAddress = text(.sourceAddress)
        let destinationAddress = text(.destinationAddress)
        let sourceFamily = sourceAddress.map(IPLiteral.init) ?? .invalid
        let destinationFamily = destinationAddress.map(IPLiteral.init) ?? .invalid
        let sourceIP = sourceFamily == .invalid ? nil : sourceAddress
        let destinationIP = destinationFamily == .invalid ? nil : destinationAddress
        let sourceUser = text(.sourceUser)
        let destinationUser = text(.destinationUser)
        let userName = text(.userName)
        let categorization = ECSCategorization(event)
        let isFTP = event.kind == .ftpBounceAttack || event.kind == .ftpMaliciousReply

        // @timestamp, log.*, message, ecs.version: the ecs-logging order.
        let instant = event.timestamp ?? event.syslog?.timestamp
        sink.timestamp(.timestamp, epochMilliseconds: instant?.epochMilliseconds(in: timeZone) ?? 0)
        // A graded IPS severity word matched letters only, so it is verbatim.
        let severity = text(.severity)
        let isGraded = event.kind == .ips && severity.map(Self.isGradedSeverity) == true
        if isGraded { sink.verbatim(.logLevel, severity!) } else { visitText(.logLevel, severity) }
        if let priority = event.syslog?.priority {
            sink.integer(.syslogPriority, Int64(priority))
            sink.integer(.syslogFacilityCode, Int64(priority / 8))
            visitLiteral(.syslogFacilityName, Self.facilityName(priority / 8))
            sink.integer(.syslogSeverityCode, Int64(priority % 8))
            visitLiteral(.syslogSeverityName, Self.severityName(priority % 8))
        }
        visitText(.syslogHostname, text(.syslogHostname))
        visitText(.syslogAppName, text(.syslogAppName))
        visitText(.syslogProcID, text(.syslogProcID))
        visitText(.syslogMessageID, text(.syslogMessageID))
        if event.syslog?.format == .rfc5424 { visitLiteral(.syslogVersion, "1") }
        visitText(.message, text(.message))
        visitConstant(.ecsVersion, ecsVersion, bit: 0)

        // event.*, error.*
        visitLiteral(.eventKind, categorization.kind)
        visitList(.eventCategory, literalList(categorization.categories), verbatim: true)
        visitList(.eventType, literalList(categorization.types), verbatim: true)
        visitLiteral(.eventAction, categorization.action)
        visitLiteral(.eventOutcome, categorization.outcome)
        if isGraded {
            sink.integer(.eventSeverity, Int64(EventSeverityScale.cef(of: event)))
        }
        visitText(.eventReason, text(.authReason))
        visitLiteral(.eventModule, "kerio_control")
        visitLiteral(.eventDataset, "kerio_control.security")
        visitText(.eventID, text(.eventID))
        if event.originalCount > 0 {
            sink.text(.eventOriginal, UnsafeBufferPointer(rebasing: storage[0..<event.originalCount]))
        }
        if let failure = event.failure {
            var type = failure.reason.rawValue
            type.withUTF8 { sink.text(.errorType, $0) }
            var message = failure.message
            message.withUTF8 { sink.text(.errorMessage, $0) }
        }

        // rule.*, source.*, destination.*, client.*, server.*, user.*
        visitText(.ruleID, text(.ruleID))
        visitText(.ruleName, text(.ruleName))
        visitAddress(.sourceAddress, sourceAddress, sourceFamily)
        visitIP(.sourceIP, sourceIP)
        visitNumber(.sourcePort, .sourcePort)
        visitText(.sourceDomain, text(.sourceHost))
        visitText(.sourceUserName, sourceUser)
        visitAddress(.destinationAddress, destinationAddress, destinationFamily)
        visitIP(.destinationIP, destinationIP)
        visitNumber(.destinationPort, .destinationPort)
        visitText(.destinationDomain, text(.destinationHost))
        visitText(.destinationUserName, destinationUser)
        if isFTP {
            visitAddress(.clientAddress, sourceAddress, sourceFamily)
            visitIP(.clientIP, sourceIP)
            visitAddress(.serverAddress, destinationAddress, destinationFamily)
            visitIP(.serverIP, destinationIP)
        }
        visitText(.userName, userName ?? sourceUser ?? destinationUser)

        // network.*
        switch transport {
        case .listed(let listed): visitLiteral(.networkTransport, listed.name)
        case .other(let lowercased): visitText(.networkTransport, lowercased)
        case nil: break
        }
        switch sourceFamily == .invalid ? destinationFamily : sourceFamily {
        case .v4: visitLiteral(.networkType, "ipv4")
        case .v6: visitLiteral(.networkType, "ipv6")
        case .invalid: break
        }
        if case .listed(let listed) = transport { visitLiteral(.networkIANANumber, listed.number) }
        visitNumber(.processPID, .processID)

        // observer.*
        visitConstant(.observerVendor, vendor, bit: 1)
        visitConstant(.observerProduct, product, bit: 2)
        visitConstant(.observerVersion, version, bit: 3)
        visitLiteral(.observerType, "firewall")
        if let observerHostName {
            visitConstant(.observerHostname, observerHostName, bit: 4)
        } else {
            visitText(.observerHostname, text(.syslogHostname))
        }
        let interface = text(.interface)
        if event.direction == .from { visitText(.observerIngressInterfaceName, interface) }
        if event.direction == .to { visitText(.observerEgressInterfaceName, interface) }

        // related.*: every IP, user and host of the record, once each, in order of appearance; empty values are
        // no identifiers.
        var ips = ECSTextList()
        if let sourceIP { ips.appendUnique(sourceIP) }
        if let destinationIP { ips.appendUnique(destinationIP) }
        visitList(.relatedIP, ips, verbatim: true)
        var users = ECSTextList()
        if let sourceUser, !sourceUser.isEmpty { users.appendUnique(sourceUser) }
        if let destinationUser, !destinationUser.isEmpty { users.appendUnique(destinationUser) }
        if let userName, !userName.isEmpty { users.appendUnique(userName) }
        visitList(.relatedUser, users, verbatim: false)
        var hosts = ECSTextList()
        if let host = text(.sourceHost), !host.isEmpty { hosts.appendUnique(host) }
        if let host = text(.destinationHost), !host.isEmpty { hosts.appendUnique(host) }
        visitList(.relatedHosts, hosts, verbatim: false)

        // kerio_control.*
        if event.direction == nil { visitText(.kerioInterface, interface) }
        visitNumber(.kerioPacketLength, .packetLength)
        visitNumber(.kerioIPTTL, .ipTTL)
        visitText(.kerioTCPFlags, text(.tcpFlags))
        visitNumber(.kerioTCPSequence, .tcpSequence)
        visitNumber(.kerioTCPAcknowledgement, .tcpAcknowledgement)
        visitNumber(.kerioTCPWindow, .tcpWindow)
        visitNumber(.kerioTCPPayloadLength, .tcpPayloadLength)
        visitNumber(.kerioUDPPayloadLength, .udpPayloadLength)
        visitNumber(.kerioICMPType, .icmpType)
        visitNumber(.kerioICMPCode, .icmpCode)
        visitNumber(.kerioICMPID, .icmpID)
        visitNumber(.kerioICMPSequence, .icmpSequence)
        visitText(.kerioFTPCommand, text(.ftpCommand))
        visitText(.kerioFTPResponse, text(.ftpResponse))
        visitText(.kerioAuthenticationService, text(.authService))
        visitText(.kerioIPSRulesVersion, text(.rulesVersion))
        visitText(.kerioAntivirusEngine, text(.antivirusEngine))
        visitNumber(.kerioAntivirusSignatureCount, .signatureCount)
        if let header = event.syslog?.timestamp {
            sink.timestamp(.kerioSyslogTimestamp, epochMilliseconds: header.epochMilliseconds(in: timeZone))
        }
    }
}

// MARK: - Value tables

extension ECSProjection {
    /// Whether an IPS severity word is one Kerio grades (`Low`, `Medium`, `High`, `Blacklist`, any case): only those
    /// get an `event.severity`, the number CEF and LEEF use for them (``EventSeverityScale``: Low 3, Medium 5,
    /// Blacklist 7, High 8). Any other word stays in `log.level` alone: a number would be invented.
    static func isGradedSeverity(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        EventSeverityScale.matches(word, "low") || EventSeverityScale.matches(word, "medium")
            || EventSeverityScale.matches(word, "high") || EventSeverityScale.matches(word, "blacklist")
    }

    /// A record's transport: one of the listed protocols (``ianaProtocol(_:)``), else the name lowercased.
    enum Transport {
        case listed((name: StaticString, number: StaticString))
        case other(UnsafeBufferPointer<UInt8>)
    }

    /// The listed protocol `transport` names, in any ASCII case: its lowercase name and `network.iana_number`
    /// (`tcp` 6, `udp` 17, `icmp` 1, `ipv6-icmp`/`icmpv6` 58, `igmp` 2, `gre` 47, `esp` 50, `ah` 51, `sctp` 132), or
    /// `nil`. A switch on the length, so a lookup compares at most four names.
    static func ianaProtocol(_ transport: UnsafeBufferPointer<UInt8>) -> (name: StaticString, number: StaticString)? {
        func named(_ name: StaticString, _ number: StaticString) -> (name: StaticString, number: StaticString)? {
            EventSeverityScale.matches(transport, name) ? (name, number) : nil
        }
        switch transport.count {
        case 2: return named("ah", "51")
        case 3: return named("tcp", "6") ?? named("udp", "17") ?? named("gre", "47") ?? named("esp", "50")
        case 4: return named("icmp", "1") ?? named("igmp", "2") ?? named("sctp", "132")
        case 6: return named("icmpv6", "58")
        case 9: return named("ipv6-icmp", "58")
        default: return nil
        }
    }

    /// The RFC 5424 §6.2.1 facility keyword in the form ECS examples use (`local7`), or `nil` beyond 23.
    static func facilityName(_ code: Int) -> StaticString? {
        switch code {
        case 0: "kern"
        case 1: "user"
        case 2: "mail"
        case 3: "daemon"
        case 4: "auth"
        case 5: "syslog"
        case 6: "lpr"
        case 7: "news"
        case 8: "uucp"
        case 9: "cron"
        case 10: "authpriv"
        case 11: "ftp"
        case 12: "ntp"
        case 13: "security"
        case 14: "console"
        case 15: "solaris-cron"
        case 16: "local0"
        case 17: "local1"
        case 18: "local2"
        case 19: "local3"
        case 20: "local4"
        case 21: "local5"
        case 22: "local6"
        case 23: "local7"
        default: nil
        }
    }

    /// The RFC 5424 §6.2.1 severity name (`Error`, as in the ECS example), or `nil` beyond 7.
    static func severityName(_ code: Int) -> StaticString? {
        switch code {
        case 0: "Emergency"
        case 1: "Alert"
        case 2: "Critical"
        case 3: "Error"
        case 4: "Warning"
        case 5: "Notice"
        case 6: "Informational"
        case 7: "Debug"
        default: nil
        }
    }
}

extension StaticString {
    /// The literal's UTF-8 bytes (static storage).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount) }
}
