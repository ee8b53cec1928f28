/// How records are framed on a syslog stream (RFC 6587): LF after each record, or `LEN SP` before it.
///
/// TLS always uses octet-counting (RFC 5425 §4.3); TCP defaults to LF, which every receiver reads (rsyslog's
/// `omfwd` makes the same choice); `--framing octet-counting` is for receivers that want it.
public enum StreamFraming: String, Sendable, Hashable, CaseIterable {
    /// Each record ends in LF.
    case lineFeed = "lf"
    /// `MSG-LEN SP MSG` without the LF.
    case octetCounting = "octet-counting"

    /// Appends `batch` framed this way to `output`.
    func frame(_ batch: RecordBatch, into output: inout [UInt8]) {
        switch self {
        case .lineFeed:
            output.append(contentsOf: batch.bytes)
        case .octetCounting:
            output.reserveCapacity(output.count + batch.bytes.count + 6 * batch.count)
            var start = 0
            for end in batch.ends {
                let length = end - 1 - start
                Self.appendDecimal(length, to: &output)
                output.append(0x20)
                output.append(contentsOf: batch.bytes[start..<(end - 1)])
                start = end
            }
        }
    }

    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &output) }
        output.append(UInt8(0x30 + value % 10))
    }
}
