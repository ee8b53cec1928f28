import Foundation
import KerioSIEM
import Logging
import NIOHTTP1
import Testing

@testable import KerioSIEMRelay

/// The Splunk HEC output, end to end: Kerio lines over TCP into an in-process relay, out to a strict fake HEC.
@Suite(.timeLimit(.minutes(1)))
struct SplunkHECOutputTests {
    static let token = "0b1d5f3e-6d3c-4f59-9a33-7d1c2b0e9f11"

    /// A line, the HEC `host` and `time` it must carry (the syslog HOSTNAME else the sender; the Kerio time in
    /// epoch seconds: the bracketed time at the offset an RFC 5424 header gives it, else UTC, the zone configured).
    static let lines: [(line: String, host: String, time: String)] = {
        let syslog = RelayHarness.sample("syslog.log")
        return [
            (syslog[0], "fw1.company.local", "2026-11-14T08:15:02.000Z"),
            (syslog[1], "fw1.company.local", "2026-11-14T10:15:02.000Z"),
            (syslog[2], "kerio-control", "2026-11-14T16:00:00.000Z"),
            (syslog[3], "fw1", "2026-11-14T12:00:05.000Z"),
            (syslog[4], "fw1", "2026-11-04T08:01:02.000Z"),
            (syslog[5], "fw1", "2026-11-14T13:00:00.000Z"),
            ("[14/Nov/2026 09:15:07] Engine: Startup", "127.0.0.1", "2026-11-14T09:15:07.000Z"),
            ("[02/Mar/2013 08:54:38] Intrusion Prevention engine: Shutdown", "127.0.0.1", "2013-03-02T08:54:38.000Z"),
        ]
    }()

    static func epochSeconds(_ iso: String) -> Double {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: iso)!.timeIntervalSince1970
    }

    @Test(
        "every record arrives once, with its time, host, source, sourcetype and event",
        arguments: RelayHarness.Format.allCases)
    func noFault(_ format: RelayHarness.Format) async throws {
        let hec = try await FakeSplunkHEC(token: Self.token)
        let harness = try await RelayHarness.start(to: "splunk-hec+http://127.0.0.1:\(hec.port)", format: format) {
            $0.splunk.token = Self.token
            $0.splunk.index = "kerio"
        }
        try harness.send(Self.lines.map(\.line))
        #expect(await harness.waitForSent(Self.lines.count))
        let report = await harness.relay.stop()
        await hec.close()

        #expect(report.undelivered == 0)
        let events = hec.events
        let expected = RelayHarness.expectedRecords(Self.lines.map(\.line), format: format)
        try #require(events.count == Self.lines.count, "\(hec.exchanges.map(\.status))")
        for (index, event) in events.enumerated() {
            let line = Self.lines[index]
            #expect(event["host"] as? String == line.host, "\(line.line)")
            let time = try #require(event["time"] as? Double, "\(event)")
            #expect(abs(time - Self.epochSeconds(line.time)) < 0.000_5, "\(line.line): \(time)")
            #expect(event["sourcetype"] as? String == "kerio:control:security")
            #expect(event["source"] as? String == "kerio-siem")
            #expect(event["index"] as? String == "kerio")
            switch format {
            case .ecs: #expect(event["event"] is [String: Any], "the ECS object itself, not a string")
            case .cef: #expect(event["event"] is String)
            }
            let carried = RelayHarness.canonical(event["event"] as Any)
            #expect(carried == RelayHarness.canonical(record: expected[index], format: format))
        }
        for exchange in hec.exchanges {
            #expect(exchange.request.headers["Authorization"] == ["Splunk \(Self.token)"])
        }
    }

    @Test(
        "the whole of Samples/security.log and envelopes.log, each record once", arguments: RelayHarness.Format.allCases
    )
    func everySample(_ format: RelayHarness.Format) async throws {
        let lines = RelayHarness.sample("security.log") + RelayHarness.sample("envelopes.log")
        let expected = RelayHarness.expectedRecords(lines, format: format)
        try #require(expected.count > 100)
        let hec = try await FakeSplunkHEC(token: Self.token, maximumEvents: 50)
        let harness = try await RelayHarness.start(to: "splunk-hec+http://127.0.0.1:\(hec.port)", format: format) {
            $0.splunk.token = Self.token
        }
        try harness.send(lines)
        #expect(await harness.waitForSent(expected.count))
        _ = await harness.relay.stop()
        await hec.close()
        let carried = hec.events.map { RelayHarness.canonical($0["event"] as Any) }
        #expect(carried == expected.map { RelayHarness.canonical(record: $0, format: format) })
        #expect(harness.relay.statistics.value(.sent) == expected.count)
    }

    /// Outages a SIEM has: each is retried until the records are delivered. Only an answer that came too late
    /// (the relay gave up waiting, HEC had indexed them) duplicates — the documented at-least-once.
    static let outages: [(name: String, script: [FakeStep], duplicates: Bool)] = [
        ("503 busy", [.fail(503), .fail(503)], false),
        ("429", [.fail(429)], false),
        ("500", [.fail(500)], false),
        ("connection reset", [.reset, .reset], false),
        ("closed without an answer", [.closeWithoutAnswer], false),
        ("mixed", [.fail(503), .reset, .fail(429), .closeWithoutAnswer], false),
        ("slow beyond the relay's timeout", [.slow(.seconds(1))], true),
    ]

    @Test("outages are retried until delivered", arguments: outages.indices)
    func outage(_ index: Int) async throws {
        let (name, script, duplicates) = Self.outages[index]
        let hec = try await FakeSplunkHEC(token: Self.token, script: script)
        let harness = try await RelayHarness.start(to: "splunk-hec+http://127.0.0.1:\(hec.port)", format: .ecs) {
            $0.splunk.token = Self.token
            // Only the slow case is meant to time out; elsewhere a short timeout on a loaded machine made a request
            // that was answered late count as lost, and its events arrived twice.
            $0.httpTimeout = duplicates ? .milliseconds(300) : .seconds(5)
        }
        let lines = Self.lines.map(\.line)
        try harness.send(lines)
        #expect(await harness.waitForSent(lines.count), "\(name)")
        let report = await harness.relay.stop()
        await hec.close()
        #expect(report.undelivered == 0)
        let expected = RelayHarness.expectedRecords(lines, format: .ecs).map {
            RelayHarness.canonical(record: $0, format: .ecs)
        }
        let carried = hec.events.map { RelayHarness.canonical($0["event"] as Any) }
        #expect(Set(carried) == Set(expected), "\(name): nothing lost")
        if duplicates {
            // At-least-once: the late answer's events were indexed and sent again — whole requests, never a part.
            #expect(carried.count >= 2 * expected.count && carried.count % expected.count == 0, "\(name)")
        } else {
            #expect(carried == expected, "\(name): once each, in order")
        }
        #expect(harness.relay.statistics.value(.retries) >= script.count, "\(name)")
        #expect(harness.relay.statistics.dropped(.rejected) == 0)
        #expect(hec.exchanges.count >= script.count + 1)
    }

    @Test(
        "a failure after part of a batch was confirmed sends only the rest again",
        arguments: [[FakeStep.fail(503)], [.reset]])
    func failureInTheMiddle(_ fault: [FakeStep]) async throws {
        // Two events per request: the first request is confirmed, the second fails.
        let hec = try await FakeSplunkHEC(token: Self.token, script: [.accept] + fault)
        let harness = try await RelayHarness.start(to: "splunk-hec+http://127.0.0.1:\(hec.port)", format: .cef) {
            $0.splunk.token = Self.token
            $0.splunk.maximumEvents = 2
        }
        let lines = Self.lines.map(\.line)
        try harness.send(lines)
        #expect(await harness.waitForSent(lines.count))
        _ = await harness.relay.stop()
        await hec.close()
        #expect(hec.events.map { $0["event"] as? String ?? "" } == RelayHarness.expectedRecords(lines, format: .cef))
        #expect(harness.relay.statistics.value(.sent) == lines.count)
    }

    @Test("413 splits the batch until each request fits", arguments: [1, 2, 3])
    func tooLarge(_ limit: Int) async throws {
        let hec = try await FakeSplunkHEC(token: Self.token, maximumEvents: limit)
        let harness = try await RelayHarness.start(to: "splunk-hec+http://127.0.0.1:\(hec.port)", format: .cef) {
            $0.splunk.token = Self.token
        }
        let lines = Self.lines.map(\.line)
        try harness.send(lines)
        #expect(await harness.waitForSent(lines.count))
        _ = await harness.relay.stop()
        await hec.close()
        let expected = RelayHarness.expectedRecords(lines, format: .cef)
        #expect(hec.events.map { $0["event"] as? String ?? "" } == expected)
        #expect(hec.exchanges.contains { $0.status == 413 })
        for exchange in hec.exchanges where exchange.status == 200 { #expect(exchange.events.count <= limit) }
        #expect(harness.relay.statistics.dropped(.rejected) == 0)
    }

    @Test("400: the events are sent one by one; those still refused go to --dead-letter and are counted")
    func invalidData() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let deadLetter = directory.appendingPathComponent("dead.ndjson").path
        let lines = Array(Self.lines.map(\.line).prefix(3))
        // The batch is refused; then one by one: the first accepted, the second refused, the third accepted.
        let hec = try await FakeSplunkHEC(token: Self.token, script: [.fail(400), .accept, .fail(400), .accept])
        let harness = try await RelayHarness.start(to: "splunk-hec+http://127.0.0.1:\(hec.port)", format: .ecs) {
            $0.splunk.token = Self.token
            $0.deadLetterPath = deadLetter
        }
        try harness.send(lines)
        #expect(await harness.waitForSent(lines.count))
        let report = await harness.relay.stop()
        await hec.close()
        #expect(report.undelivered == 0)
        let expected = RelayHarness.expectedRecords(lines, format: .ecs)
        #expect(
            hec.events.map { RelayHarness.canonical($0["event"] as Any) }
                == [expected[0], expected[2]].map { RelayHarness.canonical(record: $0, format: .ecs) })
        #expect(harness.relay.statistics.value(.sent) == 2)
        #expect(harness.relay.statistics.dropped(.rejected) == 1)
        let written = try String(contentsOfFile: deadLetter, encoding: .utf8)
        let entries = written.split(separator: "\n")
        try #require(entries.count == 1, "\(written)")
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(entries[0].utf8)) as? [String: Any])
        #expect(entry["status"] as? Int == 400)
        #expect((entry["error"] as? String)?.contains("Invalid data format") == true)
        #expect(entry["record"] is [String: Any], "an ECS record is embedded as the object")
        #expect(
            RelayHarness.canonical(entry["record"] as Any) == RelayHarness.canonical(record: expected[1], format: .ecs))
    }

    /// How HEC refuses a token: a wrong one (403, from the fake's own check) or scripted 401s. Both refuse until the
    /// test fixes the token, so that nothing can be indexed before it looks (a script that ended by itself raced the
    /// relay's 20 ms backoff).
    static let refusals: [(name: String, script: [FakeStep], fakeToken: String)] = [
        ("wrong token, 403 until the token is fixed", [], "the-old-token"),
        ("401 three times, then 403 until the token is fixed", [.fail(401), .fail(401), .fail(401)], "the-old-token"),
    ]

    @Test(
        "a refused token is retried and logged as an error; nothing is lost once it is accepted",
        arguments: refusals.indices)
    func refusedToken(_ index: Int) async throws {
        let (name, script, fakeToken) = Self.refusals[index]
        let hec = try await FakeSplunkHEC(token: fakeToken, script: script)
        let harness = try await RelayHarness.start(to: "splunk-hec+http://127.0.0.1:\(hec.port)", format: .ecs) {
            $0.splunk.token = Self.token
        }
        let lines = Self.lines.map(\.line)
        try harness.send(lines)
        #expect(
            await eventually { hec.exchanges.filter { $0.status == 401 || $0.status == 403 }.count >= 3 }, "\(name)")
        #expect(hec.events.isEmpty)
        #expect(hec.exchanges.filter { $0.status == 401 }.count == script.count, "\(name)")
        hec.accept(token: Self.token)
        #expect(await harness.waitForSent(lines.count), "\(name)")
        _ = await harness.relay.stop()
        await hec.close()
        #expect(hec.events.count == lines.count, "\(name): once each")
        #expect(harness.relay.statistics.dropped(.rejected) == 0)
        let errors = harness.logs.messages(at: .error)
        #expect(errors.contains { $0.contains("Splunk HEC refused the token") }, "\(name): \(errors)")
    }
}
