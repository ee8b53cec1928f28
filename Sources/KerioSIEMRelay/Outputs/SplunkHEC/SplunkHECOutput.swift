import NIOCore
import NIOHTTP1
import NIOSSL

/// Splunk's HTTP Event Collector: `POST /services/collector/event` with `Authorization: Splunk <token>`, several
/// event objects one after another in one body (not a JSON array), each with `time`, `host`, `source`,
/// `sourcetype`, optionally `index`, and `event` — the ECS object itself for `-f ecs`, the record as a string for
/// CEF, LEEF and others.
///
/// A 2xx confirms the batch (HEC's 200 means the events were accepted for indexing; indexer acknowledgement is not
/// used). 429, 503 and other 5xx, and connection failures, are retried; 401 and 403 are retried too but logged as
/// errors (a wrong token must not lose records); 413 splits the batch; another 4xx (400: invalid data) sends the
/// events one by one and writes those still refused to the dead-letter file.
final class SplunkHECOutput: RecordOutput {
    let poster: HTTPPoster
    let settings: SplunkHECSettings
    let recordsAreJSON: Bool
    let deadLetters: DeadLetterFile?
    let statistics: RelayStatistics

    init(
        endpoint: Endpoint, secure: Bool, tls: TLSConfiguration?, group: any EventLoopGroup,
        timeout: TimeAmount = .seconds(30), settings: SplunkHECSettings, recordsAreJSON: Bool,
        deadLetters: DeadLetterFile?, statistics: RelayStatistics
    ) {
        poster = HTTPPoster(endpoint: endpoint, secure: secure, tls: tls, group: group, timeout: timeout)
        self.settings = settings
        self.recordsAreJSON = recordsAreJSON
        self.deadLetters = deadLetters
        self.statistics = statistics
    }

    func deliver(_ batch: RecordBatch) async throws(DeliveryFailure) -> DeliveryOutcome {
        var rejected = 0
        var start = 0
        while start < batch.count {
            let end = min(batch.count, start + settings.maximumEvents)
            do {
                rejected += try await send(batch, start..<end)
            } catch  where start > 0 {
                // The requests before this one were confirmed: only the rest is sent again, so that a failure in
                // the middle of a large batch does not index its first part twice.
                return DeliveryOutcome(rejected: rejected, retry: batch.records(start..<batch.count))
            }
            start = end
        }
        return DeliveryOutcome(rejected: rejected, retry: nil)
    }

    /// Sends records `range`; returns how many were refused for good.
    private func send(_ batch: RecordBatch, _ range: Range<Int>) async throws(DeliveryFailure) -> Int {
        let status: Int
        let answer: ByteBuffer
        do {
            (status, answer) = try await poster.post(
                path: "/services/collector/event", headers: headers, body: body(batch, range))
        } catch {
            // No answer: the output is down for /healthz and the connected gauge until one comes.
            statistics.setOutputConnected(false)
            throw error
        }
        statistics.setOutputConnected(true)
        switch status {
        case 200..<300:
            return 0
        case 401, 403:
            throw DeliveryFailure(
                "Splunk HEC refused the token (HTTP \(status)): \(String(buffer: answer))", isTransient: false)
        case 413 where range.count > 1:
            let middle = range.lowerBound + range.count / 2
            return try await send(batch, range.lowerBound..<middle) + send(batch, middle..<range.upperBound)
        case 429, 500..<600:
            throw DeliveryFailure("Splunk HEC answered HTTP \(status): \(String(buffer: answer))")
        default:
            guard range.count > 1 else {
                deadLetters?.append(
                    record: batch.record(at: range.lowerBound), status: status, error: String(buffer: answer))
                return 1
            }
            var refused = 0
            for index in range { refused += try await send(batch, index..<(index + 1)) }
            return refused
        }
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Splunk \(settings.token ?? "")")
        headers.add(name: "Content-Type", value: "application/json")
        return headers
    }

    /// The events of `range`, one JSON object per line.
    func body(_ batch: RecordBatch, _ range: Range<Int>) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(batch.bytes.count / max(1, batch.count) * range.count + 160 * range.count)
        for index in range {
            body.append(contentsOf: "{".utf8)
            if let milliseconds = batch.time(at: index) {
                body.append(contentsOf: "\"time\":".utf8)
                appendSeconds(milliseconds, to: &body)
                body.append(0x2C)
            }
            let host = batch.host(at: index)
            if !host.isEmpty {
                body.append(contentsOf: "\"host\":".utf8)
                JSONText.appendString(host, to: &body)
                body.append(0x2C)
            }
            body.append(contentsOf: "\"source\":".utf8)
            JSONText.appendString(settings.source.utf8, to: &body)
            body.append(contentsOf: ",\"sourcetype\":".utf8)
            JSONText.appendString(settings.sourcetype.utf8, to: &body)
            if let index = settings.index {
                body.append(contentsOf: ",\"index\":".utf8)
                JSONText.appendString(index.utf8, to: &body)
            }
            body.append(contentsOf: ",\"event\":".utf8)
            let record = batch.record(at: index)
            if recordsAreJSON && record.first == UInt8(ascii: "{") {
                body.append(contentsOf: record)
            } else {
                JSONText.appendString(record, to: &body)
            }
            body.append(contentsOf: "}\n".utf8)
        }
        return body
    }

    /// `1700000000.123`: epoch seconds with milliseconds, as HEC's `time` takes them.
    private func appendSeconds(_ milliseconds: Int64, to body: inout [UInt8]) {
        let negative = milliseconds < 0
        let magnitude = negative ? -milliseconds : milliseconds
        if negative { body.append(0x2D) }
        body.append(contentsOf: String(magnitude / 1_000).utf8)
        body.append(0x2E)
        let fraction = magnitude % 1_000
        body.append(UInt8(0x30 + fraction / 100))
        body.append(UInt8(0x30 + fraction / 10 % 10))
        body.append(UInt8(0x30 + fraction % 10))
    }

    func close() async { await poster.shutdown() }
}
