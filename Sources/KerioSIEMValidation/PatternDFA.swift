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
struct PatternDFA: Sendable {
    /// The most states built before giving up (a table of 128 two-byte entries each).
    static let maximumStates = 4_096

    /// `transitions[state * 128 + byte]`: the next state.
    private let transitions: [UInt16]
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
        self.transitions = transitions
        self.matchesBeforeEnd = matchesBeforeEnd
        self.matchesAtEnd = matchesAtEnd
        matchesOnlyAtEnd = !matchesBeforeEnd.contains(true)
    }

    /// Whether the pattern matches `bytes` (as the VM would), or `nil` when `bytes` hold a non-ASCII byte before the
    /// answer is known.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        transitions.withUnsafeBufferPointer { transitions in
            var state = 0
            if matchesOnlyAtEnd {
                for byte in bytes {
                    guard byte < 0x80 else { return nil }
                    state = Int(transitions[state &* 128 &+ Int(byte)])
                }
            } else {
                for byte in bytes {
                    if matchesBeforeEnd[state] { return true }
                    guard byte < 0x80 else { return nil }
                    state = Int(transitions[state &* 128 &+ Int(byte)])
                }
            }
            return matchesAtEnd[state]
        }
    }
}
