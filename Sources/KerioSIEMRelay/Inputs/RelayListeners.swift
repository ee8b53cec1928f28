import KerioSIEM
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The relay's `--listen` sockets: binds each URL, runs a ``StreamInputHandler`` per TCP/TLS connection and a
/// ``DatagramInputHandler`` per UDP socket, and closes them all at shutdown.
///
/// ```swift
/// let listeners = RelayListeners(group: group, context: context, tls: nil, maximumMessageSize: 65_536)
/// let bound = try await listeners.bind([try ListenURL(parsing: "tcp://127.0.0.1:0")])   // the real ports
/// ```
final class RelayListeners: Sendable {
    let group: any EventLoopGroup
    let context: InputContext
    let tls: NIOSSLContext?
    let maximumMessageSize: Int
    /// Bytes asked for each UDP socket's receive buffer (SO_RCVBUF, and SO_RCVBUFFORCE when allowed).
    let datagramReceiveBuffer: Int
    private let channels = Mutex<[any Channel]>([])

    init(
        group: any EventLoopGroup, context: InputContext, tls: NIOSSLContext?, maximumMessageSize: Int,
        datagramReceiveBuffer: Int = 8 << 20
    ) {
        self.group = group
        self.context = context
        self.tls = tls
        self.maximumMessageSize = maximumMessageSize
        self.datagramReceiveBuffer = datagramReceiveBuffer
    }

    /// Binds every URL; returns each with its bound port (useful with port 0).
    func bind(_ urls: [ListenURL]) async throws -> [ListenURL] {
        var bound: [ListenURL] = []
        for url in urls {
            let channel: any Channel
            switch url.transport {
            case .udp: channel = try await bindDatagram(url.endpoint)
            case .tcp: channel = try await bindStream(url.endpoint, tls: nil)
            case .tls:
                guard let tls else {
                    throw RelayConfigurationError.invalidSetting(
                        "--listen \(url)", "a TLS listener needs --tls-cert and --tls-key")
                }
                channel = try await bindStream(url.endpoint, tls: tls)
            }
            channels.withLock { $0.append(channel) }
            var actual = url
            if let port = channel.localAddress?.port { actual.endpoint.port = port }
            bound.append(actual)
        }
        return bound
    }

    private func bindStream(_ endpoint: Endpoint, tls: NIOSSLContext?) async throws -> any Channel {
        let context = self.context
        let idle = context.idleTimeout
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            // One read per wake-up, of at most 256 KiB: what a connection converts between two looks at the queue
            // is what may overshoot its bound when it is full. NIO's default of 4 reads of up to 1 MiB let one
            // sender put ~25,000 records beyond a --queue-size of 100 (and 88 MiB of RSS) while the SIEM stalled.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 4_096, initial: 65_536, maximum: 256 << 10)
            )
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                    if let idle { try pipeline.addHandler(IdleStateHandler(readTimeout: idle)) }
                    try pipeline.addHandler(StreamInputHandler(context: context))
                }
            }
            .bind(host: endpoint.host, port: endpoint.port).get()
    }

    private func bindDatagram(_ endpoint: Endpoint) async throws -> any Channel {
        let context = self.context
        let perMessage = min(max(maximumMessageSize + 1, 2_048), 65_536)
        let messages = 32
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.datagramVectorReadMessageCount, value: messages)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: perMessage * messages))
            .channelOption(.maxMessagesPerRead, value: 16)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramInputHandler(context: context))
                }
            }
            .bind(host: endpoint.host, port: endpoint.port).get()
        // A large receive buffer rides out bursts while the relay is busy; SO_RCVBUFFORCE (root) passes the
        // system's rmem_max, plain SO_RCVBUF is capped by it.
        // SO_RCVBUFFORCE is 33 on Linux.
        let force = ChannelOptions.Types.SocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(33))
        do {
            try await channel.setOption(force, value: SocketOptionValue(datagramReceiveBuffer)).get()
        } catch {
            try? await channel.setOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(datagramReceiveBuffer))
                .get()
        }
        return channel
    }

    /// Closes the listening sockets, then every connection (each hands its last records to the queue).
    func close() async {
        let open = channels.withLock { channels in
            defer { channels.removeAll() }
            return channels
        }
        for channel in open { try? await channel.close() }
        await context.closeAll()
    }
}
