import KerioSIEM
import NIOCore
import Synchronization

/// What every listener of one relay shares: where records go, who may send, the limits, and the open connections.
final class InputContext: Sendable {
    let queue: RecordQueue
    let statistics: RelayStatistics
    let allow: AllowList
    let exporter: any EventExporter
    let settings: ConversionSettings
    let maximumConnections: Int
    let idleTimeout: TimeAmount?
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])
    private let stopping = Atomic<Bool>(false)

    init(
        queue: RecordQueue, statistics: RelayStatistics, allow: AllowList, exporter: any EventExporter,
        settings: ConversionSettings, maximumConnections: Int, idleTimeout: TimeAmount?
    ) {
        self.queue = queue
        self.statistics = statistics
        self.allow = allow
        self.exporter = exporter
        self.settings = settings
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
    }

    func makeConverter() -> any MessageConverter { makeMessageConverter(exporter: exporter, settings: settings) }

    /// Registers an accepted connection; false (close it) when the relay is stopping or at its connection limit.
    func admit(_ channel: any Channel) -> Bool {
        guard !stopping.load(ordering: .relaxed) else { return false }
        return connections.withLock { open in
            guard open.count < maximumConnections else { return false }
            open[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func release(_ channel: any Channel) {
        connections.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Stops admitting, and closes every open connection (each hands its last records to the queue as it closes).
    func closeAll() async {
        stopping.store(true, ordering: .relaxed)
        let open = connections.withLock { Array($0.values) }
        for channel in open {
            try? await channel.close()
        }
    }

    /// Counts a line total of a converter's report since the last call, into the statistics.
    func account(_ report: ConversionReport, since last: inout ConversionReport) {
        statistics.add(.received, report.linesRead - last.linesRead)
        statistics.add(.parsed, report.eventsParsed - last.eventsParsed)
        statistics.add(.unparsed, report.unparsedLines - last.unparsedLines)
        last = report
    }

    /// The sender's address as text (the device of records whose header names none).
    static func senderText(_ address: SocketAddress?) -> [UInt8] {
        guard let address, let ip = address.ipAddress else { return [] }
        return Array(ip.utf8)
    }
}
