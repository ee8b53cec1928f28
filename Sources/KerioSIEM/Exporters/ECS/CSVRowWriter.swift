/// Writes one projected record as an RFC 4180 row: one cell per ``ECSField`` (all of them, in order), CRLF-terminated.
///
/// Cells of absent fields are empty. Text cells go through ``Escaping/csvField`` (`"` doubled; control characters
/// other than TAB, LF, CR → U+FFFD, because Python's `csv` module rejects NUL and spreadsheets mangle the rest; invalid
/// UTF-8 → U+FFFD) and are quoted when they hold `,`, `"`, CR or LF, or when the formula guard applies. List fields are
/// one cell, elements joined by `|`. Numbers and timestamps are written bare and never guarded.
///
/// **Formula guard** (OWASP CSV injection, on unless ``ExportOptions/csvFormulaGuard`` is `false`): a text cell whose
/// first character is `=`, `+`, `-`, `@`, TAB, CR or LF gets a leading `'` and is quoted, so a spreadsheet shows the
/// text instead of evaluating it. The `'` is part of the cell: consumers that want the raw value strip it.
///
/// ```swift
/// var writer = CSVRowWriter(formulaGuard: true)
/// writer.beginRecord()
/// projection.project(event, into: &writer)
/// writer.endRecord()          // writer.output ends with "\r\n"
/// ```
struct CSVRowWriter: ECSFieldVisitor {
    /// Where the row goes; the exporter swaps its buffer in and out, so nothing is copied.
    var output = OutputBuffer()
    /// Whether the `'` prefix is applied.
    let formulaGuard: Bool
    private var nextColumn = 0

    /// The first characters that make a spreadsheet read a cell as a formula (OWASP, incl. LF since 2025).
    static let formulaStarts: ByteSet = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, 0x0A,
    ]
    /// The bytes that force quoting (RFC 4180 §2.6).
    static let quotingBytes: ByteSet = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A]

    /// Creates a writer.
    init(formulaGuard: Bool) {
        self.formulaGuard = formulaGuard
    }

    /// Appends the header row: the dotted names of every catalogue field.
    static func writeHeader(into output: inout OutputBuffer) {
        for field in ECSField.allCases {
            if field.rawValue > 0 { output.write(UInt8(ascii: ",")) }
            output.write(field.nameBytes)
        }
        output.write("\r\n")
    }

    /// Starts a row.
    mutating func beginRecord() { nextColumn = 0 }

    mutating func visit(_ field: ECSField, _ value: ECSValue) {
        writeEmptyCells(upTo: field.rawValue)
        if field.rawValue > 0 { output.write(UInt8(ascii: ",")) }
        switch value {
        case .text(let bytes):
            var list = ECSTextList()
            list.append(bytes)
            writeTextCell(list)
        case .integer(let number):
            output.write(decimal: number)
        case .timestamp(let milliseconds):
            output.writeRFC3339(epochMilliseconds: milliseconds)
        case .textList(let list):
            writeTextCell(list)
        }
        nextColumn = field.rawValue + 1
    }

    /// Writes the remaining empty cells and the CRLF.
    mutating func endRecord() {
        writeEmptyCells(upTo: ECSField.count)
        output.write("\r\n")
    }

    /// Writes the empty cells (each after its separator) of the columns before `column` not yet written.
    private mutating func writeEmptyCells(upTo column: Int) {
        while nextColumn < column {
            if nextColumn > 0 { output.write(UInt8(ascii: ",")) }
            nextColumn += 1
        }
    }

    private mutating func writeTextCell(_ elements: ECSTextList) {
        let guarded = formulaGuard && !elements[0].isEmpty && Self.formulaStarts.contains(elements[0][0])
        var quoted = guarded
        if !quoted {
            search: for index in 0..<elements.count {
                for byte in elements[index] where Self.quotingBytes.contains(byte) {
                    quoted = true
                    break search
                }
            }
        }
        if quoted { output.write(UInt8(ascii: "\"")) }
        if guarded { output.write(UInt8(ascii: "'")) }
        for index in 0..<elements.count {
            if index > 0 { output.write(UInt8(ascii: "|")) }
            output.write(elements[index], escaping: .csvField)
        }
        if quoted { output.write(UInt8(ascii: "\"")) }
    }
}
