/// Which keys of a ``KeyValueSchema`` one record has used so far: the per-run state of the CEF and LEEF fast paths.
///
/// One stamp per schema key; a key is marked in the current record when its stamp equals the record's generation, so
/// starting the next record costs one increment instead of clearing a set.
///
/// ```swift
/// var marks = KeyMarks(schema.extensionKeys)
/// marks.startRecord()
/// marks.mark(position)          // false when the key was already used in this record
/// marks.recordIsComplete(schema.extensionKeys)   // required keys present, custom fields with their labels
/// ```
struct KeyMarks {
    private var stamps: [UInt64]
    private var generation: UInt64 = 0

    /// Marks for every key of `schema`, none marked.
    init(_ schema: KeyValueSchema) {
        stamps = Array(repeating: 0, count: schema.table.count)
    }

    /// Forgets the keys of the previous record.
    mutating func startRecord() { generation &+= 1 }

    /// Marks the key at `position`; false when it is marked already (the record has it twice).
    mutating func mark(_ position: Int) -> Bool {
        if stamps[position] == generation { return false }
        stamps[position] = generation
        return true
    }

    /// Whether the key at `position` is marked in this record.
    func isMarked(_ position: Int) -> Bool { stamps[position] == generation }

    /// Whether the record's keys leave nothing for ``KeyValueSchema/check(_:noun:line:issues:skipTypeCheck:)`` to
    /// report at its end: every `required` key present, and each `labelKey` pair both present or both absent.
    func recordIsComplete(_ schema: KeyValueSchema) -> Bool {
        for position in schema.requiredPositions where !isMarked(position) { return false }
        guard let labelled = schema.labelledPositions else { return false }
        for (key, label) in labelled where isMarked(key) != isMarked(label) { return false }
        return true
    }
}
