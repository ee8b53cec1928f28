import KerioSIEM

/// Records what ``ECSProjection`` hands to a visitor, copying the bytes, so tests can inspect the mapping and compute
/// each format's expected output from it.
struct ECSRecordingVisitor: ECSFieldVisitor {
    /// A recorded value.
    enum Value: Equatable, CustomStringConvertible {
        case text([UInt8])
        case integer(Int64)
        case timestamp(Int64)
        case list([[UInt8]])

        var description: String {
            switch self {
            case .text(let bytes): "text(\(String(decoding: bytes, as: UTF8.self).debugDescription))"
            case .integer(let number): "integer(\(number))"
            case .timestamp(let milliseconds): "timestamp(\(milliseconds))"
            case .list(let items): "list(\(items.map { String(decoding: $0, as: UTF8.self) }))"
            }
        }
    }

    var fields: [(field: ECSField, value: Value)] = []

    mutating func visit(_ field: ECSField, _ value: ECSValue) {
        switch value {
        case .text(let text): fields.append((field, .text(text.array)))
        case .integer(let number): fields.append((field, .integer(number)))
        case .timestamp(let milliseconds): fields.append((field, .timestamp(milliseconds)))
        case .textList(let list): fields.append((field, .list((0..<list.count).map { list[$0].array })))
        }
    }

    /// The recorded value of `field`, if visited.
    subscript(field: ECSField) -> Value? { fields.first { $0.field == field }?.value }

    /// The recorded text of `field` as a string (lists joined by `|`), for readable expectations.
    func string(_ field: ECSField) -> String? {
        switch self[field] {
        case .text(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let number): String(number)
        case .timestamp(let milliseconds): ECSExpected.rfc3339(milliseconds)
        case .list(let items): items.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "|")
        case nil: nil
        }
    }

    /// Projects `event` with `options` and records it.
    static func record(_ event: SecurityEvent, options: ExportOptions = ExportOptions()) -> ECSRecordingVisitor {
        var projection = ECSProjection(options: options)
        var visitor = ECSRecordingVisitor()
        projection.project(event, into: &visitor)
        return visitor
    }
}
