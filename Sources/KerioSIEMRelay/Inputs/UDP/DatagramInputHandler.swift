import KerioSIEM
import NIOCore

/// A UDP socket (RFC 5426): each datagram is one message (LF-separated lines in it are several); the records of one
/// read loop go to the queue together. UDP has no backpressure: when the queue is full the records are dropped and
/// counted (`queue_full`), never silently.
final class DatagramInputHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let context: InputContext
    private let converter: any MessageConverter
    private var accounted = ConversionReport()
    private var lastSender: SocketAddress?

    init(context: InputContext) {
        self.context = context
        self.converter = context.makeConverter()
    }

    func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard context.allow.permits(envelope.remoteAddress) else {
            context.statistics.drop(.notAllowed)
            return
        }
        if lastSender != envelope.remoteAddress {
            // Records converted so far belong to the previous sender's device name.
            lastSender = envelope.remoteAddress
            converter.sender = InputContext.senderText(envelope.remoteAddress)
        }
        envelope.data.withUnsafeReadableBytes { converter.addMessage($0) }
    }

    func channelReadComplete(context channelContext: ChannelHandlerContext) {
        let batch = converter.takeBatch()
        context.account(converter.report, since: &accounted)
        guard !batch.isEmpty else { return }
        if !context.queue.tryPush(batch) { context.statistics.drop(.queueFull, batch.count) }
    }

    func errorCaught(context channelContext: ChannelHandlerContext, error: any Error) {
        // An ICMP error or a truncated datagram must not end the listener.
    }
}
