import KerioSIEM

/// Hands the issues of one validation run, tagged with the format (`[cef] …`), to the caller's report function the
/// moment they are found: nothing is kept, so memory does not grow with the number of issues.
///
/// A hostile record can be wrong in thousands of ways; after ``perLineLimit`` issues on one line the rest of that line
/// is summarised in one issue, so output stays readable and linear in the input.
struct IssueList {
    /// The most issues reported for one line before the rest are summarised.
    static let perLineLimit = 12

    /// The file name put in every issue.
    let file: String
    /// The format tag, without brackets.
    let tag: String
    private let report: (ValidationIssue) -> Void
    private var lastLine = 0
    private var countOnLastLine = 0

    /// How many issues have been reported.
    private(set) var count = 0

    /// Reports to `report`, which must not be used after the run (see ``run(file:tag:report:_:)``).
    private init(file: String, tag: String, report: @escaping (ValidationIssue) -> Void) {
        self.file = file
        self.tag = tag
        self.report = report
    }

    /// Runs `body` with a list that forwards every issue to `report`.
    static func run<R>(
        file: String, tag: String, report: (ValidationIssue) -> Void,
        _ body: (inout IssueList) throws -> R
    ) rethrows -> R {
        try withoutActuallyEscaping(report) { report in
            var issues = IssueList(file: file, tag: tag, report: report)
            return try body(&issues)
        }
    }

    /// Whether nothing has been reported.
    var isEmpty: Bool { count == 0 }

    /// Reports a problem on `line` (1-based).
    mutating func add(line: Int, _ message: String) {
        if line == lastLine {
            countOnLastLine += 1
        } else {
            lastLine = line
            countOnLastLine = 1
        }
        if countOnLastLine == Self.perLineLimit + 1 {
            count += 1
            report(
                ValidationIssue(file: file, line: line, message: "[\(tag)] more problems on this line are not reported")
            )
        }
        guard countOnLastLine <= Self.perLineLimit else { return }
        count += 1
        report(ValidationIssue(file: file, line: line, message: "[\(tag)] \(message)"))
    }
}
