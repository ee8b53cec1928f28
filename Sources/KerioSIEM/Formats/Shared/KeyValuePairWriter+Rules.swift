// The rules of `CEFLEEFFieldTable.txt` that take more than one pair or a choice of key: one method per rule, called by
// the generated CEF and LEEF writers. The table's header says what each rule writes; the keys come from the table.
// The small rules are inlined into the writers (`@inline(always)` from Swift 6.3, see `KeyValuePairWriter`); the
// branchy ones (address, port, interface, identity) are left to the optimiser, except `identity`, kept a call as it
// was before the table.

extension KeyValuePairWriter {
    /// `time KEY OTHERKEY`: the record's time in epoch milliseconds under `key`, or under `other` before 1970 (`rt`
    /// takes epoch digits; a signed user-defined key keeps an earlier instant).
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    func epochMilliseconds(
        _ key: StaticString, else other: StaticString, of event: SecurityEvent, in zone: KerioTimeZone,
        into output: inout OutputBuffer
    ) {
        guard let timestamp = event.timestamp else { return }
        let milliseconds = timestamp.epochMilliseconds(in: zone)
        number(milliseconds >= 0 ? key : other, milliseconds, into: &output)
    }

    /// `time KEY OTHERKEY digits=N`: the time with exactly `width` digits under `key` when it is in `0..<below`, else
    /// under `other`. QRadar reads a 13-digit devTime as epoch milliseconds without devTimeFormat.
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    func epochMilliseconds(
        _ key: StaticString, else other: StaticString, below: Int64, width: Int, of event: SecurityEvent,
        in zone: KerioTimeZone, into output: inout OutputBuffer
    ) {
        guard let timestamp = event.timestamp else { return }
        let milliseconds = timestamp.epochMilliseconds(in: zone)
        if (0..<below).contains(milliseconds) {
            begin(key, into: &output)
            output.write(decimal: Int(milliseconds), width: width)
        } else {
            number(other, milliseconds, into: &output)
        }
    }

    /// `labelled KEY LABELKEY "Label"` of a number: `key=<decimal>` and `labelKey=label`, sent together as the CEF
    /// guide requires of custom fields.
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    func labelled(
        _ key: StaticString, _ labelKey: StaticString, _ label: StaticString, _ field: NumberField,
        of event: SecurityEvent, into output: inout OutputBuffer
    ) {
        guard let value = event[field] else { return }
        number(key, value, into: &output)
        literal(labelKey, label, into: &output)
    }

    /// `labelled KEY LABELKEY "Label"` of a text: a custom string (`csN`, at most 4,000 bytes) and, if it was
    /// written, its label.
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    func labelled(
        _ key: StaticString, _ labelKey: StaticString, _ label: StaticString, _ field: TextField,
        of event: SecurityEvent, into output: inout OutputBuffer
    ) {
        if text(key, field, of: event, limit: CEFExporter.customStringLimit, into: &output) {
            literal(labelKey, label, into: &output)
        }
    }

    /// `address IPKEY OTHERKEY`: an IPv4 or IPv6 literal under `ip`, anything else under `other`.
    /// - Returns: whether it was written as an IP address (the `identity` rule asks).
    @discardableResult
    func address(
        _ field: TextField, ip: StaticString, other: StaticString, of event: SecurityEvent,
        into output: inout OutputBuffer
    ) -> Bool {
        event.withBytes(of: field) { bytes in
            if IPLiteral(bytes) == .invalid {
                text(other, bytes, limit: nil, into: &output)
                return false
            }
            return text(ip, bytes, limit: nil, into: &output)
        } ?? false
    }

    /// `address IPKEY OTHERKEY V6KEY V6LABELKEY "Label"`: a dotted quad under `ipv4`, IPv6 under `ipv6` plus its label,
    /// anything else under `other`.
    func address(
        _ field: TextField, ipv4: StaticString, other: StaticString, ipv6: StaticString, ipv6Label: StaticString,
        _ label: StaticString, of event: SecurityEvent, into output: inout OutputBuffer
    ) {
        _ = event.withBytes(of: field) { bytes in
            switch IPLiteral(bytes) {
            case .v4:
                text(ipv4, bytes, limit: nil, into: &output)
            case .v6:
                text(ipv6, bytes, limit: nil, into: &output)
                literal(ipv6Label, label, into: &output)
            case .invalid:
                text(other, bytes, limit: nil, into: &output)
            }
        }
    }

    /// `port KEY OTHERKEY`: `key` when 0–65535, else `other` (a signed long).
    func port(
        _ field: NumberField, _ key: StaticString, other: StaticString, of event: SecurityEvent,
        into output: inout OutputBuffer
    ) {
        guard let port = event[field] else { return }
        number((0...65_535).contains(port) ? key : other, port, into: &output)
    }

    /// `interface INKEY OUTKEY DIRECTIONKEY UNDIRECTEDKEY`: the anti-spoofing interface, inbound for packets `from` it,
    /// outbound for packets `to` it; the direction alone when the interface is missing.
    func interface(
        of event: SecurityEvent, inbound: StaticString, outbound: StaticString, direction: StaticString,
        undirected: StaticString, limit: Int?, into output: inout OutputBuffer
    ) {
        switch event.direction {
        case .from:
            if !text(inbound, .interface, of: event, limit: limit, into: &output) {
                literal(direction, "from", into: &output)
            }
        case .to:
            if !text(outbound, .interface, of: event, limit: limit, into: &output) {
                literal(direction, "to", into: &output)
            }
        case nil:
            text(undirected, .interface, of: event, limit: nil, into: &output)
        }
    }

    /// `identity USERKEY ADDRESSKEY HOSTKEY`: the user, and the identity QRadar may learn from it.
    ///
    /// A failed login's account name is the user. Otherwise the user Kerio associates with a host
    /// (`(host,user:name)`, source first) is the user, and that host's address and DNS name follow: Kerio states the
    /// user is logged in from that host. A failed login never asserts an identity.
    @inline(never)  // inlined into the LEEF writer (its only caller) it cost ≈ 2 % of LEEF's instructions per line
    func identity(
        user: StaticString, address: StaticString, host: StaticString, limit: Int, of event: SecurityEvent,
        sourceIsIP: Bool, destinationIsIP: Bool, into output: inout OutputBuffer
    ) {
        if text(user, .userName, of: event, limit: limit, into: &output) { return }
        let side: (address: TextField, host: TextField, isIP: Bool)
        if text(user, .sourceUser, of: event, limit: limit, into: &output) {
            side = (.sourceAddress, .sourceHost, sourceIsIP)
        } else if text(user, .destinationUser, of: event, limit: limit, into: &output) {
            side = (.destinationAddress, .destinationHost, destinationIsIP)
        } else {
            return
        }
        guard event.kind != .authenticationFailure, side.isIP,
            text(address, side.address, of: event, limit: nil, into: &output)
        else {
            return
        }
        text(host, side.host, of: event, limit: limit, into: &output)
    }

    /// `original KEY`: the original line when the options ask for it, and always for an unparsed record (it has no
    /// other content).
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    func original(
        _ key: StaticString, limit: Int?, of event: SecurityEvent, included: Bool, into output: inout OutputBuffer
    ) {
        guard included || event.kind == .unparsed else { return }
        _ = event.withOriginalBytes { text(key, $0, limit: limit, into: &output) }
    }

    /// `original KEY LABELKEY "Label"`: the same, and its label when it was written.
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    func original(
        _ key: StaticString, _ labelKey: StaticString, _ label: StaticString, limit: Int?, of event: SecurityEvent,
        included: Bool, into output: inout OutputBuffer
    ) {
        guard included || event.kind == .unparsed else { return }
        if event.withOriginalBytes({ text(key, $0, limit: limit, into: &output) }) {
            literal(labelKey, label, into: &output)
        }
    }

    /// `host KEY OTHERKEY`: the observer name from the options under `key`, else the syslog HOSTNAME. When both exist,
    /// the HOSTNAME goes to `other` so that it is not lost.
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    func host(
        _ key: StaticString, other: StaticString, limit: Int?, observer: [UInt8]?, of event: SecurityEvent,
        into output: inout OutputBuffer
    ) {
        if let observer {
            observer.withUnsafeBufferPointer { _ = text(key, $0, limit: limit, into: &output) }
            text(other, .syslogHostname, of: event, limit: nil, into: &output)
        } else {
            text(key, .syslogHostname, of: event, limit: limit, into: &output)
        }
    }
}
