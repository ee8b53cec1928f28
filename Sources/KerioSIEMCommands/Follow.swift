import ArgumentParser
import KerioSIEM
import KerioSIEMRelay
import Logging
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kerio-siem follow`: tail live security logs as `tail -F` does, convert each line once, keep a checkpoint.
///
/// The work is ``FileFollower``; this command opens the outputs for appending, makes them durable before each
/// checkpoint (`fsync`), turns `SIGTERM`/`SIGINT`/`SIGHUP` into a clean stop (``GracefulStop``), and prints notices.
///
/// ```
/// kerio-siem follow -f cef --state /var/lib/kerio-siem/fw1.state -o /var/log/kerio/fw1.cef /var/log/kerio/fw1.log
/// ```
struct Follow: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow growing security logs (as tail -F does) and convert every new line, with a checkpoint.",
        discussion: """
            Each file is read from its checkpoint in the --state file (or from its start, or with --from-end \
            from its end), then followed until SIGTERM, SIGINT or SIGHUP, which end it cleanly (exit 0) after \
            writing every record and the final checkpoint. New lines are seen at once through inotify, and every \
            250 ms regardless. Rotation by rename or delete (the old file is read to its end, and for \
            --rotate-wait after it last grew), by copytruncate (read again from the start) and inode reuse (a file \
            is known by device, inode and a fingerprint of its first 1 KiB) are handled. A FILE may be a glob \
            pattern in quotes ('/var/log/kerio/*.log'), looked up again while following.

            The output (-o, or standard output) and --rejects are appended to, never replaced: the checkpoint \
            moves only after the records before it were written and, for files, fsync'ed, so after a crash \
            nothing is lost and at most the records of the last second are written again; after a clean stop, \
            none are. A CSV header is written only into an empty output; an XML document cannot be appended to, \
            so -f xml needs an empty or new -o file.

            Examples:
              kerio-siem follow -f cef --state fw1.state /opt/kerio/winroute/logs/security.log
              kerio-siem follow -f ecs --state kerio.state -o /var/log/siem/kerio.ndjson '/var/log/kerio/*.log'
              kerio-siem follow -f leef --syslog-framing rfc5424 --state s.state --from-end security.log | nc siem 514

            Exit status: 0 stopped by SIGTERM/SIGINT/SIGHUP; 1 an unparsed line under --strict; 64 usage error; \
            65 the --state file is corrupt (it is named; remove it to start from the beginning); 73 an output \
            cannot be created; 74 read/write error.
            """)

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output format; 'kerio-siem formats' lists them.", valueName: "name"),
        completion: .custom { _, _, _ in ExporterRegistry.current.formats.flatMap(\.allNames) })
    var format: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Append the records here instead of writing them to standard output.", valueName: "file"),
        completion: .file())
    var output: String?

    @Option(
        help: ArgumentHelp(
            "The checkpoint file: which file was read how far (created if missing, replaced atomically).",
            valueName: "file"),
        completion: .file())
    var state: String

    @Flag(help: "Start files the state file does not know at their end (default: their start).")
    var fromEnd = false

    @Option(
        help: ArgumentHelp(
            "Seconds a rotated or deleted file is still read after it last grew.", valueName: "seconds"))
    var rotateWait: Double = 5

    @Option(
        name: .customLong("rejects"),
        help: ArgumentHelp("Append every unparsed line to this file, byte for byte.", valueName: "file"),
        completion: .file())
    var rejects: String?

    @Flag(name: .shortAndLong, help: "Print no notices, no unparsed-line warnings and no summary; errors only.")
    var quiet = false

    @Argument(
        help: ArgumentHelp("Security log files (or quoted glob patterns) to follow.", valueName: "file"),
        completion: .file())
    var files: [String] = []

    @Option(
        name: .customLong("to"),
        help: ArgumentHelp(
            "Deliver over the network instead of writing -o: the URLs of 'kerio-siem relay --to' (tcp://, tls://, "
                + "udp://, splunk-hec+https://, elasticsearch+https://…/STREAM). The checkpoint moves only past "
                + "records the output confirmed.",
            valueName: "url"))
    var to: String?

    @OptionGroup(title: "Lines")
    var lines: LineOptions

    @OptionGroup(title: "Delivering (with --to)")
    var delivery: DeliveryOptions

    @OptionGroup(title: "Format settings")
    var export: ExportOptionGroup

    mutating func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to follow") }
        if files.contains("-") { throw ValidationError("follow reads files; for standard input use 'convert'") }
        guard rotateWait >= 0 && rotateWait <= 86_400 else {
            throw ValidationError("--rotate-wait must be between 0 and 86400 seconds")
        }
        guard ExporterRegistry.current.lookup(format) != nil else {
            let known = ExporterRegistry.current.formats.map(\.name)
            throw ValidationError(RegistryError.unknownFormat(format, known: known).description)
        }
        if let to {
            guard output == nil else { throw ValidationError("give -o/--output or --to, not both") }
            do {
                let destination = try DestinationURL(parsing: to)
                try delivery.check(for: destination, syslogFraming: export.syslogFraming)
            } catch let error as RelayConfigurationError {
                throw ValidationError(error.description)
            }
        }
        for (flag, name) in [("-o/--output", output), ("--rejects", rejects), ("--state", state)]
        where name?.isEmpty == true {
            throw ValidationError("\(flag) needs a file name, not ''")
        }
        let named = [output, rejects, state].compactMap { $0 }.map {
            CommandLineArguments.filePath($0).lexicallyNormalized()
        }
        if Set(named).count < named.count {
            throw ValidationError("-o/--output, --rejects and --state must be three different files")
        }
    }

    func run() throws {
        let started = ContinuousClock.now
        let destination = try to.map { try DestinationURL(parsing: $0) }
        var defaultFraming = SyslogFraming.none
        if case .syslog = destination { defaultFraming = .rfc5424 }
        let (formatName, plainExporter) = try export.exporter(forFormat: format, defaultFraming: defaultFraming)
        let network = try destination.map { try NetworkDelivery(to: $0, exporter: plainExporter, options: self) }
        let exporter = network?.feed.exporter(wrapping: plainExporter) ?? plainExporter

        let paths = files.map(CommandLineArguments.filePath)
        let outputFile = try output.map { try Self.openForAppending($0, role: "the output") }
        defer { if let outputFile { _ = close(outputFile.rawValue) } }
        let rejectsFile = try rejects.map { try Self.openForAppending($0, role: "--rejects") }
        defer { if let rejectsFile { _ = close(rejectsFile.rawValue) } }
        let outputDescriptor = outputFile ?? .standardOutput
        let outputName = to ?? output ?? "standard output"
        try Self.refuseFollowing(
            paths, into: [(outputDescriptor, outputName)] + (rejectsFile.map { [($0, rejects!)] } ?? []))

        // Appending: the prologue (CSV header) only into an empty output; a document (XML) cannot be continued.
        var probe = exporter
        var epilogue = OutputBuffer()
        probe.writeEpilogue(into: &epilogue)
        let status = try? outputDescriptor.stat()
        let appendsToContent = status.map { $0.type == .regular && $0.size > 0 } ?? false
        if appendsToContent && !epilogue.isEmpty {
            Diagnostics.error(
                "\(outputName) is not empty, and a \(formatName) document cannot be appended to; "
                    + "follow into a new file, or use a line format such as ecs or cef")
            throw KerioSIEMExitCode.usage
        }

        var follower = FileFollower(
            statePath: CommandLineArguments.filePath(state), parser: lines.parser, options: lines.conversionOptions)
        follower.startAtEnd = fromEnd
        follower.rotateWait = .milliseconds(Int64(rotateWait * 1_000))
        follower.writesPrologue = !appendsToContent
        follower.stopDescriptor = GracefulStop.arm()
        let rejectsWriter = rejectsFile.map {
            RejectsWriter(output: AtomicFileOutput(descriptor: $0, name: rejects!))
        }
        let quiet = quiet
        var warningsShown = 0
        var notices = 0
        follower.onUnparsed = { diagnostic, line in
            if !quiet && warningsShown < Convert.unparsedWarningLimit {
                Diagnostics.unparsed(diagnostic, .warning)
                warningsShown += 1
            }
            try rejectsWriter?.append(line)
        }
        follower.onNotice = { notice in
            notices += 1
            guard !quiet else { return }
            if notice.isWarning {
                Diagnostics.warning(notice.description)
            } else {
                Diagnostics.note(notice.description)
            }
        }
        follower.onIdle = { try rejectsWriter?.flush() }
        follower.beforeCheckpoint = {
            try rejectsWriter?.flush()
            // Over the network: the checkpoint may pass only what the output confirmed.
            if let network, !network.waitUntilDelivered() { throw DeliveryFeedError.stopped }
            // Durable before the checkpoint moves past them: a crash then loses no record. (A pipe or terminal
            // has nothing to sync: EINVAL.)
            for (descriptor, name) in [(Optional(outputDescriptor), outputName), (rejectsFile, rejects ?? "")] {
                guard let descriptor, fsync(descriptor.rawValue) != 0, errno != EINVAL, errno != EROFS else { continue }
                throw FileIOError(.write, path: name, errno: Errno(rawValue: errno))
            }
        }

        let report: ConversionReport
        do {
            if let network {
                var sink = network.feed.sink
                report = try follower.follow(paths, with: exporter, to: &sink)
                try network.finish()
            } else {
                var sink = FileDescriptorSink(outputDescriptor, name: outputName)
                report = try follower.follow(paths, with: exporter, to: &sink)
            }
        } catch let error as FollowError {
            Diagnostics.error(error.description)
            if case .corruptState = error { throw KerioSIEMExitCode.dataError }
            throw KerioSIEMExitCode.ioError
        } catch ConversionError.unparsedLine(let diagnostic) {
            Diagnostics.unparsed(diagnostic, .error)
            Diagnostics.error("stopped at the first unparsed line (--strict); the checkpoint stays before it")
            throw KerioSIEMExitCode.failure
        } catch FileIOError.brokenPipe {
            throw KerioSIEMExitCode.brokenPipe
        } catch let error as DeliveryFeedError {
            let undelivered = network?.stop() ?? 0
            Diagnostics.error(
                "\(error); \(undelivered) records undelivered after --drain-timeout; the checkpoint stays before them")
            throw RelayRunner.undelivered
        } catch {
            Diagnostics.error("\(error)")
            throw KerioSIEMExitCode.ioError
        }

        guard !quiet else { return }
        if report.unparsedLines > warningsShown {
            Diagnostics.note("… and \(Formatting.grouped(report.unparsedLines - warningsShown)) more unparsed lines")
        }
        let summary = ConversionSummary(
            report: report, inputCount: files.count, outputName: outputName, formatName: formatName,
            elapsedSeconds: (ContinuousClock.now - started).seconds, rejectsName: rejects, verb: "followed")
        Diagnostics.write(summary.text)
    }

    /// Opens `path` for appending (created `0644` if missing); exits 73 when it cannot be.
    static func openForAppending(_ path: String, role: String) throws -> FileDescriptor {
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY
        let descriptor = CommandLineArguments.filePath(path).withPlatformString { open($0, flags, 0o644) }
        guard descriptor >= 0 else {
            let error = Errno(rawValue: errno)
            Diagnostics.error("cannot open \(role) '\(path)' for appending: \(error)")
            throw KerioSIEMExitCode.cannotCreate
        }
        return FileDescriptor(rawValue: descriptor)
    }

    /// Exits 64 when an output is one of the followed files: it would follow its own records for ever.
    static func refuseFollowing(_ paths: [FilePath], into outputs: [(FileDescriptor, String)]) throws {
        for (descriptor, name) in outputs {
            guard let output = try? descriptor.stat(), output.type == .regular else { continue }
            for path in paths {
                guard let input = try? path.stat(), input.deviceID == output.deviceID, input.inode == output.inode
                else { continue }
                Diagnostics.error("'\(name)' is the followed file '\(path.displayString)'; choose another output")
                throw KerioSIEMExitCode.usage
            }
        }
    }
}
