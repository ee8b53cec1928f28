import Foundation

/// Runs the external consumers the round-trip tests compare against: Python's stdlib parsers, `jsonschema`,
/// `xmllint`.
enum ECSExternalTools {
    /// The result of running a tool.
    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs `arguments` through `/usr/bin/env` (so `PATH` finds the tool).
    static func run(_ arguments: [String]) -> Run? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = ECSTestPaths.temporaryFile("stderr")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: err) }
        guard let errHandle = try? FileHandle(forWritingTo: err) else { return nil }
        process.standardOutput = out
        process.standardError = errHandle
        do { try process.run() } catch { return nil }
        // Read before waiting: a full pipe would otherwise block the child forever.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errHandle.close()
        let message = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        return Run(status: process.terminationStatus, stdout: data, stderr: message)
    }

    /// Whether `python3` runs.
    static let hasPython: Bool = ExternalToolPolicy.runs(run(["python3", "-c", "pass"])?.status == 0)
    /// Whether Python's `jsonschema` package imports.
    static let hasJSONSchema: Bool = ExternalToolPolicy.runs(
        hasPython && run(["python3", "-c", "import jsonschema"])?.status == 0)
    /// Whether `xmllint` runs.
    static let hasXMLLint: Bool = ExternalToolPolicy.runs(run(["xmllint", "--version"])?.status == 0)

    /// Runs `ecs_roundtrip.py <mode> <file>` and returns its decoded JSON output, or throws with its stderr.
    static func readBack(_ mode: String, _ file: URL) throws -> Any {
        guard let result = run(["python3", ECSTestPaths.roundTripScript.path, mode, file.path]) else {
            throw ToolError.couldNotRun("python3")
        }
        guard result.status == 0 else { throw ToolError.failed("ecs_roundtrip.py \(mode)", result.stderr) }
        return try JSONSerialization.jsonObject(with: result.stdout, options: [.fragmentsAllowed])
    }

    /// A tool failure with its message.
    enum ToolError: Error, CustomStringConvertible {
        case couldNotRun(String)
        case failed(String, String)

        var description: String {
            switch self {
            case .couldNotRun(let tool): "could not run \(tool)"
            case .failed(let tool, let message): "\(tool) failed: \(message)"
            }
        }
    }
}
