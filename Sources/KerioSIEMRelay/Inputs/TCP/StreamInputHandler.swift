import KerioSIEM
import NIOCore

/// One TCP or TLS connection: frames the stream (``SyslogStreamFramer``), converts each message and hands the
/// records to the queue after every read; when the queue is full it stops reading the socket until there is room, so
/// the sender's TCP window pushes back.
final class StreamInputHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let context: InputContext
    private let converter: any MessageConverter
    private var framer = SyslogStreamFramer()
    private var accounted = ConversionReport()
    private var pending: RecordBatch?
    private var admitted = false

    init(context: InputContext) {
        self.context = context
        self.converter = context.makeConverter()
    }

    func channelActive(context channelContext: ChannelHandlerContext) {
        let channel = channelContext.channel
        guard self.context.allow.permits(channel.remoteAddress) else {
            self.context.statistics.drop(.notAllowed)
            channelContext.close(promise: nil)
            return
        }
        guard self.context.admit(channel) else {
            self.context.statistics.drop(.tooManyConnections)
            channelContext.close(promise: nil)
            return
        }
        admitted = true
        self.context.statistics.add(.connections)
        self.context.statistics.connectionsChanged(by: 1)
        converter.sender = InputContext.senderText(channel.remoteAddress)
        channelContext.fireChannelActive()
    }

    func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
        guard admitted else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { framer.feed($0, into: converter) }
    }

    func channelReadComplete(context channelContext: ChannelHandlerContext) {
        guard admitted else { return }
        hand(converter.takeBatch(), channelContext)
    }

    func channelInactive(context channelContext: ChannelHandlerContext) {
        guard admitted else { return }
        admitted = false
        // The connection is gone: its last partial line is converted too, and nothing already read is lost, even
        // past the queue's limit (at most one read's worth).
        var last = pending ?? RecordBatch()
        pending = nil
        last.append(contentsOf: converter.finish())
        self.context.account(converter.report, since: &accounted)
        if !self.context.queue.tryPush(last) { self.context.queue.forcePush(last) }
        self.context.release(channelContext.channel)
        self.context.statistics.connectionsChanged(by: -1)
        channelContext.fireChannelInactive()
    }

    func userInboundEventTriggered(context channelContext: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            self.context.statistics.drop(.idle)
            channelContext.close(promise: nil)
            return
        }
        channelContext.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context channelContext: ChannelHandlerContext, error: any Error) {
        // A reset, a TLS failure, a malformed handshake: the connection ends, the relay goes on.
        channelContext.close(promise: nil)
    }

    private func hand(_ batch: RecordBatch, _ channelContext: ChannelHandlerContext) {
        self.context.account(converter.report, since: &accounted)
        var batch = batch
        if let earlier = pending {
            var merged = earlier
            merged.append(contentsOf: batch)
            batch = merged
            pending = nil
        }
        guard !batch.isEmpty else { return }
        if context.queue.tryPush(batch) { return }
        if context.queue.isClosed {
            context.queue.forcePush(batch)
            return
        }
        // Full: stop reading until the queue has room, then hand the records over and read again.
        pending = batch
        let channel = channelContext.channel
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        let loopBound = NIOLoopBound((self, channelContext), eventLoop: channelContext.eventLoop)
        let eventLoop = channelContext.eventLoop
        context.queue.whenSpace {
            eventLoop.execute {
                let (handler, channelContext) = loopBound.value
                handler.resume(channelContext)
            }
        }
    }

    private func resume(_ channelContext: ChannelHandlerContext) {
        guard admitted, let batch = pending else { return }
        pending = nil
        hand(batch, channelContext)
        if pending == nil {
            channelContext.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            channelContext.read()
        }
    }
}
