extension LEEFValidator {
    /// The reusable state of ``isValidRecord(_:_:)`` for one validation run.
    struct FastState {
        var marks: KeyMarks
        /// The last valid LEEF 2.0 delimiter field seen (`nil` before the first) and the delimiter it declares:
        /// records of one file share it, so it is decoded once.
        var delimiterSpec: [UInt8]?
        var delimiter: [UInt8] = [0x09]
        /// LEEF 1.0's delimiter, made once (an array literal per record would allocate).
        let tab: [UInt8] = [0x09]
        /// The positions of `devTime` and `devTimeFormat` in the schema's key table, which the format judges itself.
        let devTime: Int?
        let devTimeFormat: Int?

        init(_ schema: LEEFSchema) {
            marks = KeyMarks(schema.attributes)
            devTime = Array("devTime".utf8).withUnsafeBufferPointer { schema.attributes.table.index(of: $0) }
            devTimeFormat = Array("devTimeFormat".utf8).withUnsafeBufferPointer {
                schema.attributes.table.index(of: $0)
            }
        }
    }

    /// Whether `line` is a LEEF record the exact check (``validate(fileName:reading:report:)``) would pass without an
    /// issue, decided on the bytes in place: no `String`, no dictionary, no allocation.
    ///
    /// Contract: `true` only for records with no issue; `false` at the first thing the exact check would report, or
    /// could (an unknown key, a value ``ByteRules/accepts(_:_:)`` cannot judge cheaply), so the exact check decides.
    ///
    /// ```swift
    /// if !validator.isValidRecord(line, &state) { /* the exact check, which reports */ }
    /// ```
    func isValidRecord(_ line: UnsafeBufferPointer<UInt8>, _ state: inout FastState) -> Bool {
        guard !line.isEmpty, CleanText.isClean(line, allowTab: true) else { return false }
        let count = line.count
        var index: Int
        if count >= 5, line[0] == UInt8(ascii: "L"), line[1] == UInt8(ascii: "E"), line[2] == UInt8(ascii: "E"),
            line[3] == UInt8(ascii: "F"), line[4] == UInt8(ascii: ":")
        {
            index = 5
        } else {
            guard let start = LineText.find("LEEF:", in: line),
                SyslogPrefix.problem(in: line[0..<start], allowsShortRFC5424: true) == nil
            else { return false }
            index = start + 5
        }
        guard let base = line.baseAddress, let version = field(line, &index) else { return false }
        // "2.0" or "1.0", and one the schema lists (and the validator requires): decided once, in init.
        let isVersion2: Bool
        if version.count == 3, base[index - 3] == UInt8(ascii: "."), base[index - 2] == UInt8(ascii: "0") {
            switch base[index - 4] {
            case UInt8(ascii: "2") where fastVersions.version2: isVersion2 = true
            case UInt8(ascii: "1") where fastVersions.version1: isVersion2 = false
            default: return false
            }
        } else {
            return false
        }
        for position in 0..<4 {
            // The field up to its '|'; a TAB before it is reported by the exact check.
            let start = index
            index = ByteScan.first(UInt8(ascii: "|"), 0x09, in: base, from: index, to: count)
            guard index < count, base[index] == UInt8(ascii: "|") else { return false }
            let value = UnsafeBufferPointer(start: base + start, count: index - start)
            index += 1
            if value.isEmpty {
                if schema.header[position].required { return false }
            } else if !schema.headerRules.accepts(position, value) {
                return false
            }
        }
        guard isVersion2 else { return acceptsAttributes(line, from: index, delimiter: nil, &state) }
        guard let spec = field(line, &index) else { return false }
        let known =
            state.delimiterSpec.map { known in
                known.count == spec.count
                    && known.withUnsafeBufferPointer { known in
                        var index = 0
                        while index < known.count, known[index] == spec[index] { index += 1 }
                        return index == known.count
                    }
            } ?? false
        if !known {
            guard case .success(let delimiter) = Self.delimiter(String(decoding: spec, as: UTF8.self)) else {
                return false
            }
            state.delimiterSpec = Array(spec)
            state.delimiter = delimiter
        }
        return acceptsAttributes(line, from: index, delimiter: state.delimiter, &state)
    }

    /// The bytes from `index` to the next `|` (moving past it), or `nil` when the record ends first.
    private func field(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UnsafeBufferPointer<UInt8>? {
        let start = index
        guard let base = line.baseAddress else { return nil }
        index = ByteScan.first(UInt8(ascii: "|"), in: base, from: index, to: line.count)
        guard index < line.count else { return nil }
        defer { index += 1 }
        return UnsafeBufferPointer(rebasing: line[start..<index])
    }

    /// Splits and judges the attributes as the exact check does; false at anything it would report.
    /// - Parameter delimiter: the declared delimiter of a LEEF 2.0 record; `nil` for LEEF 1.0 (TAB).
    /// Judges the value at `value` of the attribute at `position` in the key table, as the exact check would;
    /// `devTime` is only noted (judged at the end of the record, once it is known whether `devTimeFormat` came).
    @inline(__always)
    private func accepts(
        _ position: Int, _ value: Range<Int>, _ line: UnsafeBufferPointer<UInt8>, _ state: FastState,
        _ devTimeValue: inout Range<Int>?, _ hasDevTimeFormat: inout Bool
    ) -> Bool {
        if position == state.devTime {
            devTimeValue = value
            return true
        }
        if position == state.devTimeFormat { hasDevTimeFormat = true }
        return schema.attributes.byteRules.accepts(position, UnsafeBufferPointer(rebasing: line[value]))
    }

    private func acceptsAttributes(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, delimiter declared: [UInt8]?, _ state: inout FastState
    ) -> Bool {
        state.marks.startRecord()
        let count = line.count
        let delimiter = declared ?? state.tab
        let delimiterCount = delimiter.count
        let first = delimiter[0]
        var index = start
        var expectsAttribute = false  // true after a delimiter: something must follow it
        var devTimeValue: Range<Int>?
        var hasDevTimeFormat = false
        guard let base = line.baseAddress else { return false }
        while index < count || expectsAttribute {
            let attributeStart = index
            if delimiterCount == 1 {
                // The first '=' (before the delimiter, or the attribute has none), then the delimiter after it.
                let equals = ByteScan.first(UInt8(ascii: "="), first, in: base, from: index, to: count)
                guard equals < count, base[equals] == UInt8(ascii: "="), equals > attributeStart else { return false }
                let attributeEnd = ByteScan.first(first, in: base, from: equals + 1, to: count)
                index = attributeEnd + 1  // past the delimiter; count + 1 at the end of the record
                expectsAttribute = attributeEnd < count
                var keyIndex = attributeStart
                while keyIndex < equals, Self.isKeyByte(base[keyIndex]) { keyIndex += 1 }
                guard equals + 1 < attributeEnd, keyIndex == equals,
                    let position = schema.attributes.table.index(
                        of: UnsafeBufferPointer(start: base + attributeStart, count: equals - attributeStart)),
                    state.marks.mark(position),
                    accepts(position, (equals + 1)..<attributeEnd, line, state, &devTimeValue, &hasDevTimeFormat)
                else { return false }
                continue
            }
            var attributeEnd = count
            var next = count
            var equals = -1
            var cursor = index
            while cursor <= count - delimiterCount {
                let byte = line[cursor]
                if byte == first,
                    delimiterCount == 1
                        || line[cursor..<cursor + delimiterCount].elementsEqual(delimiter)
                {
                    attributeEnd = cursor
                    next = cursor + delimiterCount
                    break
                }
                if byte == UInt8(ascii: "=") && equals < 0 { equals = cursor }
                cursor += 1
            }
            if attributeEnd == count, equals < 0 {
                // The record's last bytes, shorter than a multi-byte delimiter, were not scanned.
                equals = line[attributeStart..<count].firstIndex(of: UInt8(ascii: "=")) ?? -1
            }
            index = next
            expectsAttribute = next < count || attributeEnd < count
            guard attributeEnd > attributeStart, equals > attributeStart, equals + 1 < attributeEnd,
                line[attributeStart..<equals].allSatisfy(Self.isKeyByte),
                let position = schema.attributes.table.index(
                    of: UnsafeBufferPointer(rebasing: line[attributeStart..<equals])),
                state.marks.mark(position),
                accepts(position, (equals + 1)..<attributeEnd, line, state, &devTimeValue, &hasDevTimeFormat)
            else { return false }
        }
        if let range = devTimeValue, !hasDevTimeFormat, let position = state.devTime {
            let value = UnsafeBufferPointer(rebasing: line[range])
            guard value.count == 10 || value.count == 13, value.allSatisfy(AddressSyntax.isDigit),
                schema.attributes.byteRules.accepts(position, value)
            else { return false }
        }
        return state.marks.recordIsComplete(schema.attributes)
    }
}
