import Foundation
import Testing

/// The Debian programs the real-peer tests start, and whether the tests must run without them.
///
/// Locally a missing program turns the suite off, and Swift Testing lists it as skipped with the reason. CI sets
/// `KERIO_SIEM_REQUIRE_TOOLS=1` after installing them (`.ci/run`): then the suite runs, and a missing program fails
/// its tests (``require(_:)``) instead of skipping them unnoticed.
enum PeerTools {
    /// `true` when `KERIO_SIEM_REQUIRE_TOOLS` is `1`.
    static let required = ProcessInfo.processInfo.environment["KERIO_SIEM_REQUIRE_TOOLS"] == "1"

    /// The programs, by name, with their Debian packages (for the messages).
    static let programs: [(name: String, package: String)] = [
        ("syslog-ng", "syslog-ng-core"), ("logger", "bsdutils"), ("openssl", "openssl"), ("unshare", "util-linux"),
    ]

    /// The absolute path of `name` on PATH (and the sbin directories, where syslog-ng lives), or nil.
    static func path(_ name: String) -> String? {
        let searched =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return searched.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `unshare -u` gives logger a UTS namespace of its own, so that the Kerio box's HOSTNAME differs from the
    /// relay's; it needs root (CAP_SYS_ADMIN), as CI has.
    static let canSetHostname: Bool = {
        guard let unshare = path("unshare") else { return false }
        return (try? PeerProcess.runToEnd(unshare, ["-u", "true"], timeout: .seconds(5)).status) == 0
    }()

    /// What is missing, as a sentence part, or nil when everything is there.
    static let missing: String? = {
        var absent = programs.filter { path($0.name) == nil }.map { "\($0.name) (Debian \($0.package))" }
        if absent.isEmpty && !canSetHostname { absent.append("`unshare -u` (needs root)") }
        if PeerBinary.path == nil { absent.append("the kerio-siem binary (swift build --product kerio-siem)") }
        return absent.isEmpty ? nil : absent.joined(separator: ", ")
    }()

    /// Whether the suite runs: everything is there, or CI requires it to (and it then fails on what is missing).
    static let runs = required || missing == nil

    /// Why the suite is skipped (for `.enabled(if:_:)`).
    static let skipReason: Comment = "real peers missing: \(missing ?? "none"); set KERIO_SIEM_REQUIRE_TOOLS=1 to fail"

    /// The path of `name`; records a failure naming its package when it is missing.
    static func require(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let package = programs.first { $0.name == name }?.package ?? name
        return try #require(path(name), "\(name) is missing: install Debian \(package)", sourceLocation: sourceLocation)
    }
}

/// The built `kerio-siem` executable, found as the command tests find it: beside the running test bundle (`swift
/// test` builds every product into the same directory), falling back to `.build/debug/kerio-siem`.
enum PeerBinary {
    /// The executable's path, or nil when it has not been built.
    static let path: String? = {
        let besideBundle = [
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            CommandLine.arguments.first,
        ].compactMap { $0 }
        var candidates = besideBundle.map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("kerio-siem").path
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug/kerio-siem").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The path; records a failure when the binary is not built.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            path, "kerio-siem is not built; run `swift build --product kerio-siem`", sourceLocation: sourceLocation)
    }
}
