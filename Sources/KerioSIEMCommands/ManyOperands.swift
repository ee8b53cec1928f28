/// Linear-time parsing of `convert` command lines with many file operands.
///
/// ArgumentParser removes each consumed argument from an array, so parsing N operands costs N² (20,000 files took
/// 20 s before any work). A command line for `convert` (the default command) with more than ``threshold`` arguments is
/// therefore split here first: the options and their values go to the parser, the operands are set on the parsed
/// command afterwards, in order. Only a command line whose every option is one `convert` declares, spelled as
/// `--name`, `--name=value` or a single `-x`, takes this path; anything else (bundled short flags, another
/// subcommand, `--help`) is parsed the ordinary way, so the result is the same either way, only faster.
///
/// ```swift
/// ManyOperands.split(["-f", "cef", "a.log", "b.log"])   // nil: below the threshold
/// ```
enum ManyOperands {
    /// Thrown when the parsed command is not `convert` after all; the caller then parses the ordinary way.
    struct NotConvert: Error {}

    /// Command lines up to this length are always parsed the ordinary way.
    static let threshold = 256

    /// `convert`'s options that take a value (long and short spellings). Kept in step with `Convert`,
    /// `InputOptions` and `ExportOptionGroup` by a test that reads the parser's own description of the command.
    static let valueOptions: Set<String> = [
        "--format", "-f", "--output", "-o", "--jobs", "-j", "--rejects", "--max-line-length", "--syslog-year",
        "--timezone", "--tz", "--observer-host", "--vendor", "--product", "--device-version", "--leef-version",
        "--leef-delimiter", "--ecs-version", "--syslog-framing", "--option",
    ]

    /// `convert`'s flags (no value). `--help`, `-h` and `--version` are left out on purpose: they print instead of
    /// converting, so they take the ordinary path.
    static let flags: Set<String> = [
        "--quiet", "-q", "--emit-unparsed", "--strict", "--no-formula-guard", "--include-original",
    ]

    /// The options (with their values) and the operands, or `nil` when the ordinary parser should see everything.
    static func split(_ arguments: [String]) -> (options: [String], operands: [String])? {
        guard arguments.count > threshold else { return nil }
        let otherCommands = CommandLineRunner.commandNames(KerioSIEMCommand.self).map(\.name).filter { $0 != "convert" }
        if let first = arguments.first, otherCommands.contains(first) || first == "help" { return nil }
        var options = ["convert"]
        var operands: [String] = []
        operands.reserveCapacity(arguments.count)
        var index = arguments.first == "convert" ? 1 : 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                operands += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                operands.append(argument)
                continue
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            let hasInlineValue = name.count < argument.count
            if flags.contains(argument) {
                options.append(argument)
            } else if valueOptions.contains(name), hasInlineValue, name.hasPrefix("--") {
                options.append(argument)
            } else if valueOptions.contains(argument), index < arguments.count {
                options += [argument, arguments[index]]
                index += 1
            } else {
                return nil
            }
        }
        return (options, operands)
    }
}
