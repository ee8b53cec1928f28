import Foundation
import KerioSIEM
import NIOCore
import NIOHTTP1
import NIOSSL

/// Elasticsearch `_bulk` into a data stream: `POST /<stream>/_bulk` with `Content-Type: application/x-ndjson`, a
/// `{"create":{}}` action before each ECS record (data streams accept only `create`), with the record's stable id as
/// `_id` when it has one (records of `follow --to`), so that a replay is idempotent.
///
/// The answer's per-item statuses are read: 2xx delivered; **409** (the document exists: a replay of a record with a
/// stable id) counts as delivered; **429** and 5xx items are sent again after a backoff; any other status is refused
/// for good, written to the dead-letter file and counted. At the HTTP level 429 and 5xx are retried, 401 and 403
/// retried with an error logged, 413 splits the request.
final class ElasticsearchBulkOutput: RecordOutput {
    let poster: HTTPPoster
    let dataStream: String
    let settings: ElasticsearchSettings
    let deadLetters: DeadLetterFile?
    let statistics: RelayStatistics

    init(
        endpoint: Endpoint, dataStream: String, secure: Bool, tls: TLSConfiguration?, group: any EventLoopGroup,
        timeout: TimeAmount = .seconds(30), settings: ElasticsearchSettings, deadLetters: DeadLetterFile?,
        statistics: RelayStatistics
    ) {
        poster = HTTPPoster(endpoint: endpoint, secure: secure, tls: tls, group: group, timeout: timeout)
        self.dataStream = dataStream
        self.settings = settings
        self.deadLetters = deadLetters
        self.statistics = statistics
    }

    func deliver(_ batch: RecordBatch) async throws(DeliveryFailure) -> DeliveryOutcome {
        var outcome = DeliveryOutcome.delivered
        var start = 0
        while start < batch.count {
            let end = min(batch.count, start + settings.maximumDocuments)
            let part: DeliveryOutcome
            do {
                part = try await send(batch, start..<end)
            } catch  where start > 0 {
                // The requests before this one were confirmed: only the rest is sent again (a record without a
                // stable `_id` — the relay's network inputs — would be indexed twice if sent twice).
                outcome.retry = (outcome.retry ?? RecordBatch()).appending(batch.records(start..<batch.count))
                return outcome
            }
            outcome.rejected += part.rejected
            if let retry = part.retry {
                if outcome.retry == nil { outcome.retry = RecordBatch() }
                outcome.retry!.append(contentsOf: retry)
            }
            start = end
        }
        return outcome
    }

    private func send(_ batch: RecordBatch, _ range: Range<Int>) async throws(DeliveryFailure) -> DeliveryOutcome {
        var body: [UInt8] = []
        body.reserveCapacity(batch.bytes.count + 16 * range.count)
        for index in range {
            let id = batch.id(at: index)
            if id.isEmpty {
                body.append(contentsOf: "{\"create\":{}}\n".utf8)
            } else {
                // A followed line's stable id: a replay (after a restart, or a request resent after a lost answer)
                // finds the document already indexed and gets 409, counted as delivered, instead of a duplicate.
                body.append(contentsOf: "{\"create\":{\"_id\":\"".utf8)
                var escaped = OutputBuffer()
                id.withUnsafeBufferPointer { escaped.write($0, escaping: .jsonString) }
                body.append(contentsOf: escaped.bytes)
                body.append(contentsOf: "\"}}\n".utf8)
            }
            body.append(contentsOf: batch.record(at: index))
            body.append(0x0A)
        }
        let status: Int
        let answer: ByteBuffer
        do {
            (status, answer) = try await poster.post(path: "/\(dataStream)/_bulk", headers: headers, body: body)
        } catch {
            // No answer: the output is down for /healthz and the connected gauge until one comes.
            statistics.setOutputConnected(false)
            throw error
        }
        statistics.setOutputConnected(true)
        switch status {
        case 200..<300:
            return try items(of: answer, batch, range)
        case 401, 403:
            throw DeliveryFailure(
                "Elasticsearch refused the credentials (HTTP \(status)): \(String(buffer: answer))", isTransient: false)
        case 413 where range.count > 1:
            let middle = range.lowerBound + range.count / 2
            var first = try await send(batch, range.lowerBound..<middle)
            let second = try await send(batch, middle..<range.upperBound)
            first.rejected += second.rejected
            if let retry = second.retry {
                if first.retry == nil { first.retry = RecordBatch() }
                first.retry!.append(contentsOf: retry)
            }
            return first
        case 429, 500..<600:
            throw DeliveryFailure("Elasticsearch answered HTTP \(status): \(String(buffer: answer))")
        default:
            let reason = String(buffer: answer)
            for index in range { deadLetters?.append(record: batch.record(at: index), status: status, error: reason) }
            return DeliveryOutcome(rejected: range.count, retry: nil)
        }
    }

    /// Reads `items[i].create.status` (and `error`) for each record of `range`.
    private func items(of answer: ByteBuffer, _ batch: RecordBatch, _ range: Range<Int>) throws(DeliveryFailure)
        -> DeliveryOutcome
    {
        let bytes = Data(answer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
            throw DeliveryFailure("Elasticsearch's _bulk answer is not a JSON object")
        }
        guard (object["errors"] as? Bool) == true else { return .delivered }
        guard let items = object["items"] as? [[String: Any]], items.count == range.count else {
            throw DeliveryFailure("Elasticsearch's _bulk answer has no status for each document")
        }
        var outcome = DeliveryOutcome.delivered
        for (offset, item) in items.enumerated() {
            let result = (item["create"] ?? item.values.first) as? [String: Any] ?? [:]
            let status = result["status"] as? Int ?? 0
            let index = range.lowerBound + offset
            switch status {
            case 200..<300, 409:
                continue
            case 429, 500..<600:
                if outcome.retry == nil { outcome.retry = RecordBatch() }
                outcome.retry!.append(recordOf: batch, at: index)
            default:
                outcome.rejected += 1
                deadLetters?.append(
                    record: batch.record(at: index), status: status, error: Self.reason(result["error"]))
            }
        }
        return outcome
    }

    private static func reason(_ error: Any?) -> String {
        guard let error = error as? [String: Any] else { return "\(error ?? "no reason given")" }
        let type = error["type"] as? String ?? "error"
        let reason = error["reason"] as? String ?? ""
        return reason.isEmpty ? type : "\(type): \(reason)"
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-ndjson")
        if let apiKey = settings.apiKey {
            headers.add(name: "Authorization", value: "ApiKey \(apiKey)")
        } else if let username = settings.username {
            let credentials = Data("\(username):\(settings.password ?? "")".utf8).base64EncodedString()
            headers.add(name: "Authorization", value: "Basic \(credentials)")
        }
        return headers
    }

    func close() async { await poster.shutdown() }
}
