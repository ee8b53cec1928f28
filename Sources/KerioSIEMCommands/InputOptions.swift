import ArgumentParser
import KerioSIEM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `convert` options about what is read: the inputs and the rejects file, and how lines are treated
/// (``LineOptions``).
///
/// ```
/// kerio-siem convert --format ecs --strict --max-line-length 8192 security.log.1 security.log
/// ```
struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Security log files, converted in order into one output; '-' or none reads standard input.",
            valueName: "file"),
        completion: .file())
    var inputs: [String] = []

    @Option(
        name: .customLong("rejects"),
        help: ArgumentHelp(
            "Write every unparsed line to this file, byte for byte, one per line (replaced atomically).",
            valueName: "file"),
        completion: .file())
    var rejects: String?

    @OptionGroup
    var lines: LineOptions

    mutating func validate() throws {
        guard inputs.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("standard input ('-') can be read only once")
        }
        if rejects == "-" { throw ValidationError("--rejects needs a file, not standard output") }
    }

    /// The inputs to convert: the files in order, standard input for `-` or when none is given.
    var conversionInputs: [ConversionInput] {
        inputs.isEmpty ? [.standardInput] : inputs.map(CommandLineArguments.conversionInput)
    }

    /// The parser these options ask for.
    var parser: SecurityLogParser { lines.parser }

    /// The conversion options these options ask for.
    var conversionOptions: ConversionOptions { lines.conversionOptions }

    /// The current year on this machine's clock, in its local zone (the zone a syslog server stamps lines in).
    static func currentYear() -> Int { LineOptions.currentYear() }
}
