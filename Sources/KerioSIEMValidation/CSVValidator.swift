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
    /// `csv`.
    public var formatName: String { "csv" }
    private let schema: CSVSchema

    /// A validator using the bundled `csv.schema.json`.
    /// - Throws: ``SchemaError`` when the bundled schema is not a valid Table Schema of the supported subset.
    public init() throws(SchemaError) {
        try self.init(schema: SchemaCatalog.bytes(named: SchemaCatalog.csv))
    }

    /// A validator using `schema`, the text of a Table Schema with a `dialect` (see `Schemas/README.md`).
    /// - Throws: ``SchemaError`` when `schema` is not valid JSON or outside the supported subset.
    public init(schema: [UInt8], schemaName: String = "csv.schema.json") throws(SchemaError) {
        self.schema = try CSVSchema(bytes: schema, name: schemaName)
    }

    /// Validates a CSV document and returns every problem, by the line where each record starts.
    public func validate(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String) -> [ValidationIssue] {
        var issues = IssueList(file: fileName, tag: "csv")
        guard !bytes.isEmpty else {
            if schema.dialect.header { issues.add(line: 1, "the file is empty: the header row is missing") }
            return issues.sorted()
        }
        var reader = Reader(bytes: bytes, dialect: schema.dialect)
        var cells: [String] = []
        var recordNumber = 0
        while let record = reader.next(into: &cells, &issues) {
            check(cells, record: recordNumber, line: record.line, framed: record.framed, &issues)
            recordNumber += 1
        }
        return issues.sorted()
    }

    // MARK: - Records

    private func check(_ cells: [String], record: Int, line: Int, framed: Bool, _ issues: inout IssueList) {
        guard framed else { return }  // the framing error is reported; its cells would only add noise
        let fields = schema.fields
        if record == 0 && schema.dialect.header {
            let names = fields.map(\.name)
            guard cells != names else { return }
            if cells.count != names.count {
                issues.add(line: line, "the header has \(cells.count) columns, the schema has \(names.count) "
                    + "(expected \(IssueText.quoted(names.joined(separator: ","))))")
            }
            for (column, (found, expected)) in zip(cells, names).enumerated() where found != expected {
                issues.add(line: line, "header column \(column + 1) is \(IssueText.quoted(found)), the schema expects "
                    + "\(IssueText.quoted(expected))")
            }
            return
        }
        guard cells.count == fields.count else {
            if cells.count == 1 && cells[0].isEmpty {
                issues.add(line: line, "blank line: every record has \(fields.count) fields")
            } else {
                issues.add(line: line, "the record has \(cells.count) fields, the \(schema.dialect.header ? "header" : "schema") "
                    + "has \(fields.count)")
            }
            return
        }
        for (column, (field, cell)) in zip(fields, cells).enumerated() {
            guard !cell.isEmpty else {
                if field.required {
                    issues.add(line: line, "field \(IssueText.quoted(field.name)) (column \(column + 1)) is required but empty")
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

    /// Reads RFC 4180 records one at a time, reporting framing errors and recovering at the next line.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let dialect: CSVDialect
        var index = 0
        var line = 1
        var cell: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, dialect: CSVDialect) {
            self.bytes = bytes
            self.dialect = dialect
        }

        /// The next record's cells (into `cells`), its first line, and whether it was framed correctly.
        mutating func next(into cells: inout [String], _ issues: inout IssueList) -> (line: Int, framed: Bool)? {
            guard index < bytes.count else { return nil }
            cells.removeAll(keepingCapacity: true)
            let start = line
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
                            index += 1
                            closed = true
                            break
                        }
                        if byte == 0x0A { line += 1 }
                        cell.append(byte)
                        index += 1
                    }
                    guard closed else {
                        issues.add(line: start, "unterminated quoted field \(field): the quote opened on line \(openedOn) "
                            + "is never closed")
                        return (start, false)
                    }
                    if index < count, bytes[index] != dialect.delimiter, bytes[index] != 0x0D, bytes[index] != 0x0A {
                        issues.add(line: start, "\(IssueText.describe(byte: bytes[index])) after the closing quote of "
                            + "field \(field) (a quote inside a quoted field must be doubled)")
                        skipLine()
                        return (start, false)
                    }
                } else {
                    while index < count {
                        let byte = bytes[index]
                        if byte == dialect.delimiter || byte == 0x0D || byte == 0x0A { break }
                        if byte == dialect.quote {
                            issues.add(line: start, "bare quote in unquoted field \(field) (quotes must enclose a whole "
                                + "field, and quotes inside it are doubled)")
                            skipLine()
                            return (start, false)
                        }
                        cell.append(byte)
                        index += 1
                    }
                }
                cell.withUnsafeBufferPointer { buffer in
                    if let offset = UTF8Check.firstInvalidOffset(buffer) {
                        issues.add(line: start, "field \(field) is not valid UTF-8 (byte \(offset + 1) of the field)")
                    }
                }
                cells.append(String(decoding: cell, as: UTF8.self))
                guard index < count else { return (start, true) }  // the last record may omit its terminator
                let byte = bytes[index]
                if byte == dialect.delimiter {
                    index += 1
                    continue
                }
                let crlfFollows = byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A
                if byte == 0x0A {
                    index += 1
                    line += 1
                    if dialect.crlf {
                        issues.add(line: start, "the record ends with LF alone; the dialect requires CRLF line ends")
                    }
                    return (start, true)
                }
                if crlfFollows {
                    index += 2
                    line += 1
                    if !dialect.crlf {
                        issues.add(line: start, "the record ends with CRLF; the dialect requires LF line ends")
                    }
                    return (start, true)
                }
                issues.add(line: start, "bare carriage return (CR) not followed by LF after field \(field) (quote "
                    + "fields that contain CR)")
                skipLine()
                return (start, false)
            }
        }

        /// Moves past the next LF, to resynchronise after a framing error.
        private mutating func skipLine() {
            while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            if index < bytes.count {
                index += 1
                line += 1
            }
        }
    }
}
