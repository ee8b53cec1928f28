import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP/1.1 server on NIOHTTP1 for the HEC and `_bulk` fakes: it collects each request whole, asks a
/// responder what to do, and does it — answer (now or after a delay), reset the connection (RST, via SO_LINGER 0)
/// or close it without answering. The protocol rules live in the responders (``FakeSplunkHEC``,
/// ``FakeElasticsearch``); this file only moves bytes.
final class FakeHTTPServer: Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: HTTPMethod
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// What to do with a request.
    enum Reaction: Sendable {
        /// Answer with `status` and a JSON `body`, after `delay`.
        case answer(status: Int, body: String, delay: Duration)
        /// Reset the connection (TCP RST), no answer.
        case reset
        /// Close the connection cleanly (FIN), no answer.
        case closeWithoutAnswer
    }

    typealias Responder = @Sendable (Request) -> Reaction

    private let responder: Responder
    private let channel: any Channel
    /// The bound port on 127.0.0.1.
    let port: Int

    /// Binds 127.0.0.1 on an ephemeral port.
    init(responder: @escaping Responder) async throws {
        self.responder = responder
        let responder = responder
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(responder: responder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// Closes the listening socket (open connections end with their peers).
    func close() async { try? await channel.close() }

    private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
        // One instance per connection, used only on that connection's event loop.
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let responder: Responder
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(responder: @escaping Responder) { self.responder = responder }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.removeAll()
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                self.head = nil
                let request = Request(method: head.method, uri: head.uri, headers: head.headers, body: body)
                react(responder(request), keepAlive: head.isKeepAlive, context: context)
            }
        }

        private func react(_ reaction: Reaction, keepAlive: Bool, context: ChannelHandlerContext) {
            let channel = context.channel
            switch reaction {
            case .reset:
                let provider = channel as? any SocketOptionProvider
                _ = provider?.setSoLinger(linger(l_onoff: 1, l_linger: 0)).always { _ in channel.close(promise: nil) }
                if provider == nil { channel.close(promise: nil) }
            case .closeWithoutAnswer:
                channel.close(promise: nil)
            case .answer(let status, let text, let delay):
                let loop = context.eventLoop
                let bound = NIOLoopBound(context, eventLoop: loop)
                let send = {
                    let context = bound.value
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json; charset=UTF-8")
                    headers.add(name: "Content-Length", value: String(text.utf8.count))
                    if !keepAlive { headers.add(name: "Connection", value: "close") }
                    let head = HTTPResponseHead(
                        version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
                    context.write(self.wrapOutboundOut(.head(head)), promise: nil)
                    context.write(
                        self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in
                        if !keepAlive { channel.close(promise: nil) }
                    }
                }
                if delay == .zero {
                    send()
                } else {
                    let nanoseconds =
                        delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
                    loop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                        // The client may have given up and closed meanwhile: then there is no one to answer.
                        if channel.isActive { send() }
                    }
                }
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}

/// One scripted behaviour of a fake, for the next request.
enum FakeStep: Sendable, Equatable {
    /// Apply the protocol and answer as the real service would.
    case accept
    /// Answer this HTTP status with the service's documented error body (401, 403, 413, 429, 503, …).
    case fail(Int)
    /// Apply the protocol (the request is taken, as a real service that is slow to answer has already indexed it)
    /// and answer only after this long.
    case slow(Duration)
    /// Reset the connection without an answer.
    case reset
    /// Close the connection without an answer.
    case closeWithoutAnswer
    /// `_bulk` only: accept the request, and give the items these statuses in order (201 after the list ends).
    case items([Int])
}

/// The steps still to play, then ``FakeStep/accept`` for ever; thread-safe.
final class FakeScript: Sendable {
    private let steps: Mutex<[FakeStep]>

    init(_ steps: [FakeStep]) { self.steps = Mutex(steps) }

    /// The step for the next request.
    func next() -> FakeStep {
        steps.withLock { steps in steps.isEmpty ? .accept : steps.removeFirst() }
    }

    /// Appends steps (a test that changes the service's mind mid-run).
    func append(_ more: [FakeStep]) { steps.withLock { $0.append(contentsOf: more) } }
}

/// Waits until `condition` holds, checking every 10 ms, for at most `limit`; whether it held.
func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
