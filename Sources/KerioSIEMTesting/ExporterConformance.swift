public import KerioSIEM

/// The conformance kit every exporter must pass: our five built-ins run it, and so should a third party's.
///
/// It writes embedded sample events (every record kind, parsed from real Kerio lines) and hostile events (every text
/// value full of separators, quotes, markup, control characters, invalid UTF-8 and 10 kB runs) and checks that:
/// - the format's names are valid registry tokens and the exporter registers;
/// - output is deterministic (two fresh exporters, same bytes);
/// - output is always valid UTF-8;
/// - an empty conversion (prologue + epilogue) works;
/// - for line-oriented formats, every record ends with LF and no value can add, remove or split a line: a hostile
///   event produces exactly as many lines as a benign event of the same kind;
/// - no NUL byte is ever written;
/// - when the format has a validator (``validator``), the whole output passes it with no issue.
///
/// ```swift
/// @Test func conforms() throws {
///     try ExporterConformance(MyExporter.self, validator: MyValidator()).run()
/// }
/// ```
public struct ExporterConformance<Exporter: EventExporter> {
    /// Options the exporter is created with.
    public var options: ExportOptions
    /// Whether each record is one LF-terminated line (true for CEF, LEEF, NDJSON and most line formats). Set to
    /// `false` for formats whose records may legitimately span lines (e.g. XML documents).
    public var recordsAreLines: Bool
    /// The format's own validator (the one it registers, see ``ExporterRegistry/makeValidator(named:)``); when set,
    /// the output of the samples and the hostile events must pass it.
    public var validator: (any OutputValidator)?

    /// Creates the kit for `exporter`.
    public init(
        _ exporter: Exporter.Type, options: ExportOptions = ExportOptions(), recordsAreLines: Bool = true,
        validator: (any OutputValidator)? = nil
    ) {
        self.options = options
        self.recordsAreLines = recordsAreLines
        self.validator = validator
    }

    /// Runs every check.
    /// - Throws: ``ConformanceFailure`` listing every violation found.
    public func run() throws {
        var problems: [String] = []
        let format = Exporter.format
        if !format.allNames.allSatisfy(Self.isToken) {
            problems.append("format names \(format.allNames) are not lowercase tokens")
        }
        if format.fileExtension.isEmpty { problems.append("empty file extension") }
        if format.mediaType.isEmpty || !format.mediaType.contains("/") {
            problems.append("media type '\(format.mediaType)' is not type/subtype")
        }
        do { _ = try ExporterRegistry([Exporter.self]) } catch { problems.append("cannot be registered: \(error)") }

        let events = ConformanceEvents.samples() + ConformanceEvents.hostile()
        do {
            let first = try render(events)
            let second = try render(events)
            if first != second { problems.append("output is not deterministic") }
            if !Self.isValidUTF8(first) { problems.append("output is not valid UTF-8") }
            if first.contains(0) { problems.append("output contains a NUL byte") }
            let empty = try render([])
            if !Self.isValidUTF8(empty) { problems.append("empty document is not valid UTF-8") }
            if recordsAreLines {
                problems += try checkLines(events)
            }
            if let validator {
                let issues = first.withUnsafeBufferPointer { validator.validate($0, fileName: "conformance") }
                problems += issues.prefix(20).map { "its validator reports \($0)" }
                if issues.count > 20 { problems.append("… and \(issues.count - 20) more validator issues") }
            }
        } catch {
            problems.append("the exporter rejects its default options: \(error)")
        }
        if !problems.isEmpty { throw ConformanceFailure(format: format.name, problems: problems) }
    }

    private func render(_ events: [SecurityEvent]) throws -> [UInt8] {
        var exporter = try Exporter(options: options)
        var output = OutputBuffer()
        exporter.writePrologue(into: &output)
        for event in events { exporter.write(event, into: &output) }
        exporter.writeEpilogue(into: &output)
        return output.bytes
    }

    private func record(_ event: SecurityEvent, with exporter: inout Exporter) -> [UInt8] {
        var output = OutputBuffer()
        exporter.write(event, into: &output)
        return output.bytes
    }

    private func checkLines(_ events: [SecurityEvent]) throws -> [String] {
        var problems: [String] = []
        var exporter = try Exporter(options: options)
        var prologue = OutputBuffer()
        exporter.writePrologue(into: &prologue)
        for kind in Kind.allCases {
            let benign = record(ConformanceEvents.benign(kind), with: &exporter)
            let hostile = record(ConformanceEvents.hostile(kind), with: &exporter)
            let benignLines = benign.filter { $0 == 0x0A }.count
            let hostileLines = hostile.filter { $0 == 0x0A }.count
            if benign.last != 0x0A { problems.append("\(kind) record does not end with LF") }
            if hostileLines != benignLines {
                problems.append("a hostile \(kind) record spans \(hostileLines) lines, a benign one \(benignLines)")
            }
            if hostile.contains(0x0D) { problems.append("a hostile \(kind) record contains a raw CR") }
        }
        return problems
    }

    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F
            }
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

/// What failed in a conformance run.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// The format's name.
    public var format: String
    /// Every violation, one sentence each.
    public var problems: [String]

    /// One line per problem.
    public var description: String {
        "exporter '\(format)' fails conformance:\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}
