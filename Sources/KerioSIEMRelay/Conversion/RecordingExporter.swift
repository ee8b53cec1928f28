import KerioSIEM

/// Where a ``RecordingExporter`` notes each record's end, time and device. One per converter, used from one thread.
///
/// A class so that the exporter (a value inside the conversion session) and the converter share it without the
/// session exposing its exporter for mutation. Its properties are `@exclusivity(unchecked)`: one thread uses a
/// converter at a time, and the run-time exclusivity checks of a class's properties cost ≈ a fifth of the relay's
/// input thread (`perf`) when they ran several times per record.
final class RecordNotes: @unchecked Sendable {
    @exclusivity(unchecked) var ends: [Int] = []
    @exclusivity(unchecked) var times: [Int64?] = []
    @exclusivity(unchecked) var hosts: [Range<Int>] = []
    @exclusivity(unchecked) var hostBytes: [UInt8] = []
    @exclusivity(unchecked) var ids: [Range<Int>] = []
    @exclusivity(unchecked) var idBytes: [UInt8] = []
    /// The sender's address, the device when a record's header names none.
    @exclusivity(unchecked) var fallbackHost: [UInt8] = []
    /// Where the session's output buffer begins in the batch being collected (it is emptied at each flush).
    @exclusivity(unchecked) var base = 0
    /// Whether time, device and id are noted (HTTP outputs use them); syslog and file outputs need only the ends.
    @exclusivity(unchecked) var keepsDetails = true

    func removeAll() {
        ends.removeAll(keepingCapacity: true)
        times.removeAll(keepingCapacity: true)
        hosts.removeAll(keepingCapacity: true)
        hostBytes.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        idBytes.removeAll(keepingCapacity: true)
    }

    /// Notes a record written through the exporter: it ends at `end` in the session's output buffer, its device is
    /// `host` (nil: the event's own syslog HOSTNAME), its time and id are the event's.
    ///
    /// Not generic (the exporter is): called from a generic context the same code would look up type metadata per
    /// record.
    func note(_ event: SecurityEvent, host: [UInt8]?, end: Int, timeZone: KerioTimeZone) {
        ends.append(base + end)
        guard keepsDetails else { return }
        let hostStart = hostBytes.count
        if let host {
            hostBytes.append(contentsOf: host)
        } else {
            _ = event.withBytes(of: .syslogHostname) { hostBytes.append(contentsOf: $0) }
        }
        hosts.append(hostStart..<hostBytes.count)
        let idStart = idBytes.count
        _ = event.withBytes(of: .eventID) { idBytes.append(contentsOf: $0) }
        ids.append(idStart..<idBytes.count)
        if let timestamp = event.timestamp {
            times.append(Self.millisecondsSinceEpoch(timestamp, timeZone: timeZone))
        } else {
            times.append(nil)
        }
    }

    /// UTC milliseconds: the timestamp's own offset, else the configured Kerio time zone's.
    static func millisecondsSinceEpoch(_ timestamp: EventTimestamp, timeZone: KerioTimeZone) -> Int64 {
        let local = timestamp.civil.secondsSinceEpochAsUTC
        let offset = timestamp.utcOffsetSeconds ?? timeZone.utcOffset(forLocalSeconds: local)
        return (local - Int64(offset)) * 1_000 + Int64(timestamp.civil.nanosecond / 1_000_000)
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
        if !notes.fallbackHost.isEmpty && !event.contains(.syslogHostname) {
            var named = event
            named.setBytes(.syslogHostname, notes.fallbackHost)
            inner.write(named, into: &output)
            notes.note(event, host: notes.fallbackHost, end: output.count, timeZone: timeZone)
        } else {
            inner.write(event, into: &output)
            notes.note(event, host: nil, end: output.count, timeZone: timeZone)
        }
    }

    mutating func writePrologue(into output: inout OutputBuffer) { inner.writePrologue(into: &output) }
    mutating func writeEpilogue(into output: inout OutputBuffer) { inner.writeEpilogue(into: &output) }
}
