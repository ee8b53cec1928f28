/// Converted records on their way from an input to the output: the exporter's bytes (one LF-terminated record after
/// another) and, for each record, what HTTP outputs need besides the record itself.
///
/// A batch is the unit of the queue and of delivery: an output confirms or retries whole batches.
///
/// ```swift
/// for index in 0..<batch.count {
///     let record = batch.record(at: index)     // the bytes, without the LF
/// }
/// ```
public struct RecordBatch: Sendable {
    /// The records, each ending in LF, back to back.
    public internal(set) var bytes: [UInt8] = []
    /// Where each record ends in `bytes` (one past its LF).
    public internal(set) var ends: [Int] = []
    /// Each record's event time in milliseconds since 1970 (UTC), or nil when the line had none; empty when the
    /// batch carries no details (its output needs none, ``ConversionSettings/keepsRecordDetails``): read it with
    /// ``time(at:)``.
    public internal(set) var times: [Int64?] = []
    /// Each record's device (the syslog HOSTNAME, else the sender's address): ranges in `hostBytes`, or empty (no
    /// details).
    var hosts: [Range<Int>] = []
    var hostBytes: [UInt8] = []
    /// Each record's stable id (``TextField/eventID``, empty when it has none): ranges in `idBytes`, or empty (no
    /// details).
    var ids: [Range<Int>] = []
    var idBytes: [UInt8] = []

    /// Creates an empty batch.
    public init() {}

    /// The number of records.
    public var count: Int { ends.count }
    /// Whether there is no record.
    public var isEmpty: Bool { ends.isEmpty }

    /// The bytes of record `index` without its LF.
    public func record(at index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes[start..<(ends[index] - 1)]
    }

    /// The event time of record `index` in milliseconds since 1970 (UTC); nil when the line had none or the batch
    /// carries no details.
    public func time(at index: Int) -> Int64? { index < times.count ? times[index] : nil }

    /// The device of record `index`: the syslog HOSTNAME, else the sender's address; empty if neither is known or
    /// the batch carries no details.
    public func host(at index: Int) -> ArraySlice<UInt8> { index < hosts.count ? hostBytes[hosts[index]] : [] }

    /// The stable id of record `index` (a followed line's file and offset), or empty when it has none or the batch
    /// carries no details.
    public func id(at index: Int) -> ArraySlice<UInt8> { index < ids.count ? idBytes[ids[index]] : [] }

    /// Whether every record's time, device and id are here (as they are unless the output needs none).
    var hasDetails: Bool { times.count == ends.count && hosts.count == ends.count && ids.count == ends.count }

    /// Gives every record a time, device and id entry (nil and empty where none were noted), so that batches with
    /// and without details can be joined.
    mutating func fillDetails() {
        while times.count < ends.count { times.append(nil) }
        while hosts.count < ends.count { hosts.append(hostBytes.count..<hostBytes.count) }
        while ids.count < ends.count { ids.append(idBytes.count..<idBytes.count) }
    }

    /// Appends a record (with its LF).
    /// - Parameter id: the record's stable id, if any (Elasticsearch's `_id`).
    public mutating func append(
        record: some Collection<UInt8>, time: Int64?, host: some Collection<UInt8>, id: ArraySlice<UInt8> = []
    ) {
        if !hasDetails { fillDetails() }
        bytes.append(contentsOf: record)
        if bytes.last != 0x0A { bytes.append(0x0A) }
        ends.append(bytes.count)
        times.append(time)
        let start = hostBytes.count
        hostBytes.append(contentsOf: host)
        hosts.append(start..<hostBytes.count)
        let idStart = idBytes.count
        idBytes.append(contentsOf: id)
        ids.append(idStart..<idBytes.count)
    }

    /// Appends every record of `other`.
    public mutating func append(contentsOf other: RecordBatch) {
        if !other.isEmpty && !isEmpty && (hasDetails != other.hasDetails) {
            // Only the batches of one output are joined, so this does not happen in a relay; kept correct anyway.
            var other = other
            other.fillDetails()
            fillDetails()
            append(contentsOf: other)
            return
        }
        let base = bytes.count
        let hostBase = hostBytes.count
        bytes.append(contentsOf: other.bytes)
        ends.append(contentsOf: other.ends.map { $0 + base })
        times.append(contentsOf: other.times)
        hostBytes.append(contentsOf: other.hostBytes)
        hosts.append(contentsOf: other.hosts.map { ($0.lowerBound + hostBase)..<($0.upperBound + hostBase) })
        let idBase = idBytes.count
        idBytes.append(contentsOf: other.idBytes)
        ids.append(contentsOf: other.ids.map { ($0.lowerBound + idBase)..<($0.upperBound + idBase) })
    }

    /// A copy of record `index` with everything noted about it, for a batch of its own.
    mutating func append(recordOf other: RecordBatch, at index: Int) {
        append(
            record: other.record(at: index), time: other.time(at: index), host: other.host(at: index),
            id: other.id(at: index))
    }
}
