import Foundation
import Testing

/// gzip-compressed inputs (issue 10, §3 row 11): recognised by their magic bytes, from files and standard input,
/// inflated with zlib; corrupt or truncated archives are exit 74 with every line before the damage converted.
/// The archives are made by the real `gzip`, not by our own code.
@Suite("gzip input")
struct GzipInputTests {
    /// 3,000 records, each at its own second, so the archive does not shrink to nothing.
    static let lines = (0..<3_000).map { second in
        let time = [second / 3_600 + 10, second / 60 % 60, second % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }
        return "[29/Feb/2024 \(time.joined(separator: ":"))] Engine: \(second % 2 == 0 ? "Startup" : "Shutdown")\n"
    }.joined()

    /// A directory with `plain.log` and `plain.log.gz` (made by gzip), and the CEF of the plain file.
    static func fixture() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        _ = try directory.write("plain.log", lines)
        let made = try CommandLineDefectTests.shell("gzip -k plain.log", in: directory)
        try #require(made.status == 0, "gzip: \(made.stderr)")
        let plain = try CommandLineDefectTests.shell(#""$1" -f cef -q plain.log"#, in: directory)
        return (directory, plain.stdout)
    }

    @Test(
        "A .gz file, a gzip stream on standard input, a renamed archive and concatenated members",
        arguments: [
            #""$1" -f cef -q plain.log.gz"#,
            #""$1" -f cef -q < plain.log.gz"#,
            #"cat plain.log.gz | "$1" -f cef -q -"#,
            #"cp plain.log.gz rotated.1 && "$1" -f cef -q rotated.1"#,
            // Two members, the second holding nothing: one stream for gzip -d, and for us.
            #"(cat plain.log.gz; printf '' | gzip) > two.gz && "$1" -f cef -q two.gz"#,
            // The magic number split across two reads of a pipe.
            #"(printf '\037'; sleep 0.2; tail -c +2 plain.log.gz) | "$1" -f cef -q"#,
        ])
    func decompresses(_ script: String) throws {
        let (directory, expected) = try Self.fixture()
        defer { directory.remove() }
        let result = try CommandLineDefectTests.shell(script, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected)
    }

    @Test func membersOfTwoFilesFollowEachOther() throws {
        let (directory, expected) = try Self.fixture()
        defer { directory.remove() }
        let result = try CommandLineDefectTests.shell(
            #"cat plain.log.gz plain.log.gz > double.gz && "$1" -f cef double.gz"#,
            in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == expected + expected)
        #expect(result.stderr.contains("6,000 read: 6,000 parsed"), "\(result.stderr)")
    }

    @Test("A truncated archive: every complete line before the cut is converted, then exit 74")
    func truncated() throws {
        let (directory, expected) = try Self.fixture()
        defer { directory.remove() }
        let result = try CommandLineDefectTests.shell(
            #"head -c $(( $(wc -c < plain.log.gz) / 2 )) plain.log.gz > cut.gz && "$1" -f cef -q cut.gz"#, in: directory
        )
        #expect(result.status == 74)
        #expect(result.stderr.contains("cannot read 'cut.gz': gzip data ends early: the archive is truncated"))
        let records = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(records.count > 1 && expected.hasPrefix(records.dropLast().joined(separator: "\n") + "\n"))
    }

    @Test("A corrupt archive is exit 74 and leaves no -o file", arguments: ["flip", "trailing"])
    func corrupt(_ damage: String) throws {
        let (directory, _) = try Self.fixture()
        defer { directory.remove() }
        let make =
            damage == "flip"
            ? #"python3 -c "import sys; d=bytearray(open('plain.log.gz','rb').read()); d[len(d)//2]^=0xFF; open('bad.gz','wb').write(d)""#
            : #"(cat plain.log.gz; printf 'junk') > bad.gz"#
        let result = try CommandLineDefectTests.shell(make + #" && "$1" -f cef -o out.cef bad.gz"#, in: directory)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("cannot read 'bad.gz': gzip data"), "\(result.stderr)")
        #expect(directory.read("out.cef") == nil)
        #expect(directory.contents().allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test("Plain input that merely starts with 0x1F is not taken for gzip")
    func plainWithUnitSeparator() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("odd.log", [0x1F] + Array("x\n".utf8) + Array(Self.lines.utf8.prefix(38)))
        let result = try CommandLineDefectTests.shell(#""$1" -f cef odd.log"#, in: directory)
        #expect(result.status == 0)
        #expect(result.stderr.contains("2 read: 1 parsed, 1 unparsed"), "\(result.stderr)")
    }
}
