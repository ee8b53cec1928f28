import Foundation
import KerioSIEM
import Testing

/// The `ecs` (NDJSON) format.
struct ECSJSONExporterTests {
    static func exporter(_ options: ExportOptions = ExportOptions()) -> ECSJSONExporter {
        try! ECSJSONExporter(options: options)
    }

    @Test func format() {
        #expect(ECSJSONExporter.format.name == "ecs")
        #expect(ECSJSONExporter.format.aliases == ["json"])
        #expect(ECSJSONExporter.format.schema == "ecs-event.schema.json")
        #expect(
            ExporterRegistry.standard.lookup("json").map(ObjectIdentifier.init)
                == ObjectIdentifier(ECSJSONExporter.self))
    }

    @Test func ipsPacketDropIsOneNestedLine() {
        let line = ECSRendering.record(Self.exporter(), SampleEvents.ipsPacketDrop)
        #expect(
            line == """
                {"@timestamp":"2013-03-02T08:54:38.000Z","log":{"level":"High"},"message":"IPS: Packet drop, severity: High, \
                Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.211.98.71:80(hosted-by.\
                example.com) -> 192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)","ecs":{"version":"9.4.0"},\
                "event":{"kind":"alert","category":["intrusion_detection","network"],"type":["denied"],\
                "action":"ips_packet_drop","outcome":"success","severity":8,"module":"kerio_control",\
                "dataset":"kerio_control.security","original":"[02/Mar/2013 08:54:38] IPS: Packet drop, severity: High, \
                Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.211.98.71:80(hosted-by.\
                example.com) -> 192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)"},"rule":{"id":"1:2010575",\
                "name":"ET TROJAN ASProtect/ASPack Packed Binary"},"source":{"address":"95.211.98.71","ip":"95.211.98.71",\
                "port":80,"domain":"hosted-by.example.com"},"destination":{"address":"192.168.48.131",\
                "ip":"192.168.48.131","port":49960,"domain":"wsmith-pc.company.com","user":{"name":"wsmith"}},\
                "user":{"name":"wsmith"},"network":{"transport":"tcp","type":"ipv4","iana_number":"6"},\
                "observer":{"vendor":"Kerio","product":"Control","version":"9","type":"firewall"},\
                "related":{"ip":["95.211.98.71","192.168.48.131"],"user":["wsmith"],\
                "hosts":["hosted-by.example.com","wsmith-pc.company.com"]}}

                """)
    }

    @Test func unparsedLineIsAPipelineError() {
        let line = ECSRendering.record(Self.exporter(), SampleEvents.unparsedWithoutTime)
        #expect(
            line == """
                {"@timestamp":"1970-01-01T00:00:00.000Z","ecs":{"version":"9.4.0"},"event":{"kind":"pipeline_error",\
                "action":"unparsed","module":"kerio_control","dataset":"kerio_control.security",\
                "original":"garbage without a time"},"error":{"type":"missing-timestamp",\
                "message":"no [dd/Mon/yyyy hh:mm:ss] prefix"},"observer":{"vendor":"Kerio","product":"Control",\
                "version":"9","type":"firewall"}}

                """)
    }

    @Test func goldenOfEveryKind() throws {
        let bytes = ECSRendering.render(Self.exporter(), SampleEvents.all.map(\.event))
        try ECSRendering.expectGolden(bytes, "kinds.ndjson")
    }

    @Test func everyLineIsAJSONObjectWithNumbersForLongs() throws {
        let bytes = ECSRendering.render(Self.exporter(), SampleEvents.all.map(\.event))
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == SampleEvents.all.count)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["@timestamp"] is String)
            let keys = Array(object.keys)
            #expect(!keys.contains { $0.contains(".") }, "no dotted keys")
        }
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"port\":80,"))
    }

    @Test func hostileValuesNeverBreakARecord() {
        let bytes = ECSRendering.render(Self.exporter(SampleEvents.hostileOptions), SampleEvents.hostile)
        #expect(bytes.filter { $0 == 0x0A }.count == SampleEvents.hostile.count)
        #expect(!bytes.contains(0x0D))
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A })
    }

    @Test("hostile values round-trip through Python's json", .enabled(if: ECSExternalTools.hasPython))
    func hostileRoundTrip() throws {
        try Self.roundTrip(SampleEvents.hostile, options: SampleEvents.hostileOptions)
    }

    @Test("samples round-trip through Python's json", .enabled(if: ECSExternalTools.hasPython))
    func samplesRoundTrip() throws {
        try Self.roundTrip(SampleEvents.all.map(\.event), options: ExportOptions())
    }

    static func roundTrip(_ events: [SecurityEvent], options: ExportOptions) throws {
        let file = try ECSRendering.temporaryFile(ECSRendering.render(exporter(options), events), extension: "ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let decoded = try #require(try ECSExternalTools.readBack("json", file) as? [Any])
        #expect(decoded.count == events.count)
        for (index, (record, event)) in zip(decoded, events).enumerated() {
            let actual = try #require(ECSExpected.pairs(record), "record \(index) is not [[name, value]]")
            let expected = ECSExpected.json(ECSRecordingVisitor.record(event, options: options))
            ECSRendering.expectPairs(actual, expected, record: index)
        }
    }

    @Test("records validate against Schemas/ecs-event.schema.json", .enabled(if: ECSExternalTools.hasJSONSchema))
    func validatesAgainstTheJSONSchema() throws {
        let events = SampleEvents.all.map(\.event)
        var options = ExportOptions()
        options.observerHostName = "fw1.example.com"
        let bytes = ECSRendering.render(Self.exporter(options), events) + ECSRendering.render(Self.exporter(), events)
        let file = try ECSRendering.temporaryFile(bytes, extension: "ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = ECSTestPaths.schemas.appendingPathComponent("ecs-event.schema.json").path
        let result = try #require(
            ECSExternalTools.run([
                "python3", ECSTestPaths.roundTripScript.path, "jsonschema",
                schema, file.path,
            ]))
        #expect(result.status == 0, "\(String(decoding: result.stdout, as: UTF8.self)) \(result.stderr)")
    }

    /// The schema must be able to fail: unknown fields, disallowed values, strings for numbers, host names in `ip`.
    @Test(
        "the JSON Schema rejects bad records", .enabled(if: ECSExternalTools.hasJSONSchema),
        arguments: [
            ("\"kind\":\"alert\"", "\"kind\":\"signal\""),
            ("\"type\":[\"denied\"]", "\"type\":[\"blocked\"]"),
            ("\"port\":80,", "\"port\":\"80\","),
            ("\"ip\":\"95.211.98.71\"", "\"ip\":\"hosted-by.example.com\""),
            ("\"domain\":\"hosted-by.example.com\"", "\"domain\":\"x\",\"nat\":\"y\""),
            ("{\"@timestamp\":\"2013-03-02T08:54:38.000Z\",", "{\"@timestamp\":\"2013-03-02 08:54:38\","),
            ("\"iana_number\":\"6\"", "\"iana_number\":6"),
        ])
    func schemaRejects(_ original: String, _ replacement: String) throws {
        let line = ECSRendering.record(Self.exporter(), SampleEvents.ipsPacketDrop)
        #expect(line.contains(original))
        let tampered = line.replacingOccurrences(of: original, with: replacement)
        let file = try ECSRendering.temporaryFile(Array(tampered.utf8), extension: "ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = ECSTestPaths.schemas.appendingPathComponent("ecs-event.schema.json").path
        let result = try #require(
            ECSExternalTools.run([
                "python3", ECSTestPaths.roundTripScript.path, "jsonschema",
                schema, file.path,
            ]))
        #expect(result.status == 1, "accepted: \(replacement)")
    }

    @Test func emptyECSVersionIsRejected() {
        var options = ExportOptions()
        options.ecsVersion = ""
        #expect(throws: ExportError.invalidOption("ecsVersion", "ecs.version must not be empty")) {
            try ECSJSONExporter(options: options)
        }
    }

    /// `syslogFraming` puts the same header before the object as before a CEF record (severity from the CEF scale,
    /// the device as HOSTNAME); the object itself is unchanged.
    @Test(arguments: [SyslogFraming.rfc3164, .rfc5424])
    func syslogFramingPutsTheCEFHeaderBeforeTheObject(_ framing: SyslogFraming) throws {
        var options = ExportOptions()
        options.syslogFraming = framing
        let plain = ECSRendering.record(Self.exporter(), SampleEvents.ipsPacketDrop)
        let framed = ECSRendering.record(Self.exporter(options), SampleEvents.ipsPacketDrop)
        var cef = ECSRendering.record(try CEFExporter(options: options), SampleEvents.ipsPacketDrop)
        cef = String(cef[..<cef.range(of: "CEF:")!.lowerBound])
        #expect(framed == cef + plain)
        #expect(
            framed.hasPrefix(
                framing == .rfc5424
                    ? "<35>1 2013-03-02T08:54:38.000Z - kerio-siem - - - {" : "<35>Mar  2 08:54:38 kerio-control {"))
        // The HOSTNAME is the device: here an IPv6 address, written lower-cased in the header, as it is in the object.
        var event = SampleEvents.syslogEngineStartupZoned
        event.setBytes(.syslogHostname, Array("FE80::1".utf8))
        let device = ECSRendering.record(Self.exporter(options), event)
        #expect(
            device.hasPrefix(
                framing == .rfc5424
                    ? "<38>1 2026-04-05T08:00:00.000Z fe80::1 kerio-siem - - - {" : "<38>Apr  5 10:00:00 fe80::1 {"))
        #expect(device.contains(#""hostname":"FE80::1""#))
    }

    @Test func noFramingByDefault() {
        #expect(ExportOptions().syslogFraming == .none)
        #expect(ECSRendering.record(Self.exporter(), SampleEvents.syslogEngineStartup).hasPrefix("{\"@timestamp\":"))
    }
}
