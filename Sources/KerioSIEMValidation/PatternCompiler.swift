/// Parses the regular-expression subset of ``SchemaPattern`` and compiles it to a Pike-VM program.
///
/// Parsing builds a small tree (alternation, sequence, repetition, character class, anchors); compilation lays it out
/// as `split`/`jump` instructions (Thompson's construction), with `{m,n}` unrolled. Anything outside the subset throws
/// with the reason, so a schema never silently means less than it says.
struct PatternCompiler {
    /// The largest `{m,n}` bound accepted.
    static let maximumRepeat = 1_000
    /// The largest compiled program accepted (keeps unrolled `{m,n}` nests bounded).
    static let maximumProgramSize = 20_000

    /// One step of the compiled program.
    enum Instruction: Sendable, Hashable {
        /// Consume one scalar that is in `classes[index]`.
        case scalar(Int)
        /// Continue at both targets.
        case split(Int, Int)
        case jump(Int)
        /// `^`: only at the start of the text.
        case assertStart
        /// `$`: only at the end of the text.
        case assertEnd
        case match
    }

    private indirect enum Node {
        case empty
        case atom(ScalarClass)
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?)
        case start
        case end
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private(set) var program: [Instruction] = []
    private(set) var classes: [ScalarClass] = []
    private var classIndex: [ScalarClass: Int] = [:]

    /// Compiles `source`; `wholeMatch` wraps it as `^(?:source)$`.
    init(source: String, wholeMatch: Bool) throws(SchemaPattern.SyntaxError) {
        scalars = Array(source.unicodeScalars)
        var tree = try parseAlternation()
        if index < scalars.count {
            throw SchemaPattern.SyntaxError(message: "unmatched ')' at position \(index + 1)")
        }
        if wholeMatch { tree = .sequence([.start, tree, .end]) }
        try emit(tree)
        program.append(.match)
    }

    // MARK: - Parsing

    private func peek(offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func failure(_ message: String) -> SchemaPattern.SyntaxError {
        SchemaPattern.SyntaxError(message: message + " at position \(index + 1)")
    }

    private mutating func parseAlternation() throws(SchemaPattern.SyntaxError) -> Node {
        var branches = [try parseSequence()]
        while peek() == "|" {
            index += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(SchemaPattern.SyntaxError) -> Node {
        var items: [Node] = []
        while let scalar = peek(), scalar != "|", scalar != ")" {
            items.append(try parseTerm())
        }
        return items.isEmpty ? .empty : (items.count == 1 ? items[0] : .sequence(items))
    }

    private mutating func parseTerm() throws(SchemaPattern.SyntaxError) -> Node {
        switch peek() {
        case "^":
            index += 1
            try refuseQuantifier(after: "^")
            return .start
        case "$":
            index += 1
            try refuseQuantifier(after: "$")
            return .end
        default:
            let atom = try parseAtom()
            return try parseQuantifier(atom)
        }
    }

    private func refuseQuantifier(after anchor: String) throws(SchemaPattern.SyntaxError) {
        if let next = peek(), "*+?{".unicodeScalars.contains(next) {
            throw failure("the anchor '\(anchor)' cannot be repeated")
        }
    }

    private mutating func parseAtom() throws(SchemaPattern.SyntaxError) -> Node {
        guard let scalar = peek() else { throw failure("unexpected end of pattern") }
        switch scalar {
        case "(":
            index += 1
            if peek() == "?" {
                guard peek(offset: 1) == ":" else {
                    throw failure("lookahead, lookbehind and named groups ('(?=', '(?!', '(?<') are not supported")
                }
                index += 2
            }
            let inner = try parseAlternation()
            guard peek() == ")" else { throw failure("unterminated group: missing ')'") }
            index += 1
            return inner
        case ".":
            index += 1
            return .atom(.dot)
        case "[":
            return .atom(try parseClass())
        case "\\":
            index += 1
            switch try parseEscape(inClass: false) {
            case .scalar(let value): return .atom(ScalarClass(scalar: value))
            case .set(let set): return .atom(set)
            }
        case "*", "+", "?":
            throw failure("nothing to repeat before '\(scalar)'")
        case "{":
            throw failure("'{' does not start a valid quantifier (write '\\{' for a literal brace)")
        case "]", "}":
            throw failure("unescaped '\(scalar)' (write '\\\(scalar)' for a literal)")
        default:
            index += 1
            return .atom(ScalarClass(scalar: scalar.value))
        }
    }

    private mutating func parseQuantifier(_ atom: Node) throws(SchemaPattern.SyntaxError) -> Node {
        let bounds: (Int, Int?)
        switch peek() {
        case "*": bounds = (0, nil)
        case "+": bounds = (1, nil)
        case "?": bounds = (0, 1)
        case "{":
            index += 1
            guard let low = parseNumber() else {
                throw failure(
                    "'{' does not start a valid quantifier {m}, {m,} or {m,n} (write '\\{' for a literal brace)")
            }
            var high: Int? = low
            if peek() == "," {
                index += 1
                high = parseNumber()
            }
            guard peek() == "}" else { throw failure("unterminated quantifier: missing '}'") }
            if let high, high < low { throw failure("quantifier {\(low),\(high)} has its bounds out of order") }
            if max(low, high ?? 0) > Self.maximumRepeat {
                throw failure("quantifier bound over \(Self.maximumRepeat)")
            }
            bounds = (low, high)
        default:
            return atom
        }
        index += 1
        if peek() == "?" { index += 1 }  // lazy: the same set of matching texts, so nothing to do
        if case .start = atom { throw failure("nothing to repeat") }
        return .repetition(atom, min: bounds.0, max: bounds.1)
    }

    private mutating func parseNumber() -> Int? {
        var value = 0
        var digits = 0
        while let scalar = peek(), ("0"..."9").contains(scalar) {
            value = min(value * 10 + Int(scalar.value - 48), Self.maximumRepeat + 1)
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }

    private enum Escaped {
        case scalar(UInt32)
        case set(ScalarClass)
    }

    /// The escape after a backslash (already consumed).
    private mutating func parseEscape(inClass: Bool) throws(SchemaPattern.SyntaxError) -> Escaped {
        guard let scalar = peek() else { throw failure("pattern ends with a lone backslash") }
        index += 1
        switch scalar {
        case "d": return .set(.digit)
        case "D": return .set(ScalarClass.digit.inverted)
        case "w": return .set(.word)
        case "W": return .set(ScalarClass.word.inverted)
        case "s": return .set(.space)
        case "S": return .set(ScalarClass.space.inverted)
        case "t": return .scalar(0x09)
        case "n": return .scalar(0x0A)
        case "r": return .scalar(0x0D)
        case "f": return .scalar(0x0C)
        case "v": return .scalar(0x0B)
        case "b" where inClass: return .scalar(0x08)
        case "0":
            if let next = peek(), ("0"..."9").contains(next) { throw failure("octal escapes are not supported") }
            return .scalar(0)
        case "x":
            return .scalar(try hexDigits(2))
        case "u":
            if peek() == "{" { throw failure("'\\u{…}' needs the u flag, which JSON Schema patterns do not set") }
            let value = try hexDigits(4)
            if (0xD800...0xDBFF).contains(value), peek() == "\\", peek(offset: 1) == "u" {
                index += 2
                let low = try hexDigits(4)
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("high surrogate not followed by a low one") }
                return .scalar(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))
            }
            if (0xD800...0xDFFF).contains(value) { throw failure("lone surrogate escapes are not supported") }
            return .scalar(value)
        case "b", "B":
            throw failure("word boundaries ('\\b', '\\B') are not supported")
        case "1"..."9":
            throw failure("backreferences are not supported")
        case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/", "-":
            return .scalar(scalar.value)
        default:
            throw failure("unsupported escape '\\\(scalar)'")
        }
    }

    private mutating func hexDigits(_ count: Int) throws(SchemaPattern.SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let scalar = peek(), scalar.isASCII, let digit = Int(String(scalar), radix: 16) else {
                throw failure("expected \(count) hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseClass() throws(SchemaPattern.SyntaxError) -> ScalarClass {
        index += 1  // [
        var negated = false
        if peek() == "^" {
            negated = true
            index += 1
        }
        var members: [ClosedRange<UInt32>] = []
        while true {
            guard let scalar = peek() else { throw failure("unterminated character class: missing ']'") }
            if scalar == "]" {
                index += 1
                break
            }
            let low = try parseClassAtom()
            guard case .scalar(let lowValue) = low else {
                if case .set(let set) = low { members += set.ranges }
                if peek() == "-", peek(offset: 1) != "]", peek(offset: 1) != nil {
                    throw failure("a class escape cannot bound a range")
                }
                continue
            }
            if peek() == "-", let after = peek(offset: 1), after != "]" {
                index += 1
                guard case .scalar(let highValue) = try parseClassAtom() else {
                    throw failure("a class escape cannot bound a range")
                }
                guard lowValue <= highValue else { throw failure("character range out of order") }
                members.append(lowValue...highValue)
            } else {
                members.append(lowValue...lowValue)
            }
        }
        let set = ScalarClass(members)
        return negated ? set.inverted : set
    }

    private mutating func parseClassAtom() throws(SchemaPattern.SyntaxError) -> Escaped {
        guard let scalar = peek() else { throw failure("unterminated character class: missing ']'") }
        index += 1
        if scalar == "\\" { return try parseEscape(inClass: true) }
        return .scalar(scalar.value)
    }

    // MARK: - Compiling

    private mutating func append(_ instruction: Instruction) throws(SchemaPattern.SyntaxError) {
        guard program.count < Self.maximumProgramSize else {
            throw SchemaPattern.SyntaxError(message: "pattern is too large once its repetitions are unrolled")
        }
        program.append(instruction)
    }

    private mutating func emit(_ node: Node) throws(SchemaPattern.SyntaxError) {
        switch node {
        case .empty:
            break
        case .atom(let set):
            let slot: Int
            if let known = classIndex[set] {
                slot = known
            } else {
                slot = classes.count
                classes.append(set)
                classIndex[set] = slot
            }
            try append(.scalar(slot))
        case .sequence(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var exits: [Int] = []
            for (number, branch) in branches.enumerated() {
                if number == branches.count - 1 {
                    try emit(branch)
                } else {
                    let split = program.count
                    try append(.split(split + 1, -1))
                    try emit(branch)
                    exits.append(program.count)
                    try append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                }
            }
            for exit in exits { program[exit] = .jump(program.count) }
        case .repetition(let inner, let low, let high):
            for _ in 0..<low { try emit(inner) }
            if let high {
                var splits: [Int] = []
                for _ in low..<high {
                    splits.append(program.count)
                    try append(.split(program.count + 1, -1))
                    try emit(inner)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let loop = program.count
                try append(.split(loop + 1, -1))
                try emit(inner)
                try append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        case .start:
            try append(.assertStart)
        case .end:
            try append(.assertEnd)
        }
    }
}
