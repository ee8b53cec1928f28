/// Writes TZif bytes (RFC 8536) from a description, so tests can make version-1 files, leap-second records, odd
/// footers and broken files without fixtures.
///
/// Version 1 files hold one block of 32-bit times. Later versions hold that block (here with only the transitions that
/// fit in 32 bits, as zic does), a second header, the same data with 64-bit times, and the footer `\n<footer>\n`.
struct TZifBuilder {
    /// A local time type: offset east of UTC, daylight-saving flag, index of its designation.
    struct TimeType {
        var offset: Int32
        var isDST: Bool = false
        var designationIndex: UInt8 = 0
    }

    /// NUL for version 1, else an ASCII digit.
    var version: UInt8 = UInt8(ascii: "2")
    var transitions: [(time: Int64, type: UInt8)] = []
    var types: [TimeType] = [TimeType(offset: 0)]
    var designations: [UInt8] = Array("UTC\0".utf8)
    var leapSeconds: [(time: Int64, correction: Int32)] = []
    /// Write standard/wall and UT/local indicators (one byte per type each).
    var writeIndicators = true
    /// The footer's TZ string; `nil` writes no footer at all.
    var footer: String? = ""

    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        let narrow = transitions.filter { Int64(Int32.min)...Int64(Int32.max) ~= $0.time }
        writeHeader(into: &out, transitionCount: narrow.count)
        writeBlock(into: &out, transitions: narrow, timeSize: 4)
        guard version != 0 else { return out }
        writeHeader(into: &out, transitionCount: transitions.count)
        writeBlock(into: &out, transitions: transitions, timeSize: 8)
        if let footer { out += [0x0A] + Array(footer.utf8) + [0x0A] }
        return out
    }

    private func writeHeader(into out: inout [UInt8], transitionCount: Int) {
        out += Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
        let indicatorCount = writeIndicators ? types.count : 0
        for count in [
            indicatorCount, indicatorCount, leapSeconds.count, transitionCount, types.count, designations.count,
        ] {
            Self.append(UInt64(count), bytes: 4, to: &out)
        }
    }

    private func writeBlock(into out: inout [UInt8], transitions: [(time: Int64, type: UInt8)], timeSize: Int) {
        for transition in transitions { Self.append(UInt64(bitPattern: transition.time), bytes: timeSize, to: &out) }
        out += transitions.map(\.type)
        for type in types {
            Self.append(UInt64(UInt32(bitPattern: type.offset)), bytes: 4, to: &out)
            out += [type.isDST ? 1 : 0, type.designationIndex]
        }
        out += designations
        for leap in leapSeconds {
            Self.append(UInt64(bitPattern: leap.time), bytes: timeSize, to: &out)
            Self.append(UInt64(UInt32(bitPattern: leap.correction)), bytes: 4, to: &out)
        }
        if writeIndicators { out += [UInt8](repeating: 0, count: types.count * 2) }
    }

    /// Appends the low `bytes` bytes of `value`, big-endian.
    private static func append(_ value: UInt64, bytes: Int, to out: inout [UInt8]) {
        for index in (0..<bytes).reversed() { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }
}
