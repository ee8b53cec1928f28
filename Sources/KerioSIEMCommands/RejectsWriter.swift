import KerioSIEM

/// The `--rejects` file: unparsed lines as read, each followed by LF, buffered and committed atomically.
///
/// Lines are written byte for byte (invalid UTF-8, NUL and all), so they can be fixed and converted again; only
/// the terminator is normalised to LF, and a line longer than `--max-line-length` keeps its first that many bytes.
///
/// ```swift
/// let rejects = try RejectsWriter(output: AtomicFileOutput(path: "rejects.log"))
/// try rejects.append(lineBytes)
/// try rejects.commit()
/// ```
final class RejectsWriter {
    /// The file written.
    let output: AtomicFileOutput
    private var buffer: [UInt8] = []
    private static let flushThreshold = 64 * 1_024

    /// A writer into `output`.
    init(output: AtomicFileOutput) {
        self.output = output
        buffer.reserveCapacity(Self.flushThreshold + 1_024)
    }

    /// Appends `line` and a LF.
    func append(_ line: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes what is buffered and makes the file final.
    func commit() throws {
        try flush()
        try output.commit()
    }

    /// Abandons the file (the target keeps its old contents).
    func discard() {
        buffer.removeAll()
        output.discard()
    }

    /// Writes what is buffered (the file stays uncommitted).
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { try output.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
