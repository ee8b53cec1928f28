/// Wraps an exporter for converting one block of a ``ParallelConversion``: records pass through, the prologue and
/// epilogue do not (the original exporter writes them once, before the first block and after the last).
struct BlockExporter<Inner: EventExporter>: EventExporter {
    static var format: ExportFormat { Inner.format }

    /// The wrapped exporter, in the state the block left it.
    var inner: Inner

    init(options: ExportOptions) throws(ExportError) { inner = try Inner(options: options) }

    init(wrapping inner: Inner) { self.inner = inner }

    @inline(__always)
    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) { inner.write(event, into: &output) }

    mutating func writePrologue(into output: inout OutputBuffer) {}

    mutating func writeEpilogue(into output: inout OutputBuffer) {}
}
