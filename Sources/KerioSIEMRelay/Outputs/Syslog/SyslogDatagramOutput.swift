import NIOCore
import NIOPosix
import Synchronization

/// Syslog over UDP (RFC 5426): one datagram per record, best effort — UDP confirms nothing, so a lost datagram is
/// lost. A record longer than a datagram can carry (65,507 bytes) is dropped and counted (`oversized`).
final class SyslogDatagramOutput: RecordOutput {
    let endpoint: Endpoint
    let group: any EventLoopGroup
    let statistics: RelayStatistics
    private let channel = Mutex<(any Channel)?>(nil)

    init(endpoint: Endpoint, group: any EventLoopGroup, statistics: RelayStatistics) {
        self.endpoint = endpoint
        self.group = group
        self.statistics = statistics
    }

    func deliver(_ batch: RecordBatch) async throws(DeliveryFailure) -> DeliveryOutcome {
        do {
            let channel = try await connectedChannel()
            var oversized = 0
            var start = 0
            var last: EventLoopFuture<Void>?
            for (index, end) in batch.ends.enumerated() {
                let length = end - 1 - start
                if length > 65_507 {
                    oversized += 1
                } else {
                    var buffer = channel.allocator.buffer(capacity: length)
                    buffer.writeBytes(batch.bytes[start..<(end - 1)])
                    if index == batch.ends.count - 1 {
                        last = channel.writeAndFlush(buffer)
                    } else {
                        channel.write(buffer, promise: nil)
                    }
                }
                start = end
            }
            // One flush at the end: NIO sends the datagrams with sendmmsg.
            if let last { try await last.get() } else { channel.flush() }
            if oversized > 0 { statistics.drop(.oversized, oversized) }
            return DeliveryOutcome(rejected: oversized, retry: nil)
        } catch let failure as DeliveryFailure {
            throw failure
        } catch {
            self.channel.withLock { $0 = nil }
            throw DeliveryFailure("\(endpoint): \(error)")
        }
    }

    private func connectedChannel() async throws -> any Channel {
        if let open = channel.withLock({ $0 }), open.isActive { return open }
        let connected = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DiscardingDatagramHandler())
                }
            }
            .connect(host: endpoint.host, port: endpoint.port).get()
        channel.withLock { $0 = connected }
        statistics.setOutputConnected(true)
        return connected
    }

    func close() async {
        let open = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await open?.close()
    }
}

/// Ignores datagrams and ICMP errors (port unreachable) on a sending socket: UDP is best effort.
final class DiscardingDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
