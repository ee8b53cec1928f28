/// Writes one projected record as an `<event>` element on one line, nesting at the dots of the field names.
///
/// Element names are the segments of the ECS names (`source.ip` → `<source><ip>…</ip></source>`), except that the
/// `@` of `@timestamp` is dropped (`<timestamp>`): `@` cannot start an XML name. List fields become repeated elements
/// (`<category>intrusion_detection</category><category>network</category>`). Text goes through ``Escaping/xmlText``:
/// `&` `<` `>` escaped, CR and LF written `&#xD;` and `&#xA;` (parsers return them unchanged, and the record stays on
/// one line), and the characters XML 1.0 cannot carry (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF, invalid
/// UTF-8) replaced by U+FFFD. Each record is exactly one line. Tags come from ``ECSNestingSyntax/xml`` and are
/// assembled in an ``ECSRecordStage``; `event.original` reuses the escaped `message` (``ECSMessageEcho``).
///
/// ```swift
/// var writer = XMLEventWriter(stage: ECSRecordStage(memory), escaping: .xmlText)
/// writer.beginRecord()
/// projection.walk(event, into: &writer)
/// writer.endRecord()          // writer.output ends with "</event>\n"
/// ```
struct XMLEventWriter: ECSRecordWriter {
    /// Where the record goes; the exporter swaps its buffer in and out, so nothing is copied.
    var output = OutputBuffer()
    private var stage: ECSRecordStage
    /// The exporter's timestamp cache, lent for the record.
    var timestamps = ECSTimestampCache()
    private let syntax = ECSNestingSyntax.xml
    private let escaping: Escaping
    private var previous: ECSField? = nil
    private var echo = ECSMessageEcho()

    /// A writer staging in `stage` and escaping text with `escaping` (``Escaping/xmlText``, hoisted by the exporter).
    init(stage: ECSRecordStage, escaping: Escaping) {
        self.stage = stage
        self.escaping = escaping
    }

    /// Opens the record's element.
    mutating func beginRecord() {
        previous = nil
        stage.append("<event>")
    }

    /// Closes the open elements and the record, ends the line and flushes the stage.
    mutating func endRecord() {
        stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
        if let previous { stage.append(syntax.closing(previous, downTo: 0)) }
        stage.append("</event>\n")
        stage.flush(into: &output)
    }

    mutating func text(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        open(field)
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
        closeLeaf(field)
    }

    mutating func verbatim(_ field: ECSField, _ value: UnsafeBufferPointer<UInt8>) {
        open(field)
        stage.append(value, in: &output)
        closeLeaf(field)
    }

    mutating func integer(_ field: ECSField, _ value: Int64) {
        open(field)
        stage.append(decimal: value)
        stage.append(syntax.leafClosing(field))
    }

    mutating func timestamp(_ field: ECSField, epochMilliseconds: Int64) {
        open(field)
        stage.appendRFC3339(epochMilliseconds: epochMilliseconds, cache: &timestamps)
        stage.append(syntax.leafClosing(field))
    }

    mutating func list(_ field: ECSField, _ list: ECSTextList, verbatim: Bool) {
        open(field)
        for index in 0..<list.count {
            if index > 0 {
                stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
                stage.append(syntax.leafOpening(field))
            }
            if verbatim { stage.append(list.bytes(at: index), in: &output) } else { escape(list.bytes(at: index)) }
            closeLeaf(field)
        }
    }

    /// Stages the closing tags the previous field does not share with `field`, then `field`'s opening tags.
    @inline(__always)
    private mutating func open(_ field: ECSField) {
        stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
        if let previous {
            let shared = syntax.sharedDepth(previous, field)
            stage.append(syntax.closing(previous, downTo: shared))
            stage.append(syntax.opening(field, from: shared))
        } else {
            stage.append(syntax.opening(field, from: 0))
        }
        previous = field
    }

    /// Stages `</leaf>` after a value of unbounded length.
    @inline(__always)
    private mutating func closeLeaf(_ field: ECSField) {
        stage.makeRoom(ECSRecordStage.fieldLimit, in: &output)
        stage.append(syntax.leafClosing(field))
    }

    /// Appends `bytes` escaped, after the staged tags.
    private mutating func escape(_ bytes: UnsafeBufferPointer<UInt8>) {
        stage.flush(into: &output)
        escaping.append(bytes, to: &output)
    }
}
