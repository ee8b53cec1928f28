import Synchronization

/// The one bounded queue between the inputs and the output: at most `recordLimit` records and `byteLimit` bytes.
///
/// When it is full, TCP and TLS inputs stop reading their sockets (the sender's TCP window fills and pushes back),
/// a follow pauses, and UDP input drops and counts: ``tryPush(_:)`` says no and ``whenSpace(_:)`` calls back once
/// there is room. The output takes batches with ``pop(maximumBytes:)``. A batch larger than the whole queue is
/// accepted when the queue is empty, so that nothing can wait forever.
///
/// ```swift
/// let queue = RecordQueue(recordLimit: 10_000, byteLimit: 8 << 20)
/// if !queue.tryPush(batch) { queue.whenSpace { resumeReading() } }
/// while let batch = await queue.pop(maximumBytes: 1 << 20) { try await output.deliver(batch) }
/// ```
public final class RecordQueue: Sendable {
    struct State {
        var batches: [RecordBatch] = []
        var head = 0
        var records = 0
        var bytes = 0
        var closed = false
        var consumer: CheckedContinuation<RecordBatch?, Never>?
        var spaceWaiters: [@Sendable () -> Void] = []
    }

    /// The most records held.
    public let recordLimit: Int
    /// The most bytes held.
    public let byteLimit: Int
    private let state = Mutex(State())

    /// Creates a queue.
    public init(recordLimit: Int, byteLimit: Int) {
        self.recordLimit = max(1, recordLimit)
        self.byteLimit = max(1, byteLimit)
    }

    /// Records and bytes waiting.
    public var depth: (records: Int, bytes: Int) { state.withLock { ($0.records, $0.bytes) } }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Adds `batch` if it fits (or the queue is empty); false if full or closed.
    public func tryPush(_ batch: RecordBatch) -> Bool {
        guard !batch.isEmpty else { return true }
        enum Outcome {
            case refused, queued
            case handedTo(CheckedContinuation<RecordBatch?, Never>)
        }
        let outcome: Outcome = state.withLock { state in
            guard !state.closed else { return .refused }
            let fits =
                state.records == 0
                || (state.records + batch.count <= recordLimit && state.bytes + batch.bytes.count <= byteLimit)
            guard fits else { return .refused }
            if let consumer = state.consumer {
                state.consumer = nil
                return .handedTo(consumer)
            }
            state.batches.append(batch)
            state.records += batch.count
            state.bytes += batch.bytes.count
            return .queued
        }
        switch outcome {
        case .refused: return false
        case .queued: return true
        case .handedTo(let consumer):
            consumer.resume(returning: batch)
            return true
        }
    }

    /// Adds `batch` whatever the limits: only for what a closing connection had already read (at most one read's
    /// worth), which would otherwise be lost.
    public func forcePush(_ batch: RecordBatch) {
        guard !batch.isEmpty else { return }
        let consumer: CheckedContinuation<RecordBatch?, Never>? = state.withLock { state in
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.batches.append(batch)
            state.records += batch.count
            state.bytes += batch.bytes.count
            return nil
        }
        consumer?.resume(returning: batch)
    }

    /// Calls `body` once, when the queue has room again (at once if it has room now) or when it is closed.
    public func whenSpace(_ body: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if state.closed || state.records < recordLimit && state.bytes < byteLimit { return true }
            state.spaceWaiters.append(body)
            return false
        }
        if now { body() }
    }

    /// Adds `batch`, waiting while the queue is full. Returns false if the queue was closed.
    public func push(_ batch: RecordBatch) async -> Bool {
        while true {
            if isClosed { return false }
            if tryPush(batch) { return true }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                whenSpace { continuation.resume() }
            }
        }
    }

    /// The next records, as one batch of up to about `maximumBytes` (queued batches are merged); waits while the
    /// queue is empty; nil once it is closed and empty.
    public func pop(maximumBytes: Int) async -> RecordBatch? {
        if let batch = takeNow(maximumBytes: maximumBytes) { return batch }
        return await withCheckedContinuation { (continuation: CheckedContinuation<RecordBatch?, Never>) in
            let (resumeNow, waiters): (RecordBatch??, [@Sendable () -> Void]) = state.withLock { state in
                if state.head < state.batches.count {
                    let waiters = state.spaceWaiters
                    state.spaceWaiters.removeAll()
                    return (.some(Self.take(&state, maximumBytes: maximumBytes)), waiters)
                }
                if state.closed { return (.some(nil), []) }
                state.consumer = continuation
                return (.none, [])
            }
            for waiter in waiters { waiter() }
            if let resumeNow { continuation.resume(returning: resumeNow) }
        }
    }

    /// The next records without waiting, or nil when none are queued.
    public func takeNow(maximumBytes: Int) -> RecordBatch? {
        let (batch, waiters): (RecordBatch?, [@Sendable () -> Void]) = state.withLock { state in
            guard state.head < state.batches.count else { return (nil, []) }
            let batch = Self.take(&state, maximumBytes: maximumBytes)
            let waiters = state.spaceWaiters
            state.spaceWaiters.removeAll()
            return (batch, waiters)
        }
        for waiter in waiters { waiter() }
        return batch
    }

    private static func take(_ state: inout State, maximumBytes: Int) -> RecordBatch {
        var batch = state.batches[state.head]
        state.batches[state.head] = RecordBatch()
        state.head += 1
        while state.head < state.batches.count
            && batch.bytes.count + state.batches[state.head].bytes.count <= maximumBytes
        {
            batch.append(contentsOf: state.batches[state.head])
            state.batches[state.head] = RecordBatch()
            state.head += 1
        }
        if state.head == state.batches.count {
            state.batches.removeAll(keepingCapacity: true)
            state.head = 0
        } else if state.head > 1_024 {
            state.batches.removeFirst(state.head)
            state.head = 0
        }
        state.records -= batch.count
        state.bytes -= batch.bytes.count
        return batch
    }

    /// No more pushes; the consumer gets what is queued, then nil. Waiting producers are released.
    public func close() {
        let (consumer, waiters): (CheckedContinuation<RecordBatch?, Never>?, [@Sendable () -> Void]) =
            state.withLock { state in
                state.closed = true
                let consumer = state.head < state.batches.count ? nil : state.consumer
                if consumer != nil { state.consumer = nil }
                let waiters = state.spaceWaiters
                state.spaceWaiters.removeAll()
                return (consumer, waiters)
            }
        consumer?.resume(returning: nil)
        for waiter in waiters { waiter() }
    }
}
