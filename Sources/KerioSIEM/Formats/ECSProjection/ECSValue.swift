/// One value of an ``ECSField``, as ``ECSProjection`` hands it to an ``ECSFieldVisitor``.
///
/// Text is passed as ``ECSText``, the **raw bytes** (from the log line, the options or a constant), valid only during
/// the `visit` call: each writer escapes it for its own syntax. Nothing here allocates.
///
/// ```swift
/// switch value {
/// case .text(let text): output.write(text, escaping: .jsonString)
/// case .integer(let number): output.write(decimal: number)
/// case .timestamp(let milliseconds): output.writeRFC3339(epochMilliseconds: milliseconds)
/// case .textList(let list): for index in 0..<list.count { output.write(list[index], escaping: .jsonString) }
/// }
/// ```
public enum ECSValue {
    /// A string value, as raw bytes that may hold anything (invalid UTF-8, NUL, CR, LF…).
    case text(ECSText)
    /// A `long` value.
    case integer(Int64)
    /// A `date` value, in milliseconds since the Unix epoch.
    case timestamp(epochMilliseconds: Int64)
    /// The elements of a list field (at least one).
    case textList(ECSTextList)
}
