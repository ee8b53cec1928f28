import KerioSIEM

/// Checks converted output against the schema of its format.
///
/// ```swift
/// let validator = try OutputValidators.validator(forFormat: "cef")
/// let issues = validator.validate(bytes, fileName: "out.cef")
/// for issue in issues { print(issue) }   // out.cef:12: error: [cef] extension key 'src' expects an IPv4 address
/// ```
public protocol OutputValidator: Sendable {
    /// The registry name of the format this validator checks (e.g. `cef`).
    var formatName: String { get }

    /// Validates a whole output document (a file's contents) and returns every problem found, in line order.
    /// - Parameters:
    ///   - bytes: the output as written by the exporter.
    ///   - fileName: the name used in issues.
    func validate(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String) -> [ValidationIssue]
}

/// One problem found in an output file.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file's name as given to the validator.
    public var file: String
    /// The 1-based line number of the record or position at fault.
    public var line: Int
    /// What is wrong and why, e.g. `[cef] extension key 'src' expects an IPv4 address, got 'fe80::1'`.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: error: message`, the compiler-style form editors understand.
    public var description: String { "\(file):\(line): error: \(message)" }
}

/// The validators of the built-in formats.
public enum OutputValidators {
    /// The names ``validator(forFormat:)`` knows, in display order.
    public static let formatNames = ["cef", "leef", "leef1", "ecs", "json", "csv", "xml"]

    /// The validator for the format named `name` (a registry name or alias: `cef`, `leef`, `leef1`, `ecs`, `json`,
    /// `csv`, `xml`), using the schema bundled for it.
    ///
    /// `leef` accepts the LEEF versions the schema lists; `leef1` accepts LEEF 1.0 only. `json` is `ecs`.
    ///
    /// ```swift
    /// let validator = try OutputValidators.validator(forFormat: "leef1")
    /// validator.formatName   // "leef1"
    /// ```
    /// - Throws: ``ValidatorLookupError/noValidator(_:known:)`` when no validator exists for that name, and
    ///   ``ValidatorLookupError/invalidSchema(_:)`` when the bundled schema cannot be used (a build defect).
    public static func validator(forFormat name: String) throws(ValidatorLookupError) -> any OutputValidator {
        guard formatNames.contains(name) else { throw .noValidator(name, known: formatNames) }
        do throws(SchemaError) {
            switch name {
            case "cef": return try CEFValidator()
            case "leef": return try LEEFValidator()
            case "leef1": return try LEEFValidator(requiredVersion: "1.0")
            case "csv": return try CSVValidator()
            case "xml": return try XMLSchemaValidator()
            default: return try ECSJSONValidator()  // ecs, json
            }
        } catch {
            throw .invalidSchema(error)
        }
    }
}

/// No validator exists for a format name.
public enum ValidatorLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name, and the names that have validators.
    case noValidator(String, known: [String])
    /// The format has a validator, but its bundled schema cannot be used.
    case invalidSchema(SchemaError)

    /// A message for the user.
    public var description: String {
        switch self {
        case .noValidator(let name, let known):
            "no validator for format '\(name)'; validators exist for: \(known.joined(separator: ", "))"
        case .invalidSchema(let error):
            error.description
        }
    }
}
