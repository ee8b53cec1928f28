/// How a ``ConversionSession`` treats lines and output, apart from the format itself.
public struct ConversionOptions: Sendable {
    /// Write unparsed lines as records too (ECS `event.kind: pipeline_error`; the other formats use their
    /// `unparsed` record). Default off: unparsed lines are only counted, reported and passed to the rejects handler.
    public var emitUnparsed = false
    /// Stop at the first unparsed line by throwing ``ConversionError/unparsedLine(_:)``. Default off.
    public var strict = false
    /// Output is handed to the sink whenever this many bytes have accumulated. Default 256 KiB.
    public var flushThreshold = 256 * 1_024
    /// How many ``ParseDiagnostic``s the report keeps. Default 100.
    public var maximumDiagnostics = 100
    /// The input's name for diagnostics (a path, or `-`).
    public var sourceName: String? = nil

    /// The default options.
    public init() {}
}

/// Why a conversion stopped.
public enum ConversionError: Error, Sendable, CustomStringConvertible {
    /// Strict mode met an unparsed line.
    case unparsedLine(ParseDiagnostic)

    /// A message for the user.
    public var description: String {
        switch self {
        case .unparsedLine(let diagnostic): "\(diagnostic) (strict mode)"
        }
    }
}
