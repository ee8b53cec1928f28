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

/// `kerio-siem validate`: checks converted files against their format's validator, streaming.
///
/// The validator is the one the format registered next to its exporter (``ExporterRegistry/makeValidator(named:)``),
/// the same registry `convert` uses. Each file is read in chunks and each problem is printed on **standard output**,
/// as soon as it is found, as `file:line: error: message` (so it can be piped, grepped or read by an editor); after
/// `--max-issues` problems in one file the rest are only counted, and one line says how many more there were. Memory
/// stays bounded whatever the size of the files. The summary goes to standard error. Exit 1 when any file has an
/// error, 66 when a file is missing (nothing is validated then), 64 for a format without a validator.
///
/// ```
/// kerio-siem validate --format cef events.cef
/// ```
public struct Validate: ParsableCommand {
    /// The command's name, help text and examples.
    public static let configuration = CommandConfiguration(
        abstract: "Check converted files against their format's schema.",
        discussion: """
            Files are read in chunks, so any size validates in bounded memory. Every problem is printed on \
            standard output as file:line: error: message as soon as it is found; after --max-issues problems in \
            a file the rest are counted and one line says how many more there were. A summary (files, lines, \
            errors) goes to standard error unless --quiet. '-' reads standard input.

            Examples:
              kerio-siem validate --format cef security.cef
              kerio-siem validate -f ecs --max-issues 20 events-*.ndjson
              kerio-siem convert -f xml security.log | kerio-siem validate -f xml -

            Exit status: 0 no errors; 1 errors found; 64 unknown format or no validator for it; 66 a file is \
            missing, unreadable or a directory (nothing is validated); 74 read error.
            """)

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The format the files are in.", valueName: "name"),
        completion: .custom { _, _, _ in ExporterRegistry.current.formats.flatMap(\.allNames) })
    var format: String

    @Option(
        help: ArgumentHelp(
            "Print at most this many problems per file, then how many more there were; 0 prints "
                + "them all.", valueName: "n"))
    var maxIssues = 1000

    @Argument(help: ArgumentHelp("Files to check; '-' reads standard input.", valueName: "file"), completion: .file())
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print no summary.")
    var quiet = false

    /// The bytes read per `read(2)`.
    static let chunkSize = 1 << 20

    /// An empty command, filled in by parsing.
    public init() {}

    /// Rejects an empty file list, `-` twice, a negative `--max-issues`, and a format unknown to the registry or
    /// without a validator (exit 64).
    public mutating func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file ('-' for standard input)") }
        guard files.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("standard input ('-') can be read only once")
        }
        guard maxIssues >= 0 else { throw ValidationError("--max-issues must be 0 (no limit) or more") }
        let registry = ExporterRegistry.current
        guard registry.lookup(format) != nil else {
            throw ValidationError(RegistryError.unknownFormat(format, known: registry.formats.map(\.name)).description)
        }
        guard registry.hasValidator(format) else {
            throw ValidationError(
                RegistryError.noValidator(
                    format,
                    known: registry.formats.map(\.name)
                        .filter(registry.hasValidator)
                ).description)
        }
    }

    /// Validates every file, prints the issues as they are found, exits 1 if there were any.
    public func run() throws {
        let inputs = files.map(CommandLineArguments.conversionInput)
        _ = try Convert.inspect(inputs)
        let validator: any OutputValidator
        do {
            validator = try ExporterRegistry.current.makeValidator(named: format)
        } catch {
            Diagnostics.error("\(error)")
            throw KerioSIEMExitCode.usage
        }

        var errorCount = 0
        var filesWithErrors = 0
        var lineCount = 0
        for input in inputs {
            var shown = 0
            var hidden = 0
            do {
                lineCount += try Self.stream(input) { read in
                    try validator.validate(fileName: input.name, reading: read) { issue in
                        if maxIssues == 0 || shown < maxIssues {
                            shown += 1
                            print(Diagnostics.sanitized(issue.description))
                        } else {
                            hidden += 1
                        }
                    }
                }
            } catch {
                Diagnostics.error(error.description)
                throw error.errno == .noSuchFileOrDirectory ? KerioSIEMExitCode.noInput : KerioSIEMExitCode.ioError
            }
            if hidden > 0 {
                print(
                    Diagnostics.sanitized(
                        "\(input.name): \(Formatting.grouped(hidden)) more error"
                            + "\(hidden == 1 ? "" : "s") not shown (--max-issues \(maxIssues))"))
            }
            errorCount += shown + hidden
            if shown + hidden > 0 { filesWithErrors += 1 }
        }

        if !quiet {
            let fileText = inputs.count == 1 ? "1 file" : "\(inputs.count) files"
            let lines = lineCount == 1 ? "1 line" : "\(Formatting.grouped(lineCount)) lines"
            let result =
                errorCount == 0
                ? "no errors"
                : "\(Formatting.grouped(errorCount)) error\(errorCount == 1 ? "" : "s") in "
                    + (filesWithErrors == 1 ? "1 file" : "\(filesWithErrors) files")
            Diagnostics.write(
                "kerio-siem: validated \(fileText) (\(lines), format \(validator.formatName)): \(result)\n")
        }
        if errorCount > 0 { throw KerioSIEMExitCode.failure }
    }

    /// Opens `input` and runs `body` with a read function over it; returns the number of lines read (LFs, plus one
    /// for a last line without LF).
    static func stream(
        _ input: ConversionInput,
        _ body: ((UnsafeMutableRawBufferPointer) throws -> Int) throws -> Void
    ) throws(FileIOError)
        -> Int
    {
        let descriptor: CInt
        switch input.source {
        case .descriptor(let given):
            descriptor = given.rawValue
        case .path(let path):
            // By its bytes: a non-UTF-8 file name opens as given (issue 10, row 8).
            descriptor = path.withPlatformString { open($0, O_RDONLY | O_CLOEXEC) }
            if descriptor < 0 { throw FileIOError(.open, path: input.name, errno: Errno(rawValue: errno)) }
        }
        defer { if case .path = input.source { _ = close(descriptor) } }
        var newlines = 0
        var last: UInt8 = 0x0A
        do {
            try body { buffer in
                // Validators ask for small buffers too (libxml2 reads 4 KiB at a time); read(2) what they ask.
                while true {
                    let count = read(descriptor, buffer.baseAddress, buffer.count)
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw FileIOError(.read, path: input.name, errno: Errno(rawValue: errno))
                    }
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
                    newlines += Self.newlines(in: bytes)
                    if count > 0 { last = bytes[count - 1] }
                    return count
                }
            }
        } catch let error as FileIOError {
            throw error
        } catch {
            // Only the read function throws, and it throws FileIOError.
            preconditionFailure("unexpected error \(error)")
        }
        return newlines + (last == 0x0A ? 0 : 1)
    }

    /// The LF bytes in `bytes`: sixty-four bytes per step in four vector registers.
    static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        // This runs over every byte validated, and a byte loop costs as much as a fast check. Each step compares four
        // times sixteen bytes with LF; a lane that matched is all ones (-1), so subtracting the comparison adds 1 to
        // it. Four sums, so that the additions do not wait for each other; the lanes are added up once per block of
        // at most 255 steps, so that no lane overflows.
        let lineFeeds = SIMD16<Int8>(repeating: 0x0A)
        let zeros = SIMD16<Int8>(repeating: 0)
        var count = 0
        var index = 0
        let total = bytes.count
        if let base = bytes.baseAddress {
            while index + 64 <= total {
                let blockEnd = min(total - 64, index + 254 * 64)
                var sums = (zeros, zeros, zeros, zeros)
                while index <= blockEnd {
                    func matches(_ offset: Int) -> SIMD16<Int8> {
                        let chunk = base.loadUnaligned(fromByteOffset: index + offset, as: SIMD16<Int8>.self)
                        return unsafeBitCast(chunk .== lineFeeds, to: SIMD16<Int8>.self)
                    }
                    sums.0 &-= matches(0)
                    sums.1 &-= matches(16)
                    sums.2 &-= matches(32)
                    sums.3 &-= matches(48)
                    index += 64
                }
                for sum in [sums.0, sums.1, sums.2, sums.3] {
                    count &+= Int(
                        SIMD16<UInt16>(truncatingIfNeeded: SIMD16<UInt8>(truncatingIfNeeded: sum)).wrappedSum())
                }
            }
        }
        while index < total {
            count &+= bytes[index] == 0x0A ? 1 : 0
            index += 1
        }
        return count
    }
}
