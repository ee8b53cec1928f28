import Foundation

@testable import KerioSIEM

/// `Sources/KerioSIEM/Formats/Shared/CEFLEEFFieldTable.txt`, read and checked: the one mapping of event values to CEF
/// and LEEF keys that ``CEFLEEFWriterGenerator`` turns into the two writers and ``CEFLEEFTableInterpreter`` walks.
///
/// The table's own header documents the grammar; ``parse(_:)`` rejects what does not follow it, naming the line.
struct CEFLEEFFieldTable {
    enum Format: String, CaseIterable, Sendable {
        case cef, leef
    }

    /// What a row maps: an event field, or a value computed from the event (see the table's header).
    enum Value: Equatable {
        case text(TextField)
        case number(NumberField)
        case computed(String)
    }

    /// The values computed from the event that the table may name (without a leading dot).
    static let computedValues: Set<String> = [
        "timestamp", "recordSeverity", "action", "outcome", "original", "syslogFormat", "syslogFacility",
        "syslogSeverity", "syslogTime", "parseError", "parseErrorDetail", "category",
    ]

    /// How many positional arguments (keys and quoted labels) each rule takes.
    static let ruleArguments: [String: Set<Int>] = [
        "pair": [1], "labelled": [3], "time": [2], "address": [2, 5], "port": [2], "interface": [4],
        "identity": [3], "original": [1, 3], "host": [2],
    ]

    /// The options each rule accepts.
    static let ruleOptions: [String: Set<String>] = [
        "pair": ["limit", "if", "ifTaken"], "time": ["digits"], "interface": ["limit"], "identity": ["limit"],
        "original": ["limit"], "host": ["limit"],
    ]

    /// One format's cell of a row.
    struct Cell: Equatable {
        var position: Int
        var rule: String
        /// Keys and labels, in order, without quotes.
        var arguments: [String]
        var options: [String: String]

        /// `limit=N`, if any.
        var limit: Int? { options["limit"].flatMap { Int($0) } }
    }

    struct Row {
        /// The value as written in the table (`.sourceHost`, `timestamp`).
        var name: String
        var value: Value
        var cells: [Format: Cell]
        var line: Int
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "CEFLEEFFieldTable.txt:\(line): \(message)" }
    }

    var rows: [Row]

    /// The table's path in the repository.
    static let url = Fixtures.repositoryRoot.appendingPathComponent(
        "Sources/KerioSIEM/Formats/Shared/CEFLEEFFieldTable.txt")

    /// The checked-in table.
    static func load() throws -> CEFLEEFFieldTable {
        try parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// `format`'s cells in the order the format writes them.
    func cells(of format: Format) -> [(row: Row, cell: Cell)] {
        rows.compactMap { row in row.cells[format].map { (row, $0) } }.sorted { $0.cell.position < $1.cell.position }
    }

    // MARK: - Parsing

    static func parse(_ text: String) throws -> CEFLEEFFieldTable {
        var rows: [Row] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = rawLine.trimmingCharacters(in: .whitespaces)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let columns = content.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard columns.count == 1 + Format.allCases.count else {
                throw ParseError(line: line, message: "expected VALUE | CEF | LEEF, found \(columns.count) columns")
            }
            var row = Row(name: columns[0], value: try value(columns[0], line: line), cells: [:], line: line)
            for (format, column) in zip(Format.allCases, columns.dropFirst()) where column != "-" {
                row.cells[format] = try cell(column, of: row.value, line: line)
            }
            rows.append(row)
        }
        let table = CEFLEEFFieldTable(rows: rows)
        try table.check()
        return table
    }

    static func value(_ name: String, line: Int) throws -> Value {
        if name.hasPrefix(".") {
            let field = String(name.dropFirst())
            if let text = TextField.allCases.first(where: { "\($0.backing)" == field }) { return .text(text) }
            if let number = NumberField.allCases.first(where: { "\($0.backing)" == field }) { return .number(number) }
            throw ParseError(line: line, message: "\(name) is neither a TextField nor a NumberField")
        }
        guard computedValues.contains(name) else {
            throw ParseError(line: line, message: "unknown computed value \(name)")
        }
        return .computed(name)
    }

    /// Splits at spaces outside double quotes; a quoted token keeps its quotes so labels can be told from keys.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == " " && !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static func cell(_ text: String, of value: Value, line: Int) throws -> Cell {
        var words = Self.tokens(text)
        guard words.count >= 2, let position = Int(words.removeFirst()) else {
            throw ParseError(line: line, message: "a cell is `-` or `POSITION RULE ARGUMENTS`: \(text)")
        }
        let rule = words.removeFirst()
        guard let counts = ruleArguments[rule] else { throw ParseError(line: line, message: "unknown rule \(rule)") }
        var cell = Cell(position: position, rule: rule, arguments: [], options: [:])
        for token in words {
            if token.hasPrefix("\"") {
                guard token.count >= 2, token.hasSuffix("\"") else {
                    throw ParseError(line: line, message: "unterminated label \(token)")
                }
                cell.arguments.append(String(token.dropFirst().dropLast()))
            } else if let equals = token.firstIndex(of: "=") {
                let name = String(token[..<equals])
                guard ruleOptions[rule, default: []].contains(name) else {
                    throw ParseError(line: line, message: "rule \(rule) takes no option \(name)")
                }
                cell.options[name] = String(token[token.index(after: equals)...])
            } else {
                guard token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    throw ParseError(line: line, message: "a key is letters and digits: \(token)")
                }
                cell.arguments.append(token)
            }
        }
        guard counts.contains(cell.arguments.count) else {
            throw ParseError(
                line: line, message: "rule \(rule) takes \(counts.sorted()) arguments, not \(cell.arguments.count)")
        }
        for (name, option) in cell.options {
            switch name {
            case "limit", "digits":
                guard let number = Int(option), number > 0 else {
                    throw ParseError(line: line, message: "\(name) must be a positive number")
                }
            case "if":
                guard option == "ruleNotInHeader" else {
                    throw ParseError(line: line, message: "the only condition is if=ruleNotInHeader")
                }
            default: break
            }
        }
        try checkValue(value, for: cell, line: line)
        return cell
    }

    /// Which values each rule can read.
    static func checkValue(_ value: Value, for cell: Cell, line: Int) throws {
        let fits: Bool
        switch (cell.rule, value) {
        case ("pair", .text), ("pair", .number), ("labelled", .text), ("labelled", .number): fits = true
        case ("pair", .computed(let name)): fits = !["timestamp", "original"].contains(name)
        case ("time", .computed("timestamp")), ("original", .computed("original")): fits = true
        case ("address", .text(let field)): fits = field == .sourceAddress || field == .destinationAddress
        case ("port", .number): fits = true
        case ("interface", .text(.interface)), ("identity", .text(.userName)), ("host", .text(.syslogHostname)):
            fits = true
        default: fits = false
        }
        guard fits else { throw ParseError(line: line, message: "rule \(cell.rule) cannot write \(value)") }
        if cell.options["ifTaken"] != nil, case .computed = value {
            throw ParseError(line: line, message: "ifTaken needs an event field")
        }
    }

    /// Checks across rows: positions unique per format, `category` last, `ifTaken` after the cell it yields to,
    /// `identity` after both addresses.
    func check() throws {
        for format in Format.allCases {
            let cells = cells(of: format)
            for (a, b) in zip(cells, cells.dropFirst()) where a.cell.position == b.cell.position {
                throw ParseError(line: b.row.line, message: "\(format) position \(b.cell.position) is taken")
            }
            if let last = cells.last, last.row.name != "category" {
                throw ParseError(line: last.row.line, message: "category must be the last \(format) cell")
            }
            for (index, entry) in cells.enumerated() {
                if entry.cell.options["ifTaken"] != nil {
                    let key = entry.cell.arguments[0]
                    guard cells[..<index].contains(where: { $0.cell.rule == "pair" && $0.cell.arguments[0] == key })
                    else {
                        throw ParseError(
                            line: entry.row.line, message: "ifTaken: no earlier \(format) pair writes \(key)")
                    }
                }
                if entry.cell.rule == "identity" {
                    let addresses = cells[..<index].filter { $0.cell.rule == "address" }.map { $0.row.value }
                    guard addresses.contains(.text(.sourceAddress)), addresses.contains(.text(.destinationAddress))
                    else {
                        throw ParseError(line: entry.row.line, message: "identity must follow both address cells")
                    }
                }
            }
        }
    }
}
