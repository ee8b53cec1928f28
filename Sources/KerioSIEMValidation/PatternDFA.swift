/// A deterministic automaton over ASCII bytes for a compiled ``SchemaPattern`` program, built once when the schema
/// loads: what lets the fast path match a value's bytes in one table step per byte, without a `String` and without
/// the Pike VM's thread lists.
///
/// Subset construction over the program: a state is the set of program counters reached by consuming the text so far
/// (plus whether no byte has been consumed, for `^`); a new search thread starts at every position, as in the VM.
/// Each state records whether its ε-closure reaches `match` before the end and at the end (`$`), so
/// ``matches(_:)`` answers exactly what the VM answers for the same ASCII text. Construction stops at
/// ``maximumStates`` (the pattern is then matched by the VM only); a byte of 0x80 or more makes ``matches(_:)``
/// return `nil` (the VM, which reads Unicode scalars, decides).
///
/// ```swift
/// let dfa = PatternDFA(program: compiler.program, classes: compiler.classes)
/// dfa?.matches(bytes)   // true / false for ASCII text, nil otherwise
/// ```
///
/// A class, so that reading it from a schema node retains one reference, not each of its arrays.
final class PatternDFA: Sendable {
    /// The most states built before giving up (a table of 128 two-byte entries each while building).
    static let maximumStates = 4_096

    /// `transitions[offset + byteClass[byte]]`, where `offset` is a state's number × ``classCount``: the next
    /// state's offset. Premultiplied, so that a step on the walk's chain is one addition and one load; by class, so
    /// that a state's row is a few bytes (the IPv6 pattern has hundreds of states, and rows of 128 entries spilled out
    /// of the cache).
    private let transitions: [UInt16]
    /// Each ASCII byte's class: bytes that lead every state to the same state share one.
    private let byteClass: [UInt8]
    /// How many classes.
    private let classCount: Int
    /// When the pattern matches exactly the texts of one length whose byte at each position is in a set of its own
    /// (`^[0-9]{4}-[0-9]{2}-…Z$`): per position, that set as a 128-bit mask. The walk is then a membership test
    /// per byte, independent of each other, instead of a chain of dependent table loads.
    private let positions: [(low: UInt64, high: UInt64)]?
    /// Whether the state's closure reaches `match` when more text follows.
    private let matchesBeforeEnd: [Bool]
    /// Whether the state's closure reaches `match` at the end of the text.
    private let matchesAtEnd: [Bool]
    /// Whether no state matches before the end (a pattern anchored with `$`): the walk then need not ask at each byte.
    private let matchesOnlyAtEnd: Bool

    /// The automaton of `program`, or `nil` when it would have more than ``maximumStates`` states.
    init?(program: [PatternCompiler.Instruction], classes: [ScalarClass]) {
        struct Key: Hashable {
            var seeds: [Int]
            var atStart: Bool
        }
        // Which ASCII bytes each class holds, computed once.
        let asciiMembers: [[Bool]] = classes.map { set in
            (0..<128).map { set.contains(Unicode.Scalar(UInt8($0))) }
        }
        func closure(_ seeds: [Int], atStart: Bool, atEnd: Bool) -> (scalars: [Int], matched: Bool) {
            var seen = Set<Int>()
            var stack = seeds + [0]
            var scalars: [Int] = []
            var matched = false
            while let pc = stack.popLast() {
                guard seen.insert(pc).inserted else { continue }
                switch program[pc] {
                case .match: matched = true
                case .jump(let target): stack.append(target)
                case .split(let first, let second): stack.append(contentsOf: [second, first])
                case .assertStart: if atStart { stack.append(pc + 1) }
                case .assertEnd: if atEnd { stack.append(pc + 1) }
                case .scalar: scalars.append(pc)
                }
            }
            return (scalars, matched)
        }
        var states: [Key] = [Key(seeds: [], atStart: true)]
        var numbers: [Key: Int] = [states[0]: 0]
        var transitions: [UInt16] = []
        var matchesBeforeEnd: [Bool] = []
        var matchesAtEnd: [Bool] = []
        var next = 0
        while next < states.count {
            let state = states[next]
            next += 1
            let running = closure(state.seeds, atStart: state.atStart, atEnd: false)
            matchesBeforeEnd.append(running.matched)
            matchesAtEnd.append(closure(state.seeds, atStart: state.atStart, atEnd: true).matched)
            for byte in 0..<128 {
                var seeds: [Int] = []
                for pc in running.scalars {
                    guard case .scalar(let set) = program[pc], asciiMembers[set][byte] else { continue }
                    seeds.append(pc + 1)
                }
                let key = Key(seeds: Array(Set(seeds)).sorted(), atStart: false)
                if let number = numbers[key] {
                    transitions.append(UInt16(number))
                } else {
                    guard states.count < Self.maximumStates else { return nil }
                    numbers[key] = states.count
                    transitions.append(UInt16(states.count))
                    states.append(key)
                }
            }
        }
        positions = Self.positions(transitions, matchesBeforeEnd, matchesAtEnd)
        // Classes: bytes whose columns are equal in every state.
        let stateCount = states.count
        var classOfColumn: [[UInt16]: UInt8] = [:]
        var byteClass = [UInt8](repeating: 0, count: 128)
        var representatives: [Int] = []
        for byte in 0..<128 {
            let column = (0..<stateCount).map { transitions[$0 * 128 + byte] }
            if let known = classOfColumn[column] {
                byteClass[byte] = known
            } else {
                let number = UInt8(representatives.count)
                classOfColumn[column] = number
                byteClass[byte] = number
                representatives.append(byte)
            }
        }
        let classCount = representatives.count
        guard stateCount * classCount <= Int(UInt16.max) else { return nil }
        var compressed: [UInt16] = []
        compressed.reserveCapacity(stateCount * classCount)
        for state in 0..<stateCount {
            for byte in representatives {
                compressed.append(transitions[state * 128 + byte] * UInt16(classCount))
            }
        }
        self.transitions = compressed
        self.byteClass = byteClass
        self.classCount = classCount
        self.matchesBeforeEnd = matchesBeforeEnd
        self.matchesAtEnd = matchesAtEnd
        matchesOnlyAtEnd = !matchesBeforeEnd.contains(true)
    }

    /// The per-position sets of ``positions`` from the full table (`transitions[state * 128 + byte]`), or `nil`
    /// when the pattern is not of that kind: from the start state, every state but the last must lead all bytes
    /// either to one next state or to the dead state (which loops on every byte and never matches), match nothing
    /// itself, and the last must match at the end and lead every byte to the dead state.
    private static func positions(_ transitions: [UInt16], _ matchesBeforeEnd: [Bool], _ matchesAtEnd: [Bool])
        -> [(low: UInt64, high: UInt64)]?
    {
        let stateCount = matchesAtEnd.count
        guard !matchesBeforeEnd.contains(true) else { return nil }
        let dead = (0..<stateCount).first { state in
            !matchesAtEnd[state] && (0..<128).allSatisfy { Int(transitions[state * 128 + $0]) == state }
        }
        guard let dead else { return nil }
        var sets: [(low: UInt64, high: UInt64)] = []
        var state = 0
        while sets.count <= 64 {
            var next: Int?
            var set: (low: UInt64, high: UInt64) = (0, 0)
            for byte in 0..<128 {
                let target = Int(transitions[state * 128 + byte])
                guard target != dead else { continue }
                guard next == nil || next == target else { return nil }
                next = target
                if byte < 64 { set.low |= 1 << UInt64(byte) } else { set.high |= 1 << UInt64(byte - 64) }
            }
            guard let next else { return matchesAtEnd[state] && !sets.isEmpty ? sets : nil }
            guard !matchesAtEnd[state], next != state else { return nil }
            sets.append(set)
            state = next
        }
        return nil
    }

    /// Whether the pattern matches `bytes` (as the VM would), or `nil` when `bytes` hold a non-ASCII byte before the
    /// answer is known.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if let positions {
            guard bytes.count == positions.count else {
                // The VM's answer is false for ASCII text of another length; non-ASCII is left to it as below.
                return bytes.contains { $0 >= 0x80 } ? nil : false
            }
            var missing = false
            for (index, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return nil }
                let set = positions[index]
                let bit = UInt64(1) &<< UInt64(byte & 63)
                missing = missing || (byte < 64 ? set.low & bit : set.high & bit) == 0
            }
            return !missing
        }
        return transitions.withUnsafeBufferPointer { transitions in
            byteClass.withUnsafeBufferPointer { byteClass in
                var offset = 0
                if matchesOnlyAtEnd {
                    for byte in bytes {
                        guard byte < 0x80 else { return nil }
                        offset = Int(transitions[offset &+ Int(byteClass[Int(byte)])])
                    }
                } else {
                    for byte in bytes {
                        if matchesBeforeEnd[offset / classCount] { return true }
                        guard byte < 0x80 else { return nil }
                        offset = Int(transitions[offset &+ Int(byteClass[Int(byte)])])
                    }
                }
                return matchesAtEnd[offset / classCount]
            }
        }
    }
}
