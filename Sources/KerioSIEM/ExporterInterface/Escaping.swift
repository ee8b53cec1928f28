/// How untrusted text is made safe for one output context. Every exporter writes attacker-controlled values (user
/// names, host names, FTP commands and replies, rule names) only through one of these, so an injection review reads
/// this one file.
///
/// Each escaping copies runs of safe bytes in one append (the mark/cursor loop of swift-foundation's JSON writer),
/// rewrites the bytes of its special set, and repairs invalid UTF-8: every ill-formed sequence (maximal subpart,
/// Unicode §3.9) becomes U+FFFD, the same repair `String(decoding:as:)` makes. Output is therefore always valid UTF-8.
///
/// | Escaping | Rewrites | Why |
/// |---|---|---|
/// | ``cefHeader`` | `\` → `\\`, `\|` → `\\|`; CR, LF, TAB → space; other C0 → U+FFFD | CEF header grammar (ArcSight CEF Implementation Standard, ch. 1 "Character Encoding") |
/// | ``cefExtension`` | `\` → `\\`, `=` → `\=`, LF → `\n`, CR → `\r`; TAB → space; other C0 → U+FFFD | CEF extension grammar; TAB splits pairs in LogScale |
/// | ``leefHeader`` | `\|`, CR, LF, TAB → space; other C0 → U+FFFD | LEEF has no escapes (§2.2) |
/// | ``leefValue(delimiter:)`` | the delimiter, CR, LF, TAB → space; other C0 → U+FFFD | LEEF has no escapes (§2.2) |
/// | ``jsonString`` | `"` → `\"`, `\` → `\\`, C0 → `\n` `\r` `\t` `\b` `\f` or `\u00XX`; U+2028, U+2029, U+0085 → `\u2028` `\u2029` `\u0085` | RFC 8259 §7, lossless; one record per line also for readers that split on Unicode line boundaries (JavaScript, Python `splitlines`) |
/// | ``xmlText`` | `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`, CR → `&#xD;`, LF → `&#xA;`; other C0 except TAB, U+FFFE, U+FFFF → U+FFFD | XML 1.0 §2.2, §2.4, §2.11; one record per line |
/// | ``xmlAttribute`` | as ``xmlText`` plus `"` → `&quot;`, TAB → `&#x9;` | XML 1.0 §3.3.3 |
/// | ``plainText`` | C0 except TAB → U+FFFD | terminal output, single-line text |
/// | ``csvField`` | `"` → `""`; C0 except TAB, LF, CR → U+FFFD | RFC 4180 §2 inside a quoted cell (the CSV writer decides the quoting); Python's `csv` rejects NUL |
///
/// ```swift
/// var out = OutputBuffer()
/// out.write("a=b\\c", escaping: .cefExtension)   // a\=b\\c
/// ```
public struct Escaping: Sendable {
    /// ASCII bytes that are not copied as they are.
    public let special: ByteSet
    /// Whether U+FFFE and U+FFFF (valid UTF-8, but not XML characters) become U+FFFD.
    public let replacesNoncharacters: Bool
    /// Whether U+2028, U+2029 and U+0085 (Unicode line boundaries) become the JSON escapes `\u2028`, `\u2029`,
    /// `\u0085`. Only for JSON strings: other formats have no escape that keeps them.
    public let escapesUnicodeLineBreaks: Bool
    /// Writes the replacement for one special byte.
    let rewrite: @Sendable (UInt8, inout OutputBuffer) -> Void
    /// The lookup tables and vector probe the loop runs on, derived from `special` and `rewrite`.
    let table: EscapingTable

    /// Creates an escaping from the set of ASCII bytes to rewrite and how to rewrite each.
    ///
    /// `rewrite` must depend only on the byte: it is called once per special byte here, and its output is reused.
    /// - Parameters:
    ///   - special: the ASCII bytes (< 0x80) that `rewrite` handles; bytes ≥ 0x80 are always UTF-8-checked.
    ///   - replacesNoncharacters: replace U+FFFE and U+FFFF with U+FFFD.
    ///   - escapesUnicodeLineBreaks: write U+2028, U+2029 and U+0085 as `\uXXXX` (JSON).
    ///   - rewrite: appends the replacement for a special byte.
    public init(
        special: ByteSet, replacesNoncharacters: Bool = false, escapesUnicodeLineBreaks: Bool = false,
        rewrite: @escaping @Sendable (UInt8, inout OutputBuffer) -> Void
    ) {
        self.special = special
        self.replacesNoncharacters = replacesNoncharacters
        self.escapesUnicodeLineBreaks = escapesUnicodeLineBreaks
        self.rewrite = rewrite
        table = EscapingTable(special: special, rewrite: rewrite)
    }

    /// Appends `value` to `output`, escaped.
    ///
    /// ```swift
    /// Escaping.jsonString.append(Array("a\"b".utf8).span, to: &output)   // a\"b
    /// ```
    public func append(_ value: Span<UInt8>, to output: inout OutputBuffer) {
        value.withUnsafeBufferPointer { append($0, to: &output) }
    }

    /// Appends `value` to `output`, escaped.
    ///
    /// Why a pointer: the escaping loop works on the bytes in place; exporters call it through
    /// ``OutputBuffer/write(_:escaping:)-(Span<UInt8>,_)`` or ``Escaping/append(_:to:)-(Span<UInt8>,_)``.
    public func append(_ value: UnsafeBufferPointer<UInt8>, to output: inout OutputBuffer) {
        guard let source = value.baseAddress else { return }
        let count = value.count
        if table.isClean(source, count: count) {
            // The common case: nothing to rewrite, one copy.
            output.write(value)
            return
        }
        let first = table.firstAttention(source, from: 0, count: count)
        guard table.isPacked else {
            appendRewriting(value, from: first, to: &output)
            return
        }
        // Reserve the worst case once per slice, then write without per-append checks. Slices bound the reservation
        // for huge values; they end before a non-continuation byte, so no UTF-8 sequence is split.
        var start = 0
        var cursor = first
        while start < count {
            var end = Swift.min(count, start &+ Self.sliceLength)
            if end < count {
                // Split before a lead or ASCII byte among the last four. If all four are continuation bytes, none of
                // them can belong to a sequence that also covers `end` (sequences are at most 4 bytes long).
                var candidate = end
                while candidate > end - 3, source[candidate] & 0xC0 == 0x80 { candidate -= 1 }
                if source[candidate] & 0xC0 != 0x80 { end = candidate }
            }
            let maximum = (end - start) &* table.maximumExpansion &+ 8
            output.appendUnsafe(maximumCount: maximum) { destination in
                appendPacked(source, from: start, firstAttention: cursor, end: end, to: destination)
            }
            start = end
            cursor = end < count ? table.firstAttention(source, from: end, count: count) : count
        }
    }

    /// The longest input slice escaped under one reservation.
    static let sliceLength = 16_384

    /// Escapes `source[start..<end]`, whose first byte needing a look is at `cursor`, into `destination`, which has
    /// room for the worst case plus 8 bytes; returns the number of bytes written.
    @inline(__always)
    private func appendPacked(
        _ source: UnsafePointer<UInt8>, from start: Int, firstAttention: Int, end: Int,
        to destination: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let value = UnsafeBufferPointer(start: source, count: end)
        var written = 0
        var mark = start
        var cursor = Swift.min(firstAttention, end)
        @inline(__always) func flush(upTo position: Int) {
            let length = position &- mark
            if length > 0 {
                (destination + written).update(from: source + mark, count: length)
                written &+= length
            }
        }
        @inline(__always) func writeReplacementCharacter() {
            (destination + written).update(from: UTF8Validation.replacementCharacter.utf8Start, count: 3)
            written &+= 3
        }
        while cursor < end {
            let byte = source[cursor]
            if byte < 0x80 {
                let replacement = table.replacements[Int(byte)]
                flush(upTo: cursor)
                // One unaligned store writes the replacement (and junk after it, overwritten by what follows).
                UnsafeMutableRawPointer(destination + written).storeBytes(
                    of: replacement.littleEndian,
                    as: UInt64.self)
                written &+= Int(truncatingIfNeeded: replacement >> 56)
                cursor &+= 1
                mark = cursor
            } else {
                let unit = nonASCIIUnit(value, at: cursor)
                switch unit.treatment {
                case .kept:
                    cursor &+= unit.length
                case .replaced:
                    flush(upTo: cursor)
                    writeReplacementCharacter()
                    cursor &+= unit.length
                    mark = cursor
                case .escaped(let code):
                    // `\u2028` is 6 bytes for 2 or 3: within the table's reservation (at least 6 per byte for JSON).
                    flush(upTo: cursor)
                    Self.writeUnicodeEscape(code, to: destination + written)
                    written &+= 6
                    cursor &+= unit.length
                    mark = cursor
                }
            }
            cursor = table.firstAttention(source, from: cursor, count: end)
        }
        flush(upTo: end)
        return written
    }

    /// What happens to one non-ASCII character.
    private enum Treatment {
        case kept
        /// Becomes U+FFFD.
        case replaced
        /// Becomes `\u` and this code (four hex digits).
        case escaped(UInt16)
    }

    /// The character (or ill-formed subpart) starting with the non-ASCII byte at `index`: how many bytes it spans,
    /// and whether it becomes U+FFFD (ill-formed UTF-8, or U+FFFE/U+FFFF when ``replacesNoncharacters``) or a JSON
    /// escape (U+2028, U+2029, U+0085 when ``escapesUnicodeLineBreaks``).
    @inline(__always)
    private func nonASCIIUnit(_ value: UnsafeBufferPointer<UInt8>, at index: Int) -> (length: Int, treatment: Treatment)
    {
        let length = UTF8Validation.validSequenceLength(value, at: index)
        guard length > 0 else { return (UTF8Validation.invalidSubpartLength(value, at: index), .replaced) }
        let lead = value[index]
        if length == 3 && lead == 0xEF && value[index &+ 1] == 0xBF && value[index &+ 2] >= 0xBE {
            return (length, replacesNoncharacters ? .replaced : .kept)
        }
        if escapesUnicodeLineBreaks {
            if length == 3 && lead == 0xE2 && value[index &+ 1] == 0x80 && (value[index &+ 2] | 1) == 0xA9 {
                return (length, .escaped(0x2000 | UInt16(value[index &+ 2] &- 0x80)))  // E2 80 A8/A9: U+2028/2029
            }
            if length == 2 && lead == 0xC2 && value[index &+ 1] == 0x85 { return (length, .escaped(0x0085)) }
        }
        return (length, .kept)
    }

    /// Writes `\uXXXX` (6 bytes) for `code` at `destination`.
    @inline(__always)
    private static func writeUnicodeEscape(_ code: UInt16, to destination: UnsafeMutablePointer<UInt8>) {
        destination[0] = UInt8(ascii: "\\")
        destination[1] = UInt8(ascii: "u")
        for shift in 0..<4 {
            let digit = Int((code >> UInt16(12 - 4 * shift)) & 0xF)
            destination[2 + shift] = UTF8Validation.hexDigits[digit]
        }
    }

    /// The general loop, for escapings with a replacement longer than 7 bytes: appends through `rewrite`.
    private func appendRewriting(
        _ value: UnsafeBufferPointer<UInt8>, from first: Int,
        to output: inout OutputBuffer
    ) {
        guard let source = value.baseAddress else { return }
        let count = value.count
        var mark = 0
        var cursor = first
        while cursor < count {
            let byte = value[cursor]
            if byte < 0x80 {
                if cursor > mark { output.write(UnsafeBufferPointer(rebasing: value[mark..<cursor])) }
                rewrite(byte, &output)
                cursor += 1
                mark = cursor
            } else {
                let unit = nonASCIIUnit(value, at: cursor)
                switch unit.treatment {
                case .kept:
                    break
                case .replaced:
                    if cursor > mark { output.write(UnsafeBufferPointer(rebasing: value[mark..<cursor])) }
                    output.write(UTF8Validation.replacementCharacter)
                    mark = cursor + unit.length
                case .escaped(let code):
                    if cursor > mark { output.write(UnsafeBufferPointer(rebasing: value[mark..<cursor])) }
                    output.appendUnsafe(maximumCount: 6) { destination in
                        Self.writeUnicodeEscape(code, to: destination)
                        return 6
                    }
                    mark = cursor + unit.length
                }
                cursor += unit.length
            }
            cursor = table.firstAttention(source, from: cursor, count: count)
        }
        if count > mark { output.write(UnsafeBufferPointer(rebasing: value[mark..<count])) }
    }
}

// MARK: - The built-in escapings

extension Escaping {
    private static let c0 = ByteSet(0x00...0x1F)

    /// Writes U+FFFD for a control character that a format cannot carry.
    @inline(__always)
    static func replace(_ output: inout OutputBuffer) { output.write(UTF8Validation.replacementCharacter) }

    /// CEF header fields (Vendor, Product, Version, Event Class ID, Name).
    public static let cefHeader = Escaping(special: c0.union([UInt8(ascii: "\\"), UInt8(ascii: "|")])) { byte, out in
        switch byte {
        case UInt8(ascii: "\\"): out.write("\\\\")
        case UInt8(ascii: "|"): out.write("\\|")
        case 0x09, 0x0A, 0x0D: out.write(UInt8(ascii: " "))
        default: replace(&out)
        }
    }

    /// CEF extension values.
    public static let cefExtension = Escaping(special: c0.union([UInt8(ascii: "\\"), UInt8(ascii: "=")])) { byte, out in
        switch byte {
        case UInt8(ascii: "\\"): out.write("\\\\")
        case UInt8(ascii: "="): out.write("\\=")
        case 0x0A: out.write("\\n")
        case 0x0D: out.write("\\r")
        case 0x09: out.write(UInt8(ascii: " "))
        default: replace(&out)
        }
    }

    /// LEEF header fields.
    public static let leefHeader = Escaping(special: c0.union([UInt8(ascii: "|")])) { byte, out in
        switch byte {
        case UInt8(ascii: "|"), 0x09, 0x0A, 0x0D: out.write(UInt8(ascii: " "))
        default: replace(&out)
        }
    }

    /// LEEF attribute values for a record whose attributes are separated by `delimiter` (an ASCII byte).
    public static func leefValue(delimiter: UInt8) -> Escaping {
        Escaping(special: c0.union([delimiter])) { byte, out in
            if byte == delimiter || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                out.write(UInt8(ascii: " "))
            } else {
                replace(&out)
            }
        }
    }

    /// JSON string contents (without the surrounding quotes), lossless. U+2028, U+2029 and U+0085 are escaped too
    /// (RFC 8259 allows them raw), so that readers splitting on Unicode line boundaries still see one record per line.
    public static let jsonString = Escaping(
        special: c0.union([UInt8(ascii: "\""), UInt8(ascii: "\\")]),
        escapesUnicodeLineBreaks: true
    ) { byte, out in
        switch byte {
        case UInt8(ascii: "\""): out.write("\\\"")
        case UInt8(ascii: "\\"): out.write("\\\\")
        case 0x0A: out.write("\\n")
        case 0x0D: out.write("\\r")
        case 0x09: out.write("\\t")
        case 0x08: out.write("\\b")
        case 0x0C: out.write("\\f")
        default:
            out.write("\\u00")
            out.write(UTF8Validation.hexDigits[Int(byte >> 4)])
            out.write(UTF8Validation.hexDigits[Int(byte & 0x0F)])
        }
    }

    /// XML 1.0 element content. CR and LF are written as character references, which parsers return unchanged (a
    /// literal CR would be normalised to LF), so a record's element never spans lines.
    public static let xmlText = Escaping(
        special: c0.subtracting([0x09]).union([UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">")]),
        replacesNoncharacters: true
    ) { byte, out in
        switch byte {
        case UInt8(ascii: "&"): out.write("&amp;")
        case UInt8(ascii: "<"): out.write("&lt;")
        case UInt8(ascii: ">"): out.write("&gt;")
        case 0x0D: out.write("&#xD;")
        case 0x0A: out.write("&#xA;")
        default: replace(&out)
        }
    }

    /// XML 1.0 attribute values in double quotes.
    public static let xmlAttribute = Escaping(
        special: c0.union([UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\"")]),
        replacesNoncharacters: true
    ) { byte, out in
        switch byte {
        case UInt8(ascii: "&"): out.write("&amp;")
        case UInt8(ascii: "<"): out.write("&lt;")
        case UInt8(ascii: ">"): out.write("&gt;")
        case UInt8(ascii: "\""): out.write("&quot;")
        case 0x09: out.write("&#x9;")
        case 0x0A: out.write("&#xA;")
        case 0x0D: out.write("&#xD;")
        default: replace(&out)
        }
    }

    /// Text that must stay printable: C0 controls except TAB become U+FFFD; nothing else changes.
    public static let plainText = Escaping(special: c0.subtracting([0x09])) { _, out in replace(&out) }

    /// CSV cell contents: `"` doubled, control characters other than TAB, LF and CR (which a quoted RFC 4180 cell
    /// carries) replaced by U+FFFD. The writer must quote a cell holding `,`, `"`, CR or LF.
    public static let csvField = Escaping(
        special: c0.subtracting([0x09, 0x0A, 0x0D]).union([UInt8(ascii: "\"")])
    ) { byte, out in
        if byte == UInt8(ascii: "\"") { out.write("\"\"") } else { replace(&out) }
    }
}

extension ByteSet {
    /// The bytes of `self` that are not in `other`.
    public func subtracting(_ other: ByteSet) -> ByteSet {
        var result = self
        result.words = (
            words.0 & ~other.words.0, words.1 & ~other.words.1, words.2 & ~other.words.2,
            words.3 & ~other.words.3
        )
        return result
    }
}
