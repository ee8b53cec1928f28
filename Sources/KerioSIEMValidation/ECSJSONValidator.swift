public import KerioSIEM

/// Validates ECS NDJSON output: each line one strict RFC 8259 JSON object, checked against `ecs-event.schema.json`
/// (the JSON Schema subset of ``JSONSchema``).
///
/// Per line: not blank (only the file's final newline may end it); optionally a syslog header before the object, as
/// `--syslog-framing` writes it (``SyslogPrefix``: RFC 3164, or RFC 5424 with all its fields; the `{` must follow
/// the header's one space); valid JSON per ``JSONParser`` (no trailing commas, NaN, bad escapes or UTF-8, no
/// duplicate keys); an object; every schema assertion, reported with the JSON Pointer of the value at fault.
///
/// A line that starts with `<` and is no syslog header followed by an object is reported as such; any other line
/// that does not start with a header is read as JSON from its first byte.
///
/// ```swift
/// let validator = try ECSJSONValidator()
/// // out.ndjson:3: error: [ecs] /source/port: 70000 is greater than the maximum 65535
/// ```
public struct ECSJSONValidator: OutputValidator {
    /// The format checked, `ecs` unless made for another registry format (``init(format:)``).
    public let formatName: String
    /// Whether valid records are recognised by the byte-level fast path first (always, but in the tests that
    /// compare it with the exact check alone).
    var usesFastPath = true
    private let schema: JSONSchema
    /// ``schema`` compiled for the byte-level fast path.
    let fast: JSONFastSchema

    /// A validator using the bundled `ecs-event.schema.json`.
    /// - Throws: ``SchemaError`` when the bundled schema is not valid JSON or uses keywords outside the subset.
    public init() throws(SchemaError) {
        try self.init(schema: SchemaCatalog.bytes(named: SchemaCatalog.ecs))
    }

    /// A validator using `schema`, the text of a JSON Schema (draft 2020-12, supported subset).
    /// - Throws: ``SchemaError`` when `schema` is not valid JSON or uses keywords outside the subset.
    public init(schema: [UInt8], schemaName: String = "ecs-event.schema.json", formatName: String = "ecs")
        throws(SchemaError)
    {
        let compiled = try JSONSchema(bytes: schema, name: schemaName)
        self.schema = compiled
        fast = JSONFastSchema(compiled)
        self.formatName = formatName
    }

    /// The validator of a registered NDJSON format: its name tags the issues, its ``ExportFormat/schema`` names the
    /// bundled JSON Schema used (`ecs-event.schema.json` when it has none). The factory the command line registers.
    /// - Throws: ``SchemaError`` when that schema is not bundled or outside the supported subset.
    public init(format: ExportFormat) throws(SchemaError) {
        let name = format.schema ?? SchemaCatalog.ecs
        try self.init(schema: SchemaCatalog.bytes(named: name), schemaName: name, formatName: format.name)
    }

    /// Validates an NDJSON document, reporting each problem as found.
    ///
    /// Why a pointer: ``OutputValidator``'s requirement (see there): `read` fills the chunk buffer in place.
    public func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void
    ) throws {
        try IssueList.run(file: fileName, tag: formatName, report: report) { issues in
            var state = fast.makeState()
            // A record of a shape seen before is recognised where it starts, its end found on the way.
            try RecordLines.forEach(
                reading: read, issues: &issues,
                accepting: { rest in
                    guard usesFastPath, rest.first == UInt8(ascii: "{"), let base = rest.baseAddress else { return nil }
                    return fast.shapedRecordLength(base, count: rest.count, &state, endsAtLineFeed: true)
                }
            ) { line, number, issues in
                // Almost every record is valid: the byte-level check proves it without a JSONValue tree or a
                // String; only the others are parsed and checked exactly, which finds and words each problem.
                if usesFastPath, isValidRecord(line, &state) { return }
                check(line, number, &issues)
            }
        }
    }

    /// Whether `line` is a record the exact check passes without an issue, decided by ``JSONFastSchema`` on the
    /// object in place (after its syslog header, if it has one); `false` whenever the exact check must decide.
    func isValidRecord(_ line: UnsafeBufferPointer<UInt8>, _ state: inout JSONFastSchema.State) -> Bool {
        if line.first == UInt8(ascii: "{") { return fast.accepts(line, &state) }
        guard let start = Self.objectStart(afterHeaderIn: line) else { return false }
        return fast.accepts(UnsafeBufferPointer(rebasing: line[start...]), &state)
    }

    private func check(_ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ issues: inout IssueList) {
        // A line of JSON whitespace only (e.g. the CR of a CRLF blank line) is a blank line too.
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else {
            issues.add(
                line: number,
                "blank line (NDJSON is one JSON object per line; only the final newline may "
                    + "end the file)")
            return
        }
        var start = 0
        if let objectStart = Self.objectStart(afterHeaderIn: line) {
            start = objectStart
        } else if line.first == UInt8(ascii: "<") {
            // Not JSON in any case: say what is wrong with the header, then check the object after it, if any.
            guard let brace = line.firstIndex(of: UInt8(ascii: "{")) else {
                issues.add(line: number, "no JSON object after the syslog header (expected '{')")
                return
            }
            let problem =
                SyslogPrefix.problem(in: line[0..<brace]) ?? "the header must be followed by one space and '{'"
            issues.add(line: number, "the text before '{' is not a syslog header: \(problem)")
            start = brace
        }
        let value: JSONValue
        do throws(JSONParser.SyntaxError) {
            value = try JSONParser.parse(UnsafeBufferPointer(rebasing: line[start...]))
        } catch {
            issues.add(line: number, "invalid JSON at column \(start + error.offset + 1): \(error.message)")
            return
        }
        guard case .object = value else {
            issues.add(line: number, "each line must be a JSON object, found \(value.typedBrief)")
            return
        }
        schema.validate(value) { path, message in issues.add(line: number, "\(path): \(message)") }
    }

    /// The most `{` after a space tried as the end of a syslog header (an RFC 5424 STRUCTURED-DATA value may hold
    /// ` {`); bounds the work on a line of junk.
    static let maximumHeaderCandidates = 16

    /// Where the JSON object of `line` starts when a syslog header (``SyslogPrefix``) precedes it: the index of the
    /// `{` after the header's one space (or after a UTF-8 BOM following it); `nil` when the line starts with `{` or
    /// JSON whitespace, or no header ends before a `{`.
    static func objectStart(afterHeaderIn line: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = line.first, first != UInt8(ascii: "{"), first != 0x20, first != 0x09, first != 0x0D
        else { return nil }
        var tried = 0
        var index = 1
        while index < line.count, tried < maximumHeaderCandidates {
            if line[index] == UInt8(ascii: "{"), line[index - 1] == UInt8(ascii: " ") || line[index - 1] == 0xBF {
                tried += 1
                if SyslogPrefix.problem(in: line[0..<index]) == nil { return index }
            }
            index += 1
        }
        return nil
    }
}
