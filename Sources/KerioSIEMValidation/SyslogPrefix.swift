/// The syslog header that may precede `CEF:` or `LEEF:` in a record (ArcSight CEF Implementation Standard, "CEF
/// Header"; IBM QRadar LEEF guide, "LEEF event components"; RFC 5424 §6; RFC 3164 §4.1).
///
/// Accepted, each followed by exactly one space before `CEF:`/`LEEF:`:
/// - RFC 5424 (§6): `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA`, where PRI is 0–191, VERSION is
///   `1` (the only one defined), TIMESTAMP is `-` or RFC 3339 with upper-case `T`/`Z`, at most six fraction digits
///   and no leap second (§6.2.3), HOSTNAME, APP-NAME, PROCID and MSGID are `-` or 1–255, 1–48, 1–128 and 1–32
///   printable US-ASCII characters (§6), and STRUCTURED-DATA is `-` or `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]…`
///   with names of 1–32 printable characters other than `=`, space, `]` and `"`, elements not separated by spaces,
///   and `"`, `\` and `]` escaped with `\` inside values (§6.3); a UTF-8 BOM may start the message (§6.4);
/// - for LEEF only, the short form IBM documents, `<PRI>1 TIMESTAMP HOSTNAME` (QRadar's LEEF guide:
///   `<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:2.0|…`);
/// - RFC 3164 (§4.1.2): `[<PRI>]Mmm dd hh:mm:ss HOSTNAME[ TAG:]`, where `dd` may be space-padded and the timestamp
///   may also be an RFC 5424 TIMESTAMP (rsyslog's high-precision form).
///
/// Anything else before `CEF:`/`LEEF:` is reported: a consumer that strips "everything before `CEF:`" would otherwise
/// hide an exporter bug, and consumers that require the record to start at `CEF:` would reject it.
///
/// ```swift
/// SyslogPrefix.problem(in: prefix)                          // nil for "<34>1 2003-10-11T22:14:15.003Z host su - ID47 - "
/// SyslogPrefix.problem(in: prefix, allowsShortRFC5424: true) // nil for "<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 "
/// ```
enum SyslogPrefix {
    /// The RFC 5424 header fields after TIMESTAMP and their length limits (RFC 5424 §6).
    private static let rfc5424Fields: [(name: String, limit: Int)] = [
        ("HOSTNAME", 255), ("APP-NAME", 48), ("PROCID", 128), ("MSGID", 32),
    ]
    /// The longest SD-ID or PARAM-NAME (RFC 5424 §6.3.2, §6.3.3).
    private static let maximumSDNameLength = 32

    /// Why `prefix` is not a syslog header, or `nil` when it is one (or is empty).
    /// - Parameter allowsShortRFC5424: accept `<PRI>1 TIMESTAMP HOSTNAME`, the form IBM documents for LEEF.
    static func problem(in prefix: Slice<UnsafeBufferPointer<UInt8>>, allowsShortRFC5424: Bool = false) -> String? {
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
        if hasPriority, (1...3).contains(first.count), first.allSatisfy(AddressSyntax.isDigit),
            first.first != UInt8(ascii: "0")
        {
            guard first.count == 1, first.first == UInt8(ascii: "1") else {
                return "the RFC 5424 VERSION must be 1 (the only version defined), got "
                    + IssueText.quoted(bytes: UnsafeBufferPointer(rebasing: first))
            }
            return rfc5424Problem(bytes[first.endIndex...], allowsShortForm: allowsShortRFC5424)
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
            guard TimestampSyntax.isSyslogTimestamp(String(decoding: first, as: UTF8.self)) else {
                return "expected an RFC 3164 timestamp 'Mmm dd hh:mm:ss' or an RFC 5424 TIMESTAMP (RFC 3339, at most "
                    + "6 fraction digits), or an RFC 5424 header after '<PRI>'"
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

    /// `SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA`, what follows VERSION.
    private static func rfc5424Problem(_ rest: Slice<UnsafeBufferPointer<UInt8>>, allowsShortForm: Bool) -> String? {
        var cursor = rest.startIndex
        /// The next space-delimited token, after the space that precedes it.
        func token() -> Slice<UnsafeBufferPointer<UInt8>>? {
            guard cursor < rest.endIndex, rest[cursor] == UInt8(ascii: " ") else { return nil }
            cursor += 1
            let start = cursor
            while cursor < rest.endIndex, rest[cursor] != UInt8(ascii: " ") { cursor += 1 }
            return rest[start..<cursor]
        }
        guard let timestamp = token() else { return "an RFC 5424 header has a TIMESTAMP after VERSION" }
        if !isNil(timestamp), !TimestampSyntax.isSyslogTimestamp(String(decoding: timestamp, as: UTF8.self)) {
            return "the RFC 5424 TIMESTAMP must be '-' or RFC 3339 with upper-case 'T' and 'Z', at most 6 fraction "
                + "digits and no leap second, got \(IssueText.quoted(bytes: UnsafeBufferPointer(rebasing: timestamp)))"
        }
        for (position, (name, limit)) in rfc5424Fields.enumerated() {
            guard let field = token() else {
                return "an RFC 5424 header has TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA; it ends "
                    + "before \(name)"
            }
            guard !field.isEmpty, field.count <= limit, isPrintable(field) else {
                return "the RFC 5424 \(name) must be '-' or 1–\(limit) printable US-ASCII characters, got "
                    + (field.isEmpty
                        ? "nothing"
                        : "\(field.count) bytes starting \(LineText.describe(field.base, at: field.startIndex))")
            }
            if position == 0, allowsShortForm, cursor == rest.endIndex { return nil }
        }
        guard cursor < rest.endIndex, rest[cursor] == UInt8(ascii: " "), cursor + 1 < rest.endIndex else {
            return "an RFC 5424 header ends with STRUCTURED-DATA ('-' or '[…]' elements) after MSGID"
        }
        return structuredDataProblem(rest[(cursor + 1)...])
    }

    /// STRUCTURED-DATA (RFC 5424 §6.3): `-`, or one or more `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]` elements.
    private static func structuredDataProblem(_ data: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        if isNil(data) { return nil }
        var index = data.startIndex
        func sdName(_ what: String) -> String? {
            let start = index
            while index < data.endIndex, isPrintable(data[index]), data[index] != UInt8(ascii: "="),
                data[index] != UInt8(ascii: "]"), data[index] != UInt8(ascii: "\"")
            {
                index += 1
            }
            let length = index - start
            if length == 0 {
                let found = index < data.endIndex ? LineText.describe(data.base, at: index) : "the end of the header"
                return "the RFC 5424 STRUCTURED-DATA has an empty \(what) (found \(found))"
            }
            if length > maximumSDNameLength {
                return "the RFC 5424 STRUCTURED-DATA \(what) is \(length) characters long, more than "
                    + "\(maximumSDNameLength)"
            }
            return nil
        }
        while index < data.endIndex {
            guard data[index] == UInt8(ascii: "[") else {
                return "the RFC 5424 STRUCTURED-DATA must be '-' or '[…]' elements written one after the other, "
                    + "found \(LineText.describe(data.base, at: index))"
            }
            index += 1
            if let problem = sdName("SD-ID") { return problem }
            while true {
                guard index < data.endIndex else { return "an RFC 5424 STRUCTURED-DATA element is not closed by ']'" }
                if data[index] == UInt8(ascii: "]") {
                    index += 1
                    break
                }
                guard data[index] == UInt8(ascii: " ") else {
                    return "in the RFC 5424 STRUCTURED-DATA, \(LineText.describe(data.base, at: index)) where a "
                        + "space and a parameter, or ']', must follow"
                }
                index += 1
                if let problem = sdName("PARAM-NAME") { return problem }
                guard index + 1 < data.endIndex, data[index] == UInt8(ascii: "="),
                    data[index + 1] == UInt8(ascii: "\"")
                else { return "an RFC 5424 STRUCTURED-DATA PARAM-NAME must be followed by '=\"'" }
                index += 2
                var closed = false
                while index < data.endIndex {
                    let byte = data[index]
                    index += 1
                    if byte == UInt8(ascii: "\\") {
                        // §6.3.3: only \", \\ and \] are escapes; a backslash before anything else is itself.
                        if index < data.endIndex {
                            let next = data[index]
                            if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "]") {
                                index += 1
                            }
                        }
                    } else if byte == UInt8(ascii: "\"") {
                        closed = true
                        break
                    } else if byte == UInt8(ascii: "]") {
                        return "an RFC 5424 STRUCTURED-DATA PARAM-VALUE holds an unescaped ']' (write \\])"
                    }
                }
                guard closed else { return "an RFC 5424 STRUCTURED-DATA PARAM-VALUE has no closing '\"'" }
            }
        }
        return nil
    }

    /// Whether `token` is the NILVALUE `-`.
    private static func isNil(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        token.count == 1 && token.first == UInt8(ascii: "-")
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

    /// PRINTUSASCII (RFC 5424 §6): `%d33-126`.
    private static func isPrintable(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        token.allSatisfy(isPrintable)
    }

    private static func isPrintable(_ byte: UInt8) -> Bool { byte >= 33 && byte <= 126 }
}
