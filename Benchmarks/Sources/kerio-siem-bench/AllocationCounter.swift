import MallocInterposerSwift

/// Counts `malloc`-family calls through ordo-one's malloc-interposer (the same counters package-benchmark's
/// `mallocCountTotal` reads). The interposer only sees calls when its library is preloaded (`LD_PRELOAD`) or wins
/// symbol resolution; ``isAvailable`` checks that with a real allocation, so a run without it reports `n/a`.
enum AllocationCounter {
    static let isAvailable: Bool = {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        let probe = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        probe.deallocate()
        MallocInterposerSwift.unhook()
        return MallocInterposerSwift.getStatistics().mallocCount > 0
    }()

    static func start() {
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
    }

    /// Stops counting; returns the allocations since ``start()``.
    static func stop() -> Int {
        MallocInterposerSwift.unhook()
        return MallocInterposerSwift.getStatistics().mallocCount
    }
}
