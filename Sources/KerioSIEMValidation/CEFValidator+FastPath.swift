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
        while index < count {
            let byte = line[index]
            if byte == UInt8(ascii: "|") { break }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < count, line[index + 1] == UInt8(ascii: "\\") || line[index + 1] == UInt8(ascii: "|")
                else { return false }
                escaped = true
                index += 2
                continue
            }
            index += 1
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
    private func acceptsExtension(_ line: UnsafeBufferPointer<UInt8>, from start: Int, _ state: inout FastState)
        -> Bool
    {
        state.marks.startRecord()
        let count = line.count
        guard start < count else { return state.marks.recordIsComplete(schema.extensionKeys) }
        guard line[start] != UInt8(ascii: " ") else { return false }
        var keyStart = start
        while true {
            guard Self.isKeyStart(line[keyStart]) else { return false }
            var cursor = keyStart + 1
            while cursor < count, Self.isKeyByte(line[cursor]) { cursor += 1 }
            guard cursor < count, line[cursor] == UInt8(ascii: "=") else { return false }
            let keyEnd = cursor
            let valueStart = cursor + 1
            cursor = valueStart
            var contentEnd = valueStart  // just past the last non-space byte of the value so far
            var endBeforeWord = valueStart  // contentEnd when the current word began
            var wordStart = valueStart
            var wordIsPlain = true  // no escape in the current word (its other bytes are judged at '=')
            var escaped = false
            var nextKey = -1
            var valueEnd = valueStart
            while cursor < count {
                // The usual bytes first, in a tight loop: a run of bytes other than '\\', '=' and ' '.
                let runStart = cursor
                while cursor < count {
                    let byte = line[cursor]
                    if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\\") { break }
                    cursor &+= 1
                }
                if cursor > runStart { contentEnd = cursor }
                guard cursor < count else { break }
                let byte = line[cursor]
                if byte == UInt8(ascii: "\\") {
                    guard cursor + 1 < count else { return false }
                    switch line[cursor + 1] {
                    case UInt8(ascii: "="), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"): break
                    default: return false
                    }
                    cursor += 2
                    contentEnd = cursor
                    wordIsPlain = false
                    escaped = true
                    continue
                }
                if byte == UInt8(ascii: "=") {
                    // A plain word after a space, followed by '=', is the next key (Filebeat's reading). Plain: no
                    // escape and only key bytes, which the exact check tracks byte by byte and this one checks here.
                    guard wordStart > valueStart, line[wordStart - 1] == UInt8(ascii: " "), wordIsPlain,
                        Self.isKeyStart(line[wordStart]), line[wordStart..<cursor].allSatisfy(Self.isKeyByte)
                    else { return false }  // an unescaped '=' in the value
                    valueEnd = endBeforeWord
                    nextKey = wordStart
                    break
                }
                if byte == UInt8(ascii: " ") {  // the other Ragel spaces are control bytes, refused above
                    cursor += 1
                    endBeforeWord = contentEnd
                    wordStart = cursor
                    wordIsPlain = true
                    continue
                }
            }
            if nextKey < 0 {
                valueEnd = contentEnd
                guard contentEnd == count else { return false }  // a value ending with a space, or empty
            } else if nextKey - 1 > valueEnd {
                return false  // a double space, or an empty value
            }
            guard valueEnd > valueStart, line[valueStart] != UInt8(ascii: " "),
                let position = schema.extensionKeys.table.index(
                    of: UnsafeBufferPointer(rebasing: line[keyStart..<keyEnd])),
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
                    position, UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd]))
            }
            guard accepted else { return false }
            guard nextKey >= 0 else { return state.marks.recordIsComplete(schema.extensionKeys) }
            keyStart = nextKey
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
