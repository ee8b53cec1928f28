import Testing

@testable import KerioSIEM

/// A slow, independent reading of ``CEFLEEFFieldTable``: it walks the table's cells for every record and writes the
/// pairs with `String` keys, following the rules as the table's header states them. The generated writers must write
/// exactly these bytes; a disagreement means the generator (or a hand-written rule) does not do what the table says.
struct CEFLEEFTableInterpreter {
    let table: CEFLEEFFieldTable
    let format: CEFLEEFFieldTable.Format
    let options: ExportOptions

    /// The pairs of one record, with what the rules need to know about the pairs already written.
    struct Pairs {
        let start: Int
        let separator: UInt8
        let escaping: Escaping
        let trims: Bool
        let doubled: ByteSet
        var keys: Set<String> = []
        /// The address values written under an IP key.
        var ipValues: Set<String> = []

        mutating func begin(_ key: String, into output: inout OutputBuffer) {
            if output.count != start { output.write(separator) }
            output.write(key)
            output.write(UInt8(ascii: "="))
            keys.insert(key)
        }

        mutating func literal(_ key: String, _ value: String, into output: inout OutputBuffer) {
            begin(key, into: &output)
            output.write(value)
        }

        mutating func number(_ key: String, _ value: Int64, into output: inout OutputBuffer) {
            begin(key, into: &output)
            output.write(decimal: value)
        }

        /// The documented value treatment: CEF trims spaces and TABs, a cap counts escaped bytes and ends on a
        /// character, an empty result writes nothing.
        @discardableResult
        mutating func text(_ key: String, _ value: [UInt8], limit: Int?, into output: inout OutputBuffer) -> Bool {
            value.withUnsafeBufferPointer { bytes in
                var range = trims ? ValueBounds.trimmingSpaces(bytes) : 0..<bytes.count
                if let limit {
                    var end = ValueBounds.prefixEnd(bytes, range, limit: limit, doubled: doubled)
                    while trims, end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                    range = range.lowerBound..<end
                }
                guard !range.isEmpty else { return false }
                begin(key, into: &output)
                output.write(UnsafeBufferPointer(rebasing: bytes[range]), escaping: escaping)
                return true
            }
        }
    }

    func bytes(_ field: TextField, of event: SecurityEvent) -> [UInt8]? { event.withBytes(of: field) { Array($0) } }

    /// The pairs `format` writes for `event` (`severity` is the record's CEF severity, which LEEF's `sev` maps).
    func write(_ event: SecurityEvent, severity: Int, into output: inout OutputBuffer) {
        var pairs: Pairs
        switch format {
        case .cef:
            pairs = Pairs(
                start: output.count, separator: 0x20, escaping: .cefExtension, trims: true,
                doubled: ValueBounds.cefExtensionDoubled)
        case .leef:
            let delimiter = options.leefVersion == .v2 ? options.leefDelimiter : 0x09
            pairs = Pairs(
                start: output.count, separator: delimiter, escaping: .leefValue(delimiter: delimiter), trims: false,
                doubled: ValueBounds.leefDoubled)
        }
        for (row, cell) in table.cells(of: format) {
            if cell.options["if"] == "ruleNotInHeader", EventClassCatalog.usesRuleInHeader(event.kind) { continue }
            let keys = cell.arguments
            switch cell.rule {
            case "pair":
                pair(row.value, cell, event, severity, &pairs, &output)
            case "labelled":
                switch row.value {
                case .text(let field):
                    if let value = bytes(field, of: event),
                        pairs.text(keys[0], value, limit: CEFExporter.customStringLimit, into: &output)
                    {
                        pairs.literal(keys[1], keys[2], into: &output)
                    }
                case .number(let field):
                    if let value = event[field] {
                        pairs.number(keys[0], value, into: &output)
                        pairs.literal(keys[1], keys[2], into: &output)
                    }
                case .computed: Issue.record("labelled of a computed value")
                }
            case "time":
                guard let timestamp = event.timestamp else { continue }
                let milliseconds = timestamp.epochMilliseconds(in: options.timeZone)
                if let digits = cell.options["digits"].flatMap({ Int($0) }) {
                    let text = String(milliseconds)
                    if milliseconds >= 0, text.count <= digits {
                        pairs.literal(keys[0], String(repeating: "0", count: digits - text.count) + text, into: &output)
                    } else {
                        pairs.number(keys[1], milliseconds, into: &output)
                    }
                } else {
                    pairs.number(milliseconds >= 0 ? keys[0] : keys[1], milliseconds, into: &output)
                }
            case "address":
                guard case .text(let field) = row.value, let value = bytes(field, of: event) else { continue }
                let kind = value.withUnsafeBufferPointer { IPLiteral($0) }
                if kind == .invalid {
                    pairs.text(keys[1], value, limit: nil, into: &output)
                } else if kind == .v6, keys.count == 5 {
                    if pairs.text(keys[2], value, limit: nil, into: &output) {
                        pairs.literal(keys[3], keys[4], into: &output)
                    }
                } else if pairs.text(keys[0], value, limit: nil, into: &output) {
                    pairs.ipValues.insert(row.name)
                }
            case "port":
                guard case .number(let field) = row.value, let port = event[field] else { continue }
                pairs.number(port >= 0 && port <= 65_535 ? keys[0] : keys[1], port, into: &output)
            case "interface":
                let value = bytes(.interface, of: event) ?? []
                switch event.direction {
                case .from?, .to?:
                    let key = event.direction == .from ? keys[0] : keys[1]
                    if !pairs.text(key, value, limit: cell.limit, into: &output) {
                        pairs.literal(keys[2], event.direction == .from ? "from" : "to", into: &output)
                    }
                case nil:
                    pairs.text(keys[3], value, limit: nil, into: &output)
                }
            case "identity":
                identity(keys, limit: cell.limit, event, &pairs, &output)
            case "original":
                guard options.includeOriginal || event.kind == .unparsed else { continue }
                let line = event.withOriginalBytes { Array($0) }
                if pairs.text(keys[0], line, limit: cell.limit, into: &output), keys.count == 3 {
                    pairs.literal(keys[1], keys[2], into: &output)
                }
            case "host":
                let hostname = bytes(.syslogHostname, of: event) ?? []
                if let observer = options.observerHostName, !observer.isEmpty {
                    pairs.text(keys[0], Array(observer.utf8), limit: cell.limit, into: &output)
                    pairs.text(keys[1], hostname, limit: nil, into: &output)
                } else {
                    pairs.text(keys[0], hostname, limit: cell.limit, into: &output)
                }
            default:
                Issue.record("unknown rule \(cell.rule)")
            }
        }
    }

    func pair(
        _ value: CEFLEEFFieldTable.Value, _ cell: CEFLEEFFieldTable.Cell, _ event: SecurityEvent, _ severity: Int,
        _ pairs: inout Pairs, _ output: inout OutputBuffer
    ) {
        var key = cell.arguments[0]
        var limit = cell.limit
        switch value {
        case .text(let field):
            if let other = cell.options["ifTaken"], pairs.keys.contains(key) {
                key = other
                limit = nil
            }
            if let value = bytes(field, of: event) { pairs.text(key, value, limit: limit, into: &output) }
        case .number(let field):
            if let value = event[field] { pairs.number(key, value, into: &output) }
        case .computed("recordSeverity"):
            pairs.number(key, Int64(max(1, min(10, severity))), into: &output)
        case .computed("action"):
            if let action = EventClassCatalog.action(of: event) { pairs.literal(key, "\(action)", into: &output) }
        case .computed("outcome"):
            if event.kind == .authenticationFailure { pairs.literal(key, "failure", into: &output) }
        case .computed("syslogFormat"):
            if let syslog = event.syslog {
                pairs.literal(key, syslog.format == .rfc5424 ? "rfc5424" : "rfc3164", into: &output)
            }
        case .computed("syslogFacility"):
            if let priority = event.syslog?.priority { pairs.number(key, Int64(priority) / 8, into: &output) }
        case .computed("syslogSeverity"):
            if let priority = event.syslog?.priority { pairs.number(key, Int64(priority) % 8, into: &output) }
        case .computed("syslogTime"):
            if let time = event.syslog?.timestamp {
                pairs.number(key, time.epochMilliseconds(in: options.timeZone), into: &output)
            }
        case .computed("parseError"):
            if let failure = event.failure {
                pairs.text(key, Array(failure.reason.rawValue.utf8), limit: nil, into: &output)
            }
        case .computed("parseErrorDetail"):
            if let failure = event.failure { pairs.text(key, Array(failure.message.utf8), limit: nil, into: &output) }
        case .computed("category"):
            pairs.literal(key, "\(EventClassCatalog.category(of: event.kind))", into: &output)
        case .computed(let name):
            Issue.record("pair of unknown computed value \(name)")
        }
    }

    /// The `identity` rule as the table states it.
    func identity(
        _ keys: [String], limit: Int?, _ event: SecurityEvent, _ pairs: inout Pairs, _ output: inout OutputBuffer
    ) {
        if let user = bytes(.userName, of: event), pairs.text(keys[0], user, limit: limit, into: &output) { return }
        let sides: [(user: TextField, address: TextField, host: TextField)] = [
            (.sourceUser, .sourceAddress, .sourceHost), (.destinationUser, .destinationAddress, .destinationHost),
        ]
        for side in sides {
            guard let user = bytes(side.user, of: event), pairs.text(keys[0], user, limit: limit, into: &output) else {
                continue
            }
            guard event.kind != .authenticationFailure, pairs.ipValues.contains(".\(side.address.backing)"),
                let address = bytes(side.address, of: event), pairs.text(keys[1], address, limit: nil, into: &output)
            else {
                return
            }
            if let host = bytes(side.host, of: event) { pairs.text(keys[2], host, limit: limit, into: &output) }
            return
        }
    }
}
