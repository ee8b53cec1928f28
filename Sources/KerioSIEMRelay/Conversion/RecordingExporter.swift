import KerioSIEM

/// Where a ``RecordingExporter`` notes each record's end, time and device. One per converter, used from one thread.
///
/// A class so that the exporter (a value inside the conversion session) and the converter share it without the
/// session exposing its exporter for mutation.
final class RecordNotes: @unchecked Sendable {
    var ends: [Int] = []
    var times: [Int64?] = []
    var hosts: [Range<Int>] = []
    var hostBytes: [UInt8] = []
    var ids: [Range<Int>] = []
    var idBytes: [UInt8] = []
    /// The sender's address, the device when a record's header names none.
    var fallbackHost: [UInt8] = []
    /// Where the session's output buffer begins in the batch being collected (it is emptied at each flush).
    var base = 0

    func removeAll() {
        ends.removeAll(keepingCapacity: true)
        times.removeAll(keepingCapacity: true)
        hosts.removeAll(keepingCapacity: true)
        hostBytes.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        idBytes.removeAll(keepingCapacity: true)
    }

    /// Moves what was noted into `batch` (whose bytes are the records noted) and starts afresh.
    func move(into batch: inout RecordBatch) {
        batch.ends = ends
        batch.times = times
        batch.hosts = hosts
        batch.hostBytes = hostBytes
        batch.ids = ids
        batch.idBytes = idBytes
        removeAll()
    }
}

/// Wraps a format's exporter: writes each event through it unchanged, except that an event whose header named no
/// device gets the sender's address as its syslog HOSTNAME (so `dvchost`, `deviceHostName`, `observer.hostname` and
/// the outgoing syslog header name the Kerio box, never the relay), and notes where each record ends.
struct RecordingExporter<Inner: EventExporter>: EventExporter {
    static var format: ExportFormat { Inner.format }

    var inner: Inner
    let notes: RecordNotes
    let timeZone: KerioTimeZone

    init(options: ExportOptions) throws(ExportError) {
        self.init(wrapping: try Inner(options: options), notes: RecordNotes(), timeZone: options.timeZone)
    }

    init(wrapping inner: Inner, notes: RecordNotes, timeZone: KerioTimeZone) {
        self.inner = inner
        self.notes = notes
        self.timeZone = timeZone
    }

    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        let hostStart = notes.hostBytes.count
        if !event.contains(.syslogHostname) && !notes.fallbackHost.isEmpty {
            var named = event
            named.setBytes(.syslogHostname, notes.fallbackHost)
            inner.write(named, into: &output)
            notes.hostBytes.append(contentsOf: notes.fallbackHost)
        } else {
            inner.write(event, into: &output)
            _ = event.withBytes(of: .syslogHostname) { notes.hostBytes.append(contentsOf: $0) }
        }
        notes.hosts.append(hostStart..<notes.hostBytes.count)
        let idStart = notes.idBytes.count
        _ = event.withBytes(of: .eventID) { notes.idBytes.append(contentsOf: $0) }
        notes.ids.append(idStart..<notes.idBytes.count)
        notes.ends.append(notes.base + output.count)
        notes.times.append(event.timestamp.map(millisecondsSinceEpoch))
    }

    mutating func writePrologue(into output: inout OutputBuffer) { inner.writePrologue(into: &output) }
    mutating func writeEpilogue(into output: inout OutputBuffer) { inner.writeEpilogue(into: &output) }

    /// UTC milliseconds: the timestamp's own offset, else the configured Kerio time zone's.
    func millisecondsSinceEpoch(_ timestamp: EventTimestamp) -> Int64 {
        let local = timestamp.civil.secondsSinceEpochAsUTC
        let offset = timestamp.utcOffsetSeconds ?? timeZone.utcOffset(forLocalSeconds: local)
        return (local - Int64(offset)) * 1_000 + Int64(timestamp.civil.nanosecond / 1_000_000)
    }
}
