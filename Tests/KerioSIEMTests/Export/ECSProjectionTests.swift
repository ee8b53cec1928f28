import Testing

@testable import KerioSIEM

/// The single event → ECS mapping shared by the `ecs`, `csv` and `xml` formats.
struct ECSProjectionTests {
    static let allEvents: [SecurityEvent] = SampleEvents.all.map(\.event) + SampleEvents.hostile

    @Test("fields arrive in catalogue order with values of their type", arguments: allEvents.indices)
    func visitorContract(_ index: Int) {
        let recorded = ECSRecordingVisitor.record(Self.allEvents[index], options: SampleEvents.hostileOptions)
        var last = -1
        for (field, value) in recorded.fields {
            #expect(field.rawValue > last, "\(field.name) out of order")
            last = field.rawValue
            switch value {
            case .list(let items):
                #expect(field.isList && !items.isEmpty && items.count <= ECSTextList.capacity)
            case .integer: #expect(field.type == .long)
            case .timestamp: #expect(field.type == .date)
            case .text: #expect(!field.isList && field.type != .long && field.type != .date)
            }
        }
        for field in ECSField.allCases where field.isAlwaysPresent {
            #expect(recorded[field] != nil, "\(field.name) must always be present")
        }
    }

    @Test func ipsPacketDropMapsEveryValue() {
        let recorded = ECSRecordingVisitor.record(SampleEvents.ipsPacketDrop)
        let expected: [(ECSField, String)] = [
            (.timestamp, "2013-03-02T08:54:38.000Z"), (.logLevel, "High"),
            (
                .message,
                "IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.211.98.71:80(hosted-by.example.com) -> 192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)"
            ),
            (.ecsVersion, "9.4.0"), (.eventKind, "alert"), (.eventCategory, "intrusion_detection|network"),
            (.eventType, "denied"), (.eventAction, "ips_packet_drop"), (.eventOutcome, "success"),
            (.eventSeverity, "8"), (.eventModule, "kerio_control"), (.eventDataset, "kerio_control.security"),
            (.eventOriginal, SampleEvents.ipsPacketDrop.original),
            (.ruleID, "1:2010575"), (.ruleName, "ET TROJAN ASProtect/ASPack Packed Binary"),
            (.sourceAddress, "95.211.98.71"), (.sourceIP, "95.211.98.71"), (.sourcePort, "80"),
            (.sourceDomain, "hosted-by.example.com"),
            (.destinationAddress, "192.168.48.131"), (.destinationIP, "192.168.48.131"), (.destinationPort, "49960"),
            (.destinationDomain, "wsmith-pc.company.com"), (.destinationUserName, "wsmith"), (.userName, "wsmith"),
            (.networkTransport, "tcp"), (.networkType, "ipv4"), (.networkIANANumber, "6"),
            (.observerVendor, "Kerio"), (.observerProduct, "Control"), (.observerVersion, "9"),
            (.observerType, "firewall"),
            (.relatedIP, "95.211.98.71|192.168.48.131"), (.relatedUser, "wsmith"),
            (.relatedHosts, "hosted-by.example.com|wsmith-pc.company.com"),
        ]
        #expect(recorded.fields.map(\.field) == expected.map(\.0))
        for (field, value) in expected { #expect(recorded.string(field) == value, "\(field.name)") }
    }

    @Test(
        "categorization per record kind",
        arguments: [
            ("ips_packet_drop", "alert", "intrusion_detection|network", "denied", "success", "ips_packet_drop"),
            ("ips_alert_blacklist", "alert", "intrusion_detection|network", "allowed", nil, "ips_alert"),
            ("anti_spoofing_classic", "event", "network", "connection|denied", "success", "anti_spoofing"),
            ("ftp_bounce_attack", "alert", "intrusion_detection|network", "denied", "success", "ftp_bounce_attack"),
            ("ftp_malicious_reply", "alert", "intrusion_detection|network", "denied", "success", "ftp_malicious_reply"),
            ("authentication_failure", "event", "authentication", "start", "failure", "authentication_failure"),
            ("engine_startup", "event", "process", "start", "success", "engine_startup"),
            ("engine_shutdown", "event", "process", "end", "success", "engine_shutdown"),
            ("ips_engine_startup", "event", "process", "start", "success", "ips_engine_startup"),
            ("ips_engine_shutdown", "event", "process", "end", "success", "ips_engine_shutdown"),
            ("ips_rules_update", "event", "configuration", "change", "success", "ips_rules_update"),
            ("antivirus_update", "event", "configuration", "change", "success", "antivirus_update"),
            ("unparsed_with_time", "pipeline_error", nil, nil, nil, "unparsed"),
        ] as [(String, String, String?, String?, String?, String)])
    func categorization(
        _ sample: String, _ kind: String, _ category: String?, _ type: String?, _ outcome: String?,
        _ action: String
    ) throws {
        let event = try #require(SampleEvents.all.first { $0.name == sample }?.event)
        let recorded = ECSRecordingVisitor.record(event)
        #expect(recorded.string(.eventKind) == kind)
        #expect(recorded.string(.eventCategory) == category)
        #expect(recorded.string(.eventType) == type)
        #expect(recorded.string(.eventOutcome) == outcome)
        #expect(recorded.string(.eventAction) == action)
    }

    @Test func severityWordsMapToNumbers() {
        for (word, number) in [("High", 8), ("medium", 5), ("LOW", 3), ("Blacklist", 7)] as [(String, Int64)] {
            var event = SampleEvents.ipsPacketDrop
            event[.severity] = word
            let recorded = ECSRecordingVisitor.record(event)
            #expect(recorded[.eventSeverity] == .integer(number))
            #expect(recorded.string(.logLevel) == word)
        }
        var unknown = SampleEvents.ipsPacketDrop
        unknown[.severity] = "Critical"
        #expect(ECSRecordingVisitor.record(unknown)[.eventSeverity] == nil)
        #expect(ECSRecordingVisitor.record(unknown).string(.logLevel) == "Critical")
    }

    @Test func ftpRecordsAlsoFillClientAndServer() {
        let recorded = ECSRecordingVisitor.record(SampleEvents.ftpBounceAttack)
        #expect(recorded.string(.clientAddress) == "1.2.3.4")
        #expect(recorded.string(.clientIP) == "1.2.3.4")
        #expect(recorded.string(.serverAddress) == "5.6.7.8")
        #expect(recorded.string(.serverIP) == "5.6.7.8")
        #expect(recorded.string(.kerioFTPCommand) == "PORT 10,11,12,13,14,15")
        #expect(recorded.string(.networkTransport) == nil)
        #expect(ECSRecordingVisitor.record(SampleEvents.ipsPacketDrop)[.clientAddress] == nil)
    }

    @Test func authenticationFailureCarriesUserReasonAndService() {
        let recorded = ECSRecordingVisitor.record(SampleEvents.authenticationFailure)
        #expect(recorded.string(.userName) == "jsmith")
        #expect(recorded.string(.relatedUser) == "jsmith")
        #expect(recorded.string(.eventReason) == "Invalid password for user jsmith")
        #expect(recorded.string(.kerioAuthenticationService) == "HTTP Proxy")
        #expect(recorded.string(.sourceIP) == "192.168.1.20")
    }

    @Test func interfaceFollowsTheDirection() {
        let from = ECSRecordingVisitor.record(SampleEvents.antiSpoofingClassic)
        #expect(from.string(.observerIngressInterfaceName) == "LAN")
        #expect(from[.observerEgressInterfaceName] == nil)
        let to = ECSRecordingVisitor.record(SampleEvents.antiSpoofingICMP)
        #expect(to.string(.observerEgressInterfaceName) == "WAN")
        #expect(to[.observerIngressInterfaceName] == nil)
        var unknown = SampleEvents.antiSpoofingClassic
        unknown.direction = nil
        let neither = ECSRecordingVisitor.record(unknown)
        #expect(neither.string(.kerioInterface) == "LAN")
        #expect(neither[.observerIngressInterfaceName] == nil && neither[.observerEgressInterfaceName] == nil)
    }

    @Test func timestampUsesTheZoneOnlyWithoutAStatedOffset() {
        var options = ExportOptions()
        options.timeZone = .fixed(secondsEastOfUTC: 7_200)
        #expect(
            ECSRecordingVisitor.record(SampleEvents.engineStartup, options: options).string(.timestamp)
                == "2013-06-17T10:11:33.000Z")
        var stated = SampleEvents.engineStartup
        stated.timestamp = SampleEvents.time(2013, 6, 17, 12, 11, 33, nanosecond: 987_654_321, offset: -3_600)
        #expect(ECSRecordingVisitor.record(stated, options: options).string(.timestamp) == "2013-06-17T13:11:33.987Z")
    }

    @Test func unparsedLineWithoutTimeGetsTheEpochAndItsError() {
        let recorded = ECSRecordingVisitor.record(SampleEvents.unparsedWithoutTime)
        #expect(recorded.string(.timestamp) == "1970-01-01T00:00:00.000Z")
        #expect(recorded.string(.eventKind) == "pipeline_error")
        #expect(recorded.string(.errorType) == "missing-timestamp")
        #expect(recorded.string(.errorMessage) == "no [dd/Mon/yyyy hh:mm:ss] prefix")
        #expect(recorded.string(.eventOriginal) == "garbage without a time")
        // Without a time but inside a syslog envelope: the header's time.
        var wrapped = SampleEvents.unparsedWithoutTime
        wrapped.syslog = SyslogEnvelope(
            format: .rfc5424, priority: 13,
            timestamp: SampleEvents.time(2026, 1, 2, 3, 4, 5, offset: 0))
        #expect(ECSRecordingVisitor.record(wrapped).string(.timestamp) == "2026-01-02T03:04:05.000Z")
    }

    @Test func syslogEnvelopeMapsToLogSyslog() {
        let recorded = ECSRecordingVisitor.record(SampleEvents.syslogEngineStartup)
        #expect(recorded[.syslogPriority] == .integer(190))
        #expect(recorded[.syslogFacilityCode] == .integer(23))
        #expect(recorded.string(.syslogFacilityName) == "local7")
        #expect(recorded[.syslogSeverityCode] == .integer(6))
        #expect(recorded.string(.syslogSeverityName) == "Informational")
        #expect(recorded.string(.syslogHostname) == "fw1")
        #expect(recorded.string(.syslogAppName) == "security")
        #expect(recorded.string(.syslogVersion) == "1")
        #expect(recorded.string(.observerHostname) == "fw1")
        #expect(recorded.string(.kerioSyslogTimestamp) == "2026-04-05T08:00:00.123Z")
        var options = ExportOptions()
        options.observerHostName = "gateway.example.com"
        let configured = ECSRecordingVisitor.record(SampleEvents.syslogEngineStartup, options: options)
        #expect(configured.string(.observerHostname) == "gateway.example.com")
        #expect(configured.string(.syslogHostname) == "fw1")
    }

    @Test func addressesThatAreNotIPLiteralsStayInAddressOnly() {
        var event = SampleEvents.ipsPacketDrop
        event[.sourceAddress] = "host.example.com"
        event[.destinationAddress] = "010.0.0.1"
        let recorded = ECSRecordingVisitor.record(event)
        #expect(recorded.string(.sourceAddress) == "host.example.com")
        #expect(recorded[.sourceIP] == nil && recorded[.destinationIP] == nil && recorded[.relatedIP] == nil)
        #expect(recorded[.networkType] == nil)
        #expect(ECSRecordingVisitor.record(SampleEvents.ipsAlertIPv6).string(.networkType) == "ipv6")
    }

    @Test func relatedValuesAreDeduplicatedInOrder() {
        var event = SampleEvents.ipsPacketDrop
        event[.sourceUser] = "wsmith"
        event[.destinationAddress] = "95.211.98.71"
        event[.destinationHost] = "hosted-by.example.com"
        let recorded = ECSRecordingVisitor.record(event)
        #expect(recorded.string(.relatedUser) == "wsmith")
        #expect(recorded.string(.relatedIP) == "95.211.98.71")
        #expect(recorded.string(.relatedHosts) == "hosted-by.example.com")
        #expect(recorded.string(.userName) == "wsmith")
    }

    /// "Every value the event carries must appear": each text field's bytes and each number reach some field.
    @Test("every event value appears", arguments: SampleEvents.hostile.indices)
    func everyValueAppears(_ index: Int) {
        let event = SampleEvents.hostile[index]
        let recorded = ECSRecordingVisitor.record(event)
        var texts: [[UInt8]] = []
        for (_, value) in recorded.fields {
            if case .text(let bytes) = value { texts.append(bytes) }
            if case .list(let items) = value { texts += items }
        }
        for field in TextField.allCases {
            guard var bytes = event.withBytes(of: field, { Array($0) }) else { continue }
            if field == .transport { bytes = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
            #expect(texts.contains(bytes), "\(field) is lost")
        }
        let numbers: [NumberField: ECSField] = [
            .sourcePort: .sourcePort, .destinationPort: .destinationPort, .packetLength: .kerioPacketLength,
            .tcpSequence: .kerioTCPSequence, .tcpAcknowledgement: .kerioTCPAcknowledgement,
            .tcpWindow: .kerioTCPWindow, .tcpPayloadLength: .kerioTCPPayloadLength,
            .udpPayloadLength: .kerioUDPPayloadLength, .icmpType: .kerioICMPType, .icmpCode: .kerioICMPCode,
            .icmpID: .kerioICMPID, .icmpSequence: .kerioICMPSequence, .ipTTL: .kerioIPTTL,
            .signatureCount: .kerioAntivirusSignatureCount, .processID: .processPID,
        ]
        #expect(numbers.count == NumberField.allCases.count)
        for (source, target) in numbers { #expect(recorded[target] == .integer(event[source]!), "\(source)") }
        #expect(recorded[.eventOriginal] == .text(event.withOriginalBytes { Array($0) }))
    }

    // MARK: - Building blocks

    @Test(
        "IP literals",
        arguments: [
            ("192.168.1.1", IPLiteral.v4), ("0.0.0.0", .v4), ("255.255.255.255", .v4),
            ("2001:db8::1", .v6), ("::", .v6), ("::1", .v6), ("1::", .v6), ("fe80::1:2:3:4", .v6),
            ("1:2:3:4:5:6:7:8", .v6), ("::ffff:192.0.2.1", .v6), ("1:2:3:4:5:6:1.2.3.4", .v6), ("ABCD::ef", .v6),
        ] as [(String, IPLiteral)])
    func validIPLiterals(_ text: String, _ family: IPLiteral) {
        var text = text
        #expect(text.withUTF8 { IPLiteral($0) } == family)
    }

    @Test(
        "not IP literals",
        arguments: [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "host.example.com", ":", ":::",
            "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7", "1:", ":1",
            "::1.2.3", "1.2.3.4::", "::ffff:01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
        ])
    func invalidIPLiterals(_ text: String) {
        var text = text
        #expect(text.withUTF8 { IPLiteral($0) } == .invalid)
    }

    @Test(
        "RFC 3339 timestamps",
        arguments: [
            0, 1_362_214_478_000, 1_362_214_478_123, -1, -86_400_000, 951_782_400_999, 253_402_300_799_999,
            1_709_251_199_999, 4_107_542_400_000,
        ] as [Int64])
    func rfc3339(_ milliseconds: Int64) {
        var out = OutputBuffer()
        out.writeRFC3339(epochMilliseconds: milliseconds)
        #expect(String(decoding: out.bytes, as: UTF8.self) == ECSExpected.rfc3339(milliseconds))
    }

    @Test func rfc3339ClampsToFourDigitYears() {
        var out = OutputBuffer()
        out.writeRFC3339(epochMilliseconds: .max)
        out.write(UInt8(ascii: " "))
        out.writeRFC3339(epochMilliseconds: .min)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "9999-12-31T23:59:59.999Z 0001-01-01T00:00:00.000Z")
    }
}
