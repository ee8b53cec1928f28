public import KerioSIEM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Validates CSV output against `csv.schema.json`: RFC 4180 framing per the schema's dialect, then each cell against
/// its Frictionless field descriptor (``CSVField``).
///
/// Framing (reported at the line where the record starts, since quoted fields may span lines):
/// - records end with CR LF (or LF when the dialect says `"\n"`); a bare CR, or LF alone under CRLF, is an error; the
///   last record may omit its terminator;
/// - a quoted field is quoted as a whole; inside it the quote is doubled; after the closing quote comes the
///   delimiter or the end of the record; an unquoted field holds no quote; an unterminated quote is an error;
/// - every record has as many fields as the schema; with `header: true` the first record equals the schema's field
///   names, in order.
///
/// Cells: an empty cell is an absent value (`required` fields must not be empty). A string or array cell that starts
/// with `'` followed by `=`, `+`, `-`, `@`, TAB, CR or LF is read without the `'`: that is the OWASP formula guard the
/// exporter adds, not part of the value. Cells must be UTF-8.
///
/// ```swift
/// let validator = try CSVValidator()
/// // out.csv:4: error: [csv] field 'source.port' (column 7) expects an integer, got 'http'
/// ```
public struct CSVValidator: OutputValidator {
    /// The format checked, `csv` unless made for another registry format (``init(format:)``).
    public let formatName: String
    private let schema: CSVSchema

    /// A validator using the bundled `csv.schema.json`.
    /// - Throws: ``SchemaError`` when the bundled schema is not a valid Table Schema of the supported subset.
    public init() throws(SchemaError) {
        try self.init(schema: SchemaCatalog.bytes(named: SchemaCatalog.csv))
    }

    /// A validator using `schema`, the text of a Table Schema with a `dialect` (see `Schemas/README.md`).
    /// - Throws: ``SchemaError`` when `schema` is not valid JSON or outside the supported subset.
    public init(schema: [UInt8], schemaName: String = "csv.schema.json", formatName: String = "csv")
        throws(SchemaError)
    {
        self.schema = try CSVSchema(bytes: schema, name: schemaName)
        self.formatName = formatName
    }

    /// The validator of a registered CSV format: its name tags the issues, its ``ExportFormat/schema`` names the
    /// bundled Table Schema used (`csv.schema.json` when it has none). The factory the command line registers.
    /// - Throws: ``SchemaError`` when that schema is not bundled or outside the supported subset.
    public init(format: ExportFormat) throws(SchemaError) {
        let name = format.schema ?? SchemaCatalog.csv
        try self.init(schema: SchemaCatalog.bytes(named: name), schemaName: name, formatName: format.name)
    }

    /// The longest record checked (quoted fields may hold line breaks, so a record is not a line).
    static let maximumRecordLength = RecordLines.maximumLength

    /// Validates a CSV document read in chunks, reporting each problem as found, at the line where its record starts.
    ///
    /// Why a pointer: ``OutputValidator``'s requirement (see there): `read` fills the chunk buffer in place.
    public func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void
    ) throws {
        try IssueList.run(file: fileName, tag: formatName, report: report) { issues in
            try validate(read, &issues)
        }
    }

    private func validate(_ read: (UnsafeMutableRawBufferPointer) throws -> Int, _ issues: inout IssueList) throws {
        var capacity = RecordLines.chunkSize
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        var reader = Reader(dialect: schema.dialect)
        var cells: [String] = []
        var recordNumber = 0
        var sawBytes = false
        while true {
            let count = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            filled += count
            sawBytes = sawBytes || count > 0
            reader.bytes = UnsafeBufferPointer(
                start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                count: filled)
            reader.isFinal = count == 0
            while case .record(let line, let framed) = reader.next(into: &cells) {
                for (line, message) in reader.pending { issues.add(line: line, message) }
                reader.pending.removeAll(keepingCapacity: true)
                check(cells, record: recordNumber, line: line, framed: framed, &issues)
                recordNumber += 1
            }
            if count == 0 { break }
            // Keep the unfinished record, at the front of the buffer.
            let keep = reader.index
            if keep > 0 {
                memmove(buffer.baseAddress!, buffer.baseAddress! + keep, filled - keep)
                filled -= keep
                reader.index = 0
            }
            if filled == capacity {
                if capacity < Self.maximumRecordLength {
                    capacity = min(capacity * 2, Self.maximumRecordLength)
                    let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
                    larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
                    buffer.deallocate()
                    buffer = larger
                } else {
                    issues.add(
                        line: reader.line,
                        "the record is longer than \(Self.maximumRecordLength >> 20) MiB: it "
                            + "is not checked, and reading resumes after the next line feed")
                    recordNumber += 1
                    filled = 0
                    reader.skipping = true
                }
            }
        }
        if !sawBytes && schema.dialect.header {
            issues.add(line: 1, "the file is empty: the header row is missing")
        }
    }

    // MARK: - Records

    private func check(_ cells: [String], record: Int, line: Int, framed: Bool, _ issues: inout IssueList) {
        guard framed else { return }  // the framing error is reported; its cells would only add noise
        let fields = schema.fields
        if record == 0 && schema.dialect.header {
            let names = fields.map(\.name)
            guard cells != names else { return }
            if cells.count != names.count {
                issues.add(
                    line: line,
                    "the header has \(cells.count) columns, the schema has \(names.count) "
                        + "(expected \(IssueText.quoted(names.joined(separator: ","))))")
            }
            for (column, (found, expected)) in zip(cells, names).enumerated() where found != expected {
                issues.add(
                    line: line,
                    "header column \(column + 1) is \(IssueText.quoted(found)), the schema expects "
                        + "\(IssueText.quoted(expected))")
            }
            return
        }
        guard cells.count == fields.count else {
            if cells.count == 1 && cells[0].isEmpty {
                issues.add(line: line, "blank line: every record has \(fields.count) fields")
            } else {
                issues.add(
                    line: line,
                    "the record has \(cells.count) fields, the \(schema.dialect.header ? "header" : "schema") "
                        + "has \(fields.count)")
            }
            return
        }
        for (column, (field, cell)) in zip(fields, cells).enumerated() {
            guard !cell.isEmpty else {
                if field.required {
                    issues.add(
                        line: line, "field \(IssueText.quoted(field.name)) (column \(column + 1)) is required but empty"
                    )
                }
                continue
            }
            var value = cell
            if field.kind == .string || field.kind == .array, Self.isFormulaGuarded(cell) {
                value = String(cell.unicodeScalars.dropFirst())
            }
            if let problem = field.problem(with: value) {
                issues.add(line: line, "field \(IssueText.quoted(field.name)) (column \(column + 1)) \(problem)")
            }
        }
    }

    /// Whether `cell` is `'` followed by `=`, `+`, `-`, `@`, TAB, CR or LF (the OWASP formula guard).
    private static func isFormulaGuarded(_ cell: String) -> Bool {
        var bytes = cell.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "'"), let second = bytes.next() else { return false }
        switch second {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, 0x0A: return true
        default: return false
        }
    }

    // MARK: - Framing

    /// Reads RFC 4180 records one at a time from a window of the document, reporting framing errors (into
    /// ``pending``, kept until the record is complete) and recovering at the next line. When the window ends inside a
    /// record before the input does, ``next(into:)`` answers ``Step/needMore`` and the record is read again, whole,
    /// from ``index`` once more bytes follow it.
    private struct Reader {
        enum Step {
            /// A record: its first line, and whether it was framed correctly.
            case record(line: Int, framed: Bool)
            /// The window ends before the record does.
            case needMore
        }

        var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        /// Whether the window reaches the end of the document.
        var isFinal = false
        let dialect: CSVDialect
        /// Where the next record starts.
        var index = 0
        /// The line of ``index``.
        var line = 1
        /// Dropping bytes up to the next LF, after a framing error or an over-long record.
        var skipping = false
        /// The framing issues of the record just read: its line, and the message.
        var pending: [(Int, String)] = []
        private var cell: [UInt8] = []

        init(dialect: CSVDialect) {
            self.dialect = dialect
        }

        /// The next record's cells (into `cells`), or ``Step/needMore``.
        mutating func next(into cells: inout [String]) -> Step {
            if skipping {
                guard skipLine() else { return .needMore }
            }
            guard index < bytes.count else { return .needMore }
            let recordStart = index
            let start = line
            pending.removeAll(keepingCapacity: true)
            switch read(into: &cells, start: start) {
            case .needMore:
                index = recordStart
                line = start
                pending.removeAll(keepingCapacity: true)
                return .needMore
            case let step:
                return step
            }
        }

        private mutating func read(into cells: inout [String], start: Int) -> Step {
            cells.removeAll(keepingCapacity: true)
            let count = bytes.count
            while true {
                let field = cells.count + 1
                cell.removeAll(keepingCapacity: true)
                if index < count, bytes[index] == dialect.quote {
                    let openedOn = line
                    index += 1
                    var closed = false
                    while index < count {
                        let byte = bytes[index]
                        if byte == dialect.quote {
                            if index + 1 < count, bytes[index + 1] == dialect.quote {
                                cell.append(byte)
                                index += 2
                                continue
                            }
                            if index + 1 == count && !isFinal { return .needMore }  // a doubled quote, cut?
                            index += 1
                            closed = true
                            break
                        }
                        if byte == 0x0A { line += 1 }
                        cell.append(byte)
                        index += 1
                    }
                    guard closed else {
                        if !isFinal { return .needMore }
                        pending.append(
                            (
                                start,
                                "unterminated quoted field \(field): the quote opened on line \(openedOn) "
                                    + "is never closed"
                            ))
                        return .record(line: start, framed: false)
                    }
                    if index < count, bytes[index] != dialect.delimiter, bytes[index] != 0x0D, bytes[index] != 0x0A {
                        pending.append(
                            (
                                start,
                                "\(IssueText.describe(byte: bytes[index])) after the closing quote of "
                                    + "field \(field) (a quote inside a quoted field must be doubled)"
                            ))
                        skipping = true
                        _ = skipLine()
                        return .record(line: start, framed: false)
                    }
                } else {
                    while index < count {
                        let byte = bytes[index]
                        if byte == dialect.delimiter || byte == 0x0D || byte == 0x0A { break }
                        if byte == dialect.quote {
                            pending.append(
                                (
                                    start,
                                    "bare quote in unquoted field \(field) (quotes must enclose a whole "
                                        + "field, and quotes inside it are doubled)"
                                ))
                            skipping = true
                            _ = skipLine()
                            return .record(line: start, framed: false)
                        }
                        cell.append(byte)
                        index += 1
                    }
                }
                guard index < count || isFinal else { return .needMore }
                cell.withUnsafeBufferPointer { buffer in
                    if let offset = UTF8Check.firstInvalidOffset(buffer) {
                        pending.append((start, "field \(field) is not valid UTF-8 (byte \(offset + 1) of the field)"))
                    }
                }
                cells.append(String(decoding: cell, as: UTF8.self))
                // The last record may omit its terminator.
                guard index < count else { return .record(line: start, framed: true) }
                let byte = bytes[index]
                if byte == dialect.delimiter {
                    index += 1
                    continue
                }
                if byte == 0x0D && index + 1 == count && !isFinal { return .needMore }
                let crlfFollows = byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A
                if byte == 0x0A {
                    index += 1
                    line += 1
                    if dialect.crlf {
                        pending.append((start, "the record ends with LF alone; the dialect requires CRLF line ends"))
                    }
                    return .record(line: start, framed: true)
                }
                if crlfFollows {
                    index += 2
                    line += 1
                    if !dialect.crlf {
                        pending.append((start, "the record ends with CRLF; the dialect requires LF line ends"))
                    }
                    return .record(line: start, framed: true)
                }
                pending.append(
                    (
                        start,
                        "bare carriage return (CR) not followed by LF after field \(field) (quote "
                            + "fields that contain CR)"
                    ))
                skipping = true
                _ = skipLine()
                return .record(line: start, framed: false)
            }
        }

        /// Moves past the next LF, to resynchronise after a framing error; false when the window ends first (the
        /// skip goes on in the next one).
        private mutating func skipLine() -> Bool {
            while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            guard index < bytes.count else { return false }
            index += 1
            line += 1
            skipping = false
            return true
        }
    }
}
