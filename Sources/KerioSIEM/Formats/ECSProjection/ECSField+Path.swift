/// The dotted name of a field as a path of segments, for the writers that nest (JSON objects, XML elements).
///
/// Answered from ``ECSFieldLayout``'s tables (built once), a lookup per call, not a byte walk. The built-in writers use
/// tables derived from these, with the bytes to write already laid out (``ECSNestingSyntax``).
///
/// ```swift
/// ECSField.sourceUserName.depth                                // 2: "source", "user" are objects
/// ECSField.sourceUserName.sharedDepth(with: .sourcePort)       // 1: both live in "source"
/// ECSField.sourceUserName.segment(2)                           // "name"
/// ```
extension ECSField {
    /// The UTF-8 bytes of ``name``; static storage, valid for the life of the program.
    var nameBytes: UnsafeBufferPointer<UInt8> {
        let name = self.name
        return UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
    }

    /// How many objects enclose the field: the number of dots in ``name`` (`message` 0, `source.ip` 1).
    public var depth: Int { ECSFieldLayout.of(self).depth }

    /// How many enclosing objects `self` and `other` share (the leading segments, before a dot, that are equal).
    public func sharedDepth(with other: ECSField) -> Int { ECSFieldLayout.sharedDepth(self, other) }

    /// The `index`-th segment of ``name`` (0-based, `0...depth`; segment ``depth`` is the leaf key).
    public func segment(_ index: Int) -> String {
        precondition(index >= 0 && index <= depth, "segment index out of range")
        return String(decoding: ECSFieldLayout.of(self).segment(index), as: UTF8.self)
    }
}
