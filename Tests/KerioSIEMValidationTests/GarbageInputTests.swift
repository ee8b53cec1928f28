import KerioSIEM
import Testing

@testable import KerioSIEMValidation

/// Validators take any bytes: invalid UTF-8, NUL, huge lines, deep nesting. They must report, never crash or hang.
struct GarbageInputTests {
    enum Format: String, CaseIterable, Sendable {
        case cef, leef, csv, ecs, xml

        func validator() throws -> any OutputValidator {
            switch self {
            case .cef: try CEFValidator(schema: Fixture.bytes("cef.schema.json"))
            case .leef: try LEEFValidator(schema: Fixture.bytes("leef.schema.json"))
            case .csv: try CSVValidator(schema: Fixture.bytes("csv.schema.json"))
            case .ecs: try ECSJSONValidator(schema: Fixture.bytes("ecs-event.schema.json"))
            case .xml: try XMLSchemaValidator(schema: Fixture.bytes("events.xsd"))
            }
        }
    }

    enum Garbage: String, CaseIterable, Sendable {
        case random, nul, invalidUTF8, hugeLine, deepNesting, quotes, backslashes, separators, truncatedValid

        /// Deterministic bytes (a fixed-seed generator), so a failure reproduces.
        func bytes(for format: Format) throws -> [UInt8] {
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func next() -> UInt8 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            switch self {
            case .random: return (0..<200_000).map { _ in next() }
            case .nul: return [UInt8](repeating: 0, count: 10_000) + [0x0A] + [UInt8](repeating: 0, count: 10)
            case .invalidUTF8:
                return (0..<50_000).map { index in [0xC0, 0xFF, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x0A][index % 8] }
            case .hugeLine:
                return Array("CEF:0|LEEF:2.0|{\"a\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1_000_000)
            case .deepNesting:
                return [UInt8](repeating: UInt8(ascii: "["), count: 200_000) + Array("<a>".utf8)
                    + Array(repeating: Array("<a>".utf8), count: 5_000).flatMap { $0 }
            case .quotes:
                return (0..<100_000).map { _ in [UInt8(ascii: "\""), UInt8(ascii: ","), 0x0D, 0x0A][Int(next() % 4)] }
            case .backslashes:
                return Array("CEF:0|a|b|c|d|e|1|k=".utf8)
                    + (0..<100_000).map { _ in [0x5C, 0x3D, 0x20, 0x7C][Int(next() % 4)] }
            case .separators: return (0..<100_000).map { _ in Array("|=\t^ x".utf8)[Int(next() % 6)] }
            case .truncatedValid:
                let name = [
                    "cef": "valid.cef", "leef": "valid.leef", "csv": "valid.csv", "ecs": "valid.ndjson",
                    "xml": "valid.xml",
                ][format.rawValue]!
                let valid = try Fixture.bytes(name)
                return Array(valid.prefix(valid.count / 2 + 3))
            }
        }
    }

    @Test(arguments: Format.allCases, Garbage.allCases)
    func garbageIsReportedNotFatal(_ format: Format, _ garbage: Garbage) throws {
        let validator = try format.validator()
        let bytes = try garbage.bytes(for: format)
        let issues = validate(validator, bytes, fileName: "garbage")
        if garbage != .truncatedValid { #expect(!issues.isEmpty) }  // half a valid file may still be valid
        let lines = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        #expect(issues.allSatisfy { $0.line >= 1 && $0.line <= lines }, "\(issues.prefix(3))")
        #expect(zip(issues, issues.dropFirst()).allSatisfy { $0.line <= $1.line }, "issues are sorted by line")
        #expect(issues.allSatisfy { !$0.message.contains("\n") && !$0.message.contains("\u{1B}") })
    }

    /// A line with thousands of problems is summarised instead of flooding.
    @Test func issuesPerLineAreCapped() throws {
        let validator = try CEFValidator(schema: Fixture.bytes("cef.schema.json"))
        let line = "CEF:0|V|P|1|x|N|3|msg=" + String(repeating: "a\\tb ", count: 1_000)
        let issues = validate(validator, line)
        #expect(issues.count == IssueList.perLineLimit + 1)
        #expect(issues.last?.message == "[cef] more problems on this line are not reported")
    }
}
