/// Writes events as ArcSight Common Event Format records, `CEF:0|Vendor|Product|Version|Class ID|Name|Severity|ext`,
/// one per line, optionally behind a syslog header (``ExportOptions/syslogFraming``).
///
/// The header's Vendor, Product and Version come from ``ExportOptions``; the class id, Name and severity are static
/// per record kind (an IPS record's class id is its rule id, its Name the rule name and its severity follows the IPS
/// severity word: High 8, Blacklist 7, Medium 5, Low 3). The extension carries every value of the event: dictionary keys where CEF has one (`rt`, `src`, `spt`,
/// `shost`, `suser`, `proto`, `act`, `msg`, `reason`, `dvchost`, …), IPv6 addresses in `c6a2`/`c6a3`, five labelled
/// custom strings and three custom numbers, and user-defined `KerioControl…` keys for the rest. The README fragment
/// README.md, "CEF and LEEF output" has the full table; `Schemas/cef.schema.json` the typed key list.
///
/// Escaping and limits (ArcSight CEF Implementation Standard, ch. 1 "Character Encoding"; header and extension limits of ch. 2):
/// - header fields go through ``Escaping/cefHeader`` (`\|`, `\\`; CR, LF, TAB → space), extension values through
///   ``Escaping/cefExtension`` (`\=`, `\\`, `\n`, `\r`; TAB → space); other C0 controls and invalid UTF-8 → U+FFFD;
/// - extension values lose leading and trailing spaces, and empty values are not written;
/// - a value longer than its key's cap (`dvchost` 100, `proto` 31, `msg` 1,023, `cs1`–`cs6` 4,000, header Name 512,
///   …) is cut on a character boundary so that its escaped form fits the cap;
/// - `src`/`dst` hold only IPv4 literals, `spt`/`dpt` only 0–65535; other values go to `KerioControl…` keys;
/// - the last pair is always `cat`, a fixed word.
///
/// ```swift
/// var exporter = try CEFExporter(options: ExportOptions())
/// var output = OutputBuffer()
/// exporter.write(event, into: &output)
/// // CEF:0|Kerio|Control|9|1:2010575|ET TROJAN ASProtect/ASPack Packed Binary|8|rt=1362214478000 act=blocked …
/// ```
public struct CEFExporter: EventExporter {
    /// `cef`, file extension `cef`, schema `cef.schema.json`.
    public static let format = ExportFormat(
        name: "cef", fileExtension: "cef", mediaType: "text/plain",
        summary: "ArcSight Common Event Format (CEF:0), one record per line", schema: "cef.schema.json")

    /// The cap of `csN` values (CEF guide: String 4000).
    static let customStringLimit = 4_000
    /// The cap of most dictionary strings (`msg`, `reason`, `shost`, `suser`, …; CEF guide: String 1023).
    static let stringLimit = 1_023

    /// `CEF:0|Vendor|Product|Version|`, escaped once.
    let headerPrefix: [UInt8]
    /// The observer host name for `dvchost`, raw; `nil` when the options give none.
    let observerHost: [UInt8]?
    let frame: SyslogFrameWriter
    let timeZone: KerioTimeZone
    let includeOriginal: Bool

    /// Creates an exporter. CEF accepts every option value (header fields are escaped and cut to 63/63/31 bytes).
    public init(options: ExportOptions) throws(ExportError) {
        var prefix = OutputBuffer()
        prefix.write("CEF:0|")
        Self.writeHeaderField(options.deviceVendor, limit: 63, into: &prefix)
        prefix.write(UInt8(ascii: "|"))
        Self.writeHeaderField(options.deviceProduct, limit: 63, into: &prefix)
        prefix.write(UInt8(ascii: "|"))
        Self.writeHeaderField(options.deviceVersion, limit: 31, into: &prefix)
        prefix.write(UInt8(ascii: "|"))
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

    /// Appends one record and its `\n`.
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        let severity = EventSeverityScale.cef(of: event)
        frame.write(for: event, severity: severity, into: &output)
        headerPrefix.withUnsafeBufferPointer { output.write($0) }
        writeClassAndName(of: event, into: &output)
        output.write(decimal: severity)
        output.write(UInt8(ascii: "|"))
        writeExtension(of: event, into: &output)
        output.write(UInt8(ascii: "\n"))
    }

    // MARK: - Header

    /// `Class ID|Name|`.
    func writeClassAndName(of event: SecurityEvent, into output: inout OutputBuffer) {
        guard EventClassCatalog.usesRuleInHeader(event.kind) else {
            output.write(EventClassCatalog.identifier(of: event.kind))
            output.write(UInt8(ascii: "|"))
            output.write(EventClassCatalog.name(of: event.kind))
            output.write(UInt8(ascii: "|"))
            return
        }
        let hasID = event.withBytes(of: .ruleID) { Self.writeHeaderField($0, limit: 1_023, into: &output) } ?? false
        if !hasID { output.write(EventClassCatalog.identifier(of: event.kind)) }
        output.write(UInt8(ascii: "|"))
        let hasName = event.withBytes(of: .ruleName) { Self.writeHeaderField($0, limit: 512, into: &output) } ?? false
        if !hasName {
            if hasID {
                output.write("IPS rule ")
                _ = event.withBytes(of: .ruleID) { Self.writeHeaderField($0, limit: 512 - 9, into: &output) }
            } else {
                output.write(EventClassCatalog.name(of: event.kind))
            }
        }
        output.write(UInt8(ascii: "|"))
    }

    /// Writes a header field cut to `limit` escaped bytes; `false` (and nothing written) when it is empty.
    @discardableResult
    static func writeHeaderField(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int,
        into output: inout OutputBuffer
    ) -> Bool {
        guard !bytes.isEmpty else { return false }
        let end = ValueBounds.prefixEnd(bytes, 0..<bytes.count, limit: limit, doubled: ValueBounds.cefHeaderDoubled)
        output.write(UnsafeBufferPointer(rebasing: bytes[0..<end]), escaping: .cefHeader)
        return true
    }

    static func writeHeaderField(_ string: String, limit: Int, into output: inout OutputBuffer) {
        var string = string
        string.withUTF8 { _ = writeHeaderField($0, limit: limit, into: &output) }
    }

    // MARK: - Extension

    func writeExtension(of event: SecurityEvent, into output: inout OutputBuffer) {
        let pairs = KeyValuePairWriter.cefExtension(startingAt: output)
        if let timestamp = event.timestamp {
            let milliseconds = timestamp.epochMilliseconds(in: timeZone)
            // `rt` takes epoch digits; an instant before 1970 keeps its value in a signed user-defined key.
            pairs.number(milliseconds >= 0 ? "rt" : "KerioControlEpochMillis", milliseconds, into: &output)
        }
        if let action = EventClassCatalog.action(of: event) { pairs.literal("act", action, into: &output) }
        if event.kind == .authenticationFailure { pairs.literal("outcome", "failure", into: &output) }
        pairs.text("proto", .transport, of: event, limit: 31, into: &output)

        writeAddress(
            .sourceAddress, pairs, ipv4: "src", ipv6: "c6a2", ipv6Label: "c6a2Label",
            label: "Source IPv6 Address", other: "KerioControlSourceAddress", of: event, into: &output)
        writePort(.sourcePort, pairs, "spt", other: "KerioControlSourcePort", of: event, into: &output)
        pairs.text("shost", .sourceHost, of: event, limit: Self.stringLimit, into: &output)
        pairs.text("suser", .sourceUser, of: event, limit: Self.stringLimit, into: &output)
        writeAddress(
            .destinationAddress, pairs, ipv4: "dst", ipv6: "c6a3", ipv6Label: "c6a3Label",
            label: "Destination IPv6 Address", other: "KerioControlDestinationAddress", of: event,
            into: &output)
        writePort(.destinationPort, pairs, "dpt", other: "KerioControlDestinationPort", of: event, into: &output)
        pairs.text("dhost", .destinationHost, of: event, limit: Self.stringLimit, into: &output)
        // The account of a failed login is the destination user (ArcSight's convention for logon events), unless the
        // record already names a destination user.
        let hasDestinationUser = pairs.text(
            "duser", .destinationUser, of: event, limit: Self.stringLimit,
            into: &output)
        pairs.text(
            hasDestinationUser ? "KerioControlUserName" : "duser", .userName, of: event,
            limit: hasDestinationUser ? nil : Self.stringLimit, into: &output)
        writeInterface(pairs, of: event, into: &output)
        pairs.text("msg", .message, of: event, limit: Self.stringLimit, into: &output)
        pairs.text("reason", .authReason, of: event, limit: Self.stringLimit, into: &output)

        pairs.labelledText("cs1", "cs1Label", "IPS Severity", .severity, of: event, into: &output)
        pairs.labelledText("cs2", "cs2Label", "Authentication Service", .authService, of: event, into: &output)
        pairs.labelledText("cs3", "cs3Label", "FTP Command", .ftpCommand, of: event, into: &output)
        pairs.labelledText("cs4", "cs4Label", "FTP Response", .ftpResponse, of: event, into: &output)
        pairs.labelledText("cs5", "cs5Label", "TCP Flags", .tcpFlags, of: event, into: &output)
        // An unparsed record has no other content than its line, so it always carries it.
        if includeOriginal || event.kind == .unparsed {
            let written = event.withOriginalBytes {
                pairs.text("cs6", $0, limit: Self.customStringLimit, into: &output)
            }
            if written { pairs.literal("cs6Label", "rawEvent", into: &output) }
        }
        pairs.labelledNumber("cn1", "cn1Label", "Packet Length", .packetLength, of: event, into: &output)
        pairs.labelledNumber("cn2", "cn2Label", "Signature Count", .signatureCount, of: event, into: &output)
        pairs.labelledNumber("cn3", "cn3Label", "ICMP Type", .icmpType, of: event, into: &output)

        if !EventClassCatalog.usesRuleInHeader(event.kind) {
            pairs.text("KerioControlRuleId", .ruleID, of: event, limit: nil, into: &output)
            pairs.text("KerioControlRuleName", .ruleName, of: event, limit: nil, into: &output)
        }
        pairs.number("KerioControlTcpSequence", .tcpSequence, of: event, into: &output)
        pairs.number("KerioControlTcpAcknowledgement", .tcpAcknowledgement, of: event, into: &output)
        pairs.number("KerioControlTcpWindow", .tcpWindow, of: event, into: &output)
        pairs.number("KerioControlTcpPayloadLength", .tcpPayloadLength, of: event, into: &output)
        pairs.number("KerioControlUdpPayloadLength", .udpPayloadLength, of: event, into: &output)
        pairs.number("KerioControlIcmpCode", .icmpCode, of: event, into: &output)
        pairs.number("KerioControlIcmpId", .icmpID, of: event, into: &output)
        pairs.number("KerioControlIcmpSequence", .icmpSequence, of: event, into: &output)
        pairs.number("KerioControlIpTtl", .ipTTL, of: event, into: &output)
        pairs.text("KerioControlRulesVersion", .rulesVersion, of: event, limit: nil, into: &output)
        pairs.text("KerioControlAntivirusEngine", .antivirusEngine, of: event, limit: nil, into: &output)

        if let syslog = event.syslog {
            pairs.literal(
                "KerioControlSyslogFormat", syslog.format == .rfc5424 ? "rfc5424" : "rfc3164",
                into: &output)
            if let priority = syslog.priority {
                pairs.number("KerioControlSyslogFacility", Int64(priority / 8), into: &output)
                pairs.number("KerioControlSyslogSeverity", Int64(priority % 8), into: &output)
            }
            if let time = syslog.timestamp {
                pairs.number("KerioControlSyslogTime", time.epochMilliseconds(in: timeZone), into: &output)
            }
        }
        pairs.text("KerioControlSyslogAppName", .syslogAppName, of: event, limit: nil, into: &output)
        // The header's PROCID as logged, and as the standard dvcpid (Integer) when it is a number.
        pairs.text("KerioControlSyslogProcId", .syslogProcID, of: event, limit: nil, into: &output)
        pairs.number("dvcpid", .processID, of: event, into: &output)
        pairs.text("KerioControlSyslogMsgId", .syslogMessageID, of: event, limit: nil, into: &output)
        if let failure = event.failure {
            pairs.text("KerioControlParseError", failure.reason.rawValue, limit: nil, into: &output)
            pairs.text("KerioControlParseErrorDetail", failure.message, limit: nil, into: &output)
        }

        // dvchost: the observer name from the options, else the syslog HOSTNAME. When both exist, the HOSTNAME goes
        // to a user-defined key so that it is not lost.
        if let observerHost {
            observerHost.withUnsafeBufferPointer { _ = pairs.text("dvchost", $0, limit: 100, into: &output) }
            pairs.text("KerioControlSyslogHostName", .syslogHostname, of: event, limit: nil, into: &output)
        } else {
            pairs.text("dvchost", .syslogHostname, of: event, limit: 100, into: &output)
        }
        // Always last, and a fixed word: nothing can be lost at the end of the record.
        pairs.literal("cat", EventClassCatalog.category(of: event.kind), into: &output)
    }

    /// An address: `ipv4` key for a dotted quad, `ipv6` key plus its label for IPv6, `other` for anything else.
    func writeAddress(
        _ field: TextField, _ pairs: KeyValuePairWriter, ipv4: StaticString, ipv6: StaticString,
        ipv6Label: StaticString, label: StaticString, other: StaticString, of event: SecurityEvent,
        into output: inout OutputBuffer
    ) {
        _ = event.withBytes(of: field) { bytes in
            switch IPLiteral(bytes) {
            case .v4:
                pairs.text(ipv4, bytes, limit: nil, into: &output)
            case .v6:
                pairs.text(ipv6, bytes, limit: nil, into: &output)
                pairs.literal(ipv6Label, label, into: &output)
            case .invalid:
                pairs.text(other, bytes, limit: nil, into: &output)
            }
        }
    }

    /// A port: `key` when 0–65535, else `other` (a signed long).
    func writePort(
        _ field: NumberField, _ pairs: KeyValuePairWriter, _ key: StaticString, other: StaticString,
        of event: SecurityEvent, into output: inout OutputBuffer
    ) {
        guard let port = event[field] else { return }
        pairs.number((0...65_535).contains(port) ? key : other, port, into: &output)
    }

    /// The anti-spoofing interface: inbound for packets `from` it, outbound for packets `to` it.
    func writeInterface(_ pairs: KeyValuePairWriter, of event: SecurityEvent, into output: inout OutputBuffer) {
        switch event.direction {
        case .from:
            if !pairs.text("deviceInboundInterface", .interface, of: event, limit: 128, into: &output) {
                pairs.literal("KerioControlDirection", "from", into: &output)
            }
        case .to:
            if !pairs.text("deviceOutboundInterface", .interface, of: event, limit: 128, into: &output) {
                pairs.literal("KerioControlDirection", "to", into: &output)
            }
        case nil:
            pairs.text("KerioControlInterface", .interface, of: event, limit: nil, into: &output)
        }
    }
}
