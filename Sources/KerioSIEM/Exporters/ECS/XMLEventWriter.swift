/// Writes one projected record as an `<event>` element on one line, nesting at the dots of the field names.
///
/// Element names are the segments of the ECS names (`source.ip` → `<source><ip>…</ip></source>`), except that the
/// `@` of `@timestamp` is dropped (`<timestamp>`): `@` cannot start an XML name. List fields become repeated elements
/// (`<category>intrusion_detection</category><category>network</category>`). Text goes through ``Escaping/xmlText``:
/// `&` `<` `>` escaped, CR and LF written `&#xD;` and `&#xA;` (parsers return them unchanged, and the record stays on
/// one line), and the characters XML 1.0 cannot carry (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF, invalid
/// UTF-8) replaced by U+FFFD. Each record is exactly one line.
///
/// ```swift
/// var writer = XMLEventWriter()
/// writer.beginRecord()
/// projection.project(event, into: &writer)
/// writer.endRecord()          // writer.output ends with "</event>\n"
/// ```
struct XMLEventWriter: ECSFieldVisitor {
    /// Where the record goes; the exporter swaps its buffer in and out, so nothing is copied.
    var output = OutputBuffer()
    private var previous: ECSField? = nil

    /// Opens the record's element.
    mutating func beginRecord() {
        previous = nil
        output.write("<event>")
    }

    mutating func visit(_ field: ECSField, _ value: ECSValue) {
        let layout = ECSFieldLayout.of(field)
        var shared = 0
        if let previous {
            shared = ECSFieldLayout.sharedDepth(previous, field)
            closeElements(of: previous, downTo: shared)
        }
        for level in shared..<layout.depth { writeTag(layout.segment(level), closing: false) }
        let leaf = layout.segment(layout.depth)
        switch value {
        case .text(let bytes):
            writeElement(leaf, bytes)
        case .integer(let number):
            writeTag(leaf, closing: false)
            output.write(decimal: number)
            writeTag(leaf, closing: true)
        case .timestamp(let milliseconds):
            writeTag(leaf, closing: false)
            output.writeRFC3339(epochMilliseconds: milliseconds)
            writeTag(leaf, closing: true)
        case .textList(let list):
            for index in 0..<list.count { writeElement(leaf, list[index]) }
        }
        previous = field
    }

    /// Closes the open elements and the record, and ends the line.
    mutating func endRecord() {
        if let previous { closeElements(of: previous, downTo: 0) }
        output.write("</event>\n")
    }

    private mutating func closeElements(of field: ECSField, downTo shared: Int) {
        let layout = ECSFieldLayout.of(field)
        var level = layout.depth
        while level > shared {
            level -= 1
            writeTag(layout.segment(level), closing: true)
        }
    }

    private mutating func writeElement(_ name: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) {
        writeTag(name, closing: false)
        output.write(text, escaping: .xmlText)
        writeTag(name, closing: true)
    }

    private mutating func writeTag(_ name: UnsafeBufferPointer<UInt8>, closing: Bool) {
        output.write(closing ? "</" : "<")
        // `@timestamp` → `timestamp`; every other catalogue segment is already an XML NCName.
        if let first = name.first, first == UInt8(ascii: "@") {
            output.write(UnsafeBufferPointer(rebasing: name.dropFirst()))
        } else {
            output.write(name)
        }
        output.write(UInt8(ascii: ">"))
    }
}
