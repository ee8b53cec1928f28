import Foundation
import NIOHTTP1
import Synchronization

/// A strict Splunk HTTP Event Collector, as documented ("Format events for HTTP Event Collector", "HTTP Event
/// Collector REST API endpoints", "Troubleshoot HTTP Event Collector" — the status codes and JSON bodies):
///
/// - only `POST /services/collector/event` (anything else: 404 `{"text":"The requested URL was not found on this
///   server.","code":404}`; another method: 405);
/// - `Authorization: Splunk <token>`: missing → 401 code 2 `Token is required`, not `Splunk …` → 401 code 3
///   `Invalid authorization`, a token other than ``token`` → 403 code 4 `Invalid token`;
/// - the body is event objects one after another (whitespace between them allowed, a JSON array is not): an empty
///   body → 400 code 5 `No data`; each must be an object with `event` (missing → 400 code 12 `Event field is
///   required`, empty string or null → code 13 `Event field cannot be blank`), `time` a number, `host`, `source`,
///   `sourcetype`, `index` strings, `fields` an object, and no other key; otherwise 400 code 6 `Invalid data
///   format` with the 0-based `invalid-event-number`. A rejected request indexes nothing (HEC parses the whole body
///   before it indexes).
/// - success: 200 `{"text":"Success","code":0}`.
///
/// ``script`` overrides the next answers (503 busy, 429, 413, a slow answer, a reset, …); ``requests`` is every
/// request received, ``events`` every event indexed (from answered 2xx requests, and from slow ones even if the
/// client gave up before the answer — they were indexed).
final class FakeSplunkHEC: Sendable {
    /// A request and what the fake did with it.
    struct Exchange: Sendable {
        var request: FakeHTTPServer.Request
        /// The status answered, or nil for a reset or close.
        var status: Int?
        /// The event objects of the body, as bytes, when it parsed.
        var events: [[UInt8]]
    }

    let rules: Rules
    let server: FakeHTTPServer

    /// Starts on 127.0.0.1, on an ephemeral port.
    init(token: String, script: [FakeStep] = [], maximumEvents: Int? = nil) async throws {
        let rules = Rules(token: token, script: FakeScript(script), maximumEvents: maximumEvents)
        self.rules = rules
        server = try await FakeHTTPServer { request in rules.respond(to: request) }
    }

    /// The port.
    var port: Int { server.port }
    /// The script of the next answers.
    var script: FakeScript { rules.script }

    /// The token accepted from now on.
    func accept(token: String) { rules.acceptedToken.withLock { $0 = token } }

    /// Every request so far.
    var exchanges: [Exchange] { rules.log.withLock { $0 } }

    /// Every indexed event, in the order indexed.
    var events: [[String: Any]] {
        exchanges.filter { $0.status.map { (200..<300).contains($0) } ?? false }.flatMap(\.events).map {
            (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] ?? [:]
        }
    }

    func close() async { await server.close() }
}

extension FakeSplunkHEC {
    /// The protocol: the state the responder needs (the server's closure holds it).
    final class Rules: Sendable {
        let script: FakeScript
        let acceptedToken: Mutex<String>
        /// At most this many events per request (more: 413), nil for no limit.
        let maximumEvents: Int?
        let log = Mutex<[Exchange]>([])

        init(token: String, script: FakeScript, maximumEvents: Int?) {
            self.script = script
            acceptedToken = Mutex(token)
            self.maximumEvents = maximumEvents
        }

        func respond(to request: FakeHTTPServer.Request) -> FakeHTTPServer.Reaction {
            let step = script.next()
            var exchange = Exchange(request: request, status: nil, events: [])
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
                let (status, body, events) = apply(request)
                exchange.status = status
                exchange.events = events
                if case .slow(let delay) = step { return .answer(status: status, body: body, delay: delay) }
                return .answer(status: status, body: body, delay: .zero)
            }
        }

        /// The documented checks; the status, the answer and the events.
        private func apply(_ request: FakeHTTPServer.Request) -> (Int, String, [[UInt8]]) {
            let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
            guard path == "/services/collector/event" else {
                return (404, #"{"text":"The requested URL was not found on this server.","code":404}"#, [])
            }
            guard request.method == .POST else { return (405, #"{"text":"Method not allowed","code":405}"#, []) }
            let authorizations = request.headers["Authorization"]
            guard authorizations.count == 1, let authorization = authorizations.first else {
                return (401, #"{"text":"Token is required","code":2}"#, [])
            }
            guard authorization.hasPrefix("Splunk ") else {
                return (401, #"{"text":"Invalid authorization","code":3}"#, [])
            }
            guard authorization.dropFirst("Splunk ".count) == acceptedToken.withLock({ $0 }) else {
                return (403, #"{"text":"Invalid token","code":4}"#, [])
            }
            guard let objects = Self.split(request.body) else {
                return (400, #"{"text":"Invalid data format","code":6,"invalid-event-number":0}"#, [])
            }
            guard !objects.isEmpty else { return (400, #"{"text":"No data","code":5}"#, []) }
            if let maximumEvents, objects.count > maximumEvents { return (413, Self.errorBody(413), []) }
            for (number, object) in objects.enumerated() {
                if let code = Self.check(object) {
                    let text =
                        code == 12
                        ? "Event field is required" : code == 13 ? "Event field cannot be blank" : "Invalid data format"
                    return (400, #"{"text":"\#(text)","code":\#(code),"invalid-event-number":\#(number)}"#, [])
                }
            }
            return (200, #"{"text":"Success","code":0}"#, objects)
        }

        /// The typed metadata of an event: JSONDecoder refuses a `time` that is a string or a boolean, a `host`
        /// that is a number — the types HEC documents. (JSONSerialization alone cannot tell `true` from `1`.)
        private struct Metadata: Decodable {
            var time: Double?
            var host: String?
            var source: String?
            var sourcetype: String?
            var index: String?
        }

        /// nil if `bytes` is a valid event object, else HEC's error code.
        static func check(_ bytes: [UInt8]) -> Int? {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
                return 6
            }
            guard let event = object["event"] else { return 12 }
            if event is NSNull || (event as? String)?.isEmpty == true { return 13 }
            guard (try? JSONDecoder().decode(Metadata.self, from: Data(bytes))) != nil else { return 6 }
            let known: Set = ["event", "time", "host", "source", "sourcetype", "index", "fields"]
            guard object.keys.allSatisfy(known.contains) else { return 6 }
            if let fields = object["fields"], !(fields is [String: Any]) { return 6 }
            return nil
        }

        /// Splits concatenated JSON objects (whitespace between them); nil if the body is not that (an array, a bare
        /// value, an unterminated object). Each object is checked by JSONSerialization afterwards.
        static func split(_ body: [UInt8]) -> [[UInt8]]? {
            var objects: [[UInt8]] = []
            var index = 0
            while index < body.count {
                let byte = body[index]
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                    index += 1
                    continue
                }
                guard byte == UInt8(ascii: "{") else { return nil }
                let start = index
                var depth = 0
                var inString = false
                var escaped = false
                while index < body.count {
                    let byte = body[index]
                    index += 1
                    if inString {
                        if escaped {
                            escaped = false
                        } else if byte == 0x5C {
                            escaped = true
                        } else if byte == 0x22 {
                            inString = false
                        }
                        continue
                    }
                    if byte == 0x22 {
                        inString = true
                    } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                        depth += 1
                    } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                }
                guard depth == 0, !inString else { return nil }
                objects.append(Array(body[start..<index]))
            }
            return objects
        }

        /// HEC's answers for the statuses a script can ask for.
        static func errorBody(_ status: Int) -> String {
            switch status {
            case 400: #"{"text":"Invalid data format","code":6,"invalid-event-number":0}"#
            case 401: #"{"text":"Token is required","code":2}"#
            case 403: #"{"text":"Invalid token","code":4}"#
            case 413: #"{"text":"Content too large","code":413}"#
            case 429: #"{"text":"Too many requests","code":429}"#
            case 503: #"{"text":"Server is busy","code":9}"#
            default: #"{"text":"Internal server error","code":8}"#
            }
        }
    }
}
