import Foundation

@testable import KerioSIEM

/// Writes the CEF extension writer and the LEEF attribute writer from ``CEFLEEFFieldTable``: one statement per cell,
/// in the format's order, calling `KeyValuePairWriter` and its rules (`KeyValuePairWriter+Rules.swift`). Cells that
/// share a condition (a syslog envelope, a parse failure, a kind without the rule in its header) share one `if`.
///
/// The output is what `swift format` would leave unchanged, so the generated files pass the style check as they are.
enum CEFLEEFWriterGenerator {
    /// Where each format's generated file lives.
    static func url(of format: CEFLEEFFieldTable.Format) -> URL {
        let path =
            switch format {
            case .cef: "Sources/KerioSIEM/Formats/CEF/CEFExtensionWriter.generated.swift"
            case .leef: "Sources/KerioSIEM/Formats/LEEF/LEEFAttributeWriter.generated.swift"
            }
        return Fixtures.repositoryRoot.appendingPathComponent(path)
    }

    /// A statement and the conditions it sits in, outermost first.
    struct Statement {
        var scopes: [String]
        var lines: [String]
    }

    static func source(of format: CEFLEEFFieldTable.Format, from table: CEFLEEFFieldTable) -> String {
        let cells = table.cells(of: format)
        var statements: [Statement] = []
        for (index, entry) in cells.enumerated() {
            statements.append(statement(entry.row, entry.cell, in: cells, at: index))
        }
        let (type, signature, start) =
            switch format {
            case .cef:
                (
                    "CEFExporter", "func writeExtension(of event: SecurityEvent, into output: inout OutputBuffer) {",
                    "let pairs = KeyValuePairWriter.cefExtension(startingAt: output)"
                )
            case .leef:
                (
                    "LEEFRecordWriter",
                    "func writeAttributes(of event: SecurityEvent, severity: Int, into output: inout OutputBuffer) {",
                    "let pairs = KeyValuePairWriter.leefAttributes(startingAt: output, delimiter: delimiter, escaping: escaping)"
                )
            }
        let name = format == .cef ? "CEF extension" : "LEEF attributes"
        var out = [
            "// Generated from Formats/Shared/CEFLEEFFieldTable.txt by Scripts/generate-field-writers.sh: edit the table and",
            "// run the script, never this file. Straight-line code because a table walked per record cost 3–8 % more",
            "// instructions per line; CEFLEEFFieldTableTests checks that this file is what the table generates.",
            "",
            "extension \(type) {",
            "    /// The \(name) of `event`: every value the table maps, in the table's \(format.rawValue.uppercased()) order.",
            "    " + signature,
            "        " + start,
        ]
        var open: [String] = []
        for statement in statements {
            var common = 0
            while common < open.count, common < statement.scopes.count, open[common] == statement.scopes[common] {
                common += 1
            }
            while open.count > common {
                open.removeLast()
                out.append(indent(2 + open.count) + "}")
            }
            for scope in statement.scopes[common...] {
                out.append(indent(2 + open.count) + scope + " {")
                open.append(scope)
            }
            for line in statement.lines { out.append(contentsOf: wrap(line, indent: 2 + open.count)) }
        }
        while !open.isEmpty {
            open.removeLast()
            out.append(indent(2 + open.count) + "}")
        }
        out.append("    }")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    static func indent(_ level: Int) -> String { String(repeating: "    ", count: level) }

    /// A Swift string literal.
    static func quoted(_ text: String) -> String { "\"" + text + "\"" }

    /// A number as `swift format` groups it (`1_023`).
    static func literal(_ number: Int) -> String {
        var digits = Array(String(number))
        guard digits.count > 3 else { return String(digits) }
        var grouped: [Character] = []
        while digits.count > 3 {
            grouped.insert(contentsOf: ["_"] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        return String(digits + grouped)
    }

    static func limit(_ cell: CEFLEEFFieldTable.Cell) -> String { cell.limit.map(literal) ?? "nil" }

    /// The name of the Bool that remembers whether a cell's pair was written, for the cells that ask.
    static func writtenName(_ row: CEFLEEFFieldTable.Row) -> String { String(row.name.dropFirst()) + "Written" }

    static func statement(
        _ row: CEFLEEFFieldTable.Row, _ cell: CEFLEEFFieldTable.Cell,
        in cells: [(row: CEFLEEFFieldTable.Row, cell: CEFLEEFFieldTable.Cell)], at index: Int
    ) -> Statement {
        let field = row.name
        let key = cell.arguments.first.map(quoted) ?? ""
        var scopes: [String] = []
        if cell.options["if"] == "ruleNotInHeader" {
            scopes.append("if !EventClassCatalog.usesRuleInHeader(event.kind)")
        }
        let code: String
        switch cell.rule {
        case "pair":
            switch row.value {
            case .text:
                var keyExpression = key
                var limitExpression = limit(cell)
                if let other = cell.options["ifTaken"],
                    let taken = cells[..<index].first(where: {
                        $0.cell.rule == "pair" && $0.cell.arguments[0] == cell.arguments[0]
                    })
                {
                    let flag = writtenName(taken.row)
                    keyExpression = "\(flag) ? \(quoted(other)) : \(key)"
                    limitExpression = "\(flag) ? nil : \(limitExpression)"
                }
                let call = "pairs.text(\(keyExpression), \(field), of: event, limit: \(limitExpression), into: &output)"
                let isTaken = cells[(index + 1)...].contains {
                    $0.cell.options["ifTaken"] != nil && $0.cell.arguments[0] == cell.arguments[0]
                }
                code = isTaken ? "let \(writtenName(row)) = \(call)" : call
            case .number:
                code = "pairs.number(\(key), \(field), of: event, into: &output)"
            case .computed(let name):
                let computed = computedPair(name, key: key)
                scopes += computed.scopes
                code = computed.code
            }
        case "labelled":
            let (labelKey, label) = (quoted(cell.arguments[1]), quoted(cell.arguments[2]))
            code = "pairs.labelled(\(key), \(labelKey), \(label), \(field), of: event, into: &output)"
        case "time":
            let other = quoted(cell.arguments[1])
            if let digits = cell.options["digits"].flatMap({ Int($0) }) {
                let below = "1" + String(repeating: "0", count: digits)
                code =
                    "pairs.epochMilliseconds(\(key), else: \(other), below: \(literal(Int(below)!)), width: \(digits), of: event, in: timeZone, into: &output)"
            } else {
                code = "pairs.epochMilliseconds(\(key), else: \(other), of: event, in: timeZone, into: &output)"
            }
        case "address":
            let other = quoted(cell.arguments[1])
            if cell.arguments.count == 5 {
                let (ipv6, ipv6Label, label) = (
                    quoted(cell.arguments[2]), quoted(cell.arguments[3]), quoted(cell.arguments[4])
                )
                code =
                    "pairs.address(\(field), ipv4: \(key), other: \(other), ipv6: \(ipv6), ipv6Label: \(ipv6Label), \(label), of: event, into: &output)"
            } else {
                let call = "pairs.address(\(field), ip: \(key), other: \(other), of: event, into: &output)"
                let asked = cells.contains { $0.cell.rule == "identity" }
                code = asked ? "let \(String(field.dropFirst()))IsIP = \(call)" : call
            }
        case "port":
            code = "pairs.port(\(field), \(key), other: \(quoted(cell.arguments[1])), of: event, into: &output)"
        case "interface":
            let keys = cell.arguments.map(quoted)
            code =
                "pairs.interface(of: event, inbound: \(keys[0]), outbound: \(keys[1]), direction: \(keys[2]), undirected: \(keys[3]), limit: \(limit(cell)), into: &output)"
        case "identity":
            let keys = cell.arguments.map(quoted)
            code =
                "pairs.identity(user: \(keys[0]), address: \(keys[1]), host: \(keys[2]), limit: \(limit(cell)), of: event, sourceIsIP: sourceAddressIsIP, destinationIsIP: destinationAddressIsIP, into: &output)"
        case "original":
            let labels = cell.arguments.count == 3 ? ", \(quoted(cell.arguments[1])), \(quoted(cell.arguments[2]))" : ""
            code =
                "pairs.original(\(key)\(labels), limit: \(limit(cell)), of: event, included: includeOriginal, into: &output)"
        case "host":
            code =
                "pairs.host(\(key), other: \(quoted(cell.arguments[1])), limit: \(limit(cell)), observer: observerHost, of: event, into: &output)"
        default:
            preconditionFailure("CEFLEEFFieldTable.parse admits no rule \(cell.rule)")
        }
        return Statement(scopes: scopes, lines: [code])
    }

    /// `pair KEY` of a computed value: the condition it needs and the call.
    static func computedPair(_ name: String, key: String) -> (scopes: [String], code: String) {
        switch name {
        case "recordSeverity":
            ([], "pairs.number(\(key), Int64(EventSeverityScale.leef(cef: severity)), into: &output)")
        case "action":
            (["if let action = EventClassCatalog.action(of: event)"], "pairs.literal(\(key), action, into: &output)")
        case "outcome":
            (["if event.kind == .authenticationFailure"], "pairs.literal(\(key), \"failure\", into: &output)")
        case "syslogFormat":
            (
                ["if let syslog = event.syslog"],
                "pairs.literal(\(key), syslog.format == .rfc5424 ? \"rfc5424\" : \"rfc3164\", into: &output)"
            )
        case "syslogFacility":
            (
                ["if let syslog = event.syslog", "if let priority = syslog.priority"],
                "pairs.number(\(key), Int64(priority / 8), into: &output)"
            )
        case "syslogSeverity":
            (
                ["if let syslog = event.syslog", "if let priority = syslog.priority"],
                "pairs.number(\(key), Int64(priority % 8), into: &output)"
            )
        case "syslogTime":
            (
                ["if let syslog = event.syslog", "if let time = syslog.timestamp"],
                "pairs.number(\(key), time.epochMilliseconds(in: timeZone), into: &output)"
            )
        case "parseError":
            (
                ["if let failure = event.failure"],
                "pairs.text(\(key), failure.reason.rawValue, limit: nil, into: &output)"
            )
        case "parseErrorDetail":
            (["if let failure = event.failure"], "pairs.text(\(key), failure.message, limit: nil, into: &output)")
        case "category":
            ([], "pairs.literal(\(key), EventClassCatalog.category(of: event.kind), into: &output)")
        default:
            preconditionFailure("CEFLEEFFieldTable.checkValue admits no pair of \(name)")
        }
    }

    /// Breaks a call longer than 120 columns the way `swift format` does: after the opening parenthesis, arguments
    /// filled up to the limit on lines indented one level more, the closing parenthesis after the last argument.
    static func wrap(_ code: String, indent level: Int) -> [String] {
        let prefix = indent(level)
        guard prefix.count + code.count > 120, let open = code.firstIndex(of: "(") else { return [prefix + code] }
        let head = String(code[...open])
        let body = String(code[code.index(after: open)..<code.index(before: code.endIndex)])
        var arguments: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in body {
            if character == "\"" { quoted.toggle() }
            if !quoted {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
            }
            if character == ",", depth == 0, !quoted {
                arguments.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        arguments.append(current.trimmingCharacters(in: .whitespaces))
        var lines = [prefix + head]
        let inner = indent(level + 1)
        var line = inner
        for (index, argument) in arguments.enumerated() {
            let piece = argument + (index == arguments.count - 1 ? ")" : ",")
            if line == inner {
                line += piece
            } else if line.count + 1 + piece.count <= 120 {
                line += " " + piece
            } else {
                lines.append(line)
                line = inner + piece
            }
        }
        lines.append(line)
        return lines
    }
}
