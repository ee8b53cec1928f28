import Foundation
import KerioSIEM
import Logging
import Testing

@testable import KerioSIEMRelay

/// The Elasticsearch `_bulk` output, end to end: Kerio lines over TCP into an in-process relay, out to a strict
/// fake `_bulk` endpoint of a data stream.
@Suite(.timeLimit(.minutes(1)))
struct ElasticsearchBulkOutputTests {
    static let stream = "logs-kerio.security-default"
    static let lines =
        RelayHarness.sample("syslog.log") + [
            "[14/Nov/2026 09:15:07] Engine: Startup", "[02/Mar/2013 08:54:38] Intrusion Prevention engine: Shutdown",
        ]

    static func destination(_ fake: FakeElasticsearch) -> String {
        "elasticsearch+http://127.0.0.1:\(fake.port)/\(stream)"
    }

    static var expected: [String] {
        RelayHarness.expectedRecords(lines, format: .ecs).map { RelayHarness.canonical(record: $0, format: .ecs) }
    }

    static func temporaryFile(_ name: String) throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("es-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent(name).path)
    }

    /// Credentials from the environment reach the request as the documented header.
    static let credentials: [(name: String, apiKey: String?, username: String?, password: String?, header: String?)] =
        [
            ("none", nil, nil, nil, nil),
            (
                "API key", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", nil, nil,
                "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
            ),
            ("basic", nil, "elastic", "changeme", "Basic ZWxhc3RpYzpjaGFuZ2VtZQ=="),
        ]

    @Test("every document arrives once, as the ECS object, after a create action", arguments: credentials.indices)
    func noFault(_ index: Int) async throws {
        let (name, apiKey, username, password, header) = Self.credentials[index]
        let es = try await FakeElasticsearch(stream: Self.stream, authorization: header)
        let harness = try await RelayHarness.start(to: Self.destination(es), format: .ecs) {
            $0.elasticsearch.apiKey = apiKey
            $0.elasticsearch.username = username
            $0.elasticsearch.password = password
        }
        try harness.send(Self.lines)
        #expect(await harness.waitForSent(Self.lines.count), "\(name)")
        let report = await harness.relay.stop()
        await es.close()
        #expect(report.undelivered == 0)
        #expect(es.documents.map(RelayHarness.canonical) == Self.expected, "\(name)")
        for exchange in es.exchanges {
            #expect(exchange.status == 200)
            #expect(!exchange.itemStatuses.isEmpty && exchange.itemStatuses.allSatisfy { $0 == 201 })
            let actions = String(decoding: exchange.request.body, as: UTF8.self).split(separator: "\n")
                .enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            #expect(actions.allSatisfy { $0 == #"{"create":{}}"# })
        }
    }

    /// Per-item statuses: what must be indexed in the end, refused (dead letter) and retried.
    static let itemCases: [(name: String, items: [Int], rejected: [Int], requests: Int)] = [
        ("429 on one item: it alone is sent again", [201, 429, 201], [], 2),
        ("503 on two items", [503, 201, 503], [], 2),
        ("409: already there, counts as delivered", [409, 201, 409], [], 1),
        ("400: dead letter", [201, 400, 201], [1], 1),
        ("mixed", [400, 429, 409, 201, 503, 400], [0, 5], 2),
    ]

    @Test("per-item statuses of a partial errors:true answer", arguments: itemCases.indices)
    func partialErrors(_ index: Int) async throws {
        let (name, items, rejected, requests) = Self.itemCases[index]
        let (directory, deadLetter) = try Self.temporaryFile("dead.ndjson")
        defer { try? FileManager.default.removeItem(at: directory) }
        let es = try await FakeElasticsearch(stream: Self.stream, script: [.items(items)])
        let harness = try await RelayHarness.start(to: Self.destination(es), format: .ecs) {
            $0.deadLetterPath = deadLetter
        }
        try harness.send(Self.lines)
        #expect(await harness.waitForSent(Self.lines.count), "\(name)")
        let report = await harness.relay.stop()
        await es.close()
        #expect(report.undelivered == 0)
        #expect(es.exchanges.count == requests, "\(name): \(es.exchanges.map(\.itemStatuses))")
        let conflicts = Set(items.indices.filter { items[$0] == 409 })
        let expected = Self.expected
        let mustBeIndexed = expected.indices.filter { !conflicts.contains($0) && !rejected.contains($0) }
        #expect(
            es.documents.map(RelayHarness.canonical).sorted() == mustBeIndexed.map { expected[$0] }.sorted(),
            "\(name): each once")
        #expect(harness.relay.statistics.value(.sent) == expected.count - rejected.count, "\(name)")
        #expect(harness.relay.statistics.dropped(.rejected) == rejected.count, "\(name)")

        let written = (try? String(contentsOfFile: deadLetter, encoding: .utf8)) ?? ""
        let entries = written.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(entries.count == rejected.count, "\(name): \(written)")
        for (entry, position) in zip(entries, rejected) {
            #expect(entry["status"] as? Int == 400)
            #expect(
                entry["error"] as? String
                    == "mapper_parsing_exception: failed to parse field [source.port] of type [long]")
            #expect(RelayHarness.canonical(entry["record"] as Any) == expected[position])
        }
    }

    /// Whole-request failures, each retried until delivered.
    static let outages: [(name: String, script: [FakeStep], duplicates: Bool)] = [
        ("429", [.fail(429), .fail(429)], false),
        ("503", [.fail(503)], false),
        ("502", [.fail(502)], false),
        ("connection reset", [.reset], false),
        ("closed without an answer", [.closeWithoutAnswer, .closeWithoutAnswer], false),
        ("401 then accepted", [.fail(401), .fail(401)], false),
        ("slow beyond the relay's timeout", [.slow(.seconds(1))], true),
    ]

    @Test("outages are retried until delivered", arguments: outages.indices)
    func outage(_ index: Int) async throws {
        let (name, script, duplicates) = Self.outages[index]
        let es = try await FakeElasticsearch(stream: Self.stream, script: script)
        let harness = try await RelayHarness.start(to: Self.destination(es), format: .ecs) {
            // Only the slow case is meant to time out; elsewhere a short timeout on a loaded machine made a request
            // that was answered late count as lost, and its events arrived twice.
            $0.httpTimeout = duplicates ? .milliseconds(300) : .seconds(5)
        }
        try harness.send(Self.lines)
        #expect(await harness.waitForSent(Self.lines.count), "\(name)")
        let report = await harness.relay.stop()
        await es.close()
        #expect(report.undelivered == 0)
        let carried = es.documents.map(RelayHarness.canonical)
        #expect(Set(carried) == Set(Self.expected), "\(name): nothing lost")
        if duplicates {
            // The late answer's documents were indexed, and the relay sent them again: with create and no _id,
            // Elasticsearch cannot tell, so they are there twice (at-least-once) — or more often, if a loaded
            // machine makes the retry time out too. Always whole requests, never a part.
            #expect(carried.count >= 2 * Self.expected.count && carried.count % Self.expected.count == 0, "\(name)")
        } else {
            #expect(carried == Self.expected, "\(name): once each, in order")
        }
        #expect(harness.relay.statistics.dropped(.rejected) == 0)
        #expect(harness.relay.statistics.value(.retries) >= script.count)
        if script.contains(.fail(401)) {
            #expect(harness.logs.messages(at: .error).contains { $0.contains("Elasticsearch refused the credentials") })
        }
    }

    @Test(
        "a failure after part of a batch was confirmed sends only the rest again",
        arguments: [[FakeStep.fail(503)], [.reset]])
    func failureInTheMiddle(_ fault: [FakeStep]) async throws {
        // Two documents per request: the first request is confirmed, the second fails.
        let es = try await FakeElasticsearch(stream: Self.stream, script: [.accept] + fault)
        let harness = try await RelayHarness.start(to: Self.destination(es), format: .ecs) {
            $0.elasticsearch.maximumDocuments = 2
        }
        try harness.send(Self.lines)
        #expect(await harness.waitForSent(Self.lines.count))
        _ = await harness.relay.stop()
        await es.close()
        #expect(es.documents.map(RelayHarness.canonical) == Self.expected, "once each: the first part not sent twice")
        #expect(harness.relay.statistics.value(.sent) == Self.lines.count)
    }

    @Test("413 splits the request until each part fits", arguments: [1, 3])
    func tooLarge(_ limit: Int) async throws {
        let es = try await FakeElasticsearch(stream: Self.stream, maximumDocuments: limit)
        let harness = try await RelayHarness.start(to: Self.destination(es), format: .ecs)
        try harness.send(Self.lines)
        #expect(await harness.waitForSent(Self.lines.count))
        _ = await harness.relay.stop()
        await es.close()
        #expect(es.documents.map(RelayHarness.canonical) == Self.expected)
        #expect(es.exchanges.contains { $0.status == 413 })
        for exchange in es.exchanges where exchange.status == 200 { #expect(exchange.itemStatuses.count <= limit) }
    }

    @Test("-f cef with Elasticsearch is refused: it takes JSON documents")
    func refusesCEF() throws {
        let configuration = RelayConfiguration(
            listens: [], destination: try DestinationURL(parsing: "elasticsearch+http://127.0.0.1:9200/\(Self.stream)"),
            exporter: RelayHarness.Format.cef.exporter())
        #expect(throws: RelayConfigurationError.self) { _ = try Relay(configuration: configuration) }
    }

    /// Records with a stable id (those of `follow --to`) carry it as `_id`, JSON-escaped: sent twice, the second
    /// request's items are all 409 (the fake, like Elasticsearch, keeps one document per id), counted as delivered,
    /// and nothing is indexed twice.
    @Test("a record's stable id is its _id: a replay is idempotent")
    func stableIDsMakeReplaysIdempotent() async throws {
        let es = try await FakeElasticsearch(stream: Self.stream)
        // The relay's own output, driven directly with batches whose records carry ids.
        let harness = try await RelayHarness.start(to: Self.destination(es), format: .ecs)
        let output = harness.relay.output
        let records = RelayHarness.expectedRecords(Self.lines, format: .ecs)
        let ids = records.indices.map { index in
            index == 1 ? "quote\"back\\slash\u{1}" : "3f9a0c5e1b7d2468-\(index * 100)"
        }
        var batch = RecordBatch()
        for (record, id) in zip(records, ids) {
            batch.append(record: Array(record.utf8), time: nil, host: [UInt8](), id: Array(id.utf8)[...])
        }
        for round in 1...2 {
            let outcome = try await output.deliver(batch)
            #expect(outcome.rejected == 0 && outcome.retry == nil, "round \(round)")
        }
        _ = await harness.relay.stop()
        await es.close()
        #expect(es.documents.count == records.count, "indexed once each")
        #expect(es.exchanges.count == 2)
        #expect(es.exchanges.last?.itemStatuses.allSatisfy { $0 == 409 } == true)
        let actions = String(decoding: es.exchanges[0].request.body, as: UTF8.self).split(separator: "\n")
            .enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let sentIDs = actions.compactMap { action -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(action.utf8)) as? [String: [String: String]]
            return object?["create"]?["_id"]
        }
        #expect(sentIDs == ids)
    }
}
