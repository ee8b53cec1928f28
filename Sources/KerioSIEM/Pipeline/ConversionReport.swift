/// What a conversion did: every line read is accounted for.
///
/// The invariant `linesRead == eventsParsed + unparsedLines + blankLines` always holds, and the CLI's summary prints
/// these numbers.
public struct ConversionReport: Sendable, Hashable {
    /// Lines read, blank ones included.
    public var linesRead = 0
    /// Lines that were empty or held only spaces and tabs; skipped, not converted.
    public var blankLines = 0
    /// Lines turned into typed events (and written).
    public var eventsParsed = 0
    /// Lines that were not recognised (written only when unparsed records were asked for).
    public var unparsedLines = 0
    /// Records written to the output (typed events plus, when asked, unparsed records).
    public var recordsWritten = 0
    /// Bytes of input consumed.
    public var bytesRead = 0
    /// Bytes of output produced.
    public var bytesWritten = 0
    /// Typed events per kind, indexed by ``Kind/ordinal``.
    public var countsByKind: [Int] = Array(repeating: 0, count: Kind.allCases.count)
    /// Unparsed lines per failure reason.
    public var countsByReason: [ParseFailure.Reason: Int] = [:]
    /// The first unparsed lines, up to the session's limit.
    public var diagnostics: [ParseDiagnostic] = []

    /// Creates an empty report.
    public init() {}

    /// How many typed events of `kind` were converted.
    public func count(of kind: Kind) -> Int { countsByKind[kind.ordinal] }

    /// Whether the line counts add up (they always should).
    public var isBalanced: Bool { linesRead == eventsParsed + unparsedLines + blankLines }

    /// Adds another report's counts to this one (for several input files).
    public mutating func merge(_ other: ConversionReport, keepingDiagnostics limit: Int = 100) {
        linesRead += other.linesRead
        blankLines += other.blankLines
        eventsParsed += other.eventsParsed
        unparsedLines += other.unparsedLines
        recordsWritten += other.recordsWritten
        bytesRead += other.bytesRead
        bytesWritten += other.bytesWritten
        for index in countsByKind.indices { countsByKind[index] += other.countsByKind[index] }
        for (reason, count) in other.countsByReason { countsByReason[reason, default: 0] += count }
        diagnostics.append(contentsOf: other.diagnostics.prefix(max(0, limit - diagnostics.count)))
    }
}

/// An unparsed line: where it was and why.
public struct ParseDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The input's name (a path, or `-` for standard input), if known.
    public var source: String?
    /// The 1-based line number within the input.
    public var line: Int
    /// Why the line was not parsed.
    public var failure: ParseFailure

    /// Creates a diagnostic.
    public init(source: String?, line: Int, failure: ParseFailure) {
        self.source = source
        self.line = line
        self.failure = failure
    }

    /// `source:line: reason: message`, the compiler-style form the CLI prints.
    public var description: String { "\(source ?? "<input>"):\(line): \(failure)" }
}
