import ArgumentParser
import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMCommands

/// The text the commands print: numbers, progress frames, summaries, sanitised diagnostics, the formats table.
struct OutputFormattingTests {
    @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567"), (-1_000, "-1,000")])
    func grouping(value: Int, text: String) {
        #expect(Formatting.grouped(value) == text)
    }

    @Test(arguments: [
        (0, "0 B"), (1_023, "1023 B"), (1_024, "1.0 KiB"), (1_536, "1.5 KiB"),
        (3 << 20, "3.0 MiB"), (5 << 30, "5.0 GiB"),
    ])
    func byteCounts(count: Int, text: String) {
        #expect(Formatting.bytes(count) == text)
    }

    @Test func clocksAndDecimals() {
        #expect(Formatting.clock(seconds: 75) == "1:15")
        #expect(Formatting.clock(seconds: 3_725) == "1:02:05")
        #expect(Formatting.fixed(2.345, 1) == "2.3")
        #expect(Formatting.fixed(0.0425, 3) == "0.043")
        #expect(Formatting.elapsed(seconds: 0.5) == "0.500 s")
        #expect(Formatting.elapsed(seconds: 125) == "2:05")
    }

    @Test func progressFrame() {
        let frame = ProgressReporter.render(bytesRead: 5 << 20, totalBytes: 20 << 20, elapsedSeconds: 1, width: 8)
        #expect(frame == "[==>     ]  25%  5.0 MiB / 20.0 MiB  5.0 MiB/s  ETA 0:03")
        let done = ProgressReporter.render(bytesRead: 20 << 20, totalBytes: 20 << 20, elapsedSeconds: 2, width: 8)
        #expect(done.hasPrefix("[========] 100%"))
    }

    @Test func progressIsOffWithoutATerminalOrASize() {
        #expect(ProgressReporter(totalBytes: nil) == nil)
        #expect(ProgressReporter(totalBytes: 0) == nil)
        #expect(ProgressReporter(totalBytes: 100, enabled: false) == nil)
    }

    @Test func diagnosticsCannotDriveTheTerminal() {
        #expect(Diagnostics.sanitized("plain text") == "plain text")
        // C0 and DEL as \xNN (as invalid bytes are); C1, bidi and separators, which are characters, as \u{…}.
        #expect(Diagnostics.sanitized("a\u{1B}[2Jb\r\nc\u{7F}\u{85}") == "a\\x1B[2Jb\\x0D\\x0Ac\\x7F\\u{85}")
        #expect(
            Diagnostics.sanitized("\u{202E}gol.exe\u{2028}\u{2029}\u{200B}\u{FEFF}")
                == "\\u{202E}gol.exe\\u{2028}\\u{2029}\\u{200B}\\u{FEFF}")
    }

    @Test func summaryListsEveryCount() {
        var report = ConversionReport()
        report.linesRead = 12
        report.blankLines = 2
        report.eventsParsed = 7
        report.unparsedLines = 3
        report.recordsWritten = 10
        report.bytesRead = 2_048
        report.bytesWritten = 1_500
        report.countsByKind[Kind.ips.ordinal] = 5
        report.countsByKind[Kind.engineStartup.ordinal] = 2
        let summary = ConversionSummary(
            report: report, inputCount: 2, outputName: "out.cef", formatName: "cef",
            elapsedSeconds: 2, rejectsName: "rejects.log")

        #expect(
            summary.text == """
                kerio-siem: converted 2 inputs to out.cef (cef) in 2.0 s
                  records  10 written: 7 events, 3 unparsed records
                  events   ips 5, engine_startup 2
                  lines    12 read: 7 parsed, 3 unparsed, 2 blank; 6 lines/s
                  bytes    2.0 KiB in, 1.5 KiB out
                  rejects  3 lines written to rejects.log

                """)
    }

    @Test func formatsTableAndJSON() {
        let formats = ExporterRegistry.testing.formats
        let table = Formats.table(formats)
        let lines = table.split(separator: "\n")
        #expect(lines.count == formats.count + 1)
        #expect(lines.last?.hasPrefix("kinds ") == true)
        #expect(lines.last?.contains("kind-names") == true)
        // Columns line up: every row has DESCRIPTION's column start at the same place.
        let column = lines[0].range(of: "DESCRIPTION")!.lowerBound.utf16Offset(in: lines[0])
        #expect(lines.last!.dropFirst(column).hasPrefix("kind names"))

        let json = Formats.json([KindNameExporter.format])
        #expect(
            json == """
                [
                  {"name": "kinds", "aliases": ["kind-names"], "extension": "txt", "mediaType": "text/plain", \
                "schema": null, "description": "kind names, one per line (tests)"}
                ]

                """)
        #expect(Formats.quoted("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }

    @Test func helpOfEveryCommandHasExamples() {
        let commands: [any ParsableCommand.Type] = [KerioSIEMCommand.self, Convert.self, Formats.self, Validate.self]
        for command in commands {
            #expect(KerioSIEMCommand.helpMessage(for: command).contains("Examples:"))
        }
    }
}
