import Foundation
import KerioSIEM
import Testing

/// The `xml` format: an XML 1.0 `<events>` document with ECS-named elements.
struct XMLExporterTests {
    static func exporter(_ options: ExportOptions = ExportOptions()) -> XMLExporter {
        try! XMLExporter(options: options)
    }

    static let prologue =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">\n"

    @Test func format() {
        #expect(XMLExporter.format.name == "xml")
        #expect(XMLExporter.format.schema == "kerio-siem-events.xsd")
    }

    @Test func emptyDocumentIsWellFormed() {
        let bytes = ECSRendering.render(Self.exporter(), [])
        #expect(String(decoding: bytes, as: UTF8.self) == Self.prologue + "</events>\n")
    }

    @Test func ipsPacketDropElement() {
        let element = ECSRendering.record(Self.exporter(), SampleEvents.ipsPacketDrop)
        #expect(
            element == """
                <event><timestamp>2013-03-02T08:54:38.000Z</timestamp><log><level>High</level></log><message>IPS: Packet \
                drop, severity: High, Rule ID: 1:2010575 ET TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.\
                211.98.71:80(hosted-by.example.com) -&gt; 192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)\
                </message><ecs><version>9.4.0</version></ecs><event><kind>alert</kind><category>intrusion_detection\
                </category><category>network</category><type>denied</type><action>ips_packet_drop</action><outcome>\
                success</outcome><severity>8</severity><module>kerio_control</module><dataset>kerio_control.security\
                </dataset><original>[02/Mar/2013 08:54:38] IPS: Packet drop, severity: High, Rule ID: 1:2010575 ET \
                TROJAN ASProtect/ASPack Packed Binary, proto:TCP, ip/port:95.211.98.71:80(hosted-by.example.com) -&gt; \
                192.168.48.131:49960(wsmith-pc.company.com,user:wsmith)</original></event><rule><id>1:2010575</id><name>\
                ET TROJAN ASProtect/ASPack Packed Binary</name></rule><source><address>95.211.98.71</address><ip>95.211.\
                98.71</ip><port>80</port><domain>hosted-by.example.com</domain></source><destination><address>192.168.48.\
                131</address><ip>192.168.48.131</ip><port>49960</port><domain>wsmith-pc.company.com</domain><user><name>\
                wsmith</name></user></destination><user><name>wsmith</name></user><network><transport>tcp</transport>\
                <type>ipv4</type><iana_number>6</iana_number></network><observer><vendor>Kerio</vendor><product>Control\
                </product><version>9</version><type>firewall</type></observer><related><ip>95.211.98.71</ip><ip>192.168.\
                48.131</ip><user>wsmith</user><hosts>hosted-by.example.com</hosts><hosts>wsmith-pc.company.com</hosts>\
                </related></event>

                """)
    }

    @Test func goldenOfEveryKind() throws {
        try ECSRendering.expectGolden(
            ECSRendering.render(Self.exporter(), SampleEvents.all.map(\.event)),
            "kinds.xml")
    }

    @Test func eachRecordIsOneLine() {
        for (events, options) in [
            (SampleEvents.all.map(\.event), ExportOptions()),
            (SampleEvents.hostile, SampleEvents.hostileOptions),
        ] {
            let bytes = ECSRendering.render(Self.exporter(options), events)
            #expect(!bytes.contains(0x0D))
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 + events.count + 2)  // declaration, root, records, </events>, "" after the last LF
            for line in lines.dropFirst(2).dropLast(2) {
                #expect(line.hasPrefix("<event>") && line.hasSuffix("</event>"))
            }
        }
    }

    @Test func textIsEscapedAndIllegalCharactersReplaced() {
        var event = SampleEvents.engineStartup
        event[.ruleName] = "<a & b> ]]> \r\n\t\u{0}\u{1}\u{FFFE}\u{FFFF}\"'"
        let element = ECSRendering.record(Self.exporter(), event)
        #expect(
            element.contains(
                "<name>&lt;a &amp; b&gt; ]]&gt; &#xD;&#xA;\t\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\"'</name>"))
        #expect(!element.utf8.contains(0x0D))
        #expect(element.utf8.filter { $0 == 0x0A }.count == 1)
    }

    @Test("hostile values round-trip through xml.etree", .enabled(if: ECSExternalTools.hasPython))
    func hostileRoundTrip() throws {
        try Self.roundTrip(SampleEvents.hostile, options: SampleEvents.hostileOptions)
    }

    @Test("samples round-trip through xml.etree", .enabled(if: ECSExternalTools.hasPython))
    func samplesRoundTrip() throws {
        try Self.roundTrip(SampleEvents.all.map(\.event), options: ExportOptions())
    }

    @Test("an empty document parses", .enabled(if: ECSExternalTools.hasPython))
    func emptyRoundTrip() throws {
        try Self.roundTrip([], options: ExportOptions())
    }

    static func roundTrip(_ events: [SecurityEvent], options: ExportOptions) throws {
        let file = try ECSRendering.temporaryFile(ECSRendering.render(exporter(options), events), extension: "xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let decoded = try #require(try ECSExternalTools.readBack("xml", file) as? [String: Any])
        let root = try #require(decoded["root"] as? [String: Any])
        #expect(root["tag"] as? String == "{urn:kerio-siem:events:1}events")
        #expect(root["attributes"] as? [String: String] == ["version": "1"])
        let records = try #require(decoded["events"] as? [Any])
        #expect(records.count == events.count)
        for (index, (record, event)) in zip(records, events).enumerated() {
            let actual = try #require(ECSExpected.pairs(record), "event \(index) is not [[path, text]]")
            let expected = ECSExpected.xml(ECSRecordingVisitor.record(event, options: options))
            ECSRendering.expectPairs(actual, expected, record: index)
        }
    }

    @Test("documents validate against Schemas/kerio-siem-events.xsd", .enabled(if: ECSExternalTools.hasXMLLint))
    func validatesAgainstTheXSD() throws {
        var options = ExportOptions()
        options.observerHostName = "fw1.example.com"
        for events in [SampleEvents.all.map(\.event), []] {
            let file = try ECSRendering.temporaryFile(
                ECSRendering.render(Self.exporter(options), events),
                extension: "xml")
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try #require(
                ECSExternalTools.run(["xmllint", "--noout", "--schema", Self.xsdPath, file.path]))
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    static var xsdPath: String { ECSTestPaths.schemas.appendingPathComponent("kerio-siem-events.xsd").path }

    /// The XSD must be able to fail: unknown or misplaced elements, bad enumerations, hosts in `ip`, text in numbers.
    @Test(
        "the XSD rejects bad documents", .enabled(if: ECSExternalTools.hasXMLLint),
        arguments: [
            ("<kind>alert</kind>", "<kind>signal</kind>"),
            ("<port>80</port>", "<port>eighty</port>"),
            ("<ip>95.211.98.71</ip>", "<ip>hosted-by.example.com</ip>"),
            ("<rule>", "<rule><nat>x</nat>"),
            ("<log><level>High</level></log><message>", "<message>x</message><log><level>High</level></log><message>"),
            ("<timestamp>2013-03-02T08:54:38.000Z</timestamp>", "<timestamp>2013-03-02T08:54:38Z</timestamp>"),
            ("<ecs><version>9.4.0</version></ecs>", ""),
        ])
    func xsdRejects(_ original: String, _ replacement: String) throws {
        let document = String(
            decoding: ECSRendering.render(Self.exporter(), [SampleEvents.ipsPacketDrop]),
            as: UTF8.self)
        #expect(document.contains(original))
        let tampered = document.replacingOccurrences(of: original, with: replacement)
        let file = try ECSRendering.temporaryFile(Array(tampered.utf8), extension: "xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try #require(ECSExternalTools.run(["xmllint", "--noout", "--schema", Self.xsdPath, file.path]))
        #expect(result.status != 0, "accepted: \(replacement)")
    }
}
