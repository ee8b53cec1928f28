import ArgumentParser
import KerioSIEM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How lines are treated, for `convert` and `follow` alike: line limit, syslog year, strictness, unparsed lines.
///
/// ```
/// kerio-siem convert --format ecs --strict --max-line-length 8192 security.log
/// ```
struct LineOptions: ParsableArguments {
    @Flag(help: "Also write unparsed lines as records (ECS: event.kind pipeline_error; others: their unparsed record).")
    var emitUnparsed = false

    @Flag(help: "Fail (exit 1) at the first unparsed line (convert then leaves no output file behind).")
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
        if strict && emitUnparsed { throw ValidationError("--strict and --emit-unparsed exclude each other") }
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
