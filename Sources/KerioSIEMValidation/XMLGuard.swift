#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What ``XMLSchemaValidator`` refuses before libxml2 sees a byte of it: the constructs kerio-siem XML never contains
/// and through which a hostile document makes libxml2 2.9 use unbounded memory or quadratic time.
///
/// - The prolog (``prologProblem(_:)``): an empty document, a file that is not XML at all (it must start with `<`),
///   UTF-16/UTF-32/EBCDIC text, an XML declaration naming any encoding but UTF-8.
/// - The byte stream (``scan(_:)``, fed every chunk in order, in linear time): a `<!DOCTYPE` (the way in for
///   entity-expansion and external-entity attacks, so no DTD or entity declaration ever reaches the parser); more
///   than ``attributeLimit`` attributes on one element (libxml2 checks duplicates pairwise); a tag, comment,
///   processing instruction, CDATA section or text run longer than ``tokenLimit`` bytes.
///
/// The scanner knows just enough XML to stay in step: quoted attribute values, comments, CDATA and processing
/// instructions may contain `<`, `>` and `=`. Everything else (well-formedness, the schema) is libxml2's job.
struct XMLGuard {
    /// The most attributes (namespace declarations included) on one element; the schema needs at most three.
    static let attributeLimit = 64
    /// The longest single token; kerio-siem's largest value is a 64 KiB input line escaped a few times over.
    static let tokenLimit = 4 << 20
    /// How many bytes ``prologProblem(_:)`` wants to see (fewer only when the document is shorter).
    static let prologLength = 1024

    /// Where the scanner is.
    private enum State {
        case text
        case open  // after '<'
        case bang  // after '<!', matching "--", "[CDATA[" or "DOCTYPE"
        case comment, cdata, instruction
        case tag
        case quoted(UInt8)  // inside an attribute value opened by this quote
    }

    private var state = State.text
    /// Bytes matched after `<!`, or the run of `-`/`]`/`?` that may end a comment, CDATA section or PI.
    private var progress = 0
    private var bang: [UInt8] = []
    private var attributes = 0
    private var tokenLength = 0
    /// The 1-based line at the start of the next chunk.
    private(set) var line = 1

    /// A scanner whose first chunk starts in text (outside any tag) on `line`: the whole document from its start, or
    /// the rest of one after a `>` (where ``XMLSchemaValidator`` hands a document over from its fast path).
    init(line: Int = 1) {
        self.line = line
    }

    /// A refusal: the offset in the chunk of the byte that starts the refused construct, its line, and why.
    struct Refusal: Error {
        var offset: Int
        var line: Int
        var message: String
    }

    private static let doctype = Array("DOCTYPE".utf8)
    private static let cdataOpen = Array("[CDATA[".utf8)

    /// Scans the next chunk of the document.
    /// - Returns: the first refusal in `chunk`, or `nil`; after a refusal the document is not scanned further.
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>) -> Refusal? {
        guard let base = chunk.baseAddress else { return nil }
        let count = chunk.count
        var index = 0
        var tokenStart = 0
        func refuse(_ offset: Int, _ message: String) -> Refusal {
            var lines = 0
            for byte in chunk[..<offset] where byte == 0x0A { lines += 1 }
            return Refusal(offset: offset, line: line + lines, message: message)
        }
        while index < count {
            switch state {
            case .text:
                // memchr is vectorised: text is most of a document.
                let rest = count - index
                guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), rest) else {
                    tokenLength += rest
                    index = count
                    if tokenLength > Self.tokenLimit {
                        return refuse(max(0, count - 1), "a text run longer than \(Self.tokenLimit >> 20) MiB")
                    }
                    continue
                }
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                tokenLength += at - index
                if tokenLength > Self.tokenLimit {
                    return refuse(at, "a text run longer than \(Self.tokenLimit >> 20) MiB")
                }
                state = .open
                tokenStart = at
                tokenLength = 1
                index = at + 1
                continue
            case .open:
                switch chunk[index] {
                case UInt8(ascii: "!"):
                    state = .bang
                    bang.removeAll(keepingCapacity: true)
                case UInt8(ascii: "?"):
                    state = .instruction
                    progress = 0
                default:
                    state = .tag
                    attributes = 0
                    continue  // the byte may be '>' or '/'; the tag state reads it
                }
            case .bang:
                bang.append(chunk[index])
                if bang == [UInt8(ascii: "-"), UInt8(ascii: "-")] {
                    state = .comment
                    progress = 0
                } else if bang == Self.cdataOpen {
                    state = .cdata
                    progress = 0
                } else if bang == Self.doctype {
                    return refuse(
                        max(0, index - 8),
                        "the document has a DOCTYPE declaration: kerio-siem XML never "
                            + "has one, so it is refused before parsing (no DTD is read and no entity is ever declared or "
                            + "expanded)")
                } else if !Self.cdataOpen.starts(with: bang) && !Self.doctype.starts(with: bang)
                    && !(bang.count == 1 && bang[0] == UInt8(ascii: "-"))
                {
                    state = .tag  // some other '<!…': not well-formed outside a DTD, which libxml2 reports
                    attributes = 0
                }
            case .comment, .cdata, .instruction:
                let byte = chunk[index]
                let (runByte, needed): (UInt8, Int) =
                    switch state {
                    case .comment: (UInt8(ascii: "-"), 2)
                    case .cdata: (UInt8(ascii: "]"), 2)
                    default: (UInt8(ascii: "?"), 1)
                    }
                if byte == UInt8(ascii: ">") && progress >= needed {
                    state = .text
                    tokenLength = 0
                    index += 1
                    continue
                }
                progress = byte == runByte ? progress + 1 : 0
            case .tag:
                switch chunk[index] {
                case UInt8(ascii: ">"):
                    state = .text
                    tokenLength = 0
                    index += 1
                    continue
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    state = .quoted(chunk[index])
                case UInt8(ascii: "="):
                    attributes += 1
                    if attributes > Self.attributeLimit {
                        return refuse(
                            tokenStart,
                            "an element with more than \(Self.attributeLimit) attributes: the "
                                + "schema needs at most three, and libxml2's time grows with the square of their number"
                        )
                    }
                default:
                    break
                }
            case .quoted(let quote):
                if chunk[index] == quote { state = .tag }
            }
            index += 1
            tokenLength += 1
            if tokenLength > Self.tokenLimit {
                return refuse(
                    tokenStart,
                    "markup (a tag, comment, CDATA section or processing instruction) longer "
                        + "than \(Self.tokenLimit >> 20) MiB")
            }
        }
        var lines = 0
        for byte in chunk where byte == 0x0A { lines += 1 }
        line += lines
        return nil
    }

    /// Why the first bytes of a document (at least ``prologLength`` of them, unless the document is shorter) are not
    /// the start of a UTF-8 XML document, or `nil` when they can be.
    static func prologProblem(_ head: UnsafeBufferPointer<UInt8>) -> String? {
        guard !head.isEmpty else { return "the document is empty" }
        let bytes = Array(head.prefix(prologLength))
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if starts([0x00, 0x00, 0xFE, 0xFF]) || starts([0xFF, 0xFE, 0x00, 0x00]) {
            return "the document starts with a UTF-32 byte-order mark: kerio-siem XML is UTF-8 only"
        }
        if starts([0xFE, 0xFF]) || starts([0xFF, 0xFE]) {
            return "the document starts with a UTF-16 byte-order mark: kerio-siem XML is UTF-8 only"
        }
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 {
            return "the document starts with NUL bytes, as UTF-16 or UTF-32 text does: kerio-siem XML is UTF-8 only"
        }
        if starts([0x4C, 0x6F, 0xA7, 0x94]) {
            return "the document is EBCDIC-encoded: kerio-siem XML is UTF-8 only"
        }
        var body = bytes[...]
        if starts([0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let content = body.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = content.first else { return "the document is empty (it holds only white space)" }
        guard first == UInt8(ascii: "<") else {
            let firstLine = content.prefix { $0 != 0x0A && $0 != 0x0D }.prefix(48)
            let shown = firstLine.withUnsafeBufferPointer { IssueText.quoted(bytes: $0) }
            return "the file is not XML: it starts with \(shown), but an XML document "
                + "starts with '<' (is --format right?)"
        }
        guard content.starts(with: Array("<?xml".utf8)), content.count > 5,
            [0x20, 0x09, 0x0A, 0x0D].contains(content[content.startIndex + 5])
        else { return nil }
        // The XML declaration: <?xml version="1.0" encoding="…" standalone="…"?>
        guard let end = Self.find(Array("?>".utf8), in: content) else { return nil }  // libxml2 reports it
        let declaration = content[content.startIndex..<end]
        guard let name = Self.find(Array("encoding".utf8), in: declaration) else { return nil }
        var cursor = name + 8
        func skipSpace() {
            while cursor < declaration.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(declaration[cursor]) { cursor += 1 }
        }
        skipSpace()
        guard cursor < declaration.endIndex, declaration[cursor] == UInt8(ascii: "=") else { return nil }
        cursor += 1
        skipSpace()
        guard cursor < declaration.endIndex,
            declaration[cursor] == UInt8(ascii: "\"") || declaration[cursor] == UInt8(ascii: "'")
        else { return nil }
        let quote = declaration[cursor]
        cursor += 1
        let valueStart = cursor
        while cursor < declaration.endIndex, declaration[cursor] != quote { cursor += 1 }
        let value = String(decoding: declaration[valueStart..<cursor], as: UTF8.self)
        guard value.lowercased() != "utf-8" else { return nil }
        return "the XML declaration names the encoding \(IssueText.quoted(value)): kerio-siem XML is UTF-8 only"
    }

    /// The index of the first occurrence of `needle` in `haystack`.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
