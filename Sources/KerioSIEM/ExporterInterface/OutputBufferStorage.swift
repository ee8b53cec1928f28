/// The memory behind an ``OutputBuffer``: one allocation of `capacity` bytes.
///
/// A class so that buffers stay values with copy-on-write (a buffer writes only into storage it holds the only
/// reference to). `@unchecked Sendable` is sound for that reason: shared storage is never mutated.
@usableFromInline
final class OutputBufferStorage: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline let capacity: Int

    @usableFromInline init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: Swift.max(capacity, 1))
    }

    deinit { base.deallocate() }

    /// The storage of every buffer created without capacity; never written (it is shared, so the first write copies).
    @usableFromInline static let empty = OutputBufferStorage(capacity: 0)
}
