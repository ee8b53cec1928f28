public import KerioSIEM

/// Validates CEF output strictly, as Elastic Filebeat's `decode_cef` grammar reads it, against `cef.schema.json`
/// (ArcSight "Common Event Format (CEF) Implementation Standard").
///
/// Each line is one record: `[syslog header ]CEF:Version|Vendor|Product|Version|Event Class ID|Name|Severity|[Extension]`.
/// Lines end with LF or CRLF. Checked per record:
/// - UTF-8; no control characters, TAB included (a raw CR would split the record for syslog receivers, and a TAB is
///   whitespace to Filebeat's extension grammar but not to ArcSight's); no blank lines;
/// - `CEF:` present, anything before it a syslog header (``SyslogPrefix``), version digits equal to the schema's;
/// - seven header fields, each closed by an unescaped `|`; in the header only `\\` and `\|` escapes (so `\=` is an
///   error); header values (unescaped) within the schema's limits, Severity of type `severity`;
/// - extension: `key=value` pairs separated by one space, nothing before the first key; keys
///   `[A-Za-z0-9_][A-Za-z0-9_.,\[\]]*`; in values only `\=`, `\\`, `\n`, `\r` escapes; no unescaped `=` in a value (a
///   word before `=` after a space starts the next pair, as in Filebeat); no empty values, no value starting or
///   ending with a space (consumers disagree on whether such spaces belong to the value); no key twice;
/// - keys known to the schema (unless `allowUnknownKeys`), values of their type after unescaping and within their
///   limits, `required` keys present, `labelKey` pairs complete (`cs1` ↔ `cs1Label`); integers without leading
///   zeros (Filebeat reads `spt=010` as octal 8 and rejects `spt=080`), timestamps as ``TimestampSyntax/isCEFTimestamp(_:)``
///   reads them, severities `0`–`10` or a severity word in any letter case.
///
/// Columns in messages count bytes from 1.
///
/// ```swift
/// let validator = try CEFValidator()                       // bundled cef.schema.json
/// let issues = bytes.withUnsafeBufferPointer { validator.validate($0, fileName: "out.cef") }
/// // out.cef:3: error: [cef] extension key 'spt' expects a port number 0–65535, got '70000'
/// ```
public struct CEFValidator: OutputValidator {
    /// The format checked, `cef` unless made for another registry format (``init(format:)``).
    public let formatName: String
    /// Whether valid records are recognised by the byte-level fast path first (always, but in the tests that
    /// compare it with the exact check alone).
    var usesFastPath = true
    /// The schema read (internal: the fast path in `CEFValidator+FastPath.swift` reads it too).
    let schema: CEFSchema
    private static let headerNames = [
        "Device Vendor", "Device Product", "Device Version", "Device Event Class ID",
        "Name", "Severity",
    ]

    /// A validator using the bundled `cef.schema.json`.
    /// - Throws: ``SchemaError`` when the bundled schema is not a valid CEF dialect schema.
    public init() throws(SchemaError) {
        try self.init(schema: SchemaCatalog.bytes(named: SchemaCatalog.cef))
    }

    /// A validator using `schema`, the text of a CEF dialect schema (see `Schemas/README.md`).
    /// - Parameter schemaName: the name used in schema errors.
    /// - Throws: ``SchemaError`` when `schema` is not valid JSON or not the CEF dialect.
    public init(schema: [UInt8], schemaName: String = "cef.schema.json", formatName: String = "cef")
        throws(SchemaError)
    {
        self.schema = try CEFSchema(bytes: schema, name: schemaName)
        self.formatName = formatName
    }

    /// The validator of a registered CEF format: its name tags the issues, its ``ExportFormat/schema`` names the
    /// bundled schema used (`cef.schema.json` when it has none). This is the factory the command line registers.
    /// - Throws: ``SchemaError`` when that schema is not bundled or not a valid CEF dialect schema.
    public init(format: ExportFormat) throws(SchemaError) {
        let name = format.schema ?? SchemaCatalog.cef
        try self.init(schema: SchemaCatalog.bytes(named: name), schemaName: name, formatName: format.name)
    }

    /// Validates a CEF document (one record per LF-terminated line), reporting each problem as found.
    ///
    /// Why a pointer: ``OutputValidator``'s requirement (see there): `read` fills the chunk buffer in place.
    public func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void
    ) throws {
        try IssueList.run(file: fileName, tag: formatName, report: report) { issues in
            var pairs: [KeyValuePair] = []
            var scratch: [UInt8] = []
            var fast = FastState(schema)
            try RecordLines.forEach(reading: read, issues: &issues) { line, number, issues in
                // Almost every record is valid: the byte-level check proves it without a String; only the others
                // go through the exact check below, which finds and words each problem.
                if usesFastPath, isValidRecord(line, &fast) { return }
                check(line, number, &issues, &pairs, &scratch)
            }
        }
    }

    // MARK: - One record

    private func check(
        _ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ issues: inout IssueList,
        _ pairs: inout [KeyValuePair], _ scratch: inout [UInt8]
    ) {
        var line = line
        // CRLF line ends are valid: syslog receivers and Filebeat's line reader drop the CR with the LF.
        if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        guard !line.isEmpty else {
            issues.add(line: number, "blank line (every line must be one CEF record)")
            return
        }
        LineText.checkEncoding(line, number, &issues, allowTab: false, format: "CEF")
        guard let start = LineText.find("CEF:", in: line) else {
            issues.add(
                line: number,
                "no 'CEF:' in the record (each line must be a CEF record, optionally after a "
                    + "syslog header)")
            return
        }
        if let problem = SyslogPrefix.problem(in: line[0..<start]) {
            issues.add(line: number, "the text before 'CEF:' is not a syslog header: \(problem)")
        }
        var index = start + 4
        let count = line.count
        let versionStart = index
        while index < count, AddressSyntax.isDigit(line[index]) { index += 1 }
        guard index > versionStart, index < count, line[index] == UInt8(ascii: "|") else {
            issues.add(line: number, "'CEF:' must be followed by the version number and '|' (e.g. 'CEF:0|')")
            return
        }
        let version = String(decoding: line[versionStart..<index], as: UTF8.self)
        if NumberSyntax.integer(version) != schema.cefVersion {
            issues.add(line: number, "CEF version \(version), but the schema requires CEF:\(schema.cefVersion)")
        }
        index += 1
        for field in 0..<6 {
            guard checkHeaderField(field, line, &index, number, &issues, &scratch) else { return }
        }
        checkExtension(line, from: index, number, &issues, &pairs, &scratch)
    }

    /// Reads header field `field` from `index` through its closing `|`; false when the record ends first.
    private func checkHeaderField(
        _ field: Int, _ line: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ number: Int,
        _ issues: inout IssueList, _ scratch: inout [UInt8]
    ) -> Bool {
        let rule = schema.header[field]
        // Built only when there is something to report: most records have no issue.
        var title: String { "\(Self.headerNames[field]) (\(IssueText.quoted(rule.name)))" }
        scratch.removeAll(keepingCapacity: true)
        let count = line.count
        while index < count {
            let byte = line[index]
            if byte == UInt8(ascii: "|") {
                index += 1
                let value = String(decoding: scratch, as: UTF8.self)
                if value.isEmpty && rule.type != .severity {
                    if rule.required { issues.add(line: number, "header field \(title) is empty but required") }
                } else if var problem = rule.problem(with: value) {
                    if rule.type == .severity && value.contains("=") { problem += " (is a header field missing?)" }
                    issues.add(line: number, "header field \(title) \(problem)")
                }
                return true
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < count else {
                    issues.add(line: number, "header field \(title) ends with a lone backslash at column \(index + 1)")
                    index += 1
                    continue
                }
                let next = line[index + 1]
                if next != UInt8(ascii: "\\") && next != UInt8(ascii: "|") {
                    let hint = next == UInt8(ascii: "=") ? "; '=' needs no escape in the header" : ""
                    issues.add(
                        line: number,
                        "invalid escape '\\\(LineText.character(next))' at column \(index + 1) "
                            + "in header field \(title) (the CEF header allows only \\\\ and \\|\(hint))")
                }
                scratch.append(next)
                index += 2
                continue
            }
            scratch.append(byte)
            index += 1
        }
        issues.add(
            line: number,
            "the CEF header is incomplete: it has \(field + 1) of 7 fields (CEF:Version and six "
                + "more); the record ends before the '|' that closes \(title)")
        return false
    }

    // MARK: - Extension

    private func checkExtension(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, _ number: Int,
        _ issues: inout IssueList, _ pairs: inout [KeyValuePair], _ scratch: inout [UInt8]
    ) {
        pairs.removeAll(keepingCapacity: true)
        let count = line.count
        var index = start
        if index < count, line[index] == UInt8(ascii: " ") {
            issues.add(
                line: number,
                "the extension starts with a space at column \(index + 1) (the first key follows the '|' that "
                    + "closes Severity)")
        }
        while index < count, line[index] == UInt8(ascii: " ") { index += 1 }
        var keyStart: Int? = index < count ? index : nil
        while let currentKey = keyStart {
            keyStart = nil
            // The key: [A-Za-z0-9_][A-Za-z0-9_.,\[\]]* then '='.
            var cursor = currentKey
            guard Self.isKeyStart(line[cursor]) else {
                issues.add(
                    line: number,
                    "expected an extension key at column \(cursor + 1), found "
                        + "\(LineText.describe(line, at: cursor))")
                break
            }
            cursor += 1
            while cursor < count, Self.isKeyByte(line[cursor]) { cursor += 1 }
            guard cursor < count, line[cursor] == UInt8(ascii: "=") else {
                let word = IssueText.quoted(bytes: UnsafeBufferPointer(rebasing: line[currentKey..<cursor]))
                let found = cursor < count ? LineText.describe(line, at: cursor) : "the end of the record"
                issues.add(
                    line: number,
                    "extension key \(word) at column \(currentKey + 1) must be followed by '=', "
                        + "found \(found) (keys are [A-Za-z0-9_][A-Za-z0-9_.,[]]*)")
                break
            }
            let key = String(decoding: line[currentKey..<cursor], as: UTF8.self)
            let valueStart = cursor + 1
            var valueEnd = valueStart
            cursor = valueStart
            var contentEnd = valueStart  // just past the last non-space byte of the value so far
            var endBeforeWord = valueStart  // contentEnd when the current word began
            var wordStart = valueStart
            var wordIsPlain = true  // no escape in the current word, so it could be a key
            var reachedEnd = true
            while cursor < count {
                let byte = line[cursor]
                if byte == UInt8(ascii: "\\") {
                    let next: UInt8? = cursor + 1 < count ? line[cursor + 1] : nil
                    switch next {
                    case UInt8(ascii: "="), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"):
                        break
                    case let next?:
                        issues.add(
                            line: number,
                            "invalid escape '\\\(LineText.character(next))' at column \(cursor + 1) "
                                + "in the value of \(IssueText.quoted(key)) (extension values allow only \\=, \\\\, \\n, \\r)"
                        )
                    case nil:
                        issues.add(line: number, "the value of \(IssueText.quoted(key)) ends with a lone backslash")
                    }
                    cursor = min(cursor + 2, count)
                    contentEnd = cursor
                    wordIsPlain = false
                    continue
                }
                if byte == UInt8(ascii: "=") {
                    // A plain word after a space, followed by '=', is the next key (Filebeat's reading).
                    if wordStart > valueStart, line[wordStart - 1] == UInt8(ascii: " "), wordIsPlain,
                        Self.isKeyStart(line[wordStart])
                    {
                        valueEnd = endBeforeWord
                        keyStart = wordStart
                        reachedEnd = false
                        break
                    }
                    issues.add(
                        line: number,
                        "unescaped '=' at column \(cursor + 1) in the value of "
                            + "\(IssueText.quoted(key)) (write it as \\=)")
                    cursor += 1
                    contentEnd = cursor
                    wordIsPlain = false
                    continue
                }
                if LineText.isRagelSpace(byte) {
                    cursor += 1
                    endBeforeWord = contentEnd
                    wordStart = cursor
                    wordIsPlain = true
                    continue
                }
                if !Self.isKeyByte(byte) { wordIsPlain = false }
                cursor += 1
                contentEnd = cursor
            }
            if reachedEnd {
                valueEnd = contentEnd
                if contentEnd < count, contentEnd > valueStart {
                    issues.add(
                        line: number,
                        "the value of \(IssueText.quoted(key)) ends with a space at column \(contentEnd + 1), "
                            + "the end of the record (values do not end with spaces)")
                }
            } else if let next = keyStart, next - 1 > valueEnd, valueEnd > valueStart {
                issues.add(
                    line: number,
                    "double space before extension key at column \(next + 1): the value of "
                        + "\(IssueText.quoted(key)) ends with a space (pairs are separated by exactly one space)")
            }
            if valueEnd > valueStart, line[valueStart] == UInt8(ascii: " ") {
                issues.add(
                    line: number,
                    "the value of \(IssueText.quoted(key)) starts with a space at column \(valueStart + 1) "
                        + "(values do not start with spaces)")
            }
            pairs.append(
                KeyValuePair(
                    key: key, value: Self.unescape(line, valueStart..<valueEnd, &scratch),
                    column: currentKey + 1))
        }
        schema.extensionKeys.check(pairs, noun: "extension key", line: number, issues: &issues)
    }

    /// The value with `\=`, `\\`, `\n`, `\r` decoded (other escapes, already reported, are kept as written).
    private static func unescape(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ scratch: inout [UInt8])
        -> String
    {
        scratch.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = line[index]
            if byte == UInt8(ascii: "\\"), index + 1 < range.upperBound {
                switch line[index + 1] {
                case UInt8(ascii: "="), UInt8(ascii: "\\"): scratch.append(line[index + 1])
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                default: scratch.append(contentsOf: [byte, line[index + 1]])
                }
                index += 2
            } else {
                scratch.append(byte)
                index += 1
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    static func isKeyStart(_ byte: UInt8) -> Bool {
        AddressSyntax.isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: "_")
    }

    static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[")
            || byte == UInt8(ascii: "]")
    }
}
