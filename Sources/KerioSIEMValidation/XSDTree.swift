/// The element tree of an XSD, read by a deliberately small XML reader: what ``XMLFastSchema`` compiles its model
/// from.
///
/// Contract: ``read(_:)`` returns the tree only for the plain XML a generated schema is written in (an optional XML
/// declaration, comments, elements with quoted attributes, white space between elements) and `nil` for anything else
/// (a DOCTYPE, CDATA, processing instructions after the declaration, text, references other than the five predefined
/// ones, ill-formed UTF-8). Why not libxml2's DOM: the fast model must only ever mean *less* than the schema libxml2
/// compiled; a reader that refuses whatever it does not fully understand cannot misread, and `nil` simply leaves the
/// fast path off. Attribute values are normalised as XML 1.0 §3.3.3 says for CDATA attributes (TAB, LF, CR → space).
struct XSDTree {
    /// The qualified name as written (`xs:element`).
    var name: String
    /// The attributes in document order, names as written (`xmlns:xs`, `minOccurs`).
    var attributes: [(name: String, value: String)]
    var children: [XSDTree]

    /// The value of the attribute written `name`, if present.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The root element of `bytes`, or `nil` when they are not the plain XML this reader accepts.
    static func read(_ bytes: [UInt8]) -> XSDTree? {
        guard UTF8Check.firstInvalidOffset(bytes.withUnsafeBufferPointer { $0 }) == nil else { return nil }
        var reader = Reader(bytes: bytes)
        return reader.document()
    }

    /// A forward-only cursor over the schema's bytes.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        /// Elements deeper than this are refused (keeps the recursion bounded on any input).
        static let maximumDepth = 64

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        func starts(_ literal: String) -> Bool {
            let literal = Array(literal.utf8)
            return index + literal.count <= bytes.count && Array(bytes[index..<index + literal.count]) == literal
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Skips past the next `terminator`; false when there is none.
        mutating func skip(past terminator: String) -> Bool {
            while index < bytes.count {
                if starts(terminator) {
                    index += terminator.utf8.count
                    return true
                }
                index += 1
            }
            return false
        }

        /// Skips white space and comments; false on an unterminated comment.
        mutating func skipMisc() -> Bool {
            while true {
                skipSpace()
                guard starts("<!--") else { return true }
                index += 4
                guard skip(past: "-->") else { return false }
            }
        }

        mutating func document() -> XSDTree? {
            if starts("<?xml ") {
                guard skip(past: "?>") else { return nil }
            }
            guard skipMisc(), let root = element(depth: 0), skipMisc(), index == bytes.count else { return nil }
            return root
        }

        /// A name: letters, digits and `_ - . :` (ASCII only: every name in a generated schema is).
        mutating func name() -> String? {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                let isNameByte =
                    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: ":")
                guard isNameByte else { break }
                index += 1
            }
            guard index > start, !(bytes[start] >= 0x30 && bytes[start] <= 0x39) else { return nil }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// A quoted attribute value with the five predefined references decoded and white space normalised.
        mutating func attributeValue() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                return nil
            }
            let quote = bytes[index]
            index += 1
            var value: [UInt8] = []
            while index < bytes.count, bytes[index] != quote {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "<"): return nil
                case 0x09, 0x0A, 0x0D: value.append(0x20)
                case UInt8(ascii: "&"):
                    let references: [(String, UInt8)] = [
                        ("&lt;", UInt8(ascii: "<")), ("&gt;", UInt8(ascii: ">")), ("&amp;", UInt8(ascii: "&")),
                        ("&quot;", UInt8(ascii: "\"")), ("&apos;", UInt8(ascii: "'")),
                    ]
                    guard let (text, decoded) = references.first(where: { starts($0.0) }) else { return nil }
                    value.append(decoded)
                    index += text.utf8.count
                    continue
                default:
                    if byte < 0x20 { return nil }
                    value.append(byte)
                }
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            return String(decoding: value, as: UTF8.self)
        }

        mutating func element(depth: Int) -> XSDTree? {
            guard depth < Self.maximumDepth, starts("<"), !starts("<!"), !starts("<?"), !starts("</") else {
                return nil
            }
            index += 1
            guard let tag = name() else { return nil }
            var attributes: [(name: String, value: String)] = []
            while true {
                let before = index
                skipSpace()
                if starts("/>") {
                    index += 2
                    return XSDTree(name: tag, attributes: attributes, children: [])
                }
                if starts(">") {
                    index += 1
                    break
                }
                guard index > before, let attribute = name() else { return nil }
                skipSpace()
                guard starts("=") else { return nil }
                index += 1
                skipSpace()
                guard let value = attributeValue(), !attributes.contains(where: { $0.name == attribute }) else {
                    return nil
                }
                attributes.append((attribute, value))
            }
            var children: [XSDTree] = []
            while true {
                guard skipMisc() else { return nil }
                if starts("</") {
                    index += 2
                    guard name() == tag else { return nil }
                    skipSpace()
                    guard starts(">") else { return nil }
                    index += 1
                    return XSDTree(name: tag, attributes: attributes, children: children)
                }
                guard let child = element(depth: depth + 1) else { return nil }
                children.append(child)
            }
        }
    }
}
