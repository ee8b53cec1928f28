import KerioSIEM
import SystemPackage

/// Messages for the user on standard error, compiler-style so editors and CI annotate them.
///
/// General messages read `kerio-siem: error: …`; messages about a place in a file read `file:line: warning: …`
/// (the form `grep -n`, compilers and editor problem matchers use). Text from the input (failure messages can quote
/// it) is made safe for a terminal: control characters are shown as `\xNN`, bidi overrides and line separators as
/// `\u{202E}`, instead of being sent raw.
///
/// ```swift
/// Diagnostics.error("unknown format 'cfe'")               // kerio-siem: error: unknown format 'cfe'
/// Diagnostics.located("in.log", 3, .warning, "unknown-record: …")   // in.log:3: warning: unknown-record: …
/// ```
enum Diagnostics {
    /// How bad a message is.
    enum Severity: String {
        case error, warning, note
    }

    /// Writes `text` to standard error as is (unbuffered, so it interleaves correctly with the progress bar).
    static func write(_ text: String) {
        var sink = FileDescriptorSink(.standardError, name: "stderr")
        var text = text
        // Nothing sensible can be done when standard error itself fails.
        try? text.withUTF8 { try sink.write($0) }
    }

    /// `kerio-siem: <severity>: <message>`.
    static func report(_ severity: Severity, _ message: String) {
        write("kerio-siem: \(severity.rawValue): \(sanitized(message))\n")
    }

    /// `kerio-siem: error: <message>`.
    static func error(_ message: String) { report(.error, message) }

    /// `kerio-siem: warning: <message>`.
    static func warning(_ message: String) { report(.warning, message) }

    /// `kerio-siem: note: <message>`.
    static func note(_ message: String) { report(.note, message) }

    /// `<file>:<line>: <severity>: <message>`.
    static func located(_ file: String, _ line: Int, _ severity: Severity, _ message: String) {
        write("\(sanitized(file)):\(line): \(severity.rawValue): \(sanitized(message))\n")
    }

    /// An unparsed line: `<file>:<line>: <severity>: <reason>: <message>`.
    static func unparsed(_ diagnostic: ParseDiagnostic, _ severity: Severity) {
        located(diagnostic.source ?? "-", diagnostic.line, severity, diagnostic.failure.description)
    }

    /// `text` with control characters, bidi overrides and line separators escaped (``DisplayText``: `\x1B`,
    /// `\u{202E}`), so a hostile log line or argument cannot drive the terminal, forge extra diagnostic lines or
    /// show a name reversed.
    static func sanitized(_ text: String) -> String { DisplayText.escaping(text) }
}
