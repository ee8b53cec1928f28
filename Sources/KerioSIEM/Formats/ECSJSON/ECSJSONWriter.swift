/// Writes one projected record as a single-line JSON object, nesting at the dots of the field names.
///
/// Because the projection delivers fields in catalogue order and the catalogue keeps each prefix contiguous, nesting
/// needs no lookahead: between two fields the writer closes the objects the previous field does not share with the
/// next one and opens the new ones, copying both from ``ECSNestingSyntax/json``. Strings go through
/// ``Escaping/jsonString`` (RFC 8259, lossless; invalid UTF-8 → U+FFFD), `long` values are JSON numbers, lists JSON
/// arrays. Syntax is assembled in an ``ECSRecordStage``; `event.original` reuses the escaped `message` when it ends
/// with it (``ECSMessageEcho``).
///
/// ```swift
/// var writer = ECSJSONWriter(stage: ECSRecordStage(memory), escaping: .jsonString)
/// writer.beginRecord()
/// projection.walk(event, into: &writer)
/// writer.endRecord()          // writer.output ends with "}\n"
/// ```
struct ECSJSONWriter: ECSRecordWriter {
    /// Where the record goes; the exporter swaps its buffer in and out, so nothing is copied.
    var output = OutputBuffer()
    private var stage: ECSRecordStage
    /// The exporter's timestamp cache, lent for the record.
    var timestamps = ECSTimestampCache()
    private let syntax = ECSNestingSyntax.json
    private let escaping: Escaping
    private var previous: ECSField? = nil
    private var echo = ECSMessageEcho()

    /// A writer staging in `stage` and escaping strings with `escaping` (``Escaping/jsonString``, hoisted by the
    /// exporter so the hot path does not reach for the global).
    init(stage: ECSRecordStage, escaping: Escaping) {
        self.stage = stage
        self.escaping = escaping
    }

    /// Opens the record's object.
    mutating func beginRecord() {
        previous = nil
        stage.append(UInt8(ascii: "{"))
    }

    /// Closes the open objects and the record, ends the line and flushes the stage.
    mutating func endRecord() {
        stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
        if let previous { stage.append(syntax.closing(previous, downTo: 0)) }
        stage.append("}\n")
        stage.flush(into: &output)
    }

    mutating func text(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        key(field)
        stage.append(UInt8(ascii: "\""))
        if field == .eventOriginal, let prefix = echo.prefix(of: value) {
            escape(prefix)
            stage.appendCopy(of: echo.escaped, in: &output)
        } else if field == .message {
            stage.flush(into: &output)
            let start = output.count
            escaping.append(value, to: &output)
            echo.record(value, escapedAt: start..<output.count)
        } else {
            escape(value)
        }
        stage.makeRoom(1, in: &output)
        stage.append(UInt8(ascii: "\""))
    }

    mutating func verbatim(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        key(field)
        stage.append(UInt8(ascii: "\""))
        stage.append(value, in: &output)
        stage.makeRoom(1, in: &output)
        stage.append(UInt8(ascii: "\""))
    }

    mutating func integer(_ field: ECSField, _ value: Int64) {
        key(field)
        stage.append(decimal: value)
    }

    mutating func timestamp(_ field: ECSField, epochMilliseconds: Int64) {
        key(field)
        stage.append(UInt8(ascii: "\""))
        stage.appendRFC3339(epochMilliseconds: epochMilliseconds, cache: &timestamps)
        stage.append(UInt8(ascii: "\""))
    }

    mutating func list(_ field: ECSField, _ list: ECSTextList, verbatim: Bool) {
        key(field)
        stage.append(UInt8(ascii: "["))
        for index in 0..<list.count {
            stage.makeRoom(2, in: &output)
            if index > 0 { stage.append(UInt8(ascii: ",")) }
            stage.append(UInt8(ascii: "\""))
            if verbatim { stage.append(list.bytes(at: index), in: &output) } else { escape(list.bytes(at: index)) }
            stage.makeRoom(2, in: &output)
            stage.append(UInt8(ascii: "\""))
        }
        stage.append(UInt8(ascii: "]"))
    }

    /// Stages what comes between the previous value and this field's value: closing braces, a comma, the keys.
    @inline(__always)
    private mutating func key(_ field: ECSField) {
        stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
        if let previous {
            let shared = syntax.sharedDepth(previous, field)
            stage.append(syntax.closing(previous, downTo: shared))
            stage.append(UInt8(ascii: ","))
            stage.append(syntax.opening(field, from: shared))
        } else {
            stage.append(syntax.opening(field, from: 0))
        }
        previous = field
    }

    /// Appends `bytes` escaped, after the staged syntax.
    private mutating func escape(_ bytes: UnsafeBufferPointer<UInt8>) {
        stage.flush(into: &output)
        escaping.append(bytes, to: &output)
    }
}
