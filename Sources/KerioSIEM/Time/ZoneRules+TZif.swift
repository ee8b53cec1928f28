// MARK: - TZif (RFC 8536)

extension ZoneRules {
    /// Parses a TZif file of version 1 to 4.
    ///
    /// Version 2+ files carry the data twice; only the 64-bit second block and the footer are read. Leap-second
    /// records are skipped: offsets are all this reader needs, and the `right/` zones' leap correction (under half a
    /// minute) is not an offset. Abbreviations are checked but not kept.
    ///
    /// - Throws: ``TimeZoneError/invalidZoneFile(_:)`` naming `identifier` when the bytes break RFC 8536: bad magic
    ///   or version, truncated blocks, counts that disagree, transitions out of order, a type index out of range, an
    ///   offset outside −25 h…+26 h, or an unreadable footer.
    ///
    /// ```swift
    /// let rules = try ZoneRules(tzif: bytes, identifier: "Europe/Prague")
    /// ```
    init(tzif bytes: [UInt8], identifier: String) throws(TimeZoneError) {
        guard let rules = Self.parseTZif(bytes, identifier: identifier) else { throw .invalidZoneFile(identifier) }
        self = rules
    }

    /// The six counts of a TZif header.
    private struct Header {
        var version: UInt8
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int

        static let size = 44

        /// The data block's length when times take `timeSize` bytes (4 in version 1, 8 after).
        func blockSize(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    private static func parseTZif(_ bytes: [UInt8], identifier: String) -> ZoneRules? {
        guard let first = readHeader(bytes, at: 0) else { return nil }
        // Version 1 ends after its block; later versions repeat header and data with 64-bit times, then the footer.
        guard first.version >= UInt8(ascii: "2") else {
            guard let block = parseBlock(bytes, at: Header.size, header: first, timeSize: 4).block else { return nil }
            return ZoneRules(
                identifier: identifier, transitions: block.transitions, offsets: block.offsets,
                initialOffset: block.initialOffset, footer: nil)
        }
        let secondHeaderAt = Header.size + first.blockSize(timeSize: 4)
        guard let second = readHeader(bytes, at: secondHeaderAt), second.version >= UInt8(ascii: "2") else {
            return nil
        }
        let (block, blockEnd) = parseBlock(bytes, at: secondHeaderAt + Header.size, header: second, timeSize: 8)
        guard let block, let footer = readFooter(bytes, at: blockEnd) else { return nil }
        return ZoneRules(
            identifier: identifier, transitions: block.transitions, offsets: block.offsets,
            initialOffset: block.initialOffset, footer: footer)
    }

    private static func readHeader(_ bytes: [UInt8], at offset: Int) -> Header? {
        guard offset >= 0, bytes.count - offset >= Header.size,
            bytes[offset] == 0x54, bytes[offset + 1] == 0x5A, bytes[offset + 2] == 0x69, bytes[offset + 3] == 0x66
        else { return nil }  // "TZif"
        let version = bytes[offset + 4]
        // NUL is version 1; RFC 8536 defines '2' to '4'. Later digits are read like '4', as tzcode reads them.
        guard version == 0 || (UInt8(ascii: "2")...UInt8(ascii: "9")).contains(version) else { return nil }
        let count = { (index: Int) -> Int in Int(readUInt32(bytes, at: offset + 20 + 4 * index)) }
        let header = Header(
            version: version, isutcnt: count(0), isstdcnt: count(1), leapcnt: count(2), timecnt: count(3),
            typecnt: count(4), charcnt: count(5))
        guard header.typecnt >= 1, header.charcnt >= 1,
            header.isutcnt == 0 || header.isutcnt == header.typecnt,
            header.isstdcnt == 0 || header.isstdcnt == header.typecnt
        else { return nil }
        return header
    }

    /// What a data block says about offsets.
    private typealias Block = (transitions: [Int64], offsets: [Int32], initialOffset: Int32)

    /// Reads one data block; returns its contents (`nil` when invalid) and the offset just after the block.
    private static func parseBlock(
        _ bytes: [UInt8], at start: Int, header: Header, timeSize: Int
    ) -> (block: Block?, end: Int) {
        // Counts are at most 2³²−1, so these products fit in Int before the bounds check.
        let end = start + header.blockSize(timeSize: timeSize)
        guard end <= bytes.count else { return (nil, end) }

        var transitions: [Int64] = []
        transitions.reserveCapacity(header.timecnt)
        var position = start
        for _ in 0..<header.timecnt {
            let time =
                timeSize == 4
                ? Int64(Int32(bitPattern: readUInt32(bytes, at: position))) : readInt64(bytes, at: position)
            // Strictly ascending (RFC 8536 §3.2); the binary search depends on it.
            if let last = transitions.last, time <= last { return (nil, end) }
            transitions.append(time)
            position += timeSize
        }
        let indicesAt = position
        position += header.timecnt

        var typeOffsets: [Int32] = []
        var typeIsDST: [Bool] = []
        typeOffsets.reserveCapacity(header.typecnt)
        for _ in 0..<header.typecnt {
            let utoff = Int32(bitPattern: readUInt32(bytes, at: position))
            let isdst = bytes[position + 4]
            let designationIndex = Int(bytes[position + 5])
            // RFC 8536 §3.2: −2³¹ is forbidden and offsets should lie in −25 h…+26 h; beyond that no real zone goes,
            // and the wall-time rule in KerioTimeZone assumes it.
            guard (-89_999...93_599).contains(utoff), isdst <= 1, designationIndex < header.charcnt else {
                return (nil, end)
            }
            typeOffsets.append(utoff)
            typeIsDST.append(isdst == 1)
            position += 6
        }

        var offsets: [Int32] = []
        offsets.reserveCapacity(header.timecnt)
        for index in 0..<header.timecnt {
            let type = Int(bytes[indicesAt + index])
            guard type < header.typecnt else { return (nil, end) }
            offsets.append(typeOffsets[type])
        }
        // Before the first transition: the first standard-time type, or type 0 if all are daylight saving.
        let initial = typeIsDST.firstIndex(of: false).map { typeOffsets[$0] } ?? typeOffsets[0]
        // Designations, leap seconds and the standard/UT indicators follow; nothing in them changes an offset.
        return ((transitions, offsets, initial), end)
    }

    /// The footer `\n<TZ string>\n`: `.some(nil)` when the string is empty, `nil` when it is missing or malformed.
    ///
    /// A missing footer is an error rather than "no rule": in a slim file it would silently freeze the offset at the
    /// last transition, wrong for every summer since.
    private static func readFooter(_ bytes: [UInt8], at start: Int) -> POSIXTimeZoneRule?? {
        guard start < bytes.count, bytes[start] == 0x0A,
            let close = bytes[(start + 1)...].firstIndex(of: 0x0A)
        else { return nil }
        let text = bytes[(start + 1)..<close]
        if text.isEmpty { return .some(nil) }
        // Anything after the closing newline is not ours to judge (RFC 8536 asks readers to be lenient).
        guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
            let rule = POSIXTimeZoneRule(String(decoding: text, as: UTF8.self))
        else { return nil }
        return .some(rule)
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    private static func readInt64(_ bytes: [UInt8], at offset: Int) -> Int64 {
        Int64(bitPattern: UInt64(readUInt32(bytes, at: offset)) << 32 | UInt64(readUInt32(bytes, at: offset + 4)))
    }
}
