import Foundation
import KerioSIEM
import KerioSIEMValidation
import Testing

/// The test fixtures in `Fixtures/` (small schemas of each dialect and one valid output per format), read from
/// beside this file, so the test target needs no resource bundle.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The bytes of `Fixtures/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The text of `Fixtures/<name>`.
    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }
}

/// Runs `validator` over `bytes`, in one chunk and in 7-byte chunks (so that records and tokens are cut by chunk ends),
/// and checks that both give the same issues.
func validate(_ validator: some OutputValidator, _ bytes: [UInt8], fileName: String = "out") -> [ValidationIssue] {
    let whole = bytes.withUnsafeBufferPointer { validator.validate($0, fileName: fileName) }
    if bytes.count < 1 << 16 {
        let chunked = bytes.withUnsafeBufferPointer { validator.validate($0, fileName: fileName, chunkSize: 7) }
        #expect(chunked == whole, "issues differ when read in 7-byte chunks")
    }
    return whole
}

/// Runs `validator` over the UTF-8 of `text`.
func validate(_ validator: some OutputValidator, _ text: String, fileName: String = "out") -> [ValidationIssue] {
    validate(validator, Array(text.utf8), fileName: fileName)
}

/// One way of breaking a valid fixture: replace the first occurrence of `original` with `replacement`, then expect
/// issues on `line` only, one of which mentions `expected`.
struct Mutation: Sendable, CustomTestStringConvertible {
    var name: String
    var original: String
    var replacement: String
    var line: Int
    var expected: String

    init(_ name: String, _ original: String, _ replacement: String, line: Int, expect expected: String) {
        self.name = name
        self.original = original
        self.replacement = replacement
        self.line = line
        self.expected = expected
    }

    var testDescription: String { name }

    /// `text` with the mutation applied.
    func apply(to text: String) throws -> String {
        let range = try #require(text.range(of: original), "fixture lacks \(original.debugDescription)")
        return text.replacingCharacters(in: range, with: replacement)
    }

    /// Applies the mutation to `fixture`, validates, and checks line and message.
    func check(_ validator: some OutputValidator, fixture: String) throws {
        let mutated = try apply(to: Fixture.text(fixture))
        let issues = validate(validator, mutated, fileName: fixture)
        #expect(!issues.isEmpty, "\(name): no issue")
        #expect(issues.allSatisfy { $0.line == line }, "\(name): expected line \(line), got \(issues)")
        #expect(
            issues.contains { $0.message.contains(expected) }, "\(name): no message with '\(expected)' in \(issues)")
        #expect(issues.allSatisfy { $0.file == fixture && $0.description.hasPrefix("\(fixture):\(line): error: [") })
    }
}
