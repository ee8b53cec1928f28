import Foundation
import KerioSIEM
import KerioSIEMValidation
import Testing

@testable import KerioSIEMCommands

/// `kerio-siem validate`, run in process with a stand-in validator, so the command is tested apart from the schemas.
struct ValidateCommandTests {
    /// Reports every line containing `BAD`.
    struct LineValidator: OutputValidator {
        let formatName = "kinds"
        func validate(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String) -> [ValidationIssue] {
            String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated().compactMap { index, line in
                    line.contains("BAD") ? ValidationIssue(file: fileName, line: index + 1, message: "bad line") : nil
                }
        }
    }

    private func validate(_ arguments: [String]) -> Int32 {
        Validate.$lookup.withValue({ name in
            guard name == "kinds" else { throw ValidatorLookupError.noValidator(name, known: ["kinds"]) }
            return LineValidator()
        }) {
            runInProcess(["validate"] + arguments)
        }
    }

    @Test func cleanFilesExit0() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("a.txt", "good\n")
        let second = try directory.write("b.txt", "")
        #expect(validate(["-f", "kinds", first, second]) == 0)
    }

    @Test func anyErrorExits1() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("good.txt", "good\n")
        let bad = try directory.write("bad.txt", "good\nBAD\n")
        #expect(validate(["--format", "kinds", good, bad]) == 1)
    }

    @Test func aMissingFileExits66BeforeAnythingIsValidated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = try directory.write("bad.txt", "BAD\n")
        #expect(validate(["-f", "kinds", bad, directory.path("missing.txt")]) == 66)
        #expect(validate(["-f", "kinds", directory.url.path]) == 66)
    }

    @Test func formatsWithoutAValidatorExit64() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("a.txt", "good\n")
        #expect(validate(["-f", "cef", file]) == 64)
        #expect(validate(["-f", "no-such-format", file]) == 64)
        #expect(validate(["-f", "kinds"]) == 64)
        #expect(validate(["-f", "kinds", "-", "-"]) == 64)
    }
}
