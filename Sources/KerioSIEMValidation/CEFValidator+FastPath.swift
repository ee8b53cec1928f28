extension CEFValidator {
    /// The reusable state of ``isValidRecord(_:_:)`` for one validation run.
    struct FastState {
        var marks: KeyMarks
        /// Unescaped values.
        var scratch: [UInt8] = []

        init(_ schema: CEFSchema) { marks = KeyMarks(schema.extensionKeys) }
    }

    /// Whether `input` is a CEF record the exact check (``validate(fileName:reading:report:)``) would pass without an
    /// issue, decided on the bytes in place: no `String`, no dictionary, no allocation once the scratch buffer has
    /// grown.
    ///
    /// Contract: `true` only for records with no issue. It reads the record as the exact check does (same grammar,
    /// same splitting of the extension at a plain word before `=`), and says `false` at the first thing the exact
    /// check would report, or could: an escape it must unescape to judge is still judged; a key the schema lacks, a
    /// value it cannot judge cheaply (``ByteRules/accepts(_:_:)``) or anything unusual sends the record to the exact
    /// check, which then decides.
    ///
    /// ```swift
    /// if !validator.isValidRecord(line, &state) { /* the exact check, which reports */ }
    /// ```
    func isValidRecord(_ input: UnsafeBufferPointer<UInt8>, _ state: inout FastState) -> Bool {
        var line = input
        if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        guard !line.isEmpty, CleanText.isClean(line, allowTab: false) else { return false }
        let count = line.count
        var index: Int
        if count >= 4, line[0] == UInt8(ascii: "C"), line[1] == UInt8(ascii: "E"), line[2] == UInt8(ascii: "F"),
            line[3] == UInt8(ascii: ":")
        {
            index = 4
        } else {
            guard let start = LineText.find("CEF:", in: line), SyslogPrefix.problem(in: line[0..<start]) == nil else {
                return false
            }
            index = start + 4
        }
        let versionStart = index
        while index < count, AddressSyntax.isDigit(line[index]) { index += 1 }
        guard index > versionStart, index < count, line[index] == UInt8(ascii: "|"),
            NumberSyntax.integer(bytes: UnsafeBufferPointer(rebasing: line[versionStart..<index])) == schema.cefVersion
        else { return false }
        index += 1
        for field in 0..<6 {
            guard acceptsHeaderField(field, line, &index, &state.scratch) else { return false }
        }
        return acceptsExtension(line, from: index, &state)
    }

    /// Reads one header field through its closing `|` and judges it; false at anything the exact check reports.
    private func acceptsHeaderField(
        _ field: Int, _ line: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ scratch: inout [UInt8]
    ) -> Bool {
        let count = line.count
        let start = index
        var escaped = false
        guard let base = line.baseAddress else { return false }
        while true {
            index = ByteScan.first(UInt8(ascii: "|"), UInt8(ascii: "\\"), in: base, from: index, to: count)
            guard index < count, base[index] == UInt8(ascii: "\\") else { break }
            guard index + 1 < count, base[index + 1] == UInt8(ascii: "\\") || base[index + 1] == UInt8(ascii: "|")
            else { return false }
            escaped = true
            index += 2
        }
        guard index < count else { return false }  // the header ends early
        let end = index
        index += 1
        if end == start && schema.header[field].type != .severity { return !schema.header[field].required }
        guard escaped else {
            return schema.headerRules.accepts(field, UnsafeBufferPointer(rebasing: line[start..<end]))
        }
        scratch.removeAll(keepingCapacity: true)
        var cursor = start
        while cursor < end {
            // Only \\ and \| are left here: the second byte is the character.
            if line[cursor] == UInt8(ascii: "\\") { cursor += 1 }
            scratch.append(line[cursor])
            cursor += 1
        }
        return scratch.withUnsafeBufferPointer { schema.headerRules.accepts(field, $0) }
    }

    /// Reads the extension as the exact check does and judges every pair; false at anything it would report.
    ///
    /// The exact check walks each value byte by byte, tracking words and spaces; this one only stops at `\` and
    /// `=` (``ByteScan``) and looks back from an unescaped `=` for the word before it, which is the same reading:
    /// - an escape is judged where the exact check judges it (every `\` not taken by the escape before it);
    /// - at an unescaped `=`, the exact check's current word starts after the last space; the next key follows only
    ///   if that word is plain (key bytes, no escape: `\` is no key byte), starts with a key start byte, and the
    ///   byte before it is a space. Looking back over key bytes from `=` and finding that space is exactly this;
    ///   finding anything else (another byte, or the value's start) is the exact check's "unescaped '='";
    /// - the value then ends before that space; the exact check reports a double space (or an empty value) unless
    ///   the byte before the space is no space, and a value that starts with a space, or a record that ends with
    ///   one (the last value's trailing space), whatever the rest. So with the first byte of each value and the
    ///   record's last byte no space, the spaces inside a value need no look.
    private func acceptsExtension(_ line: UnsafeBufferPointer<UInt8>, from start: Int, _ state: inout FastState)
        -> Bool
    {
        state.marks.startRecord()
        let count = line.count
        guard start < count else { return state.marks.recordIsComplete(schema.extensionKeys) }
        guard let base = line.baseAddress, base[start] != UInt8(ascii: " "), base[count - 1] != UInt8(ascii: " ")
        else { return false }
        // The first key: [A-Za-z0-9_][A-Za-z0-9_.,\[\]]* then '='. The others are found looking back from their '='.
        var keyStart = start
        guard Self.isKeyStart(base[keyStart]) else { return false }
        var keyEnd = keyStart + 1
        while keyEnd < count, Self.isKeyByte(base[keyEnd]) { keyEnd += 1 }
        guard keyEnd < count, base[keyEnd] == UInt8(ascii: "=") else { return false }
        while true {
            let valueStart = keyEnd + 1
            // An empty value, or one starting with a space: the exact check reports both.
            guard valueStart < count, base[valueStart] != UInt8(ascii: " ") else { return false }
            var cursor = valueStart
            var escaped = false
            var valueEnd = count
            var nextKey = -1
            var nextKeyEnd = -1
            while true {
                cursor = ByteScan.first(UInt8(ascii: "="), UInt8(ascii: "\\"), in: base, from: cursor, to: count)
                guard cursor < count else { break }
                if base[cursor] == UInt8(ascii: "\\") {
                    guard cursor + 1 < count else { return false }
                    switch base[cursor + 1] {
                    case UInt8(ascii: "="), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"): break
                    default: return false
                    }
                    cursor += 2
                    escaped = true
                    continue
                }
                // An unescaped '=': the end of the next key, or an error.
                var wordStart = cursor
                while wordStart > valueStart, Self.isKeyByte(base[wordStart - 1]) { wordStart -= 1 }
                // wordStart - 1 >= valueStart holds here, and base[valueStart] is no space: so the space found is
                // after the value's first byte, and the byte before it is inside the value.
                guard wordStart < cursor, wordStart > valueStart, base[wordStart - 1] == UInt8(ascii: " "),
                    Self.isKeyStart(base[wordStart]), base[wordStart - 2] != UInt8(ascii: " ")
                else { return false }  // an unescaped '=' in the value, or a double space before the key
                valueEnd = wordStart - 1
                nextKey = wordStart
                nextKeyEnd = cursor
                break
            }
            guard
                let position = schema.extensionKeys.table.index(
                    of: UnsafeBufferPointer(start: base + keyStart, count: keyEnd - keyStart)),
                state.marks.mark(position)
            else { return false }
            let accepted: Bool
            if escaped {
                Self.unescape(line, valueStart..<valueEnd, into: &state.scratch)
                accepted = state.scratch.withUnsafeBufferPointer {
                    schema.extensionKeys.byteRules.accepts(position, $0)
                }
            } else {
                accepted = schema.extensionKeys.byteRules.accepts(
                    position, UnsafeBufferPointer(start: base + valueStart, count: valueEnd - valueStart))
            }
            guard accepted else { return false }
            guard nextKey >= 0 else { return state.marks.recordIsComplete(schema.extensionKeys) }
            keyStart = nextKey
            keyEnd = nextKeyEnd
        }
    }

    /// The value with `\=`, `\\`, `\n`, `\r` decoded into `scratch` (the only escapes a valid record has).
    private static func unescape(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = line[index]
            if byte == UInt8(ascii: "\\") {
                switch line[index + 1] {
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case let escapedByte: scratch.append(escapedByte)
                }
                index += 2
            } else {
                scratch.append(byte)
                index += 1
            }
        }
    }
}
