import Foundation
import KerioSIEM

/// Runs the independent Python consumers of `Scripts/roundtrip/` on exporter output, and builds the hostile events
/// the round-trip tests write.
enum CEFLEEFRoundTrip {
    static let scripts = Fixtures.repositoryRoot.appendingPathComponent("Scripts").appendingPathComponent("roundtrip")
    static let schemas = Fixtures.repositoryRoot.appendingPathComponent("Schemas")

    /// Whether `python3` runs here.
    static let pythonAvailable: Bool = ExternalToolPolicy.runs((try? python(["-c", "import json"]).status) == 0)
    /// Whether `python3` can import cefp (CI installs it: `pip install cefp==0.0.2`).
    static let cefpAvailable: Bool = ExternalToolPolicy.runs(
        pythonAvailable && (try? python(["-c", "import cefp"]).status) == 0)

    /// Runs `python3 arguments…` and returns its exit status and standard output.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: errorData, as: UTF8.self))
    }

    /// The records and errors a consumer script reports for `bytes`.
    struct Decoded {
        var records: [[String: Any]]
        var errors: [String]
        var status: Int32
    }

    /// Writes `bytes` to a temporary file and runs `script` on it (with `--schema` when given).
    static func decode(_ bytes: [UInt8], script: String, schema: String? = nil) throws -> Decoded {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kerio-siem-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var arguments = [scripts.appendingPathComponent(script).path, file.path]
        if let schema { arguments += ["--schema", schemas.appendingPathComponent(schema).path] }
        let result = try python(arguments)
        guard let object = try? JSONSerialization.jsonObject(with: result.output) as? [String: Any] else {
            return Decoded(records: [], errors: ["\(script) printed no JSON: \(result.errors)"], status: result.status)
        }
        let records = object["records"] as? [[String: Any]] ?? []
        return Decoded(records: records, errors: object["errors"] as? [String] ?? [], status: result.status)
    }

    /// Every bundled sample (`Samples/*.log`), parsed by the real parser and written by `exporter` with unparsed lines
    /// emitted as records; returns the output and how many records the conversion reports.
    static func convertSamples(with exporter: some EventExporter) throws -> (output: [UInt8], records: Int) {
        var conversion = ConversionOptions()
        conversion.emitUnparsed = true
        var output: [UInt8] = []
        var records = 0
        for name in Fixtures.sampleNames {
            var session = ConversionSession(exporter: exporter, options: conversion)
            var sink = MemorySink()
            try Fixtures.sample(name).withUnsafeBufferPointer { try session.feed($0, to: &sink) }
            let report = try session.finish(to: &sink)
            records += report.eventsParsed + report.unparsedLines
            output += sink.bytes
        }
        return (output, records)
    }

    /// Exact comparison by Unicode scalars (`String ==` would equate canonically equivalent texts).
    static func same(_ left: String?, _ right: String?) -> Bool {
        switch (left, right) {
        case (nil, nil): true
        case (let left?, let right?): Array(left.unicodeScalars) == Array(right.unicodeScalars)
        default: false
        }
    }

    /// Differences between a decoded key/value map and the expected one, one line each.
    static func differences(_ decoded: [String: Any], _ expected: [String: String]) -> [String] {
        var problems: [String] = []
        for key in Set(decoded.keys).union(expected.keys).sorted() {
            let got = decoded[key] as? String
            let want = expected[key]
            if !same(got, want) {
                problems.append(
                    "\(key): got \(got.map { String(reflecting: String($0.prefix(120))) } ?? "nil"), "
                        + "expected \(want.map { String(reflecting: String($0.prefix(120))) } ?? "nil")")
            }
        }
        return problems
    }

    /// The time of every hostile event: 2026-11-14 12:00:00 (UTC) = 1794657600000 ms.
    static let timestamp = EventTimestamp(
        CivilDateTime(year: 2026, month: 11, day: 14, hour: 12, minute: 0, second: 0)!)
    static let epochMilliseconds = "1794657600000"
    /// The syslog envelope of every hostile event: local7.info (190 = 23 × 8 + 6), 2026-11-14 12:00:00.250 UTC.
    static let syslog = SyslogEnvelope(
        format: .rfc5424, priority: 190,
        timestamp: EventTimestamp(
            CivilDateTime(
                year: 2026, month: 11, day: 14, hour: 12, minute: 0, second: 0,
                nanosecond: 250_000_000)!, utcOffsetSeconds: 0))
    static let syslogEpochMilliseconds = "1794657600250"

    /// The direction a hostile event of `kind` carries: none, from or to, in turn, so all three paths are covered.
    static func direction(for kind: Kind) -> PacketDirection? {
        [nil, .from, .to][kind.ordinal % 3]
    }

    /// The value of number field `field` in hostile events (distinct per field; ports in range).
    static func number(_ field: NumberField) -> Int64 { 1_000 + Int64(field.rawValue) }

    /// An event of `kind` whose every text value, its original line and its parse-failure message are `value`.
    static func hostileEvent(_ kind: Kind, _ value: [UInt8]) -> SecurityEvent {
        // The parser is the only public way to an event whose original line holds arbitrary bytes: the value is no
        // Kerio record, so it comes back unparsed with the bytes as its original line.
        var event = SecurityLogParser().parse(bytes: value)
        event.kind = kind
        event.timestamp = timestamp
        event.ipsAction = .packetDrop
        event.direction = direction(for: kind)
        event.syslog = syslog
        event.failure = ParseFailure(.invalidValue, String(decoding: value, as: UTF8.self))
        value.withUnsafeBufferPointer { bytes in
            for field in TextField.allCases { event.setBytes(field, bytes) }
        }
        for field in NumberField.allCases { event[field] = number(field) }
        return event
    }
}
