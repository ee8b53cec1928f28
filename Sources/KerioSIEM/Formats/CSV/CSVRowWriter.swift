/// Writes one projected record as an RFC 4180 row: one cell per ``ECSField`` (all of them, in order), CRLF-terminated.
///
/// Cells of absent fields are empty. Text cells go through ``Escaping/csvField`` (`"` doubled; control characters
/// other than TAB, LF, CR → U+FFFD, because Python's `csv` module rejects NUL and spreadsheets mangle the rest; invalid
/// UTF-8 → U+FFFD) and are quoted when they hold `,`, `"`, CR or LF, or when the formula guard applies. List fields are
/// one cell, elements joined by `|`. Numbers, timestamps and verbatim values (literals, IP literals) are written bare
/// and never guarded. Separators, numbers and timestamps are assembled in an ``ECSRecordStage``; `event.original`
/// reuses the escaped `message` (``ECSMessageEcho``).
///
/// **Formula guard** (OWASP CSV injection, on unless ``ExportOptions/csvFormulaGuard`` is `false`): a text cell whose
/// first character is `=`, `+`, `-`, `@`, TAB, CR or LF gets a leading `'` and is quoted, so a spreadsheet shows the
/// text instead of evaluating it. The `'` is part of the cell: consumers that want the raw value strip it.
///
/// ```swift
/// var writer = CSVRowWriter(stage: ECSRecordStage(memory), escaping: .csvField, formulaGuard: true)
/// writer.beginRecord()
/// projection.walk(event, into: &writer)
/// writer.endRecord()          // writer.output ends with "\r\n"
/// ```
struct CSVRowWriter: ECSRecordWriter {
    /// Where the row goes; the exporter swaps its buffer in and out, so nothing is copied.
    var output = OutputBuffer()
    private var stage: ECSRecordStage
    /// The exporter's timestamp cache, lent for the record.
    var timestamps = ECSTimestampCache()
    private let escaping: Escaping
    /// Whether the `'` prefix is applied.
    private let formulaGuard: Bool
    private var nextColumn = 0
    private var echo = ECSMessageEcho()
    /// Whether the message cell held a byte that forces quoting (so does the original line that ends with it).
    private var messageNeedsQuotes = false

    /// A writer staging in `stage`, escaping cells with `escaping` (``Escaping/csvField``, hoisted by the exporter).
    init(stage: ECSRecordStage, escaping: Escaping, formulaGuard: Bool) {
        self.stage = stage
        self.escaping = escaping
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

    /// Writes the remaining empty cells and the CRLF, and flushes the stage.
    mutating func endRecord() {
        stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
        // One separator before each remaining column but the first.
        stage.append(UInt8(ascii: ","), times: ECSField.count - Swift.max(nextColumn, 1))
        stage.append("\r\n")
        stage.flush(into: &output)
    }

    mutating func text(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        column(field)
        guard let first = value.first else { return }
        let guarded = formulaGuard && Self.isFormulaStart(first)
        if field == .eventOriginal, let prefix = echo.prefix(of: value) {
            let quoted = guarded || messageNeedsQuotes || Self.holdsQuotingByte(prefix)
            openCell(quoted: quoted, guarded: guarded)
            escape(prefix)
            stage.appendCopy(of: echo.escaped, in: &output)
            closeCell(quoted: quoted)
        } else if field == .message {
            messageNeedsQuotes = Self.holdsQuotingByte(value)
            openCell(quoted: guarded || messageNeedsQuotes, guarded: guarded)
            stage.flush(into: &output)
            let start = output.count
            escaping.append(value, to: &output)
            echo.record(value, escapedAt: start..<output.count)
            closeCell(quoted: guarded || messageNeedsQuotes)
        } else {
            let quoted = guarded || Self.holdsQuotingByte(value)
            openCell(quoted: quoted, guarded: guarded)
            escape(value)
            closeCell(quoted: quoted)
        }
    }

    mutating func verbatim(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        column(field)
        stage.append(value, in: &output)
    }

    mutating func integer(_ field: ECSField, _ value: Int64) {
        column(field)
        stage.append(decimal: value)
    }

    mutating func timestamp(_ field: ECSField, epochMilliseconds: Int64) {
        column(field)
        stage.appendRFC3339(epochMilliseconds: epochMilliseconds, cache: &timestamps)
    }

    mutating func list(_ field: ECSField, _ list: ECSTextList, verbatim: Bool) {
        column(field)
        if verbatim {
            for index in 0..<list.count {
                stage.makeRoom(1, in: &output)
                if index > 0 { stage.append(UInt8(ascii: "|")) }
                stage.append(list.bytes(at: index), in: &output)
            }
            return
        }
        let guarded = formulaGuard && !list.bytes(at: 0).isEmpty && Self.isFormulaStart(list.bytes(at: 0)[0])
        var quoted = guarded
        for index in 0..<list.count where !quoted { quoted = Self.holdsQuotingByte(list.bytes(at: index)) }
        openCell(quoted: quoted, guarded: guarded)
        for index in 0..<list.count {
            if index > 0 {
                stage.makeRoom(1, in: &output)
                stage.append(UInt8(ascii: "|"))
            }
            escape(list.bytes(at: index))
        }
        closeCell(quoted: quoted)
    }

    /// Stages the separators of the empty cells before `field`'s column and the one before it.
    @inline(__always)
    private mutating func column(_ field: ECSField) {
        stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
        // Columns nextColumn..<field each end with a separator, except that column 0 has none before it.
        if field.rawValue > 0 { stage.append(UInt8(ascii: ","), times: field.rawValue - Swift.max(nextColumn, 1) + 1) }
        nextColumn = field.rawValue + 1
    }

    @inline(__always)
    private mutating func openCell(quoted: Bool, guarded: Bool) {
        stage.makeRoom(2, in: &output)
        if quoted { stage.append(UInt8(ascii: "\"")) }
        if guarded { stage.append(UInt8(ascii: "'")) }
    }

    @inline(__always)
    private mutating func closeCell(quoted: Bool) {
        stage.makeRoom(1, in: &output)
        if quoted { stage.append(UInt8(ascii: "\"")) }
    }

    /// Appends `bytes` escaped, after the staged cells.
    private mutating func escape(_ bytes: UnsafeBufferPointer<UInt8>) {
        stage.flush(into: &output)
        escaping.append(bytes, to: &output)
    }

    /// Whether a cell starting with `byte` reads as a formula in a spreadsheet: `=`, `+`, `-`, `@`, TAB, CR, LF
    /// (OWASP, incl. LF since 2025).
    @inline(__always)
    static func isFormulaStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, 0x0A: true
        default: false
        }
    }

    /// Whether `bytes` hold a byte that forces quoting (RFC 4180 §2.6): `,`, `"`, CR or LF.
    ///
    /// Eight bytes at a time: a word holds byte `b` iff `word ^ b·0x0101…` has a zero byte, and `(v − 0x0101…) & ~v &
    /// 0x8080…` is non-zero iff `v` has one (exact for the yes/no question).
    static func holdsQuotingByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func holds(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let matches = word ^ (ones &* UInt64(byte))
            return (matches &- ones) & ~matches & highs
        }
        var index = 0
        let count = bytes.count
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            if holds(word, 0x2C) | holds(word, 0x22) | holds(word, 0x0D) | holds(word, 0x0A) != 0 { return true }
            index &+= 8
        }
        while index < count {
            switch base[index] {
            case 0x2C, 0x22, 0x0D, 0x0A: return true
            default: index &+= 1
            }
        }
        return false
    }
}
