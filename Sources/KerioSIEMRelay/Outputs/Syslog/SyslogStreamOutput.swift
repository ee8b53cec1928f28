import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Syslog over TCP or TLS to a SIEM (QRadar, ArcSight, Sentinel's forwarder, syslog-ng, rsyslog, Wazuh).
///
/// A batch is confirmed when its bytes are written and flushed to the socket. TCP cannot say more: bytes the
/// receiver's kernel accepted are lost if the receiver dies before reading them. So after every reconnect the last
/// `resendWindow` bytes written before the failure are sent again first: at least once, with at most that much
/// repeated per reconnect (documented in the README).
///
/// ```swift
/// let output = SyslogStreamOutput(endpoint: Endpoint(host: "siem", port: 6514), tls: tlsConfiguration,
///                                 framing: .octetCounting, group: group, statistics: statistics)
/// ```
final class SyslogStreamOutput: RecordOutput {
    let endpoint: Endpoint
    let tls: TLSConfiguration?
    let framing: StreamFraming
    let group: any EventLoopGroup
    let statistics: RelayStatistics
    let resendWindow: Int
    let connectTimeout: TimeAmount
    /// The name for SNI and certificate verification (default: the host of the endpoint).
    let serverName: String?

    struct State {
        var channel: (any Channel)?
        /// The first error the open connection's pipeline reported.
        var errors: ConnectionErrorRecorder?
        var sslContext: NIOSSLContext?
        /// The last bytes written, oldest first, at most `resendWindow` in all.
        var recent: [[UInt8]] = []
        var recentBytes = 0
        /// Set when a connection failed: the next one starts with `recent`.
        var mustResend = false
    }
    private let state = Mutex(State())

    init(
        endpoint: Endpoint, tls: TLSConfiguration?, framing: StreamFraming, group: any EventLoopGroup,
        statistics: RelayStatistics, serverName: String? = nil, resendWindow: Int = 1 << 20,
        connectTimeout: TimeAmount = .seconds(5)
    ) {
        self.serverName = serverName
        self.endpoint = endpoint
        self.tls = tls
        self.framing = framing
        self.group = group
        self.statistics = statistics
        self.resendWindow = resendWindow
        self.connectTimeout = connectTimeout
    }

    func deliver(_ batch: RecordBatch) async throws(DeliveryFailure) -> DeliveryOutcome {
        var bytes: [UInt8] = []
        framing.frame(batch, into: &bytes)
        do {
            let (channel, resend) = try await connection()
            if !resend.isEmpty {
                var buffer = channel.allocator.buffer(capacity: resend.reduce(0) { $0 + $1.count })
                for chunk in resend { buffer.writeBytes(chunk) }
                try await channel.writeAndFlush(buffer).get()
            }
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
            // A peer that closed while we wrote: the bytes may be gone.
            guard channel.isActive else {
                let cause = state.withLock { $0.errors?.first }
                throw DeliveryFailure("\(endpoint) closed the connection" + (cause.map { ": \($0)" } ?? ""))
            }
        } catch let failure as DeliveryFailure {
            dropConnection()
            throw failure
        } catch {
            // A write after NIOSSL closed the connection fails only with "I/O on closed channel": the cause (an
            // untrusted certificate, a name that does not match) is what the pipeline reported first.
            let cause = state.withLock { $0.errors?.first }
            dropConnection()
            throw DeliveryFailure("\(endpoint): \(cause ?? "\(error)")")
        }
        remember(bytes)
        return .delivered
    }

    private func remember(_ bytes: [UInt8]) {
        state.withLock { state in
            state.recent.append(bytes)
            state.recentBytes += bytes.count
            while state.recentBytes > resendWindow, state.recent.count > 1 {
                state.recentBytes -= state.recent.removeFirst().count
            }
            if state.recentBytes > resendWindow {
                state.recent.removeAll()
                state.recentBytes = 0
            }
        }
    }

    private func dropConnection() {
        let channel = state.withLock { state -> (any Channel)? in
            defer {
                state.channel = nil
                state.mustResend = true
            }
            return state.channel
        }
        channel?.close(promise: nil)
        statistics.setOutputConnected(false)
    }

    /// The open connection, or a new one (the host is resolved again each time), with what it must resend first.
    private func connection() async throws -> (any Channel, [[UInt8]]) {
        if let channel = state.withLock({ $0.channel }), channel.isActive { return (channel, []) }
        let sslContext = try state.withLock { state -> NIOSSLContext? in
            guard let tls else { return nil }
            if let context = state.sslContext { return context }
            let context = try NIOSSLContext(configuration: tls)
            state.sslContext = context
            return context
        }
        let serverName = self.serverName ?? endpoint.host
        let errors = ConnectionErrorRecorder()
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.writeBufferWaterMark, value: .init(low: 256 << 10, high: 1 << 20))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let isAddress = (try? SocketAddress(ipAddress: serverName, port: 0)) != nil
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: isAddress ? nil : serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(errors)
                    try channel.pipeline.syncOperations.addHandler(DiscardingInboundHandler())
                }
            }
            .connect(host: endpoint.host, port: endpoint.port).get()
        statistics.setOutputConnected(true)
        let resend = state.withLock { state -> [[UInt8]] in
            state.channel = channel
            state.errors = errors
            defer { state.mustResend = false }
            return state.mustResend ? state.recent : []
        }
        return (channel, resend)
    }

    func close() async {
        let channel = state.withLock { state -> (any Channel)? in
            defer { state.channel = nil }
            return state.channel
        }
        try? await channel?.close()
    }
}

/// Reads and forgets what a syslog receiver sends back (nothing, normally), so that its bytes never pile up.
final class DiscardingInboundHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

/// Keeps the first error a connection's pipeline reported (a refused TLS handshake, a reset) for the log, and passes
/// it on.
final class ConnectionErrorRecorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let recorded = Mutex<String?>(nil)

    /// The first error, as text, or nil.
    var first: String? { recorded.withLock { $0 } }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        recorded.withLock { first in
            if first == nil { first = "\(error)" }
        }
        context.fireErrorCaught(error)
    }
}
