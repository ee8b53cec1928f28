/// The LEEF record writer behind ``LEEFExporter`` (1.0 or 2.0) and ``LEEF1Exporter`` (always 1.0).
///
/// - 2.0: `LEEF:2.0|Vendor|Product|Version|EventID|<delimiter>|key=value<delimiter>key=value…\n`; the delimiter
///   field is `x09` for TAB and the character itself otherwise.
/// - 1.0: `LEEF:1.0|Vendor|Product|Version|EventID|key=value<TAB>key=value…\n`.
///
/// Header fields go through ``Escaping/leefHeader`` (`|`, CR, LF, TAB → space) and are cut to 255 bytes; EventID
/// is the IPS rule id, or the kind's id (``EventClassCatalog``). Attributes: predefined keys where LEEF has them
/// (`devTime` as 13-digit epoch milliseconds, `sev` 1–10, `src`/`dst` IPv4 or IPv6, `srcPort`/`dstPort`, `proto`,
/// `usrName`, `identSrc`, `identHostName`, `cat`), single-word custom keys for every other value; each key at most
/// once, and `cat` (a fixed word) always last. See README.md, "CEF and LEEF output" and `Schemas/leef.schema.json`.
///
/// ```swift
/// let writer = try LEEFRecordWriter(options: options, version: .v2)
/// writer.write(event, into: &output)
/// ```
struct LEEFRecordWriter: Sendable {
    /// The LEEF version written.
    let version: LEEFVersion
    /// The attribute delimiter (TAB for 1.0).
    let delimiter: UInt8
    /// ``Escaping/leefValue(delimiter:)`` for ``delimiter``.
    let escaping: Escaping
    /// `LEEF:x.0|Vendor|Product|Version|`, sanitised once.
    let headerPrefix: [UInt8]
    /// The observer host name for `deviceHostName`, raw; `nil` when the options give none.
    let observerHost: [UInt8]?
    let frame: SyslogFrameWriter
    let timeZone: KerioTimeZone
    let includeOriginal: Bool

    /// The cap of header fields, `usrName` and `identHostName` (LEEF guide: 255).
    static let fieldLimit = 255

    /// Prepares a writer.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` for a LEEF 2.0 delimiter that ``validateDelimiter(_:)`` rejects.
    init(options: ExportOptions, version: LEEFVersion) throws(ExportError) {
        self.version = version
        if version == .v2 {
            try Self.validateDelimiter(options.leefDelimiter)
            delimiter = options.leefDelimiter
        } else {
            delimiter = 0x09
        }
        escaping = .leefValue(delimiter: delimiter)
        var prefix = OutputBuffer()
        prefix.write(version == .v2 ? "LEEF:2.0|" : "LEEF:1.0|")
        for field in [options.deviceVendor, options.deviceProduct, options.deviceVersion] {
            Self.writeHeaderField(field, into: &prefix)
            prefix.write(UInt8(ascii: "|"))
        }
        headerPrefix = prefix.bytes
        if let name = options.observerHostName, !name.isEmpty {
            observerHost = Array(name.utf8)
        } else {
            observerHost = nil
        }
        frame = SyslogFrameWriter(options: options)
        timeZone = options.timeZone
        includeOriginal = options.includeOriginal
    }

    /// Checks a LEEF 2.0 delimiter: TAB, or a printable ASCII character that cannot be confused with the record's
    /// structure or corrupt a typed value.
    ///
    /// Rejected: letters and digits (keys and numbers), `=` (key/value separator), `|` (header separator), space
    /// (inside values), `.` and `:` (IPv4/IPv6 addresses, rule ids), `-` (negative numbers), DEL, every other control
    /// character, and non-ASCII bytes.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` naming `leefDelimiter`.
    static func validateDelimiter(_ byte: UInt8) throws(ExportError) {
        if byte == 0x09 { return }
        let why: String? =
            switch byte {
            case 0x80...: "must be an ASCII character"
            case 0x00...0x1F, 0x7F: "must be TAB or a printable character"
            case UInt8(ascii: " "): "must not be a space: values contain spaces"
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"):
                "must not be a letter or digit: keys and numbers are made of them"
            case UInt8(ascii: "="): "must not be '=': it separates keys from values"
            case UInt8(ascii: "|"): "must not be '|': it separates the header fields"
            case UInt8(ascii: "."), UInt8(ascii: ":"): "must not be '.' or ':': IP addresses contain them"
            case UInt8(ascii: "-"): "must not be '-': negative numbers contain it"
            default: nil
            }
        if let why {
            throw .invalidOption("leefDelimiter", "byte 0x\(String(byte, radix: 16, uppercase: true)) \(why)")
        }
    }

    /// Appends one record and its `\n`.
    func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        let severity = EventSeverityScale.cef(of: event)
        frame.write(for: event, severity: severity, into: &output)
        headerPrefix.withUnsafeBufferPointer { output.write($0) }
        let hasRuleID =
            EventClassCatalog.usesRuleInHeader(event.kind)
            && (event.withBytes(of: .ruleID) { Self.writeHeaderField($0, into: &output) } ?? false)
        if !hasRuleID { output.write(EventClassCatalog.identifier(of: event.kind)) }
        output.write(UInt8(ascii: "|"))
        if version == .v2 {
            if delimiter == 0x09 { output.write("x09") } else { output.write(delimiter) }
            output.write(UInt8(ascii: "|"))
        }
        writeAttributes(of: event, severity: severity, into: &output)
        output.write(UInt8(ascii: "\n"))
    }

    /// Writes a header field cut to 255 bytes; `false` (and nothing written) when it is empty.
    @discardableResult
    static func writeHeaderField(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout OutputBuffer) -> Bool {
        guard !bytes.isEmpty else { return false }
        let end = ValueBounds.prefixEnd(bytes, 0..<bytes.count, limit: fieldLimit, doubled: ValueBounds.leefDoubled)
        output.write(UnsafeBufferPointer(rebasing: bytes[0..<end]), escaping: .leefHeader)
        return true
    }

    static func writeHeaderField(_ string: String, into output: inout OutputBuffer) {
        var string = string
        string.withUTF8 { _ = writeHeaderField($0, into: &output) }
    }

    // MARK: - Attributes

    func writeAttributes(of event: SecurityEvent, severity: Int, into output: inout OutputBuffer) {
        let attributes = KeyValuePairWriter.leefAttributes(startingAt: output, delimiter: delimiter, escaping: escaping)
        if let timestamp = event.timestamp {
            let milliseconds = timestamp.epochMilliseconds(in: timeZone)
            if (0..<10_000_000_000_000).contains(milliseconds) {
                // Always 13 digits: QRadar reads a 13-digit devTime as epoch milliseconds without devTimeFormat.
                attributes.begin("devTime", into: &output)
                output.write(decimal: Int(milliseconds), width: 13)
            } else {
                attributes.number("epochMillis", milliseconds, into: &output)
            }
        }
        attributes.number("sev", Int64(EventSeverityScale.leef(cef: severity)), into: &output)
        attributes.text("proto", .transport, of: event, limit: nil, into: &output)
        let sourceIsIP = writeAddress(
            .sourceAddress, attributes, ip: "src", other: "srcAddressText", of: event,
            into: &output)
        writePort(.sourcePort, attributes, "srcPort", other: "srcPortNumber", of: event, into: &output)
        let destinationIsIP = writeAddress(
            .destinationAddress, attributes, ip: "dst", other: "dstAddressText",
            of: event, into: &output)
        writePort(.destinationPort, attributes, "dstPort", other: "dstPortNumber", of: event, into: &output)
        attributes.text("srcHost", .sourceHost, of: event, limit: nil, into: &output)
        attributes.text("srcUser", .sourceUser, of: event, limit: nil, into: &output)
        attributes.text("dstHost", .destinationHost, of: event, limit: nil, into: &output)
        attributes.text("dstUser", .destinationUser, of: event, limit: nil, into: &output)
        writeIdentity(attributes, of: event, sourceIsIP: sourceIsIP, destinationIsIP: destinationIsIP, into: &output)
        if let action = EventClassCatalog.action(of: event) { attributes.literal("action", action, into: &output) }
        if event.kind == .authenticationFailure { attributes.literal("outcome", "failure", into: &output) }
        attributes.text("ruleName", .ruleName, of: event, limit: nil, into: &output)
        if !EventClassCatalog.usesRuleInHeader(event.kind) {
            attributes.text("ruleId", .ruleID, of: event, limit: nil, into: &output)
        }
        attributes.text("ipsSeverity", .severity, of: event, limit: nil, into: &output)
        writeInterface(attributes, of: event, into: &output)
        attributes.text("msg", .message, of: event, limit: nil, into: &output)
        attributes.text("reason", .authReason, of: event, limit: nil, into: &output)
        attributes.text("authService", .authService, of: event, limit: nil, into: &output)
        attributes.text("tcpFlags", .tcpFlags, of: event, limit: nil, into: &output)
        attributes.number("tcpSequence", .tcpSequence, of: event, into: &output)
        attributes.number("tcpAcknowledgement", .tcpAcknowledgement, of: event, into: &output)
        attributes.number("tcpWindow", .tcpWindow, of: event, into: &output)
        attributes.number("tcpPayloadLength", .tcpPayloadLength, of: event, into: &output)
        attributes.number("udpPayloadLength", .udpPayloadLength, of: event, into: &output)
        attributes.number("icmpType", .icmpType, of: event, into: &output)
        attributes.number("icmpCode", .icmpCode, of: event, into: &output)
        attributes.number("icmpId", .icmpID, of: event, into: &output)
        attributes.number("icmpSequence", .icmpSequence, of: event, into: &output)
        attributes.number("ipTtl", .ipTTL, of: event, into: &output)
        attributes.number("packetLength", .packetLength, of: event, into: &output)
        attributes.text("ftpCommand", .ftpCommand, of: event, limit: nil, into: &output)
        attributes.text("ftpResponse", .ftpResponse, of: event, limit: nil, into: &output)
        attributes.text("rulesVersion", .rulesVersion, of: event, limit: nil, into: &output)
        attributes.text("antivirusEngine", .antivirusEngine, of: event, limit: nil, into: &output)
        attributes.number("signatureCount", .signatureCount, of: event, into: &output)
        if let syslog = event.syslog {
            attributes.literal("syslogFormat", syslog.format == .rfc5424 ? "rfc5424" : "rfc3164", into: &output)
            if let priority = syslog.priority {
                attributes.number("syslogFacility", Int64(priority / 8), into: &output)
                attributes.number("syslogSeverity", Int64(priority % 8), into: &output)
            }
            if let time = syslog.timestamp {
                attributes.number("syslogTime", time.epochMilliseconds(in: timeZone), into: &output)
            }
        }
        attributes.text("syslogAppName", .syslogAppName, of: event, limit: nil, into: &output)
        attributes.text("syslogProcId", .syslogProcID, of: event, limit: nil, into: &output)
        attributes.text("syslogMsgId", .syslogMessageID, of: event, limit: nil, into: &output)
        if let failure = event.failure {
            attributes.text("parseError", failure.reason.rawValue, limit: nil, into: &output)
            attributes.text("parseErrorDetail", failure.message, limit: nil, into: &output)
        }
        if let observerHost {
            observerHost.withUnsafeBufferPointer {
                _ = attributes.text("deviceHostName", $0, limit: nil, into: &output)
            }
            attributes.text("syslogHostName", .syslogHostname, of: event, limit: nil, into: &output)
        } else {
            attributes.text("deviceHostName", .syslogHostname, of: event, limit: nil, into: &output)
        }
        // An unparsed record has no other content than its line, so it always carries it.
        if includeOriginal || event.kind == .unparsed {
            _ = event.withOriginalBytes { attributes.text("rawEvent", $0, limit: nil, into: &output) }
        }
        // Always last, and a fixed word: nothing can be lost at the end of the record.
        attributes.literal("cat", EventClassCatalog.category(of: event.kind), into: &output)
    }

    /// An address: `ip` for an IPv4 or IPv6 literal, `other` for anything else.
    /// - Returns: whether it was written as an IP address.
    @discardableResult
    func writeAddress(
        _ field: TextField, _ attributes: KeyValuePairWriter, ip: StaticString, other: StaticString,
        of event: SecurityEvent, into output: inout OutputBuffer
    ) -> Bool {
        event.withBytes(of: field) { bytes in
            if IPLiteral(bytes) == .invalid {
                attributes.text(other, bytes, limit: nil, into: &output)
                return false
            }
            return attributes.text(ip, bytes, limit: nil, into: &output)
        } ?? false
    }

    /// A port: `key` when 0–65535, else `other`.
    func writePort(
        _ field: NumberField, _ attributes: KeyValuePairWriter, _ key: StaticString,
        other: StaticString, of event: SecurityEvent, into output: inout OutputBuffer
    ) {
        guard let port = event[field] else { return }
        attributes.number((0...65_535).contains(port) ? key : other, port, into: &output)
    }

    /// `usrName`, and the identity QRadar may learn from it.
    ///
    /// A failed login's account name is `usrName`. Otherwise the user Kerio associates with a host
    /// (`(host,user:name)`, source first) is `usrName`, and that host's address and DNS name become `identSrc` and
    /// `identHostName`: Kerio states the user is logged in from that host. A failed login never asserts an identity.
    func writeIdentity(
        _ attributes: KeyValuePairWriter, of event: SecurityEvent, sourceIsIP: Bool,
        destinationIsIP: Bool, into output: inout OutputBuffer
    ) {
        if attributes.text("usrName", .userName, of: event, limit: Self.fieldLimit, into: &output) { return }
        let side: (address: TextField, host: TextField, isIP: Bool)
        if attributes.text("usrName", .sourceUser, of: event, limit: Self.fieldLimit, into: &output) {
            side = (.sourceAddress, .sourceHost, sourceIsIP)
        } else if attributes.text("usrName", .destinationUser, of: event, limit: Self.fieldLimit, into: &output) {
            side = (.destinationAddress, .destinationHost, destinationIsIP)
        } else {
            return
        }
        guard event.kind != .authenticationFailure, side.isIP,
            attributes.text("identSrc", side.address, of: event, limit: nil, into: &output)
        else {
            return
        }
        attributes.text("identHostName", side.host, of: event, limit: Self.fieldLimit, into: &output)
    }

    /// The anti-spoofing interface: `inInterface` for packets `from` it, `outInterface` for packets `to` it.
    func writeInterface(_ attributes: KeyValuePairWriter, of event: SecurityEvent, into output: inout OutputBuffer) {
        switch event.direction {
        case .from:
            if !attributes.text("inInterface", .interface, of: event, limit: nil, into: &output) {
                attributes.literal("direction", "from", into: &output)
            }
        case .to:
            if !attributes.text("outInterface", .interface, of: event, limit: nil, into: &output) {
                attributes.literal("direction", "to", into: &output)
            }
        case nil:
            attributes.text("interface", .interface, of: event, limit: nil, into: &output)
        }
    }
}
