import NIOCore
import NIOPosix
import Synchronization

/// A TCP receiver for tests (the SIEM side): collects every byte on any connection.
final class TestSyslogReceiver: Sendable {
    let channel: any Channel
    private let received = Received()
    private let children = Children()

    final class Received: Sendable { let bytes = Mutex<[UInt8]>([]) }
    final class Children: Sendable { let channels = Mutex<[any Channel]>([]) }

    /// Binds 127.0.0.1 on `port` (0: any).
    init(port: Int = 0) async throws {
        let received = received
        let children = children
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_rcvbuf), value: 16_384)
            .childChannelInitializer { child in
                children.channels.withLock { $0.append(child) }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Collector(received: received))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }

    var port: Int { channel.localAddress!.port! }

    /// Everything received so far.
    var bytes: [UInt8] { received.bytes.withLock { $0 } }

    /// The received text split into LF-terminated lines.
    var lines: [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map(String.init)
    }

    /// Waits until `condition` holds on the bytes received, for at most `limit`.
    func wait(atMost limit: Duration = .seconds(10), until condition: ([UInt8]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition(bytes) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(bytes)
    }

    func close() async {
        for child in children.channels.withLock({ $0 }) { try? await child.close() }
        try? await channel.close()
    }

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received: Received
        init(received: Received) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.bytes.withLock { $0.append(contentsOf: buffer.readableBytesView) }
        }
    }
}

/// Sends bytes to a relay's listener, as Kerio Control (or a forwarding syslog daemon) would.
enum TestSender {
    /// Opens a TCP connection to `host` (127.0.0.1 unless given):`port`, writes `bytes`, and closes when they are
    /// written.
    static func sendTCP(_ bytes: [UInt8], port: Int, host: String = "127.0.0.1") async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port).get()
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
        try await channel.close()
    }

    /// Sends each message as one UDP datagram to 127.0.0.1:`port`.
    static func sendUDP(_ messages: [[UInt8]], port: Int) async throws {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        for message in messages {
            let envelope = AddressedEnvelope(remoteAddress: target, data: channel.allocator.buffer(bytes: message))
            try await channel.writeAndFlush(envelope).get()
        }
        try await channel.close()
    }
}
