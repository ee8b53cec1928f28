/// Receives the fields of one record from ``ECSProjection/project(_:into:)``. The writers of the `ecs`, `csv` and
/// `xml` formats take the same walk (through an internal, typed variant of this protocol), so every visitor and all
/// three formats see the same fields with the same values.
///
/// The contract a visitor can rely on: fields arrive in ``ECSField`` case order (strictly increasing `rawValue`), each
/// at most once, only when present, with a value of the field's type (a ``ECSValue/textList(_:)`` exactly for list
/// fields, ``ECSValue/integer(_:)`` for `long`, ``ECSValue/timestamp(epochMilliseconds:)`` for `date`). Byte buffers
/// are valid only during the call.
///
/// ```swift
/// struct FieldCounter: ECSFieldVisitor {
///     var count = 0
///     mutating func visit(_ field: ECSField, _ value: ECSValue) { count += 1 }
/// }
/// ```
public protocol ECSFieldVisitor {
    /// Receives one present field of the record.
    mutating func visit(_ field: ECSField, _ value: ECSValue)
}
