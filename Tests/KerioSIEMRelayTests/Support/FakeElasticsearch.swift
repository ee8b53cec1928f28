import Foundation
import NIOHTTP1
import Synchronization

/// A strict Elasticsearch `_bulk` endpoint for one data stream, as documented ("Bulk API", "Use a data stream"):
///
/// - only `POST /<stream>/_bulk` for the configured stream (another path: 404 `index_not_found_exception`);
/// - `Content-Type: application/x-ndjson` (a charset parameter allowed), else 406 (ES: "Content-Type header …
///   is not supported");
/// - credentials when configured: `Authorization: ApiKey <key>` or `Basic …`, else 401 `security_exception`;
/// - the body is NDJSON ending in LF: an action line `{"create":{…}}` followed by a document object, pair after
///   pair; a malformed action line, a missing document or no final LF → 400 `illegal_argument_exception` for the
///   whole request (nothing indexed);
/// - per item: `index`, `update` or `delete` on a data stream → 400 `illegal_argument_exception` ("only write ops
///   with an op_type of create are allowed in data streams"); a document without `@timestamp` → 400
///   `mapper_parsing_exception`; a `create` with an `_id` already indexed → 409 `version_conflict_engine_exception`;
///   otherwise 201 `created`;
/// - answer 200 `{"took":1,"errors":bool,"items":[{"create":{"_index":…,"_id":…,"status":…,"error":{…}}}]}`.
///
/// ``FakeStep/items(_:)`` forces item statuses (429, 409, 400, 503 …) in order; other steps as for HEC.
/// ``documents`` is every document indexed (status 201).
final class FakeElasticsearch: Sendable {
    /// A request and what the fake did with it.
    struct Exchange: Sendable {
        var request: FakeHTTPServer.Request
        /// The HTTP status answered, or nil for a reset or close.
        var status: Int?
        /// The per-item statuses answered (empty when the request was refused as a whole).
        var itemStatuses: [Int]
        /// The documents of the request that were indexed (item status 201), as bytes.
        var indexed: [[UInt8]]
        /// Every document of the request, as bytes, when the body parsed.
        var documents: [[UInt8]]
    }

    let rules: Rules
    let server: FakeHTTPServer

    /// Starts on 127.0.0.1 for `stream`; `authorization` is the exact `Authorization` header required (nil: none).
    init(stream: String, authorization: String? = nil, script: [FakeStep] = [], maximumDocuments: Int? = nil)
        async throws
    {
        let rules = Rules(
            stream: stream, authorization: authorization, script: FakeScript(script), maximumDocuments: maximumDocuments
        )
        self.rules = rules
        server = try await FakeHTTPServer { request in rules.respond(to: request) }
    }

    /// The port.
    var port: Int { server.port }
    /// The script of the next answers.
    var script: FakeScript { rules.script }
    /// Every request so far.
    var exchanges: [Exchange] { rules.log.withLock { $0 } }

    /// Every indexed document, in the order indexed.
    var documents: [[String: Any]] {
        exchanges.flatMap(\.indexed).map {
            (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] ?? [:]
        }
    }

    func close() async { await server.close() }
}

extension FakeElasticsearch {
    /// The protocol: the state the responder needs (the server's closure holds it).
    final class Rules: Sendable {
        let stream: String
        let authorization: String?
        let script: FakeScript
        let maximumDocuments: Int?
        let log = Mutex<[Exchange]>([])
        private let ids = Mutex<Set<String>>([])
        private let sequence = Atomic<Int>(0)

        init(stream: String, authorization: String?, script: FakeScript, maximumDocuments: Int?) {
            self.stream = stream
            self.authorization = authorization
            self.script = script
            self.maximumDocuments = maximumDocuments
        }

        func respond(to request: FakeHTTPServer.Request) -> FakeHTTPServer.Reaction {
            let step = script.next()
            var exchange = Exchange(request: request, status: nil, itemStatuses: [], indexed: [], documents: [])
            defer { log.withLock { $0.append(exchange) } }
            switch step {
            case .reset:
                return .reset
            case .closeWithoutAnswer:
                return .closeWithoutAnswer
            case .fail(let status):
                exchange.status = status
                return .answer(status: status, body: Self.errorBody(status), delay: .zero)
            case .accept, .slow, .items:
                var forced: [Int] = []
                if case .items(let statuses) = step { forced = statuses }
                let (status, body) = apply(request, forced: forced, exchange: &exchange)
                exchange.status = status
                if case .slow(let delay) = step { return .answer(status: status, body: body, delay: delay) }
                return .answer(status: status, body: body, delay: .zero)
            }
        }

        private func apply(_ request: FakeHTTPServer.Request, forced: [Int], exchange: inout Exchange) -> (Int, String)
        {
            guard request.uri == "/\(stream)/_bulk" else {
                return (404, Self.error(404, "index_not_found_exception", "no such index [\(request.uri)]"))
            }
            guard request.method == .POST else {
                return (405, Self.error(405, "method_not_allowed", "Incorrect HTTP method for uri [\(request.uri)]"))
            }
            if let authorization, request.headers["Authorization"] != [authorization] {
                return (401, Self.errorBody(401))
            }
            let contentType = request.headers["Content-Type"]
            let mediaType = contentType.first?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
            guard contentType.count == 1, mediaType?.lowercased() == "application/x-ndjson" else {
                return (
                    406,
                    #"{"error":"Content-Type header [\#(contentType.joined(separator: ","))] is not supported","status":406}"#
                )
            }
            guard request.body.last == 0x0A else {
                return (
                    400,
                    Self.error(
                        400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]")
                )
            }
            let lines = request.body.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
            guard lines.count % 2 == 0, !lines.isEmpty else {
                return (
                    400,
                    Self.error(400, "action_request_validation_exception", "Validation Failed: 1: no requests added;")
                )
            }
            if let maximumDocuments, lines.count / 2 > maximumDocuments { return (413, Self.errorBody(413)) }
            var actions: [(name: String, id: String?)] = []
            var documents: [[UInt8]] = []
            for pair in stride(from: 0, to: lines.count, by: 2) {
                guard let action = (try? JSONSerialization.jsonObject(with: Data(lines[pair]))) as? [String: Any],
                    action.count == 1, let (name, metadata) = action.first, metadata is [String: Any]
                else {
                    return (
                        400,
                        Self.error(
                            400, "illegal_argument_exception",
                            "Malformed action/metadata line [\(pair + 1)], expected START_OBJECT or END_OBJECT")
                    )
                }
                guard (try? JSONSerialization.jsonObject(with: Data(lines[pair + 1]))) is [String: Any] else {
                    return (400, Self.error(400, "parse_exception", "request body is required on line [\(pair + 2)]"))
                }
                actions.append((name, (metadata as? [String: Any])?["_id"] as? String))
                documents.append(lines[pair + 1])
            }
            exchange.documents = documents
            var items: [String] = []
            for (offset, (action, id)) in actions.enumerated() {
                let document =
                    (try? JSONSerialization.jsonObject(with: Data(documents[offset]))) as? [String: Any] ?? [:]
                var status = offset < forced.count ? forced[offset] : 201
                if status == 201 && action != "create" { status = 400 }
                if status == 201 && document["@timestamp"] == nil { status = 400 }
                let documentID = id ?? "fake-\(sequence.add(1, ordering: .relaxed).newValue)"
                if status == 201 {
                    let fresh = ids.withLock { $0.insert(documentID).inserted }
                    if !fresh { status = 409 }
                }
                exchange.itemStatuses.append(status)
                if status == 201 { exchange.indexed.append(documents[offset]) }
                let index = "\".ds-\(stream)-2026.11.14-000001\""
                // The id as a JSON string, escaped as Elasticsearch writes it.
                let quotedID =
                    (try? JSONSerialization.data(withJSONObject: documentID, options: .fragmentsAllowed))
                    .map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
                var item = #"{"_index":\#(index),"_id":\#(quotedID),"status":\#(status)"#
                if status == 201 {
                    item += #","_version":1,"result":"created","_shards":{"total":1,"successful":1,"failed":0}"#
                } else {
                    let (type, reason) = Self.itemError(status, action: action, document: document)
                    item += #","error":{"type":"\#(type)","reason":"\#(reason)"}"#
                }
                items.append(#"{"\#(action)":\#(item)}}"#)
            }
            let errors = exchange.itemStatuses.contains { !(200..<300).contains($0) }
            return (200, #"{"took":1,"errors":\#(errors),"items":[\#(items.joined(separator: ","))]}"#)
        }

        /// The error Elasticsearch gives an item with `status`.
        static func itemError(_ status: Int, action: String, document: [String: Any]) -> (String, String) {
            switch status {
            case 400 where action != "create":
                ("illegal_argument_exception", "only write ops with an op_type of create are allowed in data streams")
            case 400 where document["@timestamp"] == nil:
                ("mapper_parsing_exception", "data stream timestamp field [@timestamp] is missing")
            case 400: ("mapper_parsing_exception", "failed to parse field [source.port] of type [long]")
            case 409: ("version_conflict_engine_exception", "document already exists")
            case 429: ("es_rejected_execution_exception", "rejected execution of coordinating operation")
            default: ("unavailable_shards_exception", "primary shard is not active")
            }
        }

        /// `{"error":{"root_cause":[…],"type":…,"reason":…},"status":…}`, as Elasticsearch refuses a request.
        static func error(_ status: Int, _ type: String, _ reason: String) -> String {
            let cause = #"{"type":"\#(type)","reason":"\#(reason)"}"#
            return #"{"error":{"root_cause":[\#(cause)],"type":"\#(type)","reason":"\#(reason)"},"status":\#(status)}"#
        }

        /// Elasticsearch's answers for the statuses a script can ask for.
        static func errorBody(_ status: Int) -> String {
            switch status {
            case 401:
                error(401, "security_exception", "unable to authenticate user [elastic] for REST request [/_bulk]")
            case 403: error(403, "security_exception", "action [indices:data/write/bulk] is unauthorized")
            case 413: error(413, "content_too_long_exception", "entity content is too long")
            case 429: error(429, "es_rejected_execution_exception", "rejected execution of coordinating operation")
            case 503: error(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master]")
            default: error(status, "exception", "status \(status)")
            }
        }
    }
}
