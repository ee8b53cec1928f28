import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMCommands

/// `kerio-siem validate`, run in process with a stand-in format and validator registered like a third party's, so the
/// command is tested apart from the schemas.
struct ValidateCommandTests {
    /// Reports every line containing `BAD`, reading in whatever chunks it is given.
    struct LineValidator: OutputValidator {
        let formatName: String
        func validate(
            fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
            report: (ValidationIssue) -> Void
        ) throws {
            var text: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 3)
            while case let count = try chunk.withUnsafeMutableBytes(read), count > 0 { text += chunk[..<count] }
            for (index, line) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            where String(decoding: line, as: UTF8.self).contains("BAD") {
                report(ValidationIssue(file: fileName, line: index + 1, message: "bad line"))
            }
        }
    }

    /// The test registry with the stand-in `kinds` format validated by ``LineValidator``.
    static let registry: ExporterRegistry = {
        var registry = ExporterRegistry.standard.withStandardValidators()
        try! registry.register(ValidatedKinds.self, validator: { LineValidator(formatName: $0.name) })
        return registry
    }()

    /// A copy of the `kinds` test format under another name, registered with its validator.
    struct ValidatedKinds: EventExporter {
        static let format = ExportFormat(
            name: "vkinds", fileExtension: "txt", mediaType: "text/plain",
            summary: "kind names, validated (tests)")
        var inner: KindNameExporter
        init(options: ExportOptions) throws(ExportError) { inner = try KindNameExporter(options: options) }
        mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
            inner.write(event, into: &output)
        }
    }

    private func validate(_ arguments: [String]) -> Int32 {
        runInProcess(["validate"] + arguments, registry: Self.registry)
    }

    @Test func cleanFilesExit0() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write("a.txt", "good\n")
        let second = try directory.write("b.txt", "")
        #expect(validate(["-f", "vkinds", first, second]) == 0)
    }

    @Test func anyErrorExits1() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("good.txt", "good\n")
        let bad = try directory.write("bad.txt", "good\nBAD\n")
        #expect(validate(["--format", "vkinds", good, bad]) == 1)
        #expect(validate(["--format", "vkinds", "--max-issues", "1", bad]) == 1)
    }

    @Test func aMissingFileExits66BeforeAnythingIsValidated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = try directory.write("bad.txt", "BAD\n")
        #expect(validate(["-f", "vkinds", bad, directory.path("missing.txt")]) == 66)
        #expect(validate(["-f", "vkinds", directory.url.path]) == 66)
    }

    @Test func formatsWithoutAValidatorExit64() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("a.txt", "good\n")
        #expect(validate(["-f", "kinds", file]) == 64)  // registered without a validator
        #expect(validate(["-f", "no-such-format", file]) == 64)
        #expect(validate(["-f", "vkinds"]) == 64)
        #expect(validate(["-f", "vkinds", "-", "-"]) == 64)
        #expect(validate(["-f", "vkinds", "--max-issues", "-1", file]) == 64)
    }

    /// The built-in formats validate through the same registry `convert` uses.
    @Test func builtInFormatsValidateThroughTheRegistry() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("good.cef", "CEF:0|Kerio Technologies|Kerio Control|9.4|ips|IPS|5|\n")
        let notXML = try directory.write("a.cef.xml", "CEF:0|Kerio Technologies|Kerio Control|9.4|ips|IPS|5|\n")
        #expect(validate(["-f", "xml", notXML]) == 1)
        _ = good
    }

    /// The LF count of the summary line is exact at every length and alignment, LF runs longer than a block
    /// included (each word's byte sums are added up per block of at most 255 words).
    @Test func newlineCountIsExact() {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var samples: [[UInt8]] = [[], [0x0A], Array(repeating: 0x0A, count: 5000), Array(repeating: 0x0B, count: 3000)]
        for length in [1, 7, 8, 9, 15, 16, 17, 100, 2039, 2040, 2041, 2047, 4096, 10_000] {
            samples.append((0..<length).map { _ in [0x0A, 0x0B, 0x09, 0x8A, 0x00, 0xFF, 0x41][Int(next() % 7)] })
        }
        for sample in samples {
            for offset in 0..<min(8, sample.count + 1) {
                let expected = sample[offset...].filter { $0 == 0x0A }.count
                let counted = sample.withUnsafeBytes {
                    Validate.newlines(in: UnsafeRawBufferPointer(rebasing: $0[offset...]))
                }
                #expect(counted == expected, "length \(sample.count), offset \(offset)")
            }
        }
    }
}
