import Foundation
import KerioSIEM
import Testing

/// Hostile values written as LEEF 1.0 and 2.0 (TAB and `^` delimiters) and read back by an independent splitter
/// (`Scripts/roundtrip/leef_decode.py`, which also checks our schema). Every header field and attribute must come back
/// exactly as the reference model (``CEFLEEFReferenceModel``) says: the input, or its documented replacement.
@Suite("LEEF hostile round trips")
struct LEEFRoundTripTests {
    /// One way of configuring a LEEF exporter for a round trip.
    struct Configuration {
        var options: ExportOptions
        /// Use ``LEEF1Exporter`` instead of ``LEEFExporter``.
        var leef1: Bool
        var observer: [UInt8]?
        var epochMilliseconds: String

        var version: String { leef1 || options.leefVersion == .v1 ? "1.0" : "2.0" }
        var delimiter: Unicode.Scalar { version == "1.0" ? "\t" : Unicode.Scalar(options.leefDelimiter) }

        func makeExporter() throws -> any EventExporter {
            leef1 ? try LEEF1Exporter(options: options) : try LEEFExporter(options: options)
        }
    }

    static func configurations(for value: HostileValue) -> [Configuration] {
        let text = String(decoding: value.bytes, as: UTF8.self)
        let plain = ExportOptions()
        var caret = ExportOptions()
        caret.leefDelimiter = UInt8(ascii: "^")
        caret.deviceVendor = "Ker|io^" + text
        caret.deviceProduct = text
        caret.deviceVersion = text
        caret.observerHostName = text
        caret.includeOriginal = true
        caret.syslogFraming = .rfc5424
        var version1 = ExportOptions()
        version1.leefVersion = .v1
        version1.syslogFraming = .rfc3164
        version1.timeZone = .fixed(secondsEastOfUTC: 7_200)
        var leef1 = ExportOptions()
        leef1.leefDelimiter = UInt8(ascii: "a")  // ignored: LEEF 1.0 always uses TAB
        leef1.includeOriginal = true
        let epoch = CEFLEEFRoundTrip.epochMilliseconds
        return [
            Configuration(options: plain, leef1: false, observer: nil, epochMilliseconds: epoch),
            Configuration(
                options: caret, leef1: false, observer: text.isEmpty ? nil : Array(text.utf8),
                epochMilliseconds: epoch),
            Configuration(options: version1, leef1: false, observer: nil, epochMilliseconds: "1794650400000"),
            Configuration(options: leef1, leef1: true, observer: nil, epochMilliseconds: epoch),
        ]
    }

    typealias Model = CEFLEEFReferenceModel

    /// The header fields and attributes a consumer must read for a hostile event of `kind` holding `value`.
    static func expected(_ kind: Kind, _ value: [UInt8], _ configuration: Configuration)
        -> (header: [String: String], attributes: [String: String])
    {
        let options = configuration.options
        let text = String(decoding: value, as: UTF8.self)
        let delimiter = configuration.delimiter
        let severity = max(1, Model.cefSeverity(kind, word: text))
        var prefixConfiguration = CEFRoundTripTests.Configuration(
            options: options, observer: configuration.observer, epochMilliseconds: configuration.epochMilliseconds)
        prefixConfiguration.options.syslogFraming = options.syslogFraming
        let header = [
            "prefix": CEFRoundTripTests.expectedPrefix(
                prefixConfiguration, severity: Model.cefSeverity(kind, word: text), value: value),
            "version": configuration.version,
            "vendor": Model.leefHeader(Array(options.deviceVendor.utf8)) ?? "",
            "product": Model.leefHeader(Array(options.deviceProduct.utf8)) ?? "",
            "deviceVersion": Model.leefHeader(Array(options.deviceVersion.utf8)) ?? "",
            "eventId": kind == .ips ? Model.leefHeader(value) ?? "ips" : kind.name,
            "delimiter": String(delimiter),
        ]

        var attributes: [String: String] = [:]
        func put(_ key: String, _ value: String?) { if let value { attributes[key] = value } }
        func number(_ field: NumberField) -> String { String(CEFLEEFRoundTrip.number(field)) }
        let plain = Model.leefValue(value, delimiter: delimiter)

        put("devTime", configuration.epochMilliseconds)
        put("sev", String(severity))
        put("proto", plain)
        put("srcAddressText", plain)
        put("dstAddressText", plain)
        put("srcPort", number(.sourcePort))
        put("dstPort", number(.destinationPort))
        for key in ["srcHost", "srcUser", "dstHost", "dstUser"] { put(key, plain) }
        // The failed-login account comes first, so no identity is ever asserted for these hostile events.
        put("usrName", Model.leefValue(value, delimiter: delimiter, limit: 255))
        put("action", "blocked")
        if kind == .authenticationFailure { put("outcome", "failure") }
        put("ruleName", plain)
        if kind != .ips { put("ruleId", plain) }
        put("ipsSeverity", plain)
        switch CEFLEEFRoundTrip.direction(for: kind) {
        case .from: put(plain == nil ? "direction" : "inInterface", plain ?? "from")
        case .to: put(plain == nil ? "direction" : "outInterface", plain ?? "to")
        case nil: put("interface", plain)
        }
        for key in ["msg", "reason", "authService", "tcpFlags"] { put(key, plain) }
        let numbers: [(String, NumberField)] = [
            ("tcpSequence", .tcpSequence), ("tcpAcknowledgement", .tcpAcknowledgement), ("tcpWindow", .tcpWindow),
            ("tcpPayloadLength", .tcpPayloadLength), ("udpPayloadLength", .udpPayloadLength), ("icmpType", .icmpType),
            ("icmpCode", .icmpCode), ("icmpId", .icmpID), ("icmpSequence", .icmpSequence), ("ipTtl", .ipTTL),
            ("packetLength", .packetLength), ("signatureCount", .signatureCount),
        ]
        for (key, field) in numbers { put(key, number(field)) }
        for key in [
            "ftpCommand", "ftpResponse", "rulesVersion", "antivirusEngine", "syslogAppName", "syslogProcId",
            "syslogMsgId",
        ] { put(key, plain) }
        put("syslogFormat", "rfc5424")
        put("syslogFacility", "23")
        put("syslogSeverity", "6")
        put("syslogTime", CEFLEEFRoundTrip.syslogEpochMilliseconds)
        put("parseError", "invalid-value")
        put("parseErrorDetail", Model.leefValue(Array(text.utf8), delimiter: delimiter))
        if let observer = configuration.observer {
            put("deviceHostName", Model.leefValue(observer, delimiter: delimiter))
            put("syslogHostName", plain)
        } else {
            put("deviceHostName", plain)
        }
        put("externalId", Model.leefValue(value, delimiter: delimiter, limit: 40))
        if options.includeOriginal || kind == .unparsed { put("rawEvent", plain) }
        put("cat", Model.categories[kind])
        return (header, attributes)
    }

    /// What one hostile value writes in every configuration, and what the splitter must read from each record.
    struct HostileOutput: Sendable {
        var bytes: [UInt8]
        var expectations: [(header: [String: String], attributes: [String: String])]
    }

    static func hostileOutput(_ value: HostileValue) throws -> HostileOutput {
        var output = OutputBuffer()
        var expectations: [(header: [String: String], attributes: [String: String])] = []
        for configuration in Self.configurations(for: value) {
            var exporter = try configuration.makeExporter()
            for kind in Kind.allCases {
                exporter.write(CEFLEEFRoundTrip.hostileEvent(kind, value.bytes), into: &output)
                expectations.append(Self.expected(kind, value.bytes, configuration))
            }
        }
        return HostileOutput(bytes: output.bytes, expectations: expectations)
    }

    /// Every hostile value's output, and the splitter's reading of all of them in one run (``CEFLEEFDecodedBatch``).
    static let hostileBatch = Result { () throws -> ([String: HostileOutput], CEFLEEFDecodedBatch) in
        var outputs: [String: HostileOutput] = [:]
        for value in HostileValue.all { outputs[value.name] = try hostileOutput(value) }
        let parts = HostileValue.all.map { (name: $0.name, bytes: outputs[$0.name]!.bytes) }
        return (outputs, try CEFLEEFDecodedBatch(parts, script: "leef_decode.py", schema: "leef.schema.json"))
    }

    @Test(
        "Hostile values read back exactly by an independent LEEF splitter",
        .enabled(if: CEFLEEFRoundTrip.pythonAvailable), arguments: HostileValue.all)
    func hostileRoundTrip(_ value: HostileValue) throws {
        let (outputs, batch) = try Self.hostileBatch.get()
        let output = try #require(outputs[value.name])
        let expectations = output.expectations
        #expect(!output.bytes.contains(0x0D))
        #expect(output.bytes.filter { $0 == 0x0A }.count == expectations.count)
        #expect(output.bytes.last == 0x0A)

        let (records, errors) = batch.slice(value.name)
        #expect(errors.isEmpty, "\(errors.prefix(10))")
        try #require(records.count == expectations.count, "read \(records.count) records")
        for (index, (record, expected)) in zip(records, expectations).enumerated() {
            let kind = Kind.allCases[index % Kind.allCases.count]
            let header = record.filter { $0.key != "attributes" && $0.key != "keys" }
            let headerProblems = CEFLEEFRoundTrip.differences(header, expected.header)
            #expect(headerProblems.isEmpty, "record \(index + 1) (\(kind)) header: \(headerProblems)")
            let problems = CEFLEEFRoundTrip.differences(
                record["attributes"] as? [String: Any] ?? [:],
                expected.attributes)
            #expect(problems.isEmpty, "record \(index + 1) (\(kind)): \(problems.prefix(8))")
            #expect((record["keys"] as? [String])?.last == "cat", "the last attribute is always cat")
        }
    }

    @Test("Every sample event validates against the LEEF schema", .enabled(if: CEFLEEFRoundTrip.pythonAvailable))
    func samplesMatchSchema() throws {
        var output = OutputBuffer()
        var count = 0
        for version in LEEFVersion.allCases {
            for framing in SyslogFraming.allCases {
                var options = ExportOptions()
                options.leefVersion = version
                options.syslogFraming = framing
                options.includeOriginal = true
                options.leefDelimiter = framing == .rfc5424 ? UInt8(ascii: "^") : 0x09
                var exporter = try LEEFExporter(options: options)
                for (_, event) in SampleEvents.allAndVariants {
                    exporter.write(event, into: &output)
                    count += 1
                }
            }
        }
        let decoded = try CEFLEEFRoundTrip.decode(output.bytes, script: "leef_decode.py", schema: "leef.schema.json")
        #expect(decoded.errors.isEmpty, "\(decoded.errors.prefix(10))")
        #expect(decoded.records.count == count)
    }

    @Test(
        "The bundled samples, parsed and exported, pass the LEEF splitter and the schema",
        .enabled(if: CEFLEEFRoundTrip.pythonAvailable),
        arguments: [(LEEFVersion.v2, UInt8(0x09)), (.v2, UInt8(ascii: "^")), (.v1, UInt8(0x09))])
    func bundledSamples(_ version: LEEFVersion, _ delimiter: UInt8) throws {
        var options = ExportOptions()
        options.leefVersion = version
        options.leefDelimiter = delimiter
        options.includeOriginal = delimiter != 0x09
        options.syslogFraming = delimiter != 0x09 ? .rfc3164 : .none
        let (output, records) = try CEFLEEFRoundTrip.convertSamples(with: try LEEFExporter(options: options))
        #expect(!output.contains(0x0D))
        let decoded = try CEFLEEFRoundTrip.decode(output, script: "leef_decode.py", schema: "leef.schema.json")
        #expect(decoded.errors.isEmpty, "\(decoded.errors.prefix(10))")
        #expect(decoded.records.count == records, "one record per parsed or unparsed line")
    }

    @Test("The LEEF splitter rejects malformed records", .enabled(if: CEFLEEFRoundTrip.pythonAvailable))
    func splitterRejects() throws {
        let lines = [
            "LEEF:2.0|K|C|9|x|^|a=1^a=2",  // a key twice
            "LEEF:2.0|K|C|9|x|^|a=",  // an empty value
            "LEEF:2.0|K|C|9|x|ab|a=1",  // a delimiter field that is neither a character nor hex
            "LEEF:1.0|K|C|9|a=1",  // too few header fields
            "LEEF:2.0|K|C|9|x|^|a=1^novalue",  // an attribute without '='
            "LEEF:3.0|K|C|9|x|^|a=1",  // an unknown version
        ]
        let decoded = try CEFLEEFRoundTrip.decode(
            Array((lines.joined(separator: "\n") + "\n").utf8),
            script: "leef_decode.py")
        #expect(decoded.status == 1)
        for (index, line) in lines.enumerated() {
            #expect(decoded.errors.contains { $0.hasPrefix("line \(index + 1):") }, "accepted: \(line)")
        }
    }
}
