/// The syslog header that may precede `CEF:` or `LEEF:` in a record (FORMATS.md §1.1, §2.1).
///
/// Accepted, each followed by exactly one space before `CEF:`/`LEEF:`:
/// - RFC 5424: `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA` (PRI required; `-` for nil
///   values; TIMESTAMP RFC 3339; a UTF-8 BOM may start the message);
/// - RFC 3164: `[<PRI>]Mmm dd hh:mm:ss HOSTNAME[ TAG:]`, where `dd` may be space-padded and the timestamp may also be
///   RFC 3339 (rsyslog's high-precision form).
///
/// Anything else before `CEF:`/`LEEF:` is reported: a consumer that strips "everything before `CEF:`" would otherwise
/// hide an exporter bug, and consumers that require the record to start at `CEF:` would reject it.
enum SyslogPrefix {
    /// Why `prefix` is not a syslog header, or `nil` when it is one (or is empty).
    static func problem(in prefix: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        var bytes = prefix
        if bytes.isEmpty { return nil }
        if bytes.count >= 3, bytes.suffix(3).elementsEqual([0xEF, 0xBB, 0xBF]) { bytes = bytes.dropLast(3) }
        guard bytes.last == UInt8(ascii: " ") else { return "the header must be followed by one space" }
        bytes = bytes.dropLast()
        var cursor = bytes.startIndex
        var hasPriority = false
        if bytes.first == UInt8(ascii: "<") {
            cursor += 1
            let start = cursor
            var value = 0
            while cursor < bytes.endIndex, AddressSyntax.isDigit(bytes[cursor]), cursor - start < 3 {
                value = value * 10 + Int(bytes[cursor] - UInt8(ascii: "0"))
                cursor += 1
            }
            guard cursor > start, cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: ">"), value <= 191 else {
                return "PRI must be '<' and a number 0–191 and '>'"
            }
            cursor += 1
            hasPriority = true
        }
        var tokens = bytes[cursor...].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard let first = tokens.first else { return "the header is empty" }
        if hasPriority, (1...2).contains(first.count), first.allSatisfy(AddressSyntax.isDigit),
            first.first != UInt8(ascii: "0")
        {
            return rfc5424Problem(Array(tokens.dropFirst()))
        }
        // RFC 3164: "Mmm dd hh:mm:ss" is three tokens (four with a space-padded day), or one RFC 3339 token.
        if let month = first.first, month >= UInt8(ascii: "A"), month <= UInt8(ascii: "Z") {
            guard tokens.count >= 3, TimestampSyntax.monthNames.contains(String(decoding: first, as: UTF8.self)) else {
                return "an RFC 3164 header starts with a timestamp 'Mmm dd hh:mm:ss'"
            }
            var day = tokens[1]
            var rest = 2
            if day.isEmpty, tokens.count >= 4 {
                day = tokens[2]
                rest = 3
                guard day.count == 1 else { return "an RFC 3164 day is two digits or a space and one digit" }
            } else {
                guard day.count == 2 else { return "an RFC 3164 day is two digits or a space and one digit" }
            }
            guard day.allSatisfy(AddressSyntax.isDigit), isClock(tokens[rest]) else {
                return "an RFC 3164 header starts with a timestamp 'Mmm dd hh:mm:ss'"
            }
            tokens.removeFirst(rest + 1)
        } else {
            guard TimestampSyntax.isRFC3339(String(decoding: first, as: UTF8.self), utcOnly: false) else {
                return "expected an RFC 3164 timestamp 'Mmm dd hh:mm:ss' (or an RFC 5424 header after '<PRI>')"
            }
            tokens.removeFirst()
        }
        guard let host = tokens.first, !host.isEmpty, isPrintable(host) else {
            return "an RFC 3164 header needs a HOSTNAME after the timestamp"
        }
        tokens.removeFirst()
        if let tag = tokens.first {
            guard tokens.count == 1, tag.count > 1, tag.last == UInt8(ascii: ":"), isPrintable(tag) else {
                return "only a TAG ending in ':' may follow the HOSTNAME of an RFC 3164 header"
            }
        }
        return nil
    }

    private static func rfc5424Problem(_ fields: [Slice<UnsafeBufferPointer<UInt8>>]) -> String? {
        // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID, then STRUCTURED-DATA (which may contain spaces inside quotes).
        guard fields.count >= 6 else { return "an RFC 5424 header has TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD" }
        let timestamp = fields[0]
        if !(timestamp.count == 1 && timestamp.first == UInt8(ascii: "-")),
            !TimestampSyntax.isRFC3339(String(decoding: timestamp, as: UTF8.self), utcOnly: false)
        {
            return "the RFC 5424 TIMESTAMP must be '-' or RFC 3339"
        }
        for (field, (name, limit)) in zip(
            fields[1...4], [("HOSTNAME", 255), ("APP-NAME", 48), ("PROCID", 128), ("MSGID", 32)])
        {
            guard !field.isEmpty, field.count <= limit, isPrintable(field) else {
                return "the RFC 5424 \(name) must be 1–\(limit) printable ASCII characters or '-'"
            }
        }
        // Re-join the structured data: it is the rest of the header.
        guard let sdStart = fields[5].first.map({ _ in fields[5].startIndex }),
            let sdEnd = fields.last?.endIndex
        else { return "the RFC 5424 STRUCTURED-DATA is missing" }
        let base = fields[5].base
        let data = base[sdStart..<sdEnd]
        if data.count == 1 && data.first == UInt8(ascii: "-") { return nil }
        return structuredDataProblem(data)
    }

    /// `[id param="value" …][…]` with `\"`, `\\` and `\]` escapes inside values.
    private static func structuredDataProblem(_ data: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        let problem = "the RFC 5424 STRUCTURED-DATA must be '-' or one or more '[…]' elements"
        var index = data.startIndex
        guard index < data.endIndex else { return problem }
        while index < data.endIndex {
            guard data[index] == UInt8(ascii: "[") else { return problem }
            index += 1
            var inValue = false
            var closed = false
            while index < data.endIndex {
                let byte = data[index]
                index += 1
                if inValue {
                    if byte == UInt8(ascii: "\\") {
                        index += 1
                    } else if byte == UInt8(ascii: "\"") {
                        inValue = false
                    }
                } else if byte == UInt8(ascii: "\"") {
                    inValue = true
                } else if byte == UInt8(ascii: "]") {
                    closed = true
                    break
                }
            }
            guard closed else { return problem }
        }
        return nil
    }

    private static func isClock(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard token.count == 8 else { return false }
        for (offset, byte) in token.enumerated() {
            if offset == 2 || offset == 5 {
                if byte != UInt8(ascii: ":") { return false }
            } else if !AddressSyntax.isDigit(byte) {
                return false
            }
        }
        return true
    }

    private static func isPrintable(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        token.allSatisfy { $0 >= 33 && $0 <= 126 }
    }
}
