import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import Synchronization

/// `--metrics HOST:PORT`: `GET /metrics` in the Prometheus text format and `GET /healthz` (200 `ok` while the
/// output is connected or nothing waits for it, else 503 with the reason). Nothing else; bodies are ignored, one
/// request per connection is enough for Prometheus and probes.
final class MetricsServer: Sendable {
    let registry: PrometheusCollectorRegistry
    let health: @Sendable () -> (healthy: Bool, detail: String)
    let refresh: @Sendable () -> Void
    private let channel = Mutex<(any Channel)?>(nil)

    init(
        registry: PrometheusCollectorRegistry, refresh: @escaping @Sendable () -> Void,
        health: @escaping @Sendable () -> (healthy: Bool, detail: String)
    ) {
        self.registry = registry
        self.refresh = refresh
        self.health = health
    }

    /// Binds `endpoint`; returns the bound endpoint (port 0 picks one).
    func bind(_ endpoint: Endpoint, group: any EventLoopGroup) async throws -> Endpoint {
        let server = self
        let bound = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsRequestHandler(server: server))
                }
            }
            .bind(host: endpoint.host, port: endpoint.port).get()
        channel.withLock { $0 = bound }
        return Endpoint(host: endpoint.host, port: bound.localAddress?.port ?? endpoint.port)
    }

    func close() async {
        let open = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await open?.close()
    }

    func response(for uri: String) -> (HTTPResponseStatus, String, [UInt8]) {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        switch path {
        case "/metrics":
            refresh()
            var body: [UInt8] = []
            registry.emit(into: &body)
            return (.ok, "text/plain; version=0.0.4; charset=utf-8", body)
        case "/healthz":
            let (healthy, detail) = health()
            return (healthy ? .ok : .serviceUnavailable, "text/plain; charset=utf-8", Array((detail + "\n").utf8))
        default:
            return (.notFound, "text/plain; charset=utf-8", Array("try /metrics or /healthz\n".utf8))
        }
    }
}

final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: MetricsServer
    private var uri: String?
    private var method: HTTPMethod = .GET

    init(server: MetricsServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
            method = head.method
        case .body:
            break
        case .end:
            let (status, type, body) =
                method == .GET || method == .HEAD
                ? server.response(for: uri ?? "/")
                : (.methodNotAllowed, "text/plain; charset=utf-8", Array("GET only\n".utf8))
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: String(body.count))
            headers.add(name: "Connection", value: "close")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                promise: nil)
            if method != .HEAD {
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            }
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
