/// Checks a format's output against that format's rules, streaming: the contract a format's validator implements.
///
/// A validator reads the document in chunks from a read function, checks it record by record and reports each
/// problem the moment it is found, so validating any amount of output takes bounded memory (kerio-siem's own
/// validators stay under 64 MiB whatever the input). It is registered next to its exporter
/// (``ExporterRegistry/register(_:validator:)``), which is how `kerio-siem validate -f NAME` finds it.
///
/// ```swift
/// struct LineCountValidator: OutputValidator {
///     let formatName = "mine"
///     func validate(fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
///                   report: (ValidationIssue) -> Void) throws {
///         var chunk = [UInt8](repeating: 0, count: 65_536)
///         while try chunk.withUnsafeMutableBytes(read) > 0 {}   // check the bytes here
///         report(ValidationIssue(file: fileName, line: 1, message: "[mine] not implemented"))
///     }
/// }
/// ```
public protocol OutputValidator: Sendable {
    /// The registry name of the format this validator checks (e.g. `cef`).
    var formatName: String { get }

    /// Validates one output document.
    ///
    /// - Parameters:
    ///   - fileName: the name put in every issue.
    ///   - read: fills the buffer it is given with the document's next bytes and returns how many it wrote; 0 at the
    ///     end. Called until it returns 0 (or the validator gives up on a document it cannot read further).
    ///   - report: called with each problem as it is found, in document order.
    /// - Throws: only what `read` throws; the issues reported before stand.
    ///
    /// Why a pointer: the validator lends its own chunk buffer to `read`, which fills it in place (a `read(2)`, a
    /// copy from memory); a `Span` cannot be written into, and an array per chunk would cost a copy.
    func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void) throws
}

extension OutputValidator {
    /// Validates a whole document held in memory: any bytes (`[UInt8]`, `Data`, a `String`'s `utf8`).
    ///
    /// ```swift
    /// let issues = validator.validate(bytes: Array(text.utf8), fileName: "out.cef")
    /// ```
    public func validate(
        bytes: some Collection<UInt8>, fileName: String, chunkSize: Int = 1 << 20
    ) -> [ValidationIssue] {
        if let issues = bytes.withContiguousStorageIfAvailable({
            validate($0, fileName: fileName, chunkSize: chunkSize)
        }) {
            return issues
        }
        return Array(bytes).withUnsafeBufferPointer { validate($0, fileName: fileName, chunkSize: chunkSize) }
    }

    /// Validates a whole document held in memory and returns every problem, in document order.
    ///
    /// - Parameters:
    ///   - bytes: the whole document.
    ///   - fileName: the name put in every issue.
    ///   - chunkSize: the most bytes handed to the validator per read (tests use small ones to exercise records
    ///     split across reads).
    ///
    /// ```swift
    /// let issues = bytes.withUnsafeBufferPointer { validator.validate($0, fileName: "out.cef") }
    /// ```
    ///
    /// Why a pointer: it validates memory the caller holds without a copy; ``validate(bytes:fileName:chunkSize:)`` is
    /// the safe form.
    public func validate(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String, chunkSize: Int = 1 << 20)
        -> [ValidationIssue]
    {
        precondition(chunkSize > 0)
        var issues: [ValidationIssue] = []
        var offset = 0
        // Reading from memory cannot fail, so neither can the validation.
        try? validate(
            fileName: fileName,
            reading: { buffer in
                let count = min(buffer.count, chunkSize, bytes.count - offset)
                guard count > 0, let base = bytes.baseAddress else { return 0 }
                buffer.copyMemory(from: UnsafeRawBufferPointer(start: base + offset, count: count))
                offset += count
                return count
            }, report: { issues.append($0) })
        return issues
    }
}

/// Makes the validator of a format, from the format's description (its name and ``ExportFormat/schema``).
///
/// ```swift
/// let factory: ValidatorFactory = { format in try CEFValidator(format: format) }
/// ```
public typealias ValidatorFactory = @Sendable (ExportFormat) throws -> any OutputValidator

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
