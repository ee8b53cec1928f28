public import ArgumentParser
import KerioSIEM
import KerioSIEMSampleData
import SystemPackage

/// `kerio-siem sample`: writes a realistic, reproducible Kerio Control security log, for trying a SIEM pipeline, load
/// tests and benchmarks.
///
/// ```
/// kerio-siem sample --lines 1000000 -o big.log
/// ```
public struct Sample: ParsableCommand {
    /// The command's name, help text and examples.
    public static let configuration = CommandConfiguration(
        abstract: "Generate a realistic Kerio Control security log (deterministic for a seed).",
        discussion: """
            The mix follows a busy gateway: 60 % IPS detections, 25 % anti-spoofing drops, 7 % failed logins, \
            4 % FTP inspector records, 4 % engine and update records, with every documented variant. The same seed \
            and settings always give the same bytes. Every line is one the converter parses, unless \
            --malformed-fraction asks for rejects.

            Examples:
              kerio-siem sample --lines 1000 | kerio-siem -f cef
              kerio-siem sample --lines 1000000 -o big.log
              kerio-siem sample --bytes 1G --syslog-fraction 0.1 --malformed-fraction 0.01 -o stress.log
            """)

    @Option(help: ArgumentHelp("How many lines to write.", valueName: "count"))
    var lines: Int?

    @Option(help: ArgumentHelp("Write about this many bytes instead (suffixes K, M, G).", valueName: "size"))
    var bytes: String?

    @Option(help: "The seed; equal seeds give equal logs.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Share of lines (0…1) wrapped in a syslog header.", valueName: "fraction"))
    var syslogFraction: Double = 0

    @Option(help: ArgumentHelp("Share of lines (0…1) that are malformed on purpose.", valueName: "fraction"))
    var malformedFraction: Double = 0

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Write here instead of standard output.", valueName: "file"),
        completion: .file())
    var output: String?

    /// An empty command, filled in by parsing.
    public init() {}

    /// Checks the sizes and fractions.
    public func validate() throws {
        guard (lines == nil) != (bytes == nil) else { throw ValidationError("give exactly one of --lines and --bytes") }
        if let lines, lines < 0 { throw ValidationError("--lines must not be negative") }
        if let bytes, Self.parseSize(bytes) == nil {
            throw ValidationError("--bytes '\(bytes)' is not a size (e.g. 500000, 64K, 200M, 1G)")
        }
        guard (0...1).contains(syslogFraction), (0...1).contains(malformedFraction) else {
            throw ValidationError("fractions must be between 0 and 1")
        }
    }

    /// Writes the log in 4 MiB blocks, so any size fits in bounded memory.
    public func run() throws {
        let file: AtomicFileOutput
        if let output, output != "-" {
            do {
                file = try AtomicFileOutput(path: CommandLineArguments.filePath(output))
            } catch {
                Diagnostics.error(error.description)
                throw KerioSIEMExitCode.cannotCreate
            }
        } else {
            file = AtomicFileOutput(descriptor: .standardOutput, name: "standard output")
        }
        let slot = file.temporaryPath.flatMap { SignalCleanup.register($0.string) }
        defer { SignalCleanup.unregister(slot) }
        var generator = SampleLogGenerator(
            seed: seed, syslogFraction: syslogFraction,
            malformedFraction: malformedFraction)
        var block: [UInt8] = []
        block.reserveCapacity(Self.blockSize + 4_096)
        do {
            if let lines {
                var remaining = lines
                while remaining > 0 {
                    let count = min(remaining, 20_000)
                    block.removeAll(keepingCapacity: true)
                    generator.write(lines: count, into: &block)
                    try block.withUnsafeBufferPointer { try file.write($0) }
                    remaining -= count
                }
            } else if let bytes, let total = Self.parseSize(bytes) {
                var written = 0
                while written < total {
                    block.removeAll(keepingCapacity: true)
                    _ = generator.write(bytes: min(Self.blockSize, total - written), into: &block)
                    written += block.count
                    try block.withUnsafeBufferPointer { try file.write($0) }
                }
            }
            try file.commit()
        } catch {
            file.discard()
            if case FileIOError.brokenPipe = error { throw KerioSIEMExitCode.brokenPipe }
            Diagnostics.error("\(error)")
            throw KerioSIEMExitCode.ioError
        }
    }

    static let blockSize = 4 << 20

    /// `123`, `64K`, `200M`, `1G` (binary multiples).
    static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text)
        var multiplier = 1
        switch digits.last?.uppercased() {
        case "K": multiplier = 1 << 10
        case "M": multiplier = 1 << 20
        case "G": multiplier = 1 << 30
        default: break
        }
        if multiplier > 1 { digits = digits.dropLast() }
        guard let value = Int(digits), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }
}
