/// Writes one projected record as a single-line JSON object, nesting at the dots of the field names.
///
/// Because the projection delivers fields in catalogue order and the catalogue keeps each prefix contiguous, nesting
/// needs no lookahead: between two fields the writer closes the objects the previous field does not share with the
/// next one and opens the new ones. Strings go through ``Escaping/jsonString`` (RFC 8259, lossless; invalid UTF-8 →
/// U+FFFD), `long` values are JSON numbers, lists JSON arrays.
///
/// ```swift
/// var writer = ECSJSONWriter()
/// writer.beginRecord()
/// projection.project(event, into: &writer)
/// writer.endRecord()          // writer.output ends with "}\n"
/// ```
struct ECSJSONWriter: ECSFieldVisitor {
    /// Where the record goes; the exporter swaps its buffer in and out, so nothing is copied.
    var output = OutputBuffer()
    private var previous: ECSField? = nil

    /// Opens the record's object.
    mutating func beginRecord() {
        previous = nil
        output.write(UInt8(ascii: "{"))
    }

    mutating func visit(_ field: ECSField, _ value: ECSValue) {
        let layout = ECSFieldLayout.of(field)
        var shared = 0
        if let previous {
            shared = ECSFieldLayout.sharedDepth(previous, field)
            for _ in shared..<ECSFieldLayout.of(previous).depth { output.write(UInt8(ascii: "}")) }
            output.write(UInt8(ascii: ","))
        }
        for level in shared..<layout.depth {
            writeKey(layout.segment(level))
            output.write(UInt8(ascii: "{"))
        }
        writeKey(layout.segment(layout.depth))
        switch value {
        case .text(let bytes):
            writeString(bytes)
        case .integer(let number):
            output.write(decimal: number)
        case .timestamp(let milliseconds):
            output.write(UInt8(ascii: "\""))
            output.writeRFC3339(epochMilliseconds: milliseconds)
            output.write(UInt8(ascii: "\""))
        case .textList(let list):
            output.write(UInt8(ascii: "["))
            for index in 0..<list.count {
                if index > 0 { output.write(UInt8(ascii: ",")) }
                writeString(list[index])
            }
            output.write(UInt8(ascii: "]"))
        }
        previous = field
    }

    /// Closes the open objects and the record, and ends the line.
    mutating func endRecord() {
        if let previous {
            for _ in 0..<ECSFieldLayout.of(previous).depth { output.write(UInt8(ascii: "}")) }
        }
        output.write("}\n")
    }

    private mutating func writeKey(_ name: UnsafeBufferPointer<UInt8>) {
        // Catalogue names are plain ASCII (letters, digits, `_`, `@`): no escaping needed.
        output.write(UInt8(ascii: "\""))
        output.write(name)
        output.write("\":")
    }

    private mutating func writeString(_ bytes: UnsafeBufferPointer<UInt8>) {
        output.write(UInt8(ascii: "\""))
        output.write(bytes, escaping: .jsonString)
        output.write(UInt8(ascii: "\""))
    }
}
