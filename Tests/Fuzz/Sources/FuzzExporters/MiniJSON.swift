/// A strict, minimal RFC 8259 reader for one ECS record, so values can be compared with what went in.
///
/// Written here rather than taken from Foundation: importing Foundation next to `KerioSIEMValidation` (whose libxml2
/// headers pull in the system's ICU) makes the compiler see two different `UErrorCode`s and fail.
enum MiniJSON: Equatable {
    case object([(String, MiniJSON)])
    case array([MiniJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: MiniJSON, rhs: MiniJSON) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// The value of `key` in an object (the first, if repeated).
    subscript(key: String) -> MiniJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed); `nil` if `bytes` are not that.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> MiniJSON? {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.position == bytes.count ? value : nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func expect(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for index in 0..<count where bytes[position + index] != literal.utf8Start[index] { return false }
            position += count
            return true
        }

        mutating func value(depth: Int) -> MiniJSON? {
            guard depth < 64, let byte = peek else { return nil }
            switch byte {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map(MiniJSON.string)
            case UInt8(ascii: "t"): return expect("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return expect("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return expect("null") ? .null : nil
            default: return number()
            }
        }

        mutating func object(depth: Int) -> MiniJSON? {
            position += 1
            var members: [(String, MiniJSON)] = []
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { return nil }
                position += 1
                skipWhitespace()
                guard let member = value(depth: depth + 1) else { return nil }
                members.append((key, member))
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return .object(members)
                default: return nil
                }
            }
        }

        mutating func array(depth: Int) -> MiniJSON? {
            position += 1
            var elements: [MiniJSON] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                guard let element = value(depth: depth + 1) else { return nil }
                elements.append(element)
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    return .array(elements)
                default: return nil
                }
            }
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func number() -> MiniJSON? {
            let start = position
            func digits(_ reader: inout Reader) -> Int {
                var count = 0
                while let byte = reader.peek, byte &- 0x30 < 10 {
                    reader.position += 1
                    count += 1
                }
                return count
            }
            if peek == UInt8(ascii: "-") { position += 1 }
            if peek == UInt8(ascii: "0") {
                position += 1
            } else if digits(&self) == 0 {
                return nil
            }
            if peek == UInt8(ascii: ".") {
                position += 1
                guard digits(&self) > 0 else { return nil }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard digits(&self) > 0 else { return nil }
            }
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
        }

        /// A string: no raw control characters, only the RFC 8259 escapes, `\u` surrogates paired, valid UTF-8.
        mutating func string() -> String? {
            position += 1
            var scalars = String.UnicodeScalarView()
            var runStart = position
            func flushRun(_ reader: Reader, upTo end: Int) -> Bool {
                guard end > runStart else { return true }
                guard
                    let run = String(
                        validating: UnsafeBufferPointer(rebasing: reader.bytes[runStart..<end]),
                        as: UTF8.self)
                else { return false }
                scalars.append(contentsOf: run.unicodeScalars)
                return true
            }
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    guard flushRun(self, upTo: position) else { return nil }
                    position += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    guard flushRun(self, upTo: position) else { return nil }
                    position += 1
                    guard let escaped = peek else { return nil }
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(unit) {
                            guard expect("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low),
                                let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                            else { return nil }
                            scalars.append(scalar)
                        } else {
                            guard let scalar = Unicode.Scalar(unit) else { return nil }  // lone low surrogate
                            scalars.append(scalar)
                        }
                    default: return nil
                    }
                    runStart = position
                default:
                    guard byte >= 0x20 else { return nil }
                    position += 1
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 0x30
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 0x61 + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 0x41 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }
    }
}
