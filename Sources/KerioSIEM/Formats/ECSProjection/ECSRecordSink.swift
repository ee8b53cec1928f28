/// What the `ecs`, `csv` and `xml` writers receive from ``ECSProjection``: the fields of one record, typed by how a
/// writer must treat the value.
///
/// The public ``ECSFieldVisitor`` sees one ``ECSValue`` per field; the built-in writers need one more fact to be
/// fast: whether a text value can be copied as it is (``verbatim(_:_:)``: literals of the projection and checked IP
/// literals, which no escaping, CSV quoting or formula guard would change) or must be escaped (``text(_:_:)``). The
/// ordering contract is ``ECSFieldVisitor``'s: catalogue order, each field at most once, only when present.
///
/// The protocol is internal and the projection is generic over it, so each writer gets a specialised walk with direct
/// calls (no existential, no enum payload per field).
protocol ECSRecordSink {
    /// A string value from the log line or the options: any bytes, to be escaped.
    mutating func text(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>)
    /// A string value made only of `[A-Za-z0-9._:-]`, not starting with `-`: safe unescaped in JSON, XML and CSV.
    mutating func verbatim(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>)
    /// A `long` value.
    mutating func integer(_ field: ECSField, _ value: Int64)
    /// A `date` value.
    mutating func timestamp(_ field: ECSField, epochMilliseconds: Int64)
    /// A list field (at least one element); `verbatim` says all elements are ``verbatim(_:_:)``-safe.
    mutating func list(_ field: ECSField, _ list: ECSTextList, verbatim: Bool)
}
