// Generated from Formats/Shared/CEFLEEFFieldTable.txt by Scripts/generate-field-writers.sh: edit the table and
// run the script, never this file. Straight-line code because a table walked per record cost 3–8 % more
// instructions per line; CEFLEEFFieldTableTests checks that this file is what the table generates.

extension CEFExporter {
    /// The CEF extension of `event`: every value the table maps, in the table's CEF order.
    func writeExtension(of event: SecurityEvent, into output: inout OutputBuffer) {
        let pairs = KeyValuePairWriter.cefExtension(startingAt: output)
        pairs.epochMilliseconds("rt", else: "KerioControlEpochMillis", of: event, in: timeZone, into: &output)
        if let action = EventClassCatalog.action(of: event) {
            pairs.literal("act", action, into: &output)
        }
        if event.kind == .authenticationFailure {
            pairs.literal("outcome", "failure", into: &output)
        }
        pairs.text("proto", .transport, of: event, limit: 31, into: &output)
        pairs.address(
            .sourceAddress, ipv4: "src", other: "KerioControlSourceAddress", ipv6: "c6a2", ipv6Label: "c6a2Label",
            "Source IPv6 Address", of: event, into: &output)
        pairs.port(.sourcePort, "spt", other: "KerioControlSourcePort", of: event, into: &output)
        pairs.text("shost", .sourceHost, of: event, limit: 1_023, into: &output)
        pairs.text("suser", .sourceUser, of: event, limit: 1_023, into: &output)
        pairs.address(
            .destinationAddress, ipv4: "dst", other: "KerioControlDestinationAddress", ipv6: "c6a3",
            ipv6Label: "c6a3Label", "Destination IPv6 Address", of: event, into: &output)
        pairs.port(.destinationPort, "dpt", other: "KerioControlDestinationPort", of: event, into: &output)
        pairs.text("dhost", .destinationHost, of: event, limit: 1_023, into: &output)
        let destinationUserWritten = pairs.text("duser", .destinationUser, of: event, limit: 1_023, into: &output)
        pairs.text(
            destinationUserWritten ? "KerioControlUserName" : "duser", .userName, of: event,
            limit: destinationUserWritten ? nil : 1_023, into: &output)
        pairs.interface(
            of: event, inbound: "deviceInboundInterface", outbound: "deviceOutboundInterface",
            direction: "KerioControlDirection", undirected: "KerioControlInterface", limit: 128, into: &output)
        pairs.text("msg", .message, of: event, limit: 1_023, into: &output)
        pairs.text("reason", .authReason, of: event, limit: 1_023, into: &output)
        pairs.labelled("cs1", "cs1Label", "IPS Severity", .severity, of: event, into: &output)
        pairs.labelled("cs2", "cs2Label", "Authentication Service", .authService, of: event, into: &output)
        pairs.labelled("cs3", "cs3Label", "FTP Command", .ftpCommand, of: event, into: &output)
        pairs.labelled("cs4", "cs4Label", "FTP Response", .ftpResponse, of: event, into: &output)
        pairs.labelled("cs5", "cs5Label", "TCP Flags", .tcpFlags, of: event, into: &output)
        pairs.original("cs6", "cs6Label", "rawEvent", limit: 4_000, of: event, included: includeOriginal, into: &output)
        pairs.labelled("cn1", "cn1Label", "Packet Length", .packetLength, of: event, into: &output)
        pairs.labelled("cn2", "cn2Label", "Signature Count", .signatureCount, of: event, into: &output)
        pairs.labelled("cn3", "cn3Label", "ICMP Type", .icmpType, of: event, into: &output)
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
            pairs.literal("KerioControlSyslogFormat", syslog.format == .rfc5424 ? "rfc5424" : "rfc3164", into: &output)
            if let priority = syslog.priority {
                pairs.number("KerioControlSyslogFacility", Int64(priority / 8), into: &output)
                pairs.number("KerioControlSyslogSeverity", Int64(priority % 8), into: &output)
            }
            if let time = syslog.timestamp {
                pairs.number("KerioControlSyslogTime", time.epochMilliseconds(in: timeZone), into: &output)
            }
        }
        pairs.text("KerioControlSyslogAppName", .syslogAppName, of: event, limit: nil, into: &output)
        pairs.text("KerioControlSyslogProcId", .syslogProcID, of: event, limit: nil, into: &output)
        pairs.number("dvcpid", .processID, of: event, into: &output)
        pairs.text("KerioControlSyslogMsgId", .syslogMessageID, of: event, limit: nil, into: &output)
        if let failure = event.failure {
            pairs.text("KerioControlParseError", failure.reason.rawValue, limit: nil, into: &output)
            pairs.text("KerioControlParseErrorDetail", failure.message, limit: nil, into: &output)
        }
        pairs.host(
            "dvchost", other: "KerioControlSyslogHostName", limit: 100, observer: observerHost, of: event,
            into: &output)
        pairs.text("externalId", .eventID, of: event, limit: 40, into: &output)
        pairs.literal("cat", EventClassCatalog.category(of: event.kind), into: &output)
    }
}
