public import KerioSIEM

/// Validates LEEF 1.0 and 2.0 output against `leef.schema.json` (IBM QRadar "Log Event Extended Format (LEEF)"
/// guide, versions 1.0 and 2.0).
///
/// Each line is one record: `[syslog header ]LEEF:1.0|Vendor|Product|Version|EventID|attrs` with TAB between
/// attributes, or `LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|attrs` with the declared delimiter. Checked per
/// record:
/// - UTF-8, no control characters but TAB, no blank lines; `LEEF:` present, anything before it a syslog header
///   (``SyslogPrefix``; the short RFC 5424 form `<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 ` IBM documents included);
/// - the version is one the schema lists (and `1.0` for the `leef1` validator);
/// - every header field, the last included, ends with `|`; header fields hold no TAB (LEEF has no escapes, so a TAB
///   there means the closing `|` is missing) and meet the schema's limits;
/// - LEEF 2.0 delimiter: one character, or `x`/`0x` and 1–4 hex digits (`x09`, `0x5E`); not `=`, not alphanumeric,
///   not a control character other than TAB;
/// - attributes: no empty attribute, each `key=value` split at the first `=`, keys alphanumeric words, each key once,
///   values non-empty; `devTime` is epoch seconds or milliseconds (10 or 13 digits) unless `devTimeFormat` is given;
///   keys known to the schema (unless `allowUnknownKeys`), values of their type, `required` keys present.
///
/// ```swift
/// let validator = try LEEFValidator()                     // bundled leef.schema.json, LEEF 1.0 or 2.0
/// let v1only = try LEEFValidator(requiredVersion: "1.0")  // what `leef1` uses
/// ```
public struct LEEFValidator: OutputValidator {
    /// `leef`, or `leef1` when only LEEF 1.0 is accepted, unless made for another format (``init(format:requiredVersion:)``).
    public let formatName: String
    /// Whether valid records are recognised by the byte-level fast path first (always, but in the tests that
    /// compare it with the exact check alone).
    var usesFastPath = true
    /// The schema read (internal: the fast path in `LEEFValidator+FastPath.swift` reads it too).
    let schema: LEEFSchema
    /// The only LEEF version accepted, if any.
    let requiredVersion: String?
    private static let headerNames = ["Vendor", "Product", "Version", "EventID"]
    /// Whether the fast path may accept LEEF 1.0 and LEEF 2.0 records: the version is one the schema lists and the
    /// one required, if any (decided once, not per record).
    let fastVersions: (version1: Bool, version2: Bool)

    /// A validator using the bundled `leef.schema.json`.
    /// - Parameter requiredVersion: `"1.0"` or `"2.0"` to accept only that LEEF version; `nil` for any the schema lists.
    /// - Throws: ``SchemaError`` when the bundled schema is not a valid LEEF dialect schema.
    public init(requiredVersion: String? = nil) throws(SchemaError) {
        try self.init(schema: SchemaCatalog.bytes(named: SchemaCatalog.leef), requiredVersion: requiredVersion)
    }

    /// A validator using `schema`, the text of a LEEF dialect schema (see `Schemas/README.md`).
    /// - Throws: ``SchemaError`` when `schema` is not valid JSON or not the LEEF dialect.
    public init(
        schema: [UInt8], schemaName: String = "leef.schema.json", requiredVersion: String? = nil,
        formatName: String? = nil
    ) throws(SchemaError) {
        self.schema = try LEEFSchema(bytes: schema, name: schemaName)
        if let requiredVersion, !LEEFSchema.knownVersions.contains(requiredVersion) {
            throw SchemaError(
                schema: schemaName, message: "LEEF version \(IssueText.quoted(requiredVersion)) is unknown")
        }
        self.requiredVersion = requiredVersion
        let schemaVersions = self.schema.versions
        func accepts(_ version: String) -> Bool {
            schemaVersions.contains(version) && (requiredVersion.map { $0 == version } ?? true)
        }
        fastVersions = (version1: accepts("1.0"), version2: accepts("2.0"))
        self.formatName = formatName ?? (requiredVersion == "1.0" ? "leef1" : "leef")
    }

    /// The validator of a registered LEEF format: its name tags the issues, its ``ExportFormat/schema`` names the
    /// bundled schema used (`leef.schema.json` when it has none). This is the factory the command line registers.
    /// - Parameter requiredVersion: `"1.0"` or `"2.0"` to accept only that LEEF version (`leef1` uses `"1.0"`).
    /// - Throws: ``SchemaError`` when that schema is not bundled or not a valid LEEF dialect schema.
    public init(format: ExportFormat, requiredVersion: String? = nil) throws(SchemaError) {
        let name = format.schema ?? SchemaCatalog.leef
        try self.init(
            schema: SchemaCatalog.bytes(named: name), schemaName: name, requiredVersion: requiredVersion,
            formatName: format.name)
    }

    /// Validates a LEEF document (one record per LF-terminated line), reporting each problem as found.
    ///
    /// Why a pointer: ``OutputValidator``'s requirement (see there): `read` fills the chunk buffer in place.
    public func validate(
        fileName: String, reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        report: (ValidationIssue) -> Void
    ) throws {
        try IssueList.run(file: fileName, tag: formatName, report: report) { issues in
            var pairs: [KeyValuePair] = []
            var fast = FastState(schema)
            try RecordLines.forEach(reading: read, issues: &issues) { line, number, issues in
                // Almost every record is valid: the byte-level check proves it without a String; only the others
                // go through the exact check below, which finds and words each problem.
                if usesFastPath, isValidRecord(line, &fast) { return }
                check(line, number, &issues, &pairs)
            }
        }
    }

    // MARK: - One record

    private func check(
        _ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ issues: inout IssueList,
        _ pairs: inout [KeyValuePair]
    ) {
        guard !line.isEmpty else {
            issues.add(line: number, "blank line (every line must be one LEEF record)")
            return
        }
        LineText.checkEncoding(line, number, &issues, allowTab: true, format: "LEEF")
        guard let start = LineText.find("LEEF:", in: line) else {
            issues.add(
                line: number,
                "no 'LEEF:' in the record (each line must be a LEEF record, optionally after a "
                    + "syslog header)")
            return
        }
        if let problem = SyslogPrefix.problem(in: line[0..<start], allowsShortRFC5424: true) {
            issues.add(line: number, "the text before 'LEEF:' is not a syslog header: \(problem)")
        }
        var index = start + 5
        guard let version = field(line, &index) else {
            issues.add(line: number, "'LEEF:' must be followed by the version and '|' (e.g. 'LEEF:2.0|')")
            return
        }
        if !schema.versions.contains(version) {
            issues.add(
                line: number,
                "LEEF version \(IssueText.quoted(version)) is not one the schema allows "
                    + "(\(schema.versions.joined(separator: ", ")))")
        } else if let requiredVersion, version != requiredVersion {
            issues.add(line: number, "expected LEEF:\(requiredVersion), found LEEF:\(version)")
        }
        guard LEEFSchema.knownVersions.contains(version) else { return }
        for (position, rule) in schema.header.enumerated() {
            var title: String { "\(Self.headerNames[position]) (\(IssueText.quoted(rule.name)))" }
            guard let value = field(line, &index) else {
                issues.add(
                    line: number,
                    "the LEEF header is incomplete: the record ends before the '|' that closes "
                        + "\(title) (every header field, the last included, ends with '|')")
                return
            }
            if value.utf8.contains(0x09) {
                issues.add(
                    line: number,
                    "header field \(title) contains a TAB: header fields cannot hold TAB, CR or "
                        + "LF (is the '|' that ends the header missing?)")
            } else if value.isEmpty {
                if rule.required { issues.add(line: number, "header field \(title) is empty but required") }
            } else if let problem = rule.problem(with: value) {
                issues.add(line: number, "header field \(title) \(problem)")
            }
        }
        var delimiter: [UInt8] = [0x09]
        if version == "2.0" {
            guard let spec = field(line, &index) else {
                issues.add(
                    line: number,
                    "the LEEF 2.0 header is incomplete: the record ends before the '|' that closes "
                        + "the delimiter field")
                return
            }
            switch Self.delimiter(spec) {
            case .success(let bytes): delimiter = bytes
            case .failure(let problem):
                issues.add(line: number, "bad LEEF 2.0 delimiter \(IssueText.quoted(spec)): \(problem)")
                return
            }
        }
        checkAttributes(line, from: index, delimiter: delimiter, number, &issues, &pairs)
    }

    /// The text from `index` to the next `|` (moving past it), or `nil` when the record ends first.
    private func field(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> String? {
        let start = index
        while index < line.count, line[index] != UInt8(ascii: "|") { index += 1 }
        guard index < line.count else { return nil }
        defer { index += 1 }
        return String(decoding: line[start..<index], as: UTF8.self)
    }

    /// The delimiter declared by a LEEF 2.0 header, as UTF-8 bytes.
    static func delimiter(_ spec: String) -> Result<[UInt8], DelimiterProblem> {
        let scalars = Array(spec.unicodeScalars)
        let scalar: Unicode.Scalar
        let hexDigits: Substring?
        if spec.count > 2, spec.hasPrefix("0x") || spec.hasPrefix("0X") {
            hexDigits = spec.dropFirst(2)
        } else if spec.count > 1, spec.hasPrefix("x") || spec.hasPrefix("X") {
            hexDigits = spec.dropFirst()
        } else {
            hexDigits = nil
        }
        if let hexDigits {
            guard (1...4).contains(hexDigits.count), hexDigits.utf8.allSatisfy(AddressSyntax.isHexDigit),
                let value = UInt32(hexDigits, radix: 16), let decoded = Unicode.Scalar(value)
            else {
                return .failure(DelimiterProblem("it is neither one character nor x/0x followed by 1–4 hex digits"))
            }
            scalar = decoded
        } else {
            guard scalars.count == 1 else {
                return .failure(
                    DelimiterProblem(
                        spec.isEmpty
                            ? "the delimiter field is empty"
                            : "it is neither one character nor x/0x followed by 1–4 hex digits"))
            }
            scalar = scalars[0]
        }
        if scalar == "=" { return .failure(DelimiterProblem("'=' separates keys from values")) }
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            return .failure(DelimiterProblem("an alphanumeric delimiter would split keys and values"))
        }
        if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
            return .failure(DelimiterProblem("control characters other than TAB cannot delimit attributes"))
        }
        return .success(Array(String(scalar).utf8))
    }

    /// Why a LEEF 2.0 delimiter field is unusable.
    struct DelimiterProblem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - Attributes

    private func checkAttributes(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: [UInt8],
        _ number: Int, _ issues: inout IssueList, _ pairs: inout [KeyValuePair]
    ) {
        pairs.removeAll(keepingCapacity: true)
        let count = line.count
        var index = start
        var hasDevTimeFormat = false
        var expectsAttribute = false  // true after a delimiter: something must follow it
        while index < count || expectsAttribute {
            // One attribute: up to the next delimiter or the end of the record.
            let attributeStart = index
            var attributeEnd = count
            var next = count
            var cursor = index
            while cursor <= count - delimiter.count {
                if line[cursor] == delimiter[0],
                    delimiter.count == 1 || line[cursor..<cursor + delimiter.count].elementsEqual(delimiter)
                {
                    attributeEnd = cursor
                    next = cursor + delimiter.count
                    break
                }
                cursor += 1
            }
            index = next
            expectsAttribute = next < count || attributeEnd < count
            let column = attributeStart + 1
            guard attributeEnd > attributeStart else {
                issues.add(
                    line: number,
                    "empty attribute at column \(column) (two delimiters in a row, or one at the "
                        + "end of the record)")
                continue
            }
            let attribute = line[attributeStart..<attributeEnd]
            guard let equals = attribute.firstIndex(of: UInt8(ascii: "=")) else {
                issues.add(
                    line: number,
                    "attribute \(IssueText.quoted(bytes: UnsafeBufferPointer(rebasing: attribute))) "
                        + "at column \(column) has no '=' (attributes are key=value)")
                continue
            }
            let keyBytes = line[attributeStart..<equals]
            guard !keyBytes.isEmpty, keyBytes.allSatisfy(Self.isKeyByte) else {
                issues.add(
                    line: number,
                    "attribute key \(IssueText.quoted(bytes: UnsafeBufferPointer(rebasing: keyBytes))) "
                        + "at column \(column) is not an alphanumeric word")
                continue
            }
            let key = String(decoding: keyBytes, as: UTF8.self)
            if key == "devTimeFormat" { hasDevTimeFormat = true }
            pairs.append(
                KeyValuePair(
                    key: key, value: String(decoding: line[(equals + 1)..<attributeEnd], as: UTF8.self),
                    column: column))
        }
        var judged: Set<String> = []
        if !hasDevTimeFormat, let devTime = pairs.first(where: { $0.key == "devTime" }), !devTime.value.isEmpty {
            let digits = devTime.value.utf8.allSatisfy(AddressSyntax.isDigit)
            let length = devTime.value.utf8.count
            if !digits || (length != 10 && length != 13) {
                issues.add(
                    line: number,
                    "attribute 'devTime' must be epoch seconds (10 digits) or milliseconds "
                        + "(13 digits) unless devTimeFormat is given, got \(IssueText.quoted(devTime.value))")
                judged.insert("devTime")
            }
        } else if hasDevTimeFormat {
            judged.insert("devTime")  // written in the declared format, which the schema type cannot describe
        }
        schema.attributes.check(pairs, noun: "attribute", line: number, issues: &issues, skipTypeCheck: judged)
    }

    static func isKeyByte(_ byte: UInt8) -> Bool {
        AddressSyntax.isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
}
