import Foundation
import KerioSIEM

/// Each format's documented rules, re-implemented independently of the exporters (Foundation for dates, Unicode
/// scalars for replacements), to compute what a parser must read back.
enum ECSExpected {
    /// A value as a consumer reads it back; strings compare by exact Unicode scalars (Swift's `==` on `String` would
    /// treat canonically equivalent strings as equal).
    enum Leaf: Equatable, CustomStringConvertible {
        case string([Unicode.Scalar])
        case integer(Int64)
        case list([[Unicode.Scalar]])

        static func text(_ string: String) -> Leaf { .string(Array(string.unicodeScalars)) }

        var description: String {
            func show(_ scalars: [Unicode.Scalar]) -> String {
                var text = String(String.UnicodeScalarView(scalars)).debugDescription
                if text.count > 120 { text = String(text.prefix(100)) + "…(\(scalars.count) scalars)" }
                return text
            }
            switch self {
            case .string(let scalars): return show(scalars)
            case .integer(let number): return String(number)
            case .list(let items): return "[" + items.map(show).joined(separator: ", ") + "]"
            }
        }
    }

    /// `2013-03-02T08:54:38.000Z`, computed with Foundation's calendar (not the exporter's integer arithmetic).
    static func rfc3339(_ milliseconds: Int64) -> String {
        var seconds = milliseconds / 1_000
        var millis = milliseconds % 1_000
        if millis < 0 {
            seconds -= 1
            millis += 1_000
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let millisText = String(millis)
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) + "."
            + String(repeating: "0", count: 3 - millisText.count) + millisText + "Z"
    }

    /// Raw bytes as any UTF-8 decoder with replacement reads them (maximal subparts → U+FFFD).
    static func repaired(_ bytes: [UInt8]) -> [Unicode.Scalar] {
        Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    }

    static let replacement: Unicode.Scalar = "\u{FFFD}"

    // MARK: - JSON

    /// JSON strings are lossless apart from the UTF-8 repair.
    static func json(_ recorded: ECSRecordingVisitor) -> [(String, Leaf)] {
        recorded.fields.map { field, value in
            let leaf: Leaf =
                switch value {
                case .text(let bytes): .string(repaired(bytes))
                case .integer(let number): .integer(number)
                case .timestamp(let milliseconds): .text(rfc3339(milliseconds))
                case .list(let items): .list(items.map(repaired))
                }
            return ("\(field.name)", leaf)
        }
    }

    // MARK: - CSV

    /// CSV cells: control characters other than TAB, LF, CR → U+FFFD; `'` before a text cell starting with
    /// `= + - @ TAB CR LF` when guarded; lists joined by `|`; numbers and timestamps bare; absent fields empty.
    static func csvRow(_ recorded: ECSRecordingVisitor, formulaGuard: Bool) -> [[Unicode.Scalar]] {
        let guardStarts: Set<UInt8> = Set("=+-@\t\r\n".utf8)
        func cell(_ bytes: [UInt8]) -> [Unicode.Scalar] {
            repaired(bytes).map { scalar in
                scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" ? replacement : scalar
            }
        }
        return ECSField.allCases.map { field in
            switch recorded[field] {
            case nil: return []
            case .integer(let number): return Array(String(number).unicodeScalars)
            case .timestamp(let milliseconds): return Array(rfc3339(milliseconds).unicodeScalars)
            case .text(let bytes):
                let prefix: [Unicode.Scalar] =
                    formulaGuard && bytes.first.map(guardStarts.contains) == true ? ["'"] : []
                return prefix + cell(bytes)
            case .list(let items):
                let prefix: [Unicode.Scalar] =
                    formulaGuard && items[0].first.map(guardStarts.contains) == true ? ["'"] : []
                return prefix + Array(items.map(cell).joined(separator: ["|"]))
            }
        }
    }

    // MARK: - XML

    /// XML text: C0 other than TAB/LF/CR, U+FFFE and U+FFFF → U+FFFD (CR survives as `&#xD;`); lists repeat the
    /// element; paths drop the `@` of `@timestamp`.
    static func xml(_ recorded: ECSRecordingVisitor) -> [(String, Leaf)] {
        func text(_ bytes: [UInt8]) -> [Unicode.Scalar] {
            repaired(bytes).map { scalar in
                (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
                    || scalar.value == 0xFFFE || scalar.value == 0xFFFF ? replacement : scalar
            }
        }
        var pairs: [(String, Leaf)] = []
        for (field, value) in recorded.fields {
            let path = "\(field.name)".hasPrefix("@") ? String("\(field.name)".dropFirst()) : "\(field.name)"
            switch value {
            case .text(let bytes): pairs.append((path, .string(text(bytes))))
            case .integer(let number): pairs.append((path, .text(String(number))))
            case .timestamp(let milliseconds): pairs.append((path, .text(rfc3339(milliseconds))))
            case .list(let items): for item in items { pairs.append((path, .string(text(item)))) }
            }
        }
        return pairs
    }

    // MARK: - Decoding what Python printed

    /// `[[name, value], …]` pairs (JSON mode: value is a string, an integer or a list of strings).
    static func pairs(_ record: Any) -> [(String, Leaf)]? {
        guard let list = record as? [[Any]] else { return nil }
        var result: [(String, Leaf)] = []
        for pair in list {
            guard pair.count == 2, let name = pair[0] as? String else { return nil }
            if let string = pair[1] as? String {
                result.append((name, .text(string)))
            } else if let items = pair[1] as? [String] {
                result.append((name, .list(items.map { Array($0.unicodeScalars) })))
            } else if let number = pair[1] as? NSNumber {
                result.append((name, .integer(number.int64Value)))
            } else {
                return nil
            }
        }
        return result
    }
}
