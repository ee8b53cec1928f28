import ArgumentParser
import KerioSIEM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses and runs the command line as ArgumentParser's `main()` does, with four things added:
/// - arguments that are not UTF-8 reach the commands intact (``CommandLineArguments``);
/// - every message the parser prints is made safe for a terminal: a value holding ESC, CR, LF or U+202E is shown
///   escaped, never echoed raw (``DisplayText``);
/// - `kerio-siem help NAME` with an unknown NAME is a usage error (64), as an unknown command is;
/// - the generated shell completion scripts complete `convert`'s options and values (`--format`) before any
///   subcommand name too, since `convert` is the default command (``CompletionScriptPatch``);
/// - thousands of file operands are parsed in linear time (``ManyOperands``).
enum CommandLineRunner {
    /// Runs `arguments` (without the program name) and exits with the command's status.
    static func run(_ arguments: [String]) -> Never {
        if let message = unknownHelpTopic(arguments) {
            Diagnostics.error(message)
            exit(KerioSIEMExitCode.usage.rawValue)
        }
        do {
            var command: any ParsableCommand
            if let split = ManyOperands.split(arguments) {
                var convert = try KerioSIEMCommand.parseAsRoot(split.options)
                guard var parsed = convert as? Convert else { throw ManyOperands.NotConvert() }
                parsed.input.inputs = split.operands
                try parsed.input.validate()
                try parsed.validate()
                convert = parsed
                command = convert
            } else {
                command = try KerioSIEMCommand.parseAsRoot(arguments)
            }
            try command.run()
            exit(0)
        } catch is ManyOperands.NotConvert {
            // Not the shape the fast path expects: parse the ordinary way.
            runOrdinarily(arguments)
        } catch {
            fail(with: error, arguments: arguments)
        }
    }

    private static func runOrdinarily(_ arguments: [String]) -> Never {
        do {
            var command = try KerioSIEMCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            fail(with: error, arguments: arguments)
        }
    }

    /// Prints what ArgumentParser would for `error` (help and scripts to standard output, errors to standard error,
    /// made safe), then exits with its status.
    private static func fail(with error: any Error, arguments: [String]) -> Never {
        let code = KerioSIEMCommand.exitCode(for: error)
        var message = KerioSIEMCommand.fullMessage(for: error)
        if code == .success {
            if arguments.contains(where: { $0.hasPrefix("--generate-completion-script") }) {
                message = CompletionScriptPatch.patched(message)
            }
            if !message.isEmpty { print(message) }
        } else if !message.isEmpty {
            Diagnostics.write(safe(message, arguments: arguments) + "\n")
        }
        exit(code.rawValue)
    }

    /// `message` with every argument that needs escaping shown escaped, and every line made safe on its own (so the
    /// parser's own line breaks stay, and an argument cannot add one).
    static func safe(_ message: String, arguments: [String]) -> String {
        var message = message
        let unsafe = arguments.filter { $0.unicodeScalars.contains(where: DisplayText.needsEscaping) }
        for argument in unsafe.sorted(by: { $0.count > $1.count }) {
            message = message.replacing(argument, with: DisplayText.escaping(argument))
            if let equals = argument.firstIndex(of: "=") {
                let value = String(argument[argument.index(after: equals)...])
                if !value.isEmpty { message = message.replacing(value, with: DisplayText.escaping(value)) }
            }
        }
        return message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { DisplayText.escaping(String($0)) }.joined(separator: "\n")
    }

    /// The error for `help NAME …` when a NAME is not a command, else `nil`.
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var level = commandNames(KerioSIEMCommand.self)
        for name in arguments.dropFirst() where !name.hasPrefix("-") {
            guard let next = level.first(where: { $0.name == name }) else {
                return "unknown command '\(name)'; the commands are: "
                    + level.map(\.name).joined(separator: ", ")
            }
            level = commandNames(next.type)
        }
        return nil
    }

    /// The subcommands of `command`, by name.
    static func commandNames(_ command: any ParsableCommand.Type)
        -> [(name: String, type: any ParsableCommand.Type)]
    {
        var names: [(name: String, type: any ParsableCommand.Type)] = []
        for subcommand in command.configuration.subcommands {
            let name: String = subcommand._commandName
            names.append((name, subcommand))
        }
        return names
    }
}
