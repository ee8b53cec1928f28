import Foundation

/// Whether the independent consumers the round-trip tests compare against (python3, cefp, jsonschema, xmllint) must
/// be present.
///
/// Locally a missing tool turns its tests off, and Swift Testing lists them as skipped with the reason. CI sets
/// `KERIO_SIEM_REQUIRE_TOOLS=1` (it installs every tool first): then the availability checks answer `true`, the tests
/// run, and a missing tool fails them instead of skipping them unnoticed.
enum ExternalToolPolicy {
    /// `true` when `KERIO_SIEM_REQUIRE_TOOLS` is `1`.
    static let toolsRequired = ProcessInfo.processInfo.environment["KERIO_SIEM_REQUIRE_TOOLS"] == "1"

    /// `available`, unless tools are required, in which case the test must run (and fail if the tool is missing).
    static func runs(_ available: @autoclosure () -> Bool) -> Bool { toolsRequired || available() }
}
