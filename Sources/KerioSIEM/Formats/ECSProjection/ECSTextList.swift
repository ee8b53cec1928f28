/// The elements of a list field (``ECSField/isList``): at most ``capacity`` raw-byte strings (``ECSText``), stored
/// inline as views of the record being projected, so they are valid only during the `visit` call.
///
/// Lists in a Kerio record are short (two categories, two addresses, three user names), so a fixed inline capacity
/// keeps the projection free of heap allocation. The projection de-duplicates `related.*` as it appends.
///
/// ```swift
/// case .textList(let list):
///     for index in 0..<list.count { output.write(list[index], escaping: .jsonString) }
/// ```
public struct ECSTextList {
    /// The most elements a list holds.
    public static let capacity = 4

    private var elements: InlineArray<4, UnsafeBufferPointer<UInt8>>
    /// The number of elements.
    public private(set) var count: Int

    /// An empty list.
    public init() {
        elements = InlineArray(repeating: UnsafeBufferPointer(start: nil, count: 0))
        count = 0
    }

    /// Whether the list has no elements.
    public var isEmpty: Bool { count == 0 }

    /// The element at `index` (`0..<count`), valid only during the `visit` call that handed out the list.
    public subscript(index: Int) -> ECSText {
        precondition(index >= 0 && index < count, "ECSTextList index out of range")
        return ECSText(elements[index])
    }

    /// The bytes of the element at `index`, for the built-in writers.
    @inline(__always)
    func bytes(at index: Int) -> UnsafeBufferPointer<UInt8> { elements[index] }

    /// Appends `element`; the list must not be full.
    mutating func append(_ element: UnsafeBufferPointer<UInt8>) {
        precondition(count < Self.capacity, "ECSTextList is full")
        elements[count] = element
        count += 1
    }

    /// Appends `element` unless an element that reads as the same text is already there: same bytes, or bytes that
    /// differ only in invalid UTF-8, which the writers repair to the same U+FFFD (`a\xFF` and `a\xFE` are both `a�`).
    mutating func appendUnique(_ element: UnsafeBufferPointer<UInt8>) {
        for index in 0..<count where Self.sameRepairedText(elements[index], element) { return }
        append(element)
    }

    /// Whether `a` and `b` decode to the same scalars with every ill-formed sequence read as U+FFFD (the repair of
    /// `String(decoding:as:)` and of ``Escaping``). Scalars, not `String` equality, which would merge canonically
    /// equivalent but different text.
    static func sameRepairedText(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.elementsEqual(b) { return true }
        var left = a.makeIterator()
        var right = b.makeIterator()
        var leftCodec = Unicode.UTF8()
        var rightCodec = Unicode.UTF8()
        func next(_ codec: inout Unicode.UTF8, _ bytes: inout UnsafeBufferPointer<UInt8>.Iterator) -> Unicode.Scalar? {
            switch codec.decode(&bytes) {
            case .scalarValue(let scalar): scalar
            case .error: "\u{FFFD}"
            case .emptyInput: nil
            }
        }
        while true {
            let scalar = next(&leftCodec, &left)
            guard scalar == next(&rightCodec, &right) else { return false }
            if scalar == nil { return true }
        }
    }
}
