import KerioSIEM

/// Builds a ``SecurityEvent`` from fuzzer bytes.
///
/// Two shapes, chosen by the first byte:
/// - **parser-shaped**: only what the parser can produce for the kind (the kind's fields always present, the optional
///   ones at random, addresses as IP literals, numbers in the parser's ranges, typed events always timed, a failure
///   exactly on unparsed events). Text values are arbitrary bytes, as in a hostile log line. Exporters must write these
///   so that the format's validator finds nothing.
/// - **hand-built**: any field on any kind, any number; what a third-party source might build. Exporters must not
///   crash and must still write valid UTF-8, one line per record where the format is line-based.
enum EventRecipe {
    /// The text fields the parser always sets for a kind, those it may set, and the numbers it may set.
    static func fields(of kind: Kind) -> (required: [TextField], optional: [TextField], numbers: [NumberField]) {
        switch kind {
        case .ips:
            return (
                [.severity, .ruleID, .transport, .sourceAddress, .destinationAddress],
                [.ruleName, .sourceHost, .sourceUser, .destinationHost, .destinationUser],
                [.sourcePort, .destinationPort]
            )
        case .antiSpoofing:
            return (
                [.interface, .transport, .sourceAddress, .destinationAddress], [.tcpFlags],
                [
                    .sourcePort, .destinationPort, .tcpSequence, .tcpAcknowledgement, .tcpWindow,
                    .tcpPayloadLength, .udpPayloadLength, .icmpType, .icmpCode, .icmpID, .icmpSequence, .ipTTL,
                ]
            )
        case .ftpBounceAttack: return ([.sourceAddress, .destinationAddress, .ftpCommand], [], [])
        case .ftpMaliciousReply: return ([.sourceAddress, .destinationAddress, .ftpResponse], [], [])
        case .authenticationFailure: return ([.authService, .sourceAddress, .authReason], [.userName], [])
        case .ipsRulesUpdate: return ([.rulesVersion], [], [])
        case .antivirusUpdate: return ([.antivirusEngine], [], [])
        default: return ([], [], [])
        }
    }

    /// The numbers the parser always sets for a kind.
    static func requiredNumbers(of kind: Kind) -> [NumberField] {
        switch kind {
        case .antiSpoofing: [.packetLength]
        case .antivirusUpdate: [.signatureCount]
        default: []
        }
    }

    /// The range the parser accepts for a number.
    static func range(of field: NumberField) -> ClosedRange<Int64> {
        switch field {
        case .sourcePort, .destinationPort, .icmpID, .icmpSequence: 0...65_535
        case .icmpType, .icmpCode, .ipTTL: 0...255
        case .signatureCount: 0...999_999_999_999_999_999
        case .processID: 0...Int64(Int32.max)
        default: 0...Int64(UInt32.max)
        }
    }

    /// Builds the event; `parserShaped` tells which of the two shapes it has.
    static func make(_ recipe: inout Recipe) -> (event: SecurityEvent, parserShaped: Bool) {
        let parserShaped = recipe.byte() & 0x80 == 0
        let kind = Kind.allCases[Int(recipe.byte()) % Kind.allCases.count]

        // The original line: any bytes. Parsing them is the only public way to give an event arbitrary original
        // bytes; everything the parse set is overwritten below.
        var event = SecurityEvent(kind: .unparsed)
        SecurityLogParser().parse(Span(_unsafeElements: recipe.slice()), into: &event)
        event.kind = kind
        event.failure = nil
        event.ipsAction = nil
        event.direction = nil
        event.syslog = nil
        for field in TextField.allCases { event[field] = nil }
        for field in NumberField.allCases { event[field] = nil }

        event.timestamp = kind != .unparsed || recipe.flag() ? recipe.timestamp() : nil
        if recipe.flag() {
            let format: SyslogEnvelope.Format = recipe.flag() ? .rfc5424 : .rfc3164
            let priority = Int(recipe.byte()) % 192
            event.syslog = SyslogEnvelope(
                format: format, priority: recipe.flag() ? priority : nil,
                timestamp: recipe.flag() ? recipe.timestamp() : nil)
            if recipe.flag() { event.setBytes(.syslogHostname, recipe.slice()) }
            if recipe.flag() { event.setBytes(.syslogAppName, recipe.slice()) }
            if recipe.flag() { event.setBytes(.syslogProcID, recipe.slice()) }
            if recipe.flag() { event.setBytes(.syslogMessageID, recipe.slice()) }
        }
        if kind == .unparsed {
            let reasons = ParseFailure.Reason.allCases
            event.failure = ParseFailure(reasons[Int(recipe.byte()) % reasons.count], recipe.text())
        }

        if parserShaped {
            if kind == .ips { event.ipsAction = recipe.flag() ? .packetDrop : .alert }
            if kind == .antiSpoofing { event.direction = recipe.flag() ? .from : .to }
            if kind != .unparsed { event.setBytes(.message, recipe.slice()) }
            let (required, optional, numbers) = fields(of: kind)
            for field in required { setText(field, &event, &recipe) }
            for field in optional where recipe.flag() { setText(field, &event, &recipe) }
            for field in numbers where recipe.flag() { event[field] = recipe.number(in: range(of: field)) }
            for field in requiredNumbers(of: kind) { event[field] = recipe.number(in: range(of: field)) }
        } else {
            if recipe.flag() { event.ipsAction = recipe.flag() ? .packetDrop : .alert }
            if recipe.flag() { event.direction = recipe.flag() ? .from : .to }
            let textMask = recipe.number(bytes: 3)
            for field in TextField.allCases where textMask & (1 << UInt64(field.rawValue)) != 0 {
                event.setBytes(field, recipe.slice())
            }
            let numberMask = recipe.number(bytes: 2)
            for field in NumberField.allCases where numberMask & (1 << UInt64(field.rawValue)) != 0 {
                event[field] = Int64(bitPattern: recipe.number(bytes: 8))
            }
        }
        return (event, parserShaped)
    }

    /// Sets a text field the way the parser would: addresses as IP literals, rule ids as `gid:sid`, anything else as
    /// arbitrary bytes.
    private static func setText(_ field: TextField, _ event: inout SecurityEvent, _ recipe: inout Recipe) {
        switch field {
        case .sourceAddress, .destinationAddress:
            event[field] = recipe.address()
        case .ruleID:
            event[field] = "\(recipe.number(in: 0...Int64(UInt32.max))):\(recipe.number(in: 0...Int64(UInt32.max)))"
        default:
            event.setBytes(field, recipe.slice())
        }
    }
}
