import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// The HTTP side the Splunk and Elasticsearch outputs share: one `HTTPClient` (connection pool, TLS verified
/// against the system roots or `--tls-ca`, no retry of a failed connection inside the pool), POST with a deadline,
/// the answer's status and body.
final class HTTPPoster: Sendable {
    let client: HTTPClient
    let baseURL: String
    let timeout: TimeAmount

    init(
        endpoint: Endpoint, secure: Bool, tls: TLSConfiguration?, group: any EventLoopGroup,
        timeout: TimeAmount = .seconds(30)
    ) {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: secure ? tls : nil, timeout: .init(connect: .seconds(5), read: timeout))
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        // A refused or failed connection fails the request at once instead of being retried inside the pool until
        // the connect timeout (5 s) runs out: DeliveryLoop then retries with its own backoff, counts the retry and
        // logs the outage, as it does for the syslog outputs.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
        baseURL = "\(secure ? "https" : "http")://\(endpoint)"
        self.timeout = timeout
    }

    /// POSTs `body` to `path`; the status and up to 16 MiB of the answer, or a ``DeliveryFailure`` for a
    /// connection that failed, timed out or was reset.
    func post(path: String, headers: HTTPHeaders, body: [UInt8]) async throws(DeliveryFailure)
        -> (status: Int, body: ByteBuffer)
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers = headers
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let answer = try await response.body.collect(upTo: 16 << 20)
            return (Int(response.status.code), answer)
        } catch {
            throw DeliveryFailure("\(baseURL)\(path): \(error)")
        }
    }

    func shutdown() async { try? await client.shutdown() }
}

extension RecordBatch {
    /// Records `range` of the batch, as a batch of their own (what an HTTP output sends again).
    func records(_ range: Range<Int>) -> RecordBatch {
        var part = RecordBatch()
        for index in range { part.append(recordOf: self, at: index) }
        return part
    }

    /// This batch followed by `other`.
    func appending(_ other: RecordBatch) -> RecordBatch {
        var joined = self
        joined.append(contentsOf: other)
        return joined
    }
}
