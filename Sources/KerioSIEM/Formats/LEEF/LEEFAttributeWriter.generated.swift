// Generated from Formats/Shared/CEFLEEFFieldTable.txt by Scripts/generate-field-writers.sh: edit the table and
// run the script, never this file. Straight-line code because a table walked per record cost 3–8 % more
// instructions per line; CEFLEEFFieldTableTests checks that this file is what the table generates.

extension LEEFRecordWriter {
    /// The LEEF attributes of `event`: every value the table maps, in the table's LEEF order.
    func writeAttributes(of event: SecurityEvent, severity: Int, into output: inout OutputBuffer) {
        let pairs = KeyValuePairWriter.leefAttributes(startingAt: output, delimiter: delimiter, escaping: escaping)
        pairs.epochMilliseconds(
            "devTime", else: "epochMillis", below: 10_000_000_000_000, width: 13, of: event, in: timeZone,
            into: &output)
        pairs.number("sev", Int64(EventSeverityScale.leef(cef: severity)), into: &output)
        pairs.text("proto", .transport, of: event, limit: nil, into: &output)
        let sourceAddressIsIP = pairs.address(
            .sourceAddress, ip: "src", other: "srcAddressText", of: event, into: &output)
        pairs.port(.sourcePort, "srcPort", other: "srcPortNumber", of: event, into: &output)
        let destinationAddressIsIP = pairs.address(
            .destinationAddress, ip: "dst", other: "dstAddressText", of: event, into: &output)
        pairs.port(.destinationPort, "dstPort", other: "dstPortNumber", of: event, into: &output)
        pairs.text("srcHost", .sourceHost, of: event, limit: nil, into: &output)
        pairs.text("srcUser", .sourceUser, of: event, limit: nil, into: &output)
        pairs.text("dstHost", .destinationHost, of: event, limit: nil, into: &output)
        pairs.text("dstUser", .destinationUser, of: event, limit: nil, into: &output)
        pairs.identity(
            user: "usrName", address: "identSrc", host: "identHostName", limit: 255, of: event,
            sourceIsIP: sourceAddressIsIP, destinationIsIP: destinationAddressIsIP, into: &output)
        if let action = EventClassCatalog.action(of: event) {
            pairs.literal("action", action, into: &output)
        }
        if event.kind == .authenticationFailure {
            pairs.literal("outcome", "failure", into: &output)
        }
        pairs.text("ruleName", .ruleName, of: event, limit: nil, into: &output)
        if !EventClassCatalog.usesRuleInHeader(event.kind) {
            pairs.text("ruleId", .ruleID, of: event, limit: nil, into: &output)
        }
        pairs.text("ipsSeverity", .severity, of: event, limit: nil, into: &output)
        pairs.interface(
            of: event, inbound: "inInterface", outbound: "outInterface", direction: "direction",
            undirected: "interface", limit: nil, into: &output)
        pairs.text("msg", .message, of: event, limit: nil, into: &output)
        pairs.text("reason", .authReason, of: event, limit: nil, into: &output)
        pairs.text("authService", .authService, of: event, limit: nil, into: &output)
        pairs.text("tcpFlags", .tcpFlags, of: event, limit: nil, into: &output)
        pairs.number("tcpSequence", .tcpSequence, of: event, into: &output)
        pairs.number("tcpAcknowledgement", .tcpAcknowledgement, of: event, into: &output)
        pairs.number("tcpWindow", .tcpWindow, of: event, into: &output)
        pairs.number("tcpPayloadLength", .tcpPayloadLength, of: event, into: &output)
        pairs.number("udpPayloadLength", .udpPayloadLength, of: event, into: &output)
        pairs.number("icmpType", .icmpType, of: event, into: &output)
        pairs.number("icmpCode", .icmpCode, of: event, into: &output)
        pairs.number("icmpId", .icmpID, of: event, into: &output)
        pairs.number("icmpSequence", .icmpSequence, of: event, into: &output)
        pairs.number("ipTtl", .ipTTL, of: event, into: &output)
        pairs.number("packetLength", .packetLength, of: event, into: &output)
        pairs.text("ftpCommand", .ftpCommand, of: event, limit: nil, into: &output)
        pairs.text("ftpResponse", .ftpResponse, of: event, limit: nil, into: &output)
        pairs.text("rulesVersion", .rulesVersion, of: event, limit: nil, into: &output)
        pairs.text("antivirusEngine", .antivirusEngine, of: event, limit: nil, into: &output)
        pairs.number("signatureCount", .signatureCount, of: event, into: &output)
        if let syslog = event.syslog {
            pairs.literal("syslogFormat", syslog.format == .rfc5424 ? "rfc5424" : "rfc3164", into: &output)
            if let priority = syslog.priority {
                pairs.number("syslogFacility", Int64(priority / 8), into: &output)
                pairs.number("syslogSeverity", Int64(priority % 8), into: &output)
            }
            if let time = syslog.timestamp {
                pairs.number("syslogTime", time.epochMilliseconds(in: timeZone), into: &output)
            }
        }
        pairs.text("syslogAppName", .syslogAppName, of: event, limit: nil, into: &output)
        pairs.text("syslogProcId", .syslogProcID, of: event, limit: nil, into: &output)
        pairs.text("syslogMsgId", .syslogMessageID, of: event, limit: nil, into: &output)
        if let failure = event.failure {
            pairs.text("parseError", failure.reason.rawValue, limit: nil, into: &output)
            pairs.text("parseErrorDetail", failure.message, limit: nil, into: &output)
        }
        pairs.host(
            "deviceHostName", other: "syslogHostName", limit: nil, observer: observerHost, of: event, into: &output)
        pairs.text("externalId", .eventID, of: event, limit: 40, into: &output)
        pairs.original("rawEvent", limit: nil, of: event, included: includeOriginal, into: &output)
        pairs.literal("cat", EventClassCatalog.category(of: event.kind), into: &output)
    }
}
