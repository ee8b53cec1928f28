import ArgumentParser
import KerioSIEM

@testable import KerioSIEMCommands

/// Runs the command line inside the test process, as `kerio-siem` would, and returns the exit status.
///
/// Parsing and running happen with `registry` as ``ExporterRegistry/current`` (the test format `kinds` is in the
/// default one). Standard error still receives the command's messages.
func runInProcess(_ arguments: [String], registry: ExporterRegistry = .testing) -> Int32 {
    ExporterRegistry.$current.withValue(registry) {
        do {
            var command = try KerioSIEMCommand.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            return KerioSIEMCommand.exitCode(for: error).rawValue
        }
    }
}
