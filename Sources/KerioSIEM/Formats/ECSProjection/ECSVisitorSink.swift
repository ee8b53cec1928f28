/// Adapts a public ``ECSFieldVisitor`` to the internal ``ECSRecordSink``, so that ``ECSProjection/project(_:into:)``
/// and the built-in writers share one walk: verbatim and escaped text both become ``ECSValue/text(_:)``.
struct ECSVisitorSink<Visitor: ECSFieldVisitor>: ECSRecordSink {
    /// The wrapped visitor; the projection moves it in and out, so nothing is copied.
    var visitor: Visitor

    mutating func text(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        visitor.visit(field, .text(ECSText(value)))
    }

    mutating func verbatim(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        visitor.visit(field, .text(ECSText(value)))
    }

    mutating func integer(_ field: ECSField, _ value: Int64) { visitor.visit(field, .integer(value)) }

    mutating func timestamp(_ field: ECSField, epochMilliseconds: Int64) {
        visitor.visit(field, .timestamp(epochMilliseconds: epochMilliseconds))
    }

    mutating func list(_ field: ECSField, _ list: ECSTextList, verbatim: Bool) { visitor.visit(field, .textList(list)) }
}
