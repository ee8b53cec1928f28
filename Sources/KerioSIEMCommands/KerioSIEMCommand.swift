public import ArgumentParser
public import KerioSIEM

/// The `kerio-siem` command line: `convert` (the default), `formats` and `validate`.
///
/// The executable is a one-liner around ``main(registry:)``; a third party ships the same command line with its own
/// format added by passing a bigger registry:
///
/// ```swift
/// import KerioSIEM
/// import KerioSIEMCommands
///
/// @main struct Entrypoint {
///     static func main() throws {
///         KerioSIEMCommand.main(registry: try .standard.registering(SplunkHECExporter.self))
///     }
/// }
/// ```
public struct KerioSIEMCommand: ParsableCommand {
    /// The version `--version` prints.
    public static let version = "0.1.0"

    /// The command tree, help text and examples.
    public static let configuration = CommandConfiguration(
        commandName: "kerio-siem",
        abstract: "Convert Kerio Control security logs to SIEM formats: CEF, LEEF, ECS JSON, CSV and XML.",
        discussion: """
            Reads Kerio Control security-log lines (IPS, anti-spoofing, FTP, authentication, engine and update \
            records, plain or inside a syslog header) and writes them in the format your SIEM ingests. 'convert' \
            is the default command, so 'kerio-siem -f cef file' works.

            Examples:
              kerio-siem convert --format cef security.log > security.cef
              kerio-siem -f ecs -o events.ndjson security.log.1 security.log
              cat security.log | kerio-siem -f leef --timezone Europe/Prague
              kerio-siem follow -f cef --state fw1.state /opt/kerio/winroute/logs/security.log
              kerio-siem formats
              kerio-siem validate --format ecs events.ndjson
              kerio-siem sample --lines 100000 | kerio-siem -f cef -o /dev/null

            Run 'kerio-siem help convert' for every conversion option and the exit statuses.
            """,
        version: version,
        subcommands: [Convert.self, Follow.self, RelayCommand.self, Formats.self, Validate.self, Sample.self],
        defaultSubcommand: Convert.self)

    /// An empty command, filled in by parsing.
    public init() {}

    /// Runs the command line with `registry` as the set of formats (``ExporterRegistry/current`` for every
    /// subcommand, shell completion included), then exits. The built-in formats in `registry` get their validators
    /// (``ExporterRegistry/withStandardValidators()``); a third party's format validates with the one it registered.
    ///
    /// Also installs the signal handling the CLI relies on: `SIGPIPE` ignored (a closed output pipe becomes a quiet
    /// exit 141) and `SIGINT`/`SIGTERM`/`SIGHUP` removing unfinished temporary output files.
    public static func main(registry: ExporterRegistry) {
        StandardDescriptors.reserve()
        SignalCleanup.install()
        ExporterRegistry.$current.withValue(registry.withStandardValidators()) {
            CommandLineRunner.run(CommandLineArguments.arguments)
        }
    }
}
