/// A byte scanner that vouches for kerio-siem XML records without libxml2: one pass over each record, checking
/// well-formedness, characters and the ``XMLFastSchema`` model together, with no allocation.
///
/// Contract (a security boundary): ``step(_:from:to:atEnd:)`` says ``Step/record(next:newlines:)`` or
/// ``Step/finished`` only for bytes libxml2 would accept in that place, and ``Step/unvouched`` for anything it is not
/// certain of; ``XMLSchemaValidator`` then hands the rest of the document to libxml2. What is vouched for, after
/// ``canonicalProlog``:
/// - white space (space, TAB, LF; not CR) between records, then `<event>` … `</event>` or `</events>` followed only by
///   white space up to the end of the input;
/// - inside a record only start tags `<name>` without attributes or white space, end tags `</name>`, and text only in
///   simple elements; no white space between child elements, no comments, PIs, CDATA, empty-element tags;
/// - text: well-formed UTF-8 of XML 1.0 characters (no C0 control but TAB and LF, no CR, no U+FFFE/U+FFFF), the five
///   predefined references and character references to XML characters; no raw `>` (so never `]]>`);
/// - children in sequence order with their occurrences; the value of each simple element checked as XSD does
///   (enumeration exact, anchored pattern, `xs:long` lexical form and range, `xs:dateTime` a real date and time).
///   A typed value (anything but an unrestricted `xs:string`) is vouched for only when it is plain ASCII without
///   references or line breaks, so its raw bytes are its value.
///
/// Why the limits are safe to be strict: kerio-siem writes exactly this shape, and whatever falls outside is still
/// validated, by libxml2, with the same messages.
struct XMLFastPath: Sendable {
    /// The document start kerio-siem writes (up to the root start tag's `>`); only a document starting with exactly
    /// these bytes, then a line break, is scanned. The line break belongs to the first record's gap.
    static let canonicalProlog = Array(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">".utf8)
    /// The line of the byte after ``canonicalProlog``.
    static let prologLine = 2
    /// The most nested complex elements in a record (the model may be recursive; records are not deep).
    static let maximumDepth = 32

    /// The outcome of one ``step(_:from:to:atEnd:)``.
    enum Step: Equatable {
        /// A valid gap and record end at `next`, holding `newlines` line feeds.
        case record(next: Int, newlines: Int)
        /// The gap, the root end tag and white space reach the end of the input: the document is valid.
        case finished
        /// The unit runs past the bytes given and more input follows: call again with more.
        case needMore
        /// Not vouched for: libxml2 must read from `start` on.
        case unvouched
    }

    let schema: XMLFastSchema
    /// `</events>`.
    private let rootEnd = Array("</\(XMLFastSchema.rootName)>".utf8)
    /// `<event>`.
    private let recordStart: [UInt8]
    private let tables: Tables

    /// The scanner of `schema`'s records.
    init(schema: XMLFastSchema) {
        self.schema = schema
        recordStart = [UInt8(ascii: "<")] + schema.recordName + [UInt8(ascii: ">")]
        tables = Tables(schema)
    }

    /// One particle of ``XMLFastSchema`` flattened to plain numbers, so the scanner reads it without reference
    /// counting.
    private struct Slot {
        /// Where its name is in ``Tables/names``.
        var nameStart: Int
        var nameCount: Int
        var required: Bool
        var repeats: Bool
        /// An unrestricted `xs:string`: only the characters of its text are checked.
        var anyText: Bool
        /// The first slot of its content's group when complex, else -1.
        var groupStart: Int
        var groupCount: Int
        /// Its simple type's index in ``XMLFastSchema/simpleTypes`` when simple, else -1.
        var simpleType: Int
    }

    /// The model and the text byte classes in memory allocated once per validator: the hot loop indexes raw
    /// pointers (no bounds checks, no retain/release), and the tables are never written after `init`.
    private final class Tables: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Slot>
        let names: UnsafeMutableBufferPointer<UInt8>
        let classes: UnsafeMutableBufferPointer<UInt8>
        let types: UnsafeMutableBufferPointer<XMLFastSchema.SimpleType>
        /// The record's group: its first slot and count.
        let recordStart: Int
        let recordCount: Int

        init(_ schema: XMLFastSchema) {
            var groupStarts: [Int] = []
            var total = 0
            for group in schema.groups {
                groupStarts.append(total)
                total += group.count
            }
            var slots: [Slot] = []
            var names: [UInt8] = []
            for group in schema.groups {
                for particle in group {
                    let anyText = particle.simpleType >= 0 && schema.simpleTypes[particle.simpleType].acceptsAnyText
                    slots.append(
                        Slot(
                            nameStart: names.count, nameCount: particle.name.count, required: particle.required,
                            repeats: particle.repeats, anyText: anyText,
                            groupStart: particle.group >= 0 ? groupStarts[particle.group] : -1,
                            groupCount: particle.group >= 0 ? schema.groups[particle.group].count : 0,
                            simpleType: particle.simpleType))
                    names += particle.name
                }
            }
            self.slots = .allocate(capacity: max(1, slots.count))
            _ = self.slots.initialize(from: slots)
            self.names = .allocate(capacity: max(1, names.count))
            _ = self.names.initialize(from: names)
            self.classes = .allocate(capacity: 256)
            _ = self.classes.initialize(from: XMLFastPath.textClasses)
            self.types = .allocate(capacity: max(1, schema.simpleTypes.count))
            _ = self.types.initialize(from: schema.simpleTypes)
            recordStart = schema.recordGroup >= 0 ? groupStarts[schema.recordGroup] : 0
            recordCount = schema.recordGroup >= 0 ? schema.groups[schema.recordGroup].count : 0
        }

        deinit {
            slots.deallocate()
            names.deallocate()
            classes.deallocate()
            types.deinitialize().deallocate()
        }
    }

    /// What a text byte needs: 0 plain (printable ASCII, DEL, TAB), then the bytes handled one by one.
    private enum TextClass {
        static let plain: UInt8 = 0
        static let tagOpen: UInt8 = 1
        static let reference: UInt8 = 2
        static let lineFeed: UInt8 = 3
        static let multiByte: UInt8 = 4
        /// C0 controls, CR, `>` and the sentinel NUL: never vouched for (or the end of the bytes).
        static let refused: UInt8 = 5
    }

    /// The class of every byte in text.
    private static let textClasses: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 0x09: TextClass.plain
        case 0x0A: TextClass.lineFeed
        case 0x3C: TextClass.tagOpen
        case 0x26: TextClass.reference
        case 0x3E: TextClass.refused
        case 0..<0x20: TextClass.refused
        case 0x80...: TextClass.multiByte
        default: TextClass.plain
        }
    }

    /// Scans one unit: the white space after the previous record, then a record or the root end tag.
    ///
    /// - Parameters:
    ///   - bytes: the buffer; `bytes[end]` must be readable and hold 0 (a sentinel that stops the text loop).
    ///   - start: where the unit starts (just after `>` of the root start tag or of the previous record).
    ///   - end: the end of the buffered bytes.
    ///   - atEnd: whether the input ends at `end` (then a unit running past it is ``Step/unvouched``).
    func step(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, atEnd: Bool) -> Step {
        let short: Step = atEnd ? .unvouched : .needMore
        var index = start
        var newlines = 0
        while index < end {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 {
                index += 1
            } else if byte == 0x0A {
                newlines += 1
                index += 1
            } else {
                break
            }
        }
        guard index + recordStart.count <= end else {
            // Too short for a record start: the start of one, or the root end tag and white space up to the end.
            if Self.equal(bytes + index, recordStart[..<(end - index)]) { return short }
            return rootEndStep(bytes, at: index, to: end, atEnd: atEnd)
        }
        guard Self.equal(bytes + index, recordStart) else {
            return rootEndStep(bytes, at: index, to: end, atEnd: atEnd)
        }
        index += recordStart.count
        return record(bytes, from: index, to: end, newlines: newlines, short: short)
    }

    /// The root end tag at `index`, then white space to the end.
    private func rootEndStep(_ bytes: UnsafePointer<UInt8>, at start: Int, to end: Int, atEnd: Bool) -> Step {
        let short: Step = atEnd ? .unvouched : .needMore
        guard start + rootEnd.count <= end else {
            let available = end - start
            return Self.equal(bytes + start, rootEnd[..<available]) ? short : .unvouched
        }
        guard Self.equal(bytes + start, rootEnd) else { return .unvouched }
        var index = start + rootEnd.count
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A else { return .unvouched }
            index += 1
        }
        return atEnd ? .finished : .needMore
    }

    /// One open complex element.
    private struct Frame {
        /// Its content's group: first slot and count.
        var groupStart: Int
        var groupCount: Int
        /// The position in the group (relative) and how often that particle has occurred.
        var position: Int
        var count: Int
        /// The element's own slot, whose name its end tag repeats, or -1 for the record.
        var slot: Int
    }

    /// The content of a record after its start tag, through its end tag.
    private func record(
        _ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, newlines startNewlines: Int, short: Step
    ) -> Step {
        let slots = tables.slots.baseAddress!
        let names = tables.names.baseAddress!
        let classes = tables.classes.baseAddress!
        var index = start
        var newlines = startNewlines
        // The open complex elements above the current one (fixed capacity: no allocation per record).
        return withUnsafeTemporaryAllocation(of: Frame.self, capacity: Self.maximumDepth) { frames in
            var depth = 0
            var frame = Frame(
                groupStart: tables.recordStart, groupCount: tables.recordCount, position: 0, count: 0, slot: -1)
            while true {
                guard index + 1 < end else { return short }
                guard bytes[index] == UInt8(ascii: "<") else { return .unvouched }
                if bytes[index + 1] == UInt8(ascii: "/") {
                    // The end of the open complex element: every required particle after the position must be met.
                    var position = frame.position
                    var count = frame.count
                    while position < frame.groupCount {
                        if slots[frame.groupStart + position].required && count == 0 { return .unvouched }
                        position += 1
                        count = 0
                    }
                    if frame.slot < 0 {
                        let name = recordStart.dropFirst().dropLast()
                        guard index + name.count + 3 <= end else { return short }
                        guard Self.equal(bytes + index + 2, name), bytes[index + 2 + name.count] == UInt8(ascii: ">")
                        else { return .unvouched }
                        index += name.count + 3
                        return .record(next: index, newlines: newlines)
                    }
                    let slot = slots[frame.slot]
                    guard index + slot.nameCount + 3 <= end else { return short }
                    guard Self.equal(bytes + index + 2, names + slot.nameStart, slot.nameCount),
                        bytes[index + 2 + slot.nameCount] == UInt8(ascii: ">")
                    else { return .unvouched }
                    index += slot.nameCount + 3
                    depth -= 1
                    frame = frames[depth]
                    continue
                }
                // A start tag: the particle it names, at or after the position (names in a group are distinct).
                var position = frame.position
                var count = frame.count
                var found = -1
                while position < frame.groupCount {
                    let slot = slots[frame.groupStart + position]
                    if count == 0 || slot.repeats {
                        guard index + slot.nameCount + 2 <= end else { return short }
                        if Self.equal(bytes + index + 1, names + slot.nameStart, slot.nameCount)
                            && bytes[index + 1 + slot.nameCount] == UInt8(ascii: ">")
                        {
                            found = position
                            break
                        }
                    }
                    if slot.required && count == 0 { return .unvouched }
                    position += 1
                    count = 0
                }
                guard found >= 0 else { return .unvouched }
                frame.position = found
                frame.count = count + 1
                let slotIndex = frame.groupStart + found
                let slot = slots[slotIndex]
                index += slot.nameCount + 2
                if slot.groupStart >= 0 {
                    guard depth + 1 < Self.maximumDepth else { return .unvouched }
                    frames[depth] = frame
                    depth += 1
                    frame = Frame(
                        groupStart: slot.groupStart, groupCount: slot.groupCount, position: 0, count: 0,
                        slot: slotIndex)
                    continue
                }
                // A simple element: its text up to '<', then its end tag.
                let textStart = index
                var plain = true
                text: while true {
                    while classes[Int(bytes[index])] == TextClass.plain { index += 1 }
                    switch classes[Int(bytes[index])] {
                    case TextClass.tagOpen:
                        break text
                    case TextClass.lineFeed:
                        newlines += 1
                        plain = false
                        index += 1
                    case TextClass.reference:
                        guard let length = Self.referenceLength(bytes, at: index, end: end) else {
                            return index + Self.longestReference >= end ? short : .unvouched
                        }
                        plain = false
                        index += length
                    case TextClass.multiByte:
                        let length = Self.characterLength(bytes, at: index, end: end)
                        guard length > 0 else { return index + 4 > end ? short : .unvouched }
                        plain = false
                        index += length
                    default:
                        return index >= end ? short : .unvouched
                    }
                }
                if !slot.anyText {
                    guard plain,
                        isValid(
                            UnsafeBufferPointer(start: bytes + textStart, count: index - textStart), slot.simpleType)
                    else { return .unvouched }
                }
                guard index + slot.nameCount + 3 <= end else { return short }
                guard bytes[index + 1] == UInt8(ascii: "/"),
                    Self.equal(bytes + index + 2, names + slot.nameStart, slot.nameCount),
                    bytes[index + 2 + slot.nameCount] == UInt8(ascii: ">")
                else { return .unvouched }
                index += slot.nameCount + 3
            }
        }
    }

    /// Whether the `count` bytes at `pointer` equal those at `expected` (the caller checked both are readable).
    @inline(__always)
    private static func equal(_ pointer: UnsafePointer<UInt8>, _ expected: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            if pointer[offset] != expected[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Whether the typed value `value` (plain ASCII) is valid for simple type `index` of the schema.
    private func isValid(_ value: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        // Called on the stored value in place: a copy would retain its arrays.
        tables.types.baseAddress.unsafelyUnwrapped.advanced(by: index).pointee.accepts(value)
    }

    /// Whether the bytes at `pointer` equal `expected` (the caller checked they are in the buffer).
    @inline(__always)
    private static func equal(_ pointer: UnsafePointer<UInt8>, _ expected: some Collection<UInt8>) -> Bool {
        var offset = 0
        for byte in expected {
            if pointer[offset] != byte { return false }
            offset += 1
        }
        return true
    }

    /// The longest reference vouched for: `&#x10FFFF;`.
    private static let longestReference = 10

    /// The length of the reference at `index` (`&lt;` … `&#x…;`) when it is one of the five predefined ones or a
    /// character reference to an XML 1.0 character with at most seven digits; `nil` otherwise (or if it runs past
    /// `end`).
    private static func referenceLength(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int? {
        let limit = min(end, index + longestReference)
        var cursor = index + 1
        guard cursor < limit else { return nil }
        if bytes[cursor] != UInt8(ascii: "#") {
            let names: [[UInt8]] = [
                Array("lt;".utf8), Array("gt;".utf8), Array("amp;".utf8), Array("quot;".utf8), Array("apos;".utf8),
            ]
            for name in names where cursor + name.count <= limit && equal(bytes + cursor, name) {
                return 1 + name.count
            }
            return nil
        }
        cursor += 1
        var hex = false
        if cursor < limit && bytes[cursor] == UInt8(ascii: "x") {
            hex = true
            cursor += 1
        }
        var value: UInt32 = 0
        var digits = 0
        while cursor < limit, digits < 7 {
            let byte = bytes[cursor]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66 where hex: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46 where hex: digit = UInt32(byte - 0x41 + 10)
            default: digit = 99
            }
            if digit == 99 { break }
            value = value * (hex ? 16 : 10) + digit
            digits += 1
            cursor += 1
        }
        guard digits > 0, cursor < limit, bytes[cursor] == UInt8(ascii: ";") else { return nil }
        let isCharacter =
            value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0xD7FF).contains(value)
            || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        return isCharacter ? cursor + 1 - index : nil
    }

    /// The length (2–4) of the well-formed UTF-8 sequence at `index` when it encodes an XML 1.0 character (not
    /// U+FFFE or U+FFFF; surrogates and overlong forms are ill-formed), else 0 (also when it runs past `end`).
    private static func characterLength(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int {
        let available = end - index
        let lead = bytes[index]
        @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            offset < available && bytes[index + offset] >= low && bytes[index + offset] <= high
        }
        switch lead {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xEE: return continuation(1) && continuation(2) ? 3 : 0
        case 0xEF:
            guard continuation(1) && continuation(2) else { return 0 }
            // U+FFFE and U+FFFF are not XML characters.
            return bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE ? 0 : 3
        case 0xF0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// The `xs:long` written `-?[0-9]{1,18}` (so it cannot overflow), else `nil` (libxml2 decides the rest).
    static func long(_ value: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if value.first == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        let digits = value.count - index
        guard digits >= 1, digits <= 18 else { return nil }
        var number: Int64 = 0
        while index < value.count {
            let byte = value[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            number = number * 10 + Int64(byte - 0x30)
            index += 1
        }
        return negative ? -number : number
    }

    /// Whether `value` is an `xs:dateTime` written `YYYY-MM-DDThh:mm:ss`, optionally `.` and 1–9 digits, optionally
    /// `Z`, with year 0001–9999, a real day of that month, hour 00–23, minute and second 00–59. Stricter than XSD
    /// (no time-zone offsets, no hour 24, no leap second): what is left out is not vouched for, so libxml2 decides.
    static func isDateTime(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count >= 19 else { return false }
        func number(_ at: Int, _ length: Int) -> Int? {
            var result = 0
            for offset in at..<at + length {
                let byte = value[offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                result = result * 10 + Int(byte - 0x30)
            }
            return result
        }
        guard let year = number(0, 4), value[4] == UInt8(ascii: "-"), let month = number(5, 2),
            value[7] == UInt8(ascii: "-"), let day = number(8, 2), value[10] == UInt8(ascii: "T"),
            let hour = number(11, 2), value[13] == UInt8(ascii: ":"), let minute = number(14, 2),
            value[16] == UInt8(ascii: ":"), let second = number(17, 2)
        else { return false }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= TimestampSyntax.daysIn(month: month, year: year),
            hour <= 23, minute <= 59, second <= 59
        else { return false }
        var index = 19
        if index < value.count && value[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < value.count, value[index] >= 0x30 && value[index] <= 0x39 { index += 1 }
            guard index - fractionStart >= 1, index - fractionStart <= 9 else { return false }
        }
        if index < value.count && value[index] == UInt8(ascii: "Z") { index += 1 }
        return index == value.count
    }
}
