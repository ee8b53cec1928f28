public import ArgumentParser
import KerioSIEM
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kerio-siem convert`: Kerio Control security-log lines in, one SIEM document out.
///
/// The work is ``FileConversion`` into an ``AtomicFileOutput``; this command adds the checks that must happen before
/// anything is written (every input readable, the output not one of the inputs), the reporting (unparsed lines,
/// progress bar, summary) and the mapping of failures to ``KerioSIEMExitCode``s.
///
/// ```
/// kerio-siem convert --format ecs -o events.ndjson security.log.1 security.log
/// ```
public struct Convert: ParsableCommand {
    /// The command's name, help text and examples.
    public static let configuration = CommandConfiguration(
        abstract: "Convert Kerio Control security logs to CEF, LEEF, ECS JSON, CSV or XML (the default command).",
        discussion: """
            Files are converted in order into one output (one CSV header, one XML document); with no file, or \
            '-', standard input is read. The output is written to a temporary file beside it and renamed into \
            place only when the conversion succeeded, so a failed or interrupted run leaves no partial file (and \
            an existing file unchanged). Devices and FIFOs (/dev/null, /dev/stdout, a named pipe) are written in \
            place. Lines that are not security-log records are reported (the first 10, as file:line: warning: \
            reason: message), counted, skipped, and optionally kept with --rejects.

            Examples:
              kerio-siem convert --format cef security.log > security.cef
              kerio-siem convert -f ecs -o events.ndjson security.log.1 security.log
              tail -F security.log | kerio-siem -f leef --syslog-framing rfc5424
              kerio-siem -f csv --timezone Europe/Prague --rejects bad.log in.log > out.csv
              kerio-siem -f xml --strict -o events.xml security.log
              kerio-siem -f leef --leef-version 2.0 --leef-delimiter '^' security.log
              kerio-siem -f cef --jobs 4 -o year.cef security-2026.log

            Exit status: 0 success; 1 an unparsed line under --strict; 64 usage error (unknown format or time \
            zone, output is an input); 66 an input is missing, unreadable or a directory (nothing is written); \
            73 the output cannot be created; 74 read/write error (e.g. disk full); 141 the output's reader went \
            away (quietly); killed by SIGINT/SIGTERM (130/143) after removing unfinished output. Reading a pipe or \
            terminal, SIGTERM, SIGINT and SIGHUP first write the records of every line already read (to standard \
            output; an -o file is removed, never left partial), then end the process by the signal.
            """)

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output format; 'kerio-siem formats' lists them.", valueName: "name"),
        completion: .custom { _, _, _ in ExporterRegistry.current.formats.flatMap(\.allNames) })
    var format: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write here instead of standard output ('-' is standard output).", valueName: "file"),
        completion: .file())
    var output: String?

    @Flag(name: .shortAndLong, help: "Print no progress, no unparsed-line warnings and no summary; errors only.")
    var quiet = false

    @Option(
        name: [.customShort("j"), .long],
        help: ArgumentHelp(
            "Worker threads; the output is the same for any number (default: the number of cores).",
            valueName: "n"))
    var jobs: Int?

    @OptionGroup(title: "Input")
    var input: InputOptions

    @OptionGroup(title: "Format settings")
    var export: ExportOptionGroup

    /// An empty command, filled in by parsing.
    public init() {}

    /// Rejects unknown formats and an output that doubles as the rejects file (exit 64).
    public mutating func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
        let registry = ExporterRegistry.current
        guard registry.lookup(format) != nil else {
            throw ValidationError(RegistryError.unknownFormat(format, known: registry.formats.map(\.name)).description)
        }
        if let output, let rejects = input.rejects,
            CommandLineArguments.filePath(output).lexicallyNormalized()
                == CommandLineArguments.filePath(rejects).lexicallyNormalized()
        {
            throw ValidationError("--rejects and --output name the same file '\(output)'")
        }
    }

    /// Converts, then prints the summary.
    public func run() throws {
        let started = ContinuousClock.now
        let (formatName, exporter) = try export.exporter(forFormat: format)

        // Everything that can be checked is checked before the first byte is written.
        for (flag, name) in [("-o/--output", output), ("--rejects", input.rejects)] where name?.isEmpty == true {
            Diagnostics.error("\(flag) needs a file name, not ''")
            throw KerioSIEMExitCode.usage
        }
        let outputPath = output == "-" ? nil : output
        if outputPath == nil && StandardDescriptors.standardOutputWasClosed {
            // Records sent to a closed standard output would be lost; refuse before reading or committing anything.
            Diagnostics.error("standard output cannot be written: it was closed when kerio-siem started")
            throw KerioSIEMExitCode.ioError
        }
        let inputs = input.conversionInputs
        let statuses = try Self.inspect(inputs)
        let outputName = outputPath ?? "standard output"
        let outputStatus = try Self.status(ofOutput: outputPath)
        try Self.refuseOverwriting(inputs, statuses, with: outputStatus, named: outputName)
        if let rejects = input.rejects {
            let rejectsStatus = try Self.status(ofOutput: rejects)
            try Self.refuseOverwriting(inputs, statuses, with: rejectsStatus, named: rejects)
            if let outputStatus, let rejectsStatus, Self.isSameFile(outputStatus, rejectsStatus) {
                Diagnostics.error("--rejects '\(rejects)' is the output file '\(outputName)'")
                throw KerioSIEMExitCode.usage
            }
        }

        // Each temporary file is registered for removal before a signal can end the process.
        let (outputFile, outputSlot, rejectsWriter, rejectsSlot) = try SignalCleanup.withSignalsBlocked {
            let outputFile = try Self.openOutput(outputPath, role: "the output")
            let outputSlot = outputFile.temporaryPath.flatMap { SignalCleanup.register($0) }
            let rejectsWriter: RejectsWriter?
            do {
                rejectsWriter = try input.rejects.map {
                    RejectsWriter(output: try Self.openOutput($0, role: "--rejects"))
                }
            } catch {
                outputFile.discard()
                SignalCleanup.unregister(outputSlot)
                throw error
            }
            let rejectsSlot = rejectsWriter?.output.temporaryPath.flatMap { SignalCleanup.register($0) }
            return (outputFile, outputSlot, rejectsWriter, rejectsSlot)
        }
        defer { SignalCleanup.unregister(outputSlot) }
        defer { SignalCleanup.unregister(rejectsSlot) }

        let quiet = quiet
        if input.inputs.isEmpty && isatty(STDIN_FILENO) == 1 && !quiet {
            // Most likely the file names were forgotten: say why nothing happens.
            Diagnostics.note("reading Kerio log lines from the terminal; end with Ctrl-D (or give file names)")
        }
        // No bar when the records themselves go to a terminal: the bar would be drawn in between them.
        let recordsOnTerminal = outputPath == nil && isatty(STDOUT_FILENO) == 1
        let progress = ProgressReporter(totalBytes: Self.totalSize(statuses), enabled: !quiet && !recordsOnTerminal)
        var conversion = FileConversion(parser: input.parser, options: input.conversionOptions)
        conversion.jobs = jobs ?? Self.coreCount
        var warningsShown = 0
        conversion.onUnparsed = { diagnostic, line in
            if !quiet && warningsShown < Self.unparsedWarningLimit {
                progress?.clear()
                Diagnostics.unparsed(diagnostic, .warning)
                warningsShown += 1
            }
            try rejectsWriter?.append(line)
        }
        conversion.onProgress = { progress?.update(bytesRead: $0) }
        // A live input (pipe, terminal, socket) may wait for its writer for ever: a signal then ends the input
        // instead of the process, so the records of every line already read are written first.
        let liveInput = statuses.contains { $0.type != .regular && $0.type != .blockSpecial }
        if liveInput {
            conversion.stopDescriptor = GracefulStop.arm()
            conversion.onIdle = { try rejectsWriter?.flush() }
        }

        let report: ConversionReport
        do {
            var sink = outputFile
            report = try conversion.convert(inputs, with: exporter, to: &sink)
            progress?.clear()
            // Both files or neither: a run that fails at the last step (say, the output's rename) leaves both as
            // they were.
            try rejectsWriter?.flush()
            if GracefulStop.received != nil && !outputFile.writesInPlace {
                // Stopped by a signal: an output file would hold only part of the input, and keeps its promise of
                // all or nothing (the rejects file goes with it: both files or neither).
                rejectsWriter?.discard()
                outputFile.discard()
                GracefulStop.endIfSignalled()
            }
            try AtomicFileOutput.commit([outputFile] + (rejectsWriter.map { [$0.output] } ?? []))
        } catch {
            progress?.clear()
            rejectsWriter?.discard()
            outputFile.discard()
            throw Self.exitCode(for: error, output: outputFile)
        }

        // Stopped by a signal with the records on standard output (or a device): they, and the rejects of the same
        // lines, are all written and committed; now end as the signal asked.
        defer { GracefulStop.endIfSignalled() }
        guard !quiet else { return }
        if let signalNumber = GracefulStop.received {
            Diagnostics.note("stopped by \(Self.signalName(signalNumber)); every line read was converted")
        }
        if report.unparsedLines > warningsShown {
            Diagnostics.note("… and \(Formatting.grouped(report.unparsedLines - warningsShown)) more unparsed lines")
        }
        let summary = ConversionSummary(
            report: report, inputCount: inputs.count, outputName: outputName, formatName: formatName,
            elapsedSeconds: (ContinuousClock.now - started).seconds, rejectsName: input.rejects)
        Diagnostics.write(summary.text)
    }

    /// `SIGTERM`, `SIGINT`, `SIGHUP` by name, for the note after a graceful stop.
    static func signalName(_ signalNumber: CInt) -> String {
        switch signalNumber {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        default: "signal \(signalNumber)"
        }
    }

    /// The number of online processors, the default for `--jobs`.
    static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// How many unparsed lines are reported one by one before the rest are only counted.
    static let unparsedWarningLimit = 10

    // MARK: - Checks before writing

    /// Every input's status; reports every unusable input, then exits 66 if there was one.
    static func inspect(_ inputs: [ConversionInput]) throws -> [Stat] {
        var statuses: [Stat] = []
        var failed = false
        for input in inputs {
            do {
                statuses.append(try input.inspect())
            } catch {
                Diagnostics.error(error.description)
                failed = true
            }
        }
        if failed { throw KerioSIEMExitCode.noInput }
        return statuses
    }

    /// The status of an output that already exists (`nil` for one still to be created); standard output for `nil`.
    static func status(ofOutput path: String?) throws -> Stat? {
        guard let path else { return try? FileDescriptor.standardOutput.stat() }
        do {
            return try CommandLineArguments.filePath(path).stat()
        } catch .noSuchFileOrDirectory {
            return nil
        } catch {
            Diagnostics.error(FileIOError(.stat, path: path, errno: error).description)
            throw KerioSIEMExitCode.cannotCreate
        }
    }

    /// Exits 64 when the output (by device and inode, so links and `/dev/stdout` count) is one of the inputs.
    /// Only regular files are compared: reading and writing the same device (`/dev/null`) is harmless.
    static func refuseOverwriting(
        _ inputs: [ConversionInput], _ statuses: [Stat], with output: Stat?,
        named outputName: String
    ) throws {
        guard let output, output.type == .regular else { return }
        for (input, status) in zip(inputs, statuses) where isSameFile(status, output) {
            Diagnostics.error(
                "the output '\(outputName)' is the input '\(input.name)'; "
                    + "writing it would destroy what is being read (choose another output file)")
            throw KerioSIEMExitCode.usage
        }
    }

    static func isSameFile(_ first: Stat, _ second: Stat) -> Bool {
        first.type == .regular && first.deviceID == second.deviceID && first.inode == second.inode
    }

    /// The total size of the inputs when all are regular files (for the progress bar), else `nil`.
    static func totalSize(_ statuses: [Stat]) -> Int? {
        guard statuses.allSatisfy({ $0.type == .regular }) else { return nil }
        return statuses.reduce(0) { $0 + Int($1.size) }
    }

    /// Opens the output file, or standard output for `nil`; exits 73 when it cannot be created, 74 when the device
    /// is full (no space or no free inode: an I/O failure, as when a write meets ENOSPC).
    /// - Parameter role: how messages name the file (`the output`, `--rejects`).
    static func openOutput(_ path: String?, role: String) throws -> AtomicFileOutput {
        guard let path else { return AtomicFileOutput(descriptor: .standardOutput, name: "standard output") }
        do {
            return try AtomicFileOutput(path: CommandLineArguments.filePath(path))
        } catch {
            switch error {
            case .isDirectory:
                Diagnostics.error("\(role) '\(path)' is a directory; give a file name")
                throw KerioSIEMExitCode.cannotCreate
            case .noSpace:
                Diagnostics.error("cannot create \(role) '\(path)': no space or no free inode left on the device")
                throw KerioSIEMExitCode.ioError
            default:
                Diagnostics.error("\(role): \(error.description)")
                throw KerioSIEMExitCode.cannotCreate
            }
        }
    }

    // MARK: - Failures

    /// Reports `error` and returns the exit status for it.
    static func exitCode(for error: any Error, output: AtomicFileOutput) -> ExitCode {
        switch error {
        case let exit as ExitCode:
            return exit
        case ConversionError.unparsedLine(let diagnostic):
            Diagnostics.unparsed(diagnostic, .error)
            if output.writesInPlace {
                Diagnostics.error("stopped at the first unparsed line (--strict); the output is incomplete")
            } else {
                Diagnostics.error("stopped at the first unparsed line (--strict); no output file was written")
            }
            return KerioSIEMExitCode.failure
        case let error as FileIOError:
            switch error {
            case .brokenPipe:
                // The reader (e.g. `head`) has what it wanted: no message, like any filter killed by SIGPIPE.
                return KerioSIEMExitCode.brokenPipe
            case .isDirectory, .failed(.open, _, _):
                // Inputs were checked before; this one changed since (outputs are all open by now).
                Diagnostics.error(error.description)
                return KerioSIEMExitCode.noInput
            default:
                Diagnostics.error(error.description)
                return KerioSIEMExitCode.ioError
            }
        case is CancellationError:
            Diagnostics.error("cancelled")
            return ExitCode(130)
        default:
            Diagnostics.error("\(error)")
            return KerioSIEMExitCode.ioError
        }
    }
}
