/// The UTC-offset history of one IANA zone, read from a TZif file (RFC 8536): every transition the file lists, and the
/// POSIX rule of its footer for the instants after them.
///
/// Contract:
/// - ``offset(atUTC:)`` never allocates and never traps, for any `Int64`; it runs for every event.
/// - Before the first transition the first standard-time (non-DST) type applies, as glibc and Python's `zoneinfo`
///   read RFC 8536; zic writes that type first anyway.
/// - At and after the last transition the footer rule applies when the file has one ("slim" files rely on it for
///   every recent year), else the last transition's offset. A file with no transitions is its footer throughout.
///
/// Speed: a footer rule costs a few calendar computations per call, so at load time its transitions up to
/// ``precomputedHorizon`` (2100) are appended to the table, as zic's "fat" files do up to 2037. A lookup is then a
/// binary search whether the file was slim or fat, narrowed between 1970 and 2100 by an index of 24-day buckets to
/// the one or two transitions near the instant (about 20 ns in release builds). The data sits behind one reference,
/// so copying a zone (a switch over `KerioTimeZone.Storage` does, per event) is a retain, not a copy of every field.
///
/// Reading files is in `ZoneRules+Loading.swift`, the TZif format in `ZoneRules+TZif.swift`.
///
/// ```swift
/// let prague = try ZoneRules.load(identifier: "Europe/Prague")
/// prague.offset(atUTC: 1_782_864_000)  // 7_200 (2026-07-01T00:00:00Z, CEST)
/// ```
struct ZoneRules: Sendable, Hashable {
    /// The immutable data, shared by every copy.
    private final class Table: Sendable {
        let identifier: String
        let transitions: [Int64]
        let offsets: [Int32]
        let initialOffset: Int32
        let footer: POSIXTimeZoneRule?
        /// `bucketStarts[b]` is the number of transitions at or before `b << bucketShift` seconds, for the buckets
        /// that cover 1970 up to ``precomputedHorizon`` (one more entry closes the last bucket); empty without
        /// transitions.
        let bucketStarts: [Int32]

        init(
            identifier: String, transitions: [Int64], offsets: [Int32], initialOffset: Int32, footer: POSIXTimeZoneRule?
        ) {
            self.identifier = identifier
            self.transitions = transitions
            self.offsets = offsets
            self.initialOffset = initialOffset
            self.footer = footer
            var starts: [Int32] = []
            if !transitions.isEmpty {
                let bucketCount = Int(ZoneRules.precomputedHorizon >> ZoneRules.bucketShift) + 1
                starts.reserveCapacity(bucketCount + 1)
                var index = 0
                for bucket in 0...bucketCount {
                    let start = Int64(bucket) << ZoneRules.bucketShift
                    while index < transitions.count, transitions[index] <= start { index += 1 }
                    starts.append(Int32(index))
                }
            }
            self.bucketStarts = starts
        }
    }

    /// Footer transitions are precomputed up to this instant, 2100-01-01T00:00:00Z.
    static let precomputedHorizon: Int64 = 4_102_444_800
    /// Buckets of 2²¹ s (24 days) index the transitions from 1970 to 2100, so that a lookup in that range searches
    /// the one or two transitions of its bucket instead of the whole table (about 8 KB per zone).
    static let bucketShift: Int64 = 21

    private let table: Table

    /// The name the rules were loaded under (`Europe/Prague`, `local`).
    var identifier: String { table.identifier }
    /// Transition instants in UTC seconds since the epoch, strictly ascending (the file's, then the footer's to 2100).
    var transitions: [Int64] { table.transitions }
    /// `offsets[i]`, in seconds east of UTC, is in force from `transitions[i]` until the next transition.
    var offsets: [Int32] { table.offsets }
    /// The offset in force before the first transition.
    var initialOffset: Int32 { table.initialOffset }
    /// The rule from the last transition on, if the file has a footer.
    var footer: POSIXTimeZoneRule? { table.footer }

    /// Rules from parsed parts: `transitions` strictly ascending, one offset each; `footer` applies from the last
    /// transition on (from the start of time when there are none).
    init(
        identifier: String, transitions: [Int64], offsets: [Int32], initialOffset: Int32, footer: POSIXTimeZoneRule?
    ) {
        precondition(transitions.count == offsets.count, "one offset per transition")
        var transitions = transitions
        var offsets = offsets
        if let footer, footer.daylightSaving != nil, let last = transitions.last, last < Self.precomputedHorizon {
            // The footer rules from `last` on, so the offset from `last` is the footer's, whatever the file said.
            offsets[offsets.count - 1] = Int32(footer.offset(atUTC: last))
            for change in footer.changes(after: last, through: Self.precomputedHorizon) {
                transitions.append(change.instant)
                offsets.append(Int32(change.offset))
            }
        }
        self.table = Table(
            identifier: identifier, transitions: transitions, offsets: offsets, initialOffset: initialOffset,
            footer: footer)
    }

    /// Rules that are one POSIX `TZ` rule at every instant (a `TZ` variable such as `CET-1CEST,M3.5.0,M10.5.0/3`).
    init(identifier: String, rule: POSIXTimeZoneRule) {
        self.init(
            identifier: identifier, transitions: [], offsets: [], initialOffset: Int32(rule.standardOffset),
            footer: rule)
    }

    /// UTC at every instant.
    static func utc(identifier: String) -> ZoneRules {
        ZoneRules(identifier: identifier, transitions: [], offsets: [], initialOffset: 0, footer: nil)
    }

    /// The offset, in seconds east of UTC, in force at `seconds` since the epoch (UTC).
    func offset(atUTC seconds: Int64) -> Int {
        let table = self.table
        let transitions = table.transitions
        let count = transitions.count
        guard count > 0 else { return table.footer?.offset(atUTC: seconds) ?? Int(table.initialOffset) }
        if seconds >= transitions[count - 1] {
            return table.footer?.offset(atUTC: seconds) ?? Int(table.offsets[count - 1])
        }
        // The number of transitions at or before `seconds` lies in [low, high]; the last of them sets the offset.
        // Between 1970 and 2100 the bucket of `seconds` narrows that to its own few transitions.
        var low = 0
        var high = count - 1
        if seconds >= 0, seconds < Self.precomputedHorizon {
            let bucket = Int(seconds >> Self.bucketShift)
            low = Int(table.bucketStarts[bucket])
            high = min(Int(table.bucketStarts[bucket + 1]), count - 1)
        }
        while low < high {
            let middle = (low + high) >> 1
            if transitions[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? Int(table.initialOffset) : Int(table.offsets[low - 1])
    }

    static func == (lhs: ZoneRules, rhs: ZoneRules) -> Bool {
        lhs.table === rhs.table
            || (lhs.identifier == rhs.identifier && lhs.initialOffset == rhs.initialOffset
                && lhs.footer == rhs.footer && lhs.transitions == rhs.transitions && lhs.offsets == rhs.offsets)
    }

    /// Hashes the name and the number of transitions only: cheap, and consistent with `==`.
    func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
        hasher.combine(transitions.count)
    }
}
