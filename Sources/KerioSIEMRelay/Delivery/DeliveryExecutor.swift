import NIOCore
import NIOPosix

/// The thread the delivery loop and the syslog outputs run on: one NIO event loop of its own, shared by every relay
/// of the process (like NIO's singleton group, it lives as long as the process), and a `TaskExecutor` that runs the
/// delivery loop's task there.
///
/// Why: with the delivery loop on Swift's global pool, a record at a low rate woke three sleeping threads in turn
/// (the input's event loop, a pool thread, the output's event loop); on a 2-vCPU VM the wake-up of an idle CPU
/// sometimes takes a millisecond, and those set the p99 latency (1.2–1.8 ms measured). On the output's own event loop
/// the delivery loop writes to its channel without a hop (p99 0.4–0.6 ms), and it is never the input's thread, so
/// conversion keeps a core to itself (running all tasks on NIO's two loops instead cost 15 % of the throughput).
///
/// ```swift
/// let task = Task(executorPreference: DeliveryExecutor.shared) { await delivery.run() }
/// let output = SyslogStreamOutput(…, group: DeliveryExecutor.shared.eventLoop, …)
/// ```
final class DeliveryExecutor: TaskExecutor {
    /// The process's delivery thread.
    static let shared = DeliveryExecutor(MultiThreadedEventLoopGroup(numberOfThreads: 1).next())

    /// Where the jobs run.
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
