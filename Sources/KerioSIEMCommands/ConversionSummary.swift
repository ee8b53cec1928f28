import KerioSIEM

/// The summary `convert` prints on standard error when it is done (unless `--quiet`).
///
/// ```
/// kerio-siem: converted 2 inputs to out.cef (cef) in 0.412 s
///   records  12,345 written: 12,300 events, 45 unparsed records
///   events   ips 10,000, anti_spoofing 2,000, authentication_failure 300
///   lines    12,400 read: 12,300 parsed, 45 unparsed, 55 blank; 30,097 lines/s
///   bytes    1.2 MiB in, 3.4 MiB out
///   rejects  45 lines written to rejects.log
/// ```
struct ConversionSummary {
    /// The conversion's counts.
    var report: ConversionReport
    /// How many inputs were converted.
    var inputCount: Int
    /// Where the records went: a path, or `standard output`.
    var outputName: String
    /// The format's registry name.
    var formatName: String
    /// Wall-clock time of the whole command.
    var elapsedSeconds: Double
    /// The rejects file, if one was written.
    var rejectsName: String?
    /// What was done to the inputs: `converted`, or `followed`.
    var verb = "converted"

    /// The summary text, ending with a line break.
    var text: String {
        let inputs = inputCount == 1 ? "1 input" : "\(inputCount) inputs"
        var text =
            "kerio-siem: \(verb) \(inputs) to \(outputName) (\(formatName)) in "
            + Formatting.elapsed(seconds: elapsedSeconds) + "\n"

        let unparsedRecords = report.recordsWritten - report.eventsParsed
        text += "  records  \(Formatting.grouped(report.recordsWritten)) written"
        if unparsedRecords > 0 {
            text +=
                ": \(Formatting.grouped(report.eventsParsed)) events, "
                + "\(Formatting.grouped(unparsedRecords)) unparsed records"
        }
        text += "\n"

        let kinds = Kind.allCases.filter { $0 != .unparsed && report.count(of: $0) > 0 }
        if !kinds.isEmpty {
            text +=
                "  events   "
                + kinds.map { "\($0.name) \(Formatting.grouped(report.count(of: $0)))" }
                .joined(separator: ", ") + "\n"
        }

        text +=
            "  lines    \(Formatting.grouped(report.linesRead)) read: "
            + "\(Formatting.grouped(report.eventsParsed)) parsed, "
            + "\(Formatting.grouped(report.unparsedLines)) unparsed, "
            + "\(Formatting.grouped(report.blankLines)) blank"
        if elapsedSeconds > 0 {
            text += "; " + Formatting.grouped(Int((Double(report.linesRead) / elapsedSeconds).rounded())) + " lines/s"
        }
        text += "\n"

        text += "  bytes    \(Formatting.bytes(report.bytesRead)) in, \(Formatting.bytes(report.bytesWritten)) out\n"
        if let rejectsName {
            let lines = report.unparsedLines == 1 ? "1 line" : "\(Formatting.grouped(report.unparsedLines)) lines"
            text += "  rejects  \(lines) written to \(rejectsName)\n"
        }
        return text
    }
}
