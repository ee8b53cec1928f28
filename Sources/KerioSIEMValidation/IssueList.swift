/// Collects the issues of one validation run, tagged with the format (`[cef] …`), and hands them back in line order.
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
    private var issues: [ValidationIssue] = []
    private var lastLine = 0
    private var countOnLastLine = 0

    init(file: String, tag: String) {
        self.file = file
        self.tag = tag
    }

    /// Whether nothing has been reported.
    var isEmpty: Bool { issues.isEmpty }

    /// How many issues have been reported.
    var count: Int { issues.count }

    /// Reports a problem on `line` (1-based).
    mutating func add(line: Int, _ message: String) {
        if line == lastLine {
            countOnLastLine += 1
        } else {
            lastLine = line
            countOnLastLine = 1
        }
        if countOnLastLine == Self.perLineLimit + 1 {
            issues.append(ValidationIssue(file: file, line: line, message: "[\(tag)] more problems on this line are not reported"))
        }
        guard countOnLastLine <= Self.perLineLimit else { return }
        issues.append(ValidationIssue(file: file, line: line, message: "[\(tag)] \(message)"))
    }

    /// The issues sorted by line; issues on the same line keep the order they were reported in.
    func sorted() -> [ValidationIssue] {
        var inOrder = true
        for index in issues.indices.dropFirst() where issues[index - 1].line > issues[index].line {
            inOrder = false
            break
        }
        if inOrder { return issues }
        return issues.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
    }
}
