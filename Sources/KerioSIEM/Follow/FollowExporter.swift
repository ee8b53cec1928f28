/// Wraps the exporter of a ``FileFollower``: records pass through; the prologue and the epilogue only when asked.
///
/// A follow appends to its output across restarts, so a CSV header is written only into an empty output, and a
/// document's closing (XML's `</events>`) only when the caller says the document may end.
struct FollowExporter<Inner: EventExporter>: EventExporter {
    static var format: ExportFormat { Inner.format }

    var inner: Inner
    var writesPrologue = true
    var writesEpilogue = true

    init(options: ExportOptions) throws(ExportError) { inner = try Inner(options: options) }

    init(wrapping inner: Inner, writesPrologue: Bool, writesEpilogue: Bool) {
        self.inner = inner
        self.writesPrologue = writesPrologue
        self.writesEpilogue = writesEpilogue
    }

    @inline(__always)
    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) { inner.write(event, into: &output) }

    mutating func writePrologue(into output: inout OutputBuffer) {
        if writesPrologue { inner.writePrologue(into: &output) }
    }

    mutating func writeEpilogue(into output: inout OutputBuffer) {
        if writesEpilogue { inner.writeEpilogue(into: &output) }
    }
}
