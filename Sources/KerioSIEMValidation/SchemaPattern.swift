/// A regular expression from a schema (`pattern` in JSON Schema and in CSV field constraints), matched in linear time.
///
/// Supported syntax, a subset of ECMA-262 without flags (enough for IP, timestamp and keyword patterns):
/// - anchors `^` (start of text) and `$` (end of text; there is no multiline mode);
/// - `.` (any scalar but LF, CR, U+2028, U+2029), literal characters;
/// - classes `[abc]`, `[^abc]`, ranges `[a-z]`, class escapes `\d \w \s \D \W \S` inside and outside classes;
/// - escapes `\t \n \r \f \v \0 \xHH \uHHHH` and `\` before any of `^ $ \ . * + ? ( ) [ ] { } | / -`;
/// - groups `( … )` and `(?: … )` (capturing is irrelevant to matching), alternation `|`;
/// - quantifiers `* + ? {m} {m,} {m,n}` (bounds up to 1000), optionally lazy (`*?`), which does not change what
///   matches.
///
/// Anything else — backreferences, lookaround, named groups, `\b`, `\p{…}`, `\u{…}`, a stray `{` or `]` — is a
/// ``SyntaxError``, so a schema never silently checks less than it says.
///
/// Matching simulates the automaton (Pike VM) over Unicode scalars: time is O(text × pattern), never exponential, so
/// hostile values cannot stall the validator.
///
/// ```swift
/// let pattern = try SchemaPattern("^[a-z]+(_[a-z]+)*$")
/// pattern.matches(in: "kerio_control")   // true (JSON Schema: search anywhere unless anchored)
/// pattern.matchesWhole("x-y")            // false (CSV constraints: implicitly anchored)
/// ```
///
/// A class: a node of a schema holds one, and the fast paths read it per value; a struct of arrays was retained and
/// released array by array at each read.
final class SchemaPattern: Sendable, CustomStringConvertible {
    /// Why a pattern is outside the supported subset.
    struct SyntaxError: Error, Sendable {
        var message: String
    }

    /// The pattern as written.
    let source: String
    private let search: Program
    private let whole: Program
    /// ``search`` as a byte automaton, for ``matches(inBytes:)``; `nil` when it would be too large.
    private let searchBytes: PatternDFA?

    /// Compiles `source`.
    init(_ source: String) throws(SyntaxError) {
        self.source = source
        let searchCompiler = try PatternCompiler(source: source, wholeMatch: false)
        let wholeCompiler = try PatternCompiler(source: source, wholeMatch: true)
        search = Program(instructions: searchCompiler.program, classes: searchCompiler.classes)
        whole = Program(instructions: wholeCompiler.program, classes: wholeCompiler.classes)
        searchBytes = PatternDFA(program: searchCompiler.program, classes: searchCompiler.classes)
    }

    /// ``matches(in:)`` over the UTF-8 bytes of the text, through the byte automaton when the text is ASCII (no
    /// `String`, one table step per byte), else through the VM.
    func matches(inBytes bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let answer = searchBytes?.matches(bytes) { return answer }
        return matches(in: String(decoding: bytes, as: UTF8.self))
    }

    /// Whether the pattern matches somewhere in `text` (ECMA-262 `test`, JSON Schema's meaning).
    func matches(in text: String) -> Bool { search.run(text) }

    /// Whether the pattern matches all of `text` (XML Schema and Frictionless meaning).
    func matchesWhole(_ text: String) -> Bool { whole.run(text) }

    var description: String { source }

    /// A compiled program and the Pike VM that runs it.
    private struct Program: Sendable {
        let instructions: [PatternCompiler.Instruction]
        let classes: [ScalarClass]

        func run(_ text: String) -> Bool {
            let count = instructions.count
            var current = ThreadList(capacity: count)
            var next = ThreadList(capacity: count)
            var stack: [Int] = []
            var iterator = text.unicodeScalars.makeIterator()
            var lookahead = iterator.next()
            var atStart = true
            while true {
                // A new thread starts at every position: an unanchored search (anchors are assertions).
                if add(0, to: &current, stack: &stack, atStart: atStart, atEnd: lookahead == nil) { return true }
                guard let scalar = lookahead else { return false }
                lookahead = iterator.next()
                atStart = false
                next.clear()
                for slot in 0..<current.count {
                    guard case .scalar(let set) = instructions[current[slot]], classes[set].contains(scalar) else {
                        continue
                    }
                    if add(current[slot] + 1, to: &next, stack: &stack, atStart: false, atEnd: lookahead == nil) {
                        return true
                    }
                }
                swap(&current, &next)
            }
        }

        /// Adds the thread at `pc` and everything reachable from it without consuming input; true when one matches.
        private func add(_ pc: Int, to list: inout ThreadList, stack: inout [Int], atStart: Bool, atEnd: Bool) -> Bool {
            stack.append(pc)
            while let pc = stack.popLast() {
                guard list.insert(pc) else { continue }
                switch instructions[pc] {
                case .match:
                    stack.removeAll(keepingCapacity: true)
                    return true
                case .jump(let target):
                    stack.append(target)
                case .split(let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .assertStart:
                    if atStart { stack.append(pc + 1) }
                case .assertEnd:
                    if atEnd { stack.append(pc + 1) }
                case .scalar:
                    break
                }
            }
            return false
        }
    }

    /// A sparse set of program counters (Briggs & Torczon): O(1) insert, clear and ordered iteration.
    private struct ThreadList {
        private var dense: [Int]
        private var sparse: [Int]
        private(set) var count = 0

        init(capacity: Int) {
            dense = Array(repeating: 0, count: capacity)
            sparse = Array(repeating: 0, count: capacity)
        }

        subscript(slot: Int) -> Int { dense[slot] }

        mutating func insert(_ pc: Int) -> Bool {
            let slot = sparse[pc]
            if slot < count && dense[slot] == pc { return false }
            sparse[pc] = count
            dense[count] = pc
            count += 1
            return true
        }

        mutating func clear() { count = 0 }
    }
}
