/// A strict RFC 8259 parser: exactly one JSON text, nothing lenient.
///
/// Rejects what permissive readers let through: trailing commas, comments, single quotes, `NaN`/`Infinity`, leading
/// zeros and `+` signs, control characters inside strings, escapes other than the eight of §7, lone UTF-16
/// surrogates, ill-formed UTF-8, numbers a `Double` cannot hold, and duplicate object keys (§4 leaves their meaning to
/// the reader; SIEM ingesters disagree, so an exporter must never write them). Nesting deeper than
/// ``maximumDepth`` is an error instead of a stack overflow.
///
/// ```swift
/// let value = try JSONParser.parse(buffer)   // JSONValue, or SyntaxError(offset:message:)
/// ```
struct JSONParser {
    /// Where and why the text is not JSON; `offset` counts bytes from the start of the text.
    struct SyntaxError: Error, Sendable {
        var offset: Int
        var message: String
    }

    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses `bytes` as one JSON text, optionally surrounded by whitespace.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.index < bytes.count else { throw parser.error("expected a JSON value, found the end of the text") }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.error("unexpected \(IssueText.describe(byte: bytes[parser.index])) after the JSON value")
        }
        return value
    }

    /// Parses `bytes` (a whole file) as one JSON text.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        let result: Result<JSONValue, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(SyntaxError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: - Values

    private mutating func parseValue() throws(SyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("expected a JSON value, found the end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error("unexpected \(IssueText.describe(byte: bytes[index])): JSON has no NaN or Infinity")
        case UInt8(ascii: "'"):
            throw error("unexpected \"'\": JSON strings use double quotes")
        case UInt8(ascii: "+"):
            throw error("unexpected '+': JSON numbers have no plus sign")
        default:
            throw error("unexpected \(IssueText.describe(byte: bytes[index])) where a value was expected")
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONValue {
        try enter()
        index += 1  // {
        var members: [JSONValue.Member] = []
        var keys: Set<String> = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}") { throw error("trailing comma before '}'") }
                throw error(
                    index < bytes.count
                        ? "expected a property name in double quotes, found \(IssueText.describe(byte: bytes[index]))"
                        : "unterminated object: expected a property name, found the end of the text")
            }
            let keyOffset = index
            let key = try parseString()
            // Small objects are searched linearly; hashing every key costs more. Large ones use a set (stay linear).
            let duplicate: Bool
            if members.count < 16 {
                duplicate = members.contains { $0.key == key }
            } else {
                if keys.isEmpty { keys = Set(members.map(\.key)) }
                duplicate = !keys.insert(key).inserted
            }
            guard !duplicate else {
                throw SyntaxError(
                    offset: keyOffset, message: "duplicate key \(IssueText.quoted(key)) in the same object")
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw error("expected ':' after property name \(IssueText.quoted(key))")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONValue.Member(key: key, value: value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            case nil: throw error("unterminated object: expected ',' or '}', found the end of the text")
            case let byte?:
                throw error("expected ',' or '}' after a property value, found \(IssueText.describe(byte: byte))")
            }
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONValue {
        try enter()
        index += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { throw error("trailing comma before ']'") }
            items.append(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(items)
            case nil: throw error("unterminated array: expected ',' or ']', found the end of the text")
            case let byte?:
                throw error("expected ',' or ']' after an array item, found \(IssueText.describe(byte: byte))")
            }
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    // MARK: - Strings

    private mutating func parseString() throws(SyntaxError) -> String {
        let open = index
        index += 1  // "
        let start = index
        // Fast path: no escapes, so the bytes between the quotes are the string (after the UTF-8 check).
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            try plainByte(byte)
        }
        guard index < bytes.count else { throw SyntaxError(offset: open, message: "unterminated string") }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape()
            default:
                let from = index
                try plainByte(byte)
                scratch.append(contentsOf: bytes[from..<index])
            }
        }
        throw SyntaxError(offset: open, message: "unterminated string")
    }

    /// Accepts one unescaped character (ASCII or a whole UTF-8 sequence) and moves past it.
    private mutating func plainByte(_ byte: UInt8) throws(SyntaxError) {
        if byte < 0x20 {
            throw error(
                "control character U+00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) "
                    + "inside a string must be escaped")
        }
        if byte < 0x80 {
            index += 1
            return
        }
        let length = UTF8Check.sequenceLength(bytes, at: index)
        guard length > 0 else { throw error("invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true))") }
        index += length
    }

    private mutating func escape() throws(SyntaxError) {
        index += 1  // backslash
        guard let byte = peek() else { throw error("unterminated escape at the end of the text") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), peek(offset: 1) == UInt8(ascii: "u") else {
                    throw error(
                        "lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true)) "
                            + "is not followed by a low surrogate")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(
                        "high surrogate is followed by \\u\(String(low, radix: 16, uppercase: true)), "
                            + "not a low surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true))")
            }
            scratch.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
        default:
            index -= 1
            throw error("invalid escape '\\\(byteText(byte))' (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), AddressSyntax.isHexDigit(byte) else {
                throw error("\\u must be followed by four hex digits")
            }
            let digit = byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: - Numbers and literals

    private mutating func parseNumber() throws(SyntaxError) -> JSONNumber {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), AddressSyntax.isDigit(first) else { throw error("'-' must be followed by a digit") }
        index += 1
        if first == UInt8(ascii: "0"), let next = peek(), AddressSyntax.isDigit(next) {
            throw error("numbers must not have leading zeros")
        }
        skipDigits()
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw error("'.' in a number must be followed by a digit") }
        }
        if let byte = peek(), byte | 0x20 == UInt8(ascii: "e") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw error("the exponent of a number must have digits") }
        }
        let literal = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = JSONNumber(literal: literal) else {
            throw SyntaxError(offset: start, message: "number \(literal) is out of the range of a double")
        }
        return number
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = peek(), AddressSyntax.isDigit(byte) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + text.count <= bytes.count, bytes[index..<index + text.count].elementsEqual(text) else {
            throw error("unexpected \(IssueText.describe(byte: bytes[index])) where a value was expected")
        }
        index += text.count
    }

    // MARK: - Helpers

    private func peek(offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    private mutating func skipWhitespace() {
        // RFC 8259 §2: space, TAB, LF, CR; nothing else (no NBSP, no BOM).
        while let byte = peek(),
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        {
            index += 1
        }
    }

    private func error(_ message: String) -> SyntaxError { SyntaxError(offset: index, message: message) }

    private func byteText(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "\\u{\(String(byte, radix: 16))}"
    }
}
