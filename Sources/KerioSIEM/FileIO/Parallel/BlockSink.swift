/// Appends a block session's output to the block.
struct BlockSink<Exporter: EventExporter>: ByteSink {
    unowned let block: ConversionBlock<Exporter>

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { block.output.append(contentsOf: bytes) }
}
