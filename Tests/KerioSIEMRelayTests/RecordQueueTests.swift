import Synchronization
import Testing

@testable import KerioSIEMRelay

/// The bounded queue: limits, the callback when room comes back, merging on pop, closing.
@Suite struct RecordQueueTests {
    static func batch(records: Int, bytesEach: Int = 10) -> RecordBatch {
        var batch = RecordBatch()
        for _ in 0..<records {
            batch.append(record: [UInt8](repeating: 0x41, count: bytesEach - 1), time: nil, host: [UInt8]())
        }
        return batch
    }

    @Test(arguments: [(records: 5, bytes: 1_000), (records: 100, bytes: 50)])
    func refusesWhatDoesNotFit(_ limits: (records: Int, bytes: Int)) {
        let queue = RecordQueue(recordLimit: limits.records, byteLimit: limits.bytes)
        var accepted = 0
        while queue.tryPush(Self.batch(records: 1)) { accepted += 1 }
        #expect(accepted == min(limits.records, limits.bytes / 10))
        #expect(queue.depth.records == accepted)
    }

    @Test func aBatchLargerThanTheQueueIsAcceptedWhenEmpty() {
        let queue = RecordQueue(recordLimit: 2, byteLimit: 1_000)
        #expect(queue.tryPush(Self.batch(records: 5)))
        #expect(!queue.tryPush(Self.batch(records: 1)))
    }

    @Test func roomComingBackCallsTheWaiterOnce() async {
        let queue = RecordQueue(recordLimit: 1, byteLimit: 1_000)
        #expect(queue.tryPush(Self.batch(records: 1)))
        let calls = Atomic<Int>(0)
        queue.whenSpace { calls.add(1, ordering: .relaxed) }
        #expect(calls.load(ordering: .relaxed) == 0)
        let taken = await queue.pop(maximumBytes: 1 << 20)
        #expect(taken?.count == 1)
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(queue.tryPush(Self.batch(records: 1)))
        #expect(calls.load(ordering: .relaxed) == 1)
    }

    @Test func popMergesQueuedBatchesUpToTheByteLimit() async {
        let queue = RecordQueue(recordLimit: 100, byteLimit: 10_000)
        for _ in 0..<10 { #expect(queue.tryPush(Self.batch(records: 3))) }
        let first = await queue.pop(maximumBytes: 95)
        #expect(first?.count == 9)
        let rest = await queue.pop(maximumBytes: 10_000)
        #expect(rest?.count == 21)
        #expect(queue.depth.records == 0)
        #expect(queue.depth.bytes == 0)
    }

    @Test func aWaitingConsumerGetsThePushAndNilAfterClose() async {
        let queue = RecordQueue(recordLimit: 10, byteLimit: 1_000)
        async let popped = queue.pop(maximumBytes: 1_000)
        try? await Task.sleep(for: .milliseconds(20))
        #expect(queue.tryPush(Self.batch(records: 2)))
        #expect(await popped?.count == 2)
        queue.close()
        #expect(await queue.pop(maximumBytes: 1_000) == nil)
        #expect(!queue.tryPush(Self.batch(records: 1)))
    }

    @Test func closingDeliversWhatIsQueuedFirst() async {
        let queue = RecordQueue(recordLimit: 10, byteLimit: 1_000)
        #expect(queue.tryPush(Self.batch(records: 2)))
        queue.close()
        #expect(await queue.pop(maximumBytes: 1_000)?.count == 2)
        #expect(await queue.pop(maximumBytes: 1_000) == nil)
    }

    @Test func pushWaitsForRoom() async {
        let queue = RecordQueue(recordLimit: 1, byteLimit: 1_000)
        #expect(queue.tryPush(Self.batch(records: 1)))
        async let pushed = queue.push(Self.batch(records: 1))
        try? await Task.sleep(for: .milliseconds(20))
        #expect(queue.depth.records == 1)
        _ = await queue.pop(maximumBytes: 1_000)
        #expect(await pushed)
        #expect(queue.depth.records == 1)
    }
}
