/// Input lines for the command tests.
///
/// The parser is written elsewhere and may or may not recognise a given record, so tests that need a line to be
/// *unparsed* use lines no parser can accept; tests that need a *parsed* line assert only what holds either way.
enum Samples {
    /// Lines that can never be security-log records: no timestamp, invalid UTF-8, NUL, escape sequences.
    static let garbageLines: [[UInt8]] = [
        Array("garbage ".utf8) + [0xFF],
        Array("no timestamp here".utf8),
        [0x00, 0x01] + Array("binary".utf8) + [0xC3, 0x28],
        Array("\u{1B}[31mred\u{1B}[0m and a tab\there".utf8),
    ]

    /// The garbage lines, each ended by LF.
    static var garbage: [UInt8] { garbageLines.flatMap { $0 + [0x0A] } }

    /// A Kerio line that is a valid record (parsed once the parser exists).
    static let engineStartup = "[17/Jun/2013 12:11:33] Engine: Startup"
}
