import KerioSIEM

/// Reads fuzzer bytes as decisions: each call takes the next bytes, and an exhausted input reads as zeros, so every
/// input (even the empty one) is a valid recipe.
struct Recipe {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next byte, or 0 past the end.
    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// The next `count` bytes as a big-endian number.
    mutating func number(bytes count: Int) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 8 | UInt64(byte()) }
        return value
    }

    /// A number in `range`, from as many bytes as the range needs.
    mutating func number(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(range.upperBound - range.lowerBound)
        let width = span < 0x100 ? 1 : span < 0x1_0000 ? 2 : span < 0x1_0000_0000 ? 4 : 8
        let draw = number(bytes: width)
        return range.lowerBound + Int64(span == UInt64.max ? draw : draw % (span + 1))
    }

    /// Whether a bit of the next byte is set (one byte per decision keeps recipes easy to mutate).
    mutating func flag() -> Bool { byte() & 1 != 0 }

    /// A length byte, then that many raw bytes (fewer at the end of the input). A length byte with its top bit set
    /// reads a long value (up to 2,032 bytes), so CEF's and LEEF's length caps (1,023 characters for most CEF keys)
    /// are exceeded too, even by multi-byte characters.
    mutating func slice() -> UnsafeBufferPointer<UInt8> {
        let length = byte()
        let wanted = length & 0x80 != 0 ? Int(length & 0x7F) * 16 : Int(length)
        let count = min(wanted, bytes.count - position)
        defer { position += count }
        return UnsafeBufferPointer(rebasing: bytes[position..<position + count])
    }

    /// A slice as text (invalid UTF-8 repaired), for options and failure messages, which are Strings.
    mutating func text() -> String { String(decoding: slice(), as: UTF8.self) }

    /// A valid civil time: edge years 1 and 9999 often, leap seconds and nanoseconds sometimes.
    mutating func civil(allowLeapSecond: Bool) -> CivilDateTime {
        let year: Int
        switch byte() % 8 {
        case 0: year = 1
        case 1: year = 9999
        case 2: year = 1970
        default: year = Int(number(in: 1...9999))
        }
        let month = Int(byte() % 12) + 1
        let day = Int(byte()) % CivilDateTime.daysInMonth(year: year, month: month) + 1
        let edge = byte()
        // Last second of the day (and of year 9999 on Dec 31) is the interesting one for offsets.
        let hour = edge & 1 != 0 ? 23 : Int(byte() % 24)
        let minute = edge & 1 != 0 ? 59 : Int(byte() % 60)
        let second = edge & 2 != 0 && allowLeapSecond ? 60 : edge & 1 != 0 ? 59 : Int(byte() % 60)
        let nanosecond = edge & 4 != 0 ? 999_999_999 : edge & 8 != 0 ? Int(number(in: 0...999_999_999)) : 0
        guard
            let civil = CivilDateTime(
                year: year, month: month, day: day, hour: hour, minute: minute,
                second: second, nanosecond: nanosecond)
        else { fatalError("recipe built an invalid civil time") }
        return civil
    }

    /// A timestamp as the parser makes them: the bracketed time (no offset, no fraction) or an RFC 5424 time
    /// (offset within ±23:59 in whole minutes, fraction, leap second).
    mutating func timestamp() -> EventTimestamp {
        guard flag() else { return EventTimestamp(civil(allowLeapSecond: false)) }
        let civil = civil(allowLeapSecond: true)
        let offset: Int
        switch byte() % 4 {
        case 0: offset = 0
        case 1: offset = 23 * 3_600 + 59 * 60
        case 2: offset = -(23 * 3_600 + 59 * 60)
        default: offset = Int(number(in: -1_439...1_439)) * 60
        }
        return EventTimestamp(civil, utcOffsetSeconds: offset)
    }

    /// An IPv4 or IPv6 literal of a form the parser accepts.
    mutating func address() -> String {
        switch byte() % 4 {
        case 0, 1:
            return (0..<4).map { _ in String(byte()) }.joined(separator: ".")
        case 2:
            return (0..<8).map { _ in String(number(bytes: 2), radix: 16) }.joined(separator: ":")
        default:
            // Compressed forms: `::`, `::1`, `fe80::…`, `::ffff:1.2.3.4`.
            switch byte() % 4 {
            case 0: return "::"
            case 1: return "::" + String(number(bytes: 2), radix: 16)
            case 2: return String(number(bytes: 2), radix: 16) + "::" + String(number(bytes: 2), radix: 16)
            default: return "::ffff:" + (0..<4).map { _ in String(byte()) }.joined(separator: ".")
            }
        }
    }
}
