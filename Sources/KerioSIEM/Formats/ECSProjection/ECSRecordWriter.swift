/// A writer of whole records on top of an ``ECSRecordSink``: what the ECS JSON, CSV and XML exporters have in common.
///
/// Each record is written by a writer that lives on the stack for that record only, with its staging memory; the
/// exporter's timestamp cache is handed in and taken back so that it survives from one record to the next.
protocol ECSRecordWriter: ECSRecordSink {
    /// The buffer the record goes to (lent by the caller for one record).
    var output: OutputBuffer { get set }
    /// The text of the last second written, reused while records share it.
    var timestamps: ECSTimestampCache { get set }
    /// Writes what opens a record.
    mutating func beginRecord()
    /// Writes what closes a record, including its line break.
    mutating func endRecord()
}

extension ECSProjection {
    /// Writes `event` as one record into `output` through a writer made by `makeWriter` around stack memory of
    /// ``ECSRecordStage/capacity`` bytes; `timestamps` is the exporter's cache.
    ///
    /// The caller's buffer is swapped into the writer and back (a swap moves the storage, it copies nothing).
    @inline(__always)
    func write<Writer: ECSRecordWriter>(
        _ event: SecurityEvent, into output: inout OutputBuffer,
        timestamps: inout ECSTimestampCache,
        makeWriter: (ECSRecordStage) -> Writer
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ECSRecordStage.capacity) { memory in
            var writer = makeWriter(ECSRecordStage(memory))
            swap(&output, &writer.output)
            writer.timestamps = timestamps
            writer.beginRecord()
            walk(event, into: &writer)
            writer.endRecord()
            timestamps = writer.timestamps
            swap(&output, &writer.output)
        }
    }
}
