import Foundation
import KerioSIEM
import Testing

/// Hostile values written as CEF and read back by two independent parsers: PyPI `cefp` (lenient) and
/// `Scripts/roundtrip/cef_strict.py` (Filebeat's grammar, plus our schema). Every header field and extension value must
/// come back exactly as the reference model (``CEFLEEFReferenceModel``) says: the input, or its documented replacement.
@Suite("CEF hostile round trips")
struct CEFRoundTripTests {
    /// One way of configuring the exporter for a round trip.
    struct Configuration {
        var options: ExportOptions
        /// The observer host name as bytes, when set.
        var observer: [UInt8]?
        /// The expected `rt` (depends on the zone).
        var epochMilliseconds: String
    }

    static func configurations(for value: HostileValue) -> [Configuration] {
        let text = String(decoding: value.bytes, as: UTF8.self)
        var plain = ExportOptions()
        plain.syslogFraming = .none
        var hostile = ExportOptions()
        hostile.deviceVendor = "Ker|io\\" + text
        hostile.deviceProduct = text
        hostile.deviceVersion = text
        hostile.observerHostName = text
        hostile.includeOriginal = true
        hostile.syslogFraming = .rfc5424
        var zoned = ExportOptions()
        zoned.syslogFraming = .rfc3164
        zoned.timeZone = .fixed(secondsEastOfUTC: 7_200)
        return [
            Configuration(options: plain, observer: nil, epochMilliseconds: CEFLEEFRoundTrip.epochMilliseconds),
            Configuration(
                options: hostile, observer: text.isEmpty ? nil : Array(text.utf8),
                epochMilliseconds: CEFLEEFRoundTrip.epochMilliseconds),
            Configuration(options: zoned, observer: nil, epochMilliseconds: "1794650400000"),
        ]
    }

    /// The syslog prefix the configuration writes for a hostile event of `kind` (see SyslogFrameWriter).
    static func expectedPrefix(_ configuration: Configuration, severity: Int, value: [UInt8]) -> String {
        let options = configuration.options
        guard options.syslogFraming != .none else { return "" }
        let syslogSeverity = severity >= 9 ? 2 : severity >= 7 ? 3 : severity >= 4 ? 4 : severity >= 2 ? 5 : 6
        let hostBytes = configuration.observer ?? value
        var host = String(
            hostBytes.prefix(255).map { byte -> Character in
                let scalar = Unicode.Scalar(byte)
                let allowed =
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                    || (byte >= 0x61 && byte <= 0x7A) || scalar == "." || scalar == "_" || scalar == "-"
                return allowed ? Character(scalar) : "-"
            })
        if host.isEmpty { host = options.syslogFraming == .rfc5424 ? "-" : "kerio-control" }
        let pri = "<\(4 * 8 + syslogSeverity)>"
        return options.syslogFraming == .rfc5424
            ? "\(pri)1 2026-11-14T12:00:00.000Z \(host) kerio-siem - - - "
            : "\(pri)Nov 14 12:00:00 \(host) "
    }

    typealias Model = CEFLEEFReferenceModel

    /// The header fields and extension a consumer must read for a hostile event of `kind` holding `value`.
    static func expected(_ kind: Kind, _ value: [UInt8], _ configuration: Configuration)
        -> (header: [String: String], extension: [String: String])
    {
        let options = configuration.options
        let text = String(decoding: value, as: UTF8.self)
        let severity = Model.cefSeverity(kind, word: text)
        var header = [
            "prefix": expectedPrefix(configuration, severity: severity, value: value),
            "version": "0",
            "vendor": Model.cefHeader(Array(options.deviceVendor.utf8), limit: 63) ?? "",
            "product": Model.cefHeader(Array(options.deviceProduct.utf8), limit: 63) ?? "",
            "deviceVersion": Model.cefHeader(Array(options.deviceVersion.utf8), limit: 31) ?? "",
            "severity": String(severity),
        ]
        if kind == .ips {
            header["classId"] = Model.cefHeader(value, limit: 1_023) ?? "ips"
            header["name"] = Model.cefHeader(value, limit: 512) ?? "IPS detection"
        } else {
            header["classId"] = kind.name
            header["name"] = Model.cefNames[kind]
        }

        var pairs: [String: String] = [:]
        func put(_ key: String, _ value: String?) { if let value { pairs[key] = value } }
        func number(_ field: NumberField) -> String { String(CEFLEEFRoundTrip.number(field)) }
        let limited = Model.cefExtension(value, limit: 1_023)
        let unlimited = Model.cefExtension(value)

        put("rt", configuration.epochMilliseconds)
        put("act", "blocked")
        if kind == .authenticationFailure { put("outcome", "failure") }
        put("proto", Model.cefExtension(value, limit: 31))
        // The addresses are hostile text, not IP literals.
        put("KerioControlSourceAddress", unlimited)
        put("KerioControlDestinationAddress", unlimited)
        put("spt", number(.sourcePort))
        put("dpt", number(.destinationPort))
        for key in ["shost", "suser", "dhost", "duser", "msg", "reason"] { put(key, limited) }
        if limited != nil { put("KerioControlUserName", unlimited) }
        switch CEFLEEFRoundTrip.direction(for: kind) {
        case .from:
            put("deviceInboundInterface", Model.cefExtension(value, limit: 128))
            if Model.cefExtension(value, limit: 128) == nil { put("KerioControlDirection", "from") }
        case .to:
            put("deviceOutboundInterface", Model.cefExtension(value, limit: 128))
            if Model.cefExtension(value, limit: 128) == nil { put("KerioControlDirection", "to") }
        case nil:
            put("KerioControlInterface", unlimited)
        }
        let custom = Model.cefExtension(value, limit: 4_000)
        for (key, label) in [
            ("cs1", "IPS Severity"), ("cs2", "Authentication Service"), ("cs3", "FTP Command"),
            ("cs4", "FTP Response"), ("cs5", "TCP Flags"),
        ] where custom != nil {
            put(key, custom)
            put(key + "Label", label)
        }
        if options.includeOriginal || kind == .unparsed, custom != nil {
            put("cs6", custom)
            put("cs6Label", "rawEvent")
        }
        for (key, label, field) in [
            ("cn1", "Packet Length", NumberField.packetLength),
            ("cn2", "Signature Count", .signatureCount), ("cn3", "ICMP Type", .icmpType),
        ] {
            put(key, number(field))
            put(key + "Label", label)
        }
        if kind != .ips {
            put("KerioControlRuleId", unlimited)
            put("KerioControlRuleName", unlimited)
        }
        let numbers: [(String, NumberField)] = [
            ("KerioControlTcpSequence", .tcpSequence), ("KerioControlTcpAcknowledgement", .tcpAcknowledgement),
            ("KerioControlTcpWindow", .tcpWindow), ("KerioControlTcpPayloadLength", .tcpPayloadLength),
            ("KerioControlUdpPayloadLength", .udpPayloadLength), ("KerioControlIcmpCode", .icmpCode),
            ("KerioControlIcmpId", .icmpID), ("KerioControlIcmpSequence", .icmpSequence), ("KerioControlIpTtl", .ipTTL),
        ]
        for (key, field) in numbers { put(key, number(field)) }
        put("KerioControlRulesVersion", unlimited)
        put("KerioControlAntivirusEngine", unlimited)
        put("KerioControlSyslogFormat", "rfc5424")
        put("KerioControlSyslogFacility", "23")
        put("KerioControlSyslogSeverity", "6")
        put("KerioControlSyslogTime", CEFLEEFRoundTrip.syslogEpochMilliseconds)
        put("KerioControlSyslogAppName", unlimited)
        put("KerioControlSyslogProcId", unlimited)
        put("dvcpid", number(.processID))
        put("KerioControlSyslogMsgId", unlimited)
        put("KerioControlParseError", "invalid-value")
        put("KerioControlParseErrorDetail", Model.cefExtension(Array(text.utf8)))
        if let observer = configuration.observer {
            put("dvchost", Model.cefExtension(observer, limit: 100))
            put("KerioControlSyslogHostName", unlimited)
        } else {
            put("dvchost", Model.cefExtension(value, limit: 100))
        }
        put("externalId", Model.cefExtension(value, limit: 40))
        put("cat", Model.categories[kind])
        return (header, pairs)
    }

    /// What one hostile value writes in every configuration, and what a consumer must read from each record.
    struct HostileOutput: Sendable {
        var bytes: [UInt8]
        var expectations: [(header: [String: String], extension: [String: String])]
    }

    static func hostileOutput(_ value: HostileValue) throws -> HostileOutput {
        var output = OutputBuffer()
        var expectations: [(header: [String: String], extension: [String: String])] = []
        for configuration in Self.configurations(for: value) {
            var exporter = try CEFExporter(options: configuration.options)
            for kind in Kind.allCases {
                exporter.write(CEFLEEFRoundTrip.hostileEvent(kind, value.bytes), into: &output)
                expectations.append(Self.expected(kind, value.bytes, configuration))
            }
        }
        return HostileOutput(bytes: output.bytes, expectations: expectations)
    }

    /// The two consumers, each with its schema.
    static let consumers: [(script: String, schema: String?)] = [
        ("cef_decode.py", nil), ("cef_strict.py", "cef.schema.json"),
    ]

    /// Every hostile value's output, and each consumer's reading of all of them in one run (``CEFLEEFDecodedBatch``).
    static let hostileBatch = Result { () throws -> ([String: HostileOutput], [CEFLEEFDecodedBatch]) in
        var outputs: [String: HostileOutput] = [:]
        for value in HostileValue.all { outputs[value.name] = try hostileOutput(value) }
        let parts = HostileValue.all.map { (name: $0.name, bytes: outputs[$0.name]!.bytes) }
        let batches = try consumers.map { try CEFLEEFDecodedBatch(parts, script: $0.script, schema: $0.schema) }
        return (outputs, batches)
    }

    @Test(
        "Hostile values read back exactly by cefp and the strict grammar",
        .enabled(if: CEFLEEFRoundTrip.cefpAvailable), arguments: HostileValue.all)
    func hostileRoundTrip(_ value: HostileValue) throws {
        let (outputs, batches) = try Self.hostileBatch.get()
        let output = try #require(outputs[value.name])
        let expectations = output.expectations
        // No raw CR, one LF per record, and the last byte is LF.
        #expect(!output.bytes.contains(0x0D))
        #expect(output.bytes.filter { $0 == 0x0A }.count == expectations.count)
        #expect(output.bytes.last == 0x0A)

        for batch in batches {
            let script = batch.script
            let (records, errors) = batch.slice(value.name)
            #expect(errors.isEmpty, "\(script): \(errors.prefix(10))")
            try #require(records.count == expectations.count, "\(script) read \(records.count) records")
            for (index, (record, expected)) in zip(records, expectations).enumerated() {
                let kind = Kind.allCases[index % Kind.allCases.count]
                let header = record.filter { $0.key != "extension" && $0.key != "keys" }
                let headerProblems = CEFLEEFRoundTrip.differences(header, expected.header)
                #expect(headerProblems.isEmpty, "\(script) record \(index + 1) (\(kind)) header: \(headerProblems)")
                let pairs = record["extension"] as? [String: Any] ?? [:]
                let problems = CEFLEEFRoundTrip.differences(pairs, expected.extension)
                #expect(problems.isEmpty, "\(script) record \(index + 1) (\(kind)): \(problems.prefix(8))")
                if let keys = record["keys"] as? [String] {
                    #expect(keys.last == "cat", "the last pair is always cat")
                }
            }
        }
    }

    /// Lines a strict consumer must refuse, each for one reason (cefp accepts most of them).
    static let invalidLines = [
        "CEF:0|K|C|9|x|n|5|msg=a=b cat=System",  // unescaped = inside a value
        "CEF:0|K|C|9|x|n|5|msg=a\\|b cat=System",  // \| in the extension
        "CEF:0|K|C|9|x|n|5|msg=a\\tb cat=System",  // \t in the extension
        "CEF:0|K\\=|C|9|x|n|5|cat=System",  // \= in the header
        "CEF:0|K|C|9|x|n|5|msg= a cat=System",  // leading space in a value
        "CEF:0|K|C|9|x|n|5|msg=a  cat=System",  // trailing space in a value
        "CEF:0|K|C|9|x|n|5|msg= cat=System",  // empty value
        "CEF:0|K|C|9|x|n|5|cs1=a cat=System",  // cs1 without cs1Label
        "CEF:0|K|C|9|x|n|5|cat=A cat=B",  // a key twice
        "CEF:0|K|C|9|x|n|High!|cat=System",  // severity outside [A-Za-z0-9-]
        "CEF:0|K|C|9|x|n|5|bad key=1",  // a key after an unescaped = without a space before it
        "CEF:0|K|C|9|x|n|5|msg=a\rb cat=System",  // a raw CR
        "<13>Jan  1 00:00:00 host name CEF:0|K|C|9|x|n|5|cat=System",  // a prefix that is no syslog header
    ]

    @Test("The strict checker rejects what Filebeat rejects", .enabled(if: CEFLEEFRoundTrip.pythonAvailable))
    func strictCheckerRejects() throws {
        let text = Self.invalidLines.joined(separator: "\n") + "\n"
        let decoded = try CEFLEEFRoundTrip.decode(Array(text.utf8), script: "cef_strict.py")
        #expect(decoded.status == 1)
        for (index, line) in Self.invalidLines.enumerated() {
            #expect(decoded.errors.contains { $0.hasPrefix("line \(index + 1):") }, "accepted: \(line)")
        }
    }

    @Test(
        "The bundled samples, parsed and exported, pass cefp, the strict grammar and the schema",
        .enabled(if: CEFLEEFRoundTrip.cefpAvailable), arguments: SyslogFraming.allCases)
    func bundledSamples(_ framing: SyslogFraming) throws {
        var options = ExportOptions()
        options.syslogFraming = framing
        options.includeOriginal = framing != .none
        let (output, records) = try CEFLEEFRoundTrip.convertSamples(with: try CEFExporter(options: options))
        #expect(!output.contains(0x0D))
        for (script, schema) in [("cef_decode.py", nil), ("cef_strict.py", "cef.schema.json")] {
            let decoded = try CEFLEEFRoundTrip.decode(output, script: script, schema: schema)
            #expect(decoded.errors.isEmpty, "\(script): \(decoded.errors.prefix(10))")
            #expect(decoded.records.count == records, "\(script): one record per parsed or unparsed line")
        }
    }

    @Test("Every sample event validates against the CEF schema", .enabled(if: CEFLEEFRoundTrip.pythonAvailable))
    func samplesMatchSchema() throws {
        var output = OutputBuffer()
        var options = ExportOptions()
        options.includeOriginal = true
        for framing in SyslogFraming.allCases {
            options.syslogFraming = framing
            var exporter = try CEFExporter(options: options)
            for (_, event) in SampleEvents.allAndVariants { exporter.write(event, into: &output) }
        }
        let decoded = try CEFLEEFRoundTrip.decode(output.bytes, script: "cef_strict.py", schema: "cef.schema.json")
        #expect(decoded.errors.isEmpty, "\(decoded.errors.prefix(10))")
        #expect(decoded.records.count == SampleEvents.allAndVariants.count * SyslogFraming.allCases.count)
    }
}
