public import ArgumentParser
import KerioSIEM
import KerioSIEMValidation
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `kerio-siem validate`: checks converted files against their format's schema.
///
/// Each problem is printed on **standard output** as `file:line: error: message` (so it can be piped, grepped or
/// read by an editor); the summary goes to standard error. Exit 1 when any file has an error, 66 when a file is
/// missing (nothing is validated then), 64 for a format without a validator.
///
/// ```
/// kerio-siem validate --format cef events.cef
/// ```
public struct Validate: ParsableCommand {
    /// The command's name, help text and examples.
    public static let configuration = CommandConfiguration(
        abstract: "Check converted files against their format's schema.",
        discussion: """
            Every problem is printed on standard output as file:line: error: message; a summary \
            (files, lines, errors) goes to standard error unless --quiet. '-' reads standard input.

            Examples:
              kerio-siem validate --format cef security.cef
              kerio-siem validate -f ecs events-*.ndjson
              kerio-siem convert -f xml security.log | kerio-siem validate -f xml -

            Exit status: 0 no errors; 1 errors found; 64 unknown format or no validator for it; 66 a file is \
            missing, unreadable or a directory (nothing is validated); 74 read error.
            """)

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The format the files are in.", valueName: "name"),
        completion: .custom { _, _, _ in ExporterRegistry.current.formats.flatMap(\.allNames) })
    var format: String

    @Argument(help: ArgumentHelp("Files to check; '-' reads standard input.", valueName: "file"), completion: .file())
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print no summary.")
    var quiet = false

    /// The validator lookup; tests replace it to check the command without the real validators.
    @TaskLocal static var lookup: @Sendable (String) throws -> any OutputValidator = {
        try OutputValidators.validator(forFormat: $0)
    }

    /// An empty command, filled in by parsing.
    public init() {}

    /// Rejects an empty file list, `-` twice, and a format unknown to the registry (exit 64).
    public mutating func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file ('-' for standard input)") }
        guard files.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("standard input ('-') can be read only once")
        }
        let registry = ExporterRegistry.current
        guard registry.lookup(format) != nil else {
            throw ValidationError(RegistryError.unknownFormat(format, known: registry.formats.map(\.name)).description)
        }
    }

    /// Validates every file, prints the issues, exits 1 if there were any.
    public func run() throws {
        let inputs = files.map(CommandLineArguments.conversionInput)
        _ = try Convert.inspect(inputs)
        let validator: any OutputValidator
        do {
            validator = try Self.lookup(format)
        } catch {
            Diagnostics.error("\(error)")
            throw KerioSIEMExitCode.usage
        }

        var errorCount = 0
        var filesWithErrors = 0
        var lineCount = 0
        for input in inputs {
            let bytes: [UInt8]
            do {
                bytes = try Self.readAll(input)
            } catch {
                Diagnostics.error(error.description)
                throw error.errno == .noSuchFileOrDirectory ? KerioSIEMExitCode.noInput : KerioSIEMExitCode.ioError
            }
            lineCount += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                + (bytes.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
            let issues = bytes.withUnsafeBufferPointer { validator.validate($0, fileName: input.name) }
            for issue in issues { print(Diagnostics.sanitized(issue.description)) }
            errorCount += issues.count
            if !issues.isEmpty { filesWithErrors += 1 }
        }

        if !quiet {
            let fileText = inputs.count == 1 ? "1 file" : "\(inputs.count) files"
            let lines = lineCount == 1 ? "1 line" : "\(Formatting.grouped(lineCount)) lines"
            let result = errorCount == 0 ? "no errors"
                : "\(Formatting.grouped(errorCount)) error\(errorCount == 1 ? "" : "s") in "
                    + (filesWithErrors == 1 ? "1 file" : "\(filesWithErrors) files")
            Diagnostics.write(
                "kerio-siem: validated \(fileText) (\(lines), format \(validator.formatName)): \(result)\n")
        }
        if errorCount > 0 { throw KerioSIEMExitCode.failure }
    }

    /// The whole contents of `input`.
    static func readAll(_ input: ConversionInput) throws(FileIOError) -> [UInt8] {
        let descriptor: CInt
        switch input.source {
        case .descriptor(let given):
            descriptor = given.rawValue
        case .path(let path):
            descriptor = open(path.string, O_RDONLY | O_CLOEXEC)
            if descriptor < 0 { throw FileIOError(.open, path: input.name, errno: Errno(rawValue: errno)) }
        }
        defer { if case .path = input.source { _ = close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIOError(.read, path: input.name, errno: Errno(rawValue: errno))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
