import ArgumentParser
import KerioSIEM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `convert` options about what is read and how lines are treated: inputs, line limit, syslog year, strictness,
/// unparsed lines.
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

    @Flag(help: "Also write unparsed lines as records (ECS: event.kind pipeline_error; others: their unparsed record).")
    var emitUnparsed = false

    @Flag(help: "Fail (exit 1) at the first unparsed line and leave no output file behind.")
    var strict = false

    @Option(
        help: ArgumentHelp(
            "Longest line parsed, in bytes; longer lines are unparsed (line-too-long).",
            valueName: "bytes"))
    var maxLineLength: Int = ParserLimits().maximumLineLength

    @Option(
        help: ArgumentHelp(
            "Year for RFC 3164 syslog times, which carry none (default: the current year, or the year before for a date more than a day ahead).",
            valueName: "year"))
    var syslogYear: Int?

    mutating func validate() throws {
        guard maxLineLength > 0 else { throw ValidationError("--max-line-length must be at least 1") }
        if let syslogYear, !(1...9_999).contains(syslogYear) {
            throw ValidationError("--syslog-year must be between 1 and 9999")
        }
        guard inputs.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("standard input ('-') can be read only once")
        }
        if rejects == "-" { throw ValidationError("--rejects needs a file, not standard output") }
        if strict && emitUnparsed { throw ValidationError("--strict and --emit-unparsed exclude each other") }
    }

    /// The inputs to convert: the files in order, standard input for `-` or when none is given.
    var conversionInputs: [ConversionInput] {
        inputs.isEmpty ? [.standardInput] : inputs.map(CommandLineArguments.conversionInput)
    }

    /// The parser these options ask for.
    var parser: SecurityLogParser {
        SecurityLogParser(
            limits: ParserLimits(maximumLineLength: maxLineLength),
            syslogYear: syslogYear.map(SyslogYearRule.fixed) ?? .inferred(now: Self.now()))
    }

    /// The conversion options these options ask for.
    var conversionOptions: ConversionOptions {
        var options = ConversionOptions()
        options.emitUnparsed = emitUnparsed
        options.strict = strict
        return options
    }

    /// The current year on this machine's clock, in its local zone (the zone a syslog server stamps lines in).
    static func currentYear() -> Int { now().year }

    /// This machine's wall clock in its local zone, to the second (what an RFC 3164 time is compared with).
    static func now() -> CivilDateTime {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil,
            let civil = CivilDateTime(
                year: Int(parts.tm_year) + 1_900, month: Int(parts.tm_mon) + 1,
                day: Int(parts.tm_mday), hour: Int(parts.tm_hour), minute: Int(parts.tm_min),
                second: min(Int(parts.tm_sec), 59))
        else { return CivilDateTime(secondsSinceEpoch: Int64(now)) }
        return civil
    }
}
