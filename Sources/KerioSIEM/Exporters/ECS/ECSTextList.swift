/// The elements of a list field (``ECSField/isList``): at most ``capacity`` raw-byte strings, stored inline.
///
/// Lists in a Kerio record are short (two categories, two addresses, three user names), so a fixed inline capacity
/// keeps the projection free of heap allocation. ``appendUnique(_:)`` is how `related.*` de-duplicates.
///
/// ```swift
/// var list = ECSTextList()
/// list.appendUnique(first)
/// list.appendUnique(second)   // ignored when its bytes equal `first`
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

    /// The element at `index` (`0..<count`).
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < count, "ECSTextList index out of range")
        return elements[index]
    }

    /// Appends `element`; the list must not be full.
    public mutating func append(_ element: UnsafeBufferPointer<UInt8>) {
        precondition(count < Self.capacity, "ECSTextList is full")
        elements[count] = element
        count += 1
    }

    /// Appends `element` unless an element with the same bytes is already there.
    public mutating func appendUnique(_ element: UnsafeBufferPointer<UInt8>) {
        for index in 0..<count where elements[index].elementsEqual(element) { return }
        append(element)
    }
}
