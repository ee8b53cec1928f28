/// A ``JSONSchema`` compiled for the NDJSON fast path: one record's bytes are tokenised in place and checked against
/// the schema as an automaton (object key → node, by a ``ByteKeyTable`` per object schema), without building a
/// ``JSONValue`` and without a `String` per key or value.
///
/// Contract of ``accepts(_:_:)``: `true` only when ``JSONParser`` accepts the line, it is an object, and
/// ``JSONSchema/validate(_:report:)`` reports nothing. It says `false` at the first thing that would be reported, and
/// at anything it does not judge itself — an escaped key, a key the object schema does not list, numbers with an
/// exponent or more than 18 digits, `oneOf`, `enum`/`const` on containers, strings with escapes under a string
/// assertion, `uniqueItems` over non-ASCII or non-string items, nesting deeper than ``maximumDepth`` — so that the
/// exact check decides those records and words their messages.
///
/// ```swift
/// let fast = JSONFastSchema(schema)
/// var state = fast.makeState()
/// if !fast.accepts(line, &state) { /* JSONParser + JSONSchema.validate, which report */ }
/// ```
struct JSONFastSchema: Sendable {
    /// The deepest nesting the fast path follows.
    static let maximumDepth = 64
    /// The most items of a `uniqueItems` array compared pairwise.
    static let maximumUniqueItems = 32

    /// JSON Schema type bits.
    private enum Kind {
        static let null: UInt8 = 1
        static let boolean: UInt8 = 2
        static let integer: UInt8 = 4
        static let number: UInt8 = 8
        static let string: UInt8 = 16
        static let array: UInt8 = 32
        static let object: UInt8 = 64
        static let all: UInt8 = 127
    }

    /// The fast path's view of one ``JSONSchemaNode``. A class so that reading it never copies its arrays.
    private final class Node: Sendable {
        let boolean: Bool?
        let ref: Int?
        /// The allowed kinds (``Kind`` bits); `integer` is also set where `number` is.
        let types: UInt8
        /// `enum`/`const` as strings' UTF-8; `hasOtherValues` when they list anything but strings.
        let enumStrings: [[UInt8]]?
        let constString: [UInt8]?
        /// ``enumStrings`` as a table: membership by one lookup instead of a comparison per value.
        let enumTable: ByteKeyTable?
        let hasOtherValues: Bool
        let minimum: Int64?
        let maximum: Int64?
        /// A bound that is not an exact integer: numbers are left to the exact check.
        let inexactBounds: Bool
        let minLength: Int?
        let maxLength: Int?
        let pattern: SchemaPattern?
        let format: JSONSchemaNode.Format?
        let anyOf: [Int]?
        /// When every alternative of ``anyOf`` asserts only a `format` (`ip`: IPv4 or IPv6): those formats, so that a
        /// string is checked against them in place.
        let anyOfFormats: [JSONSchemaNode.Format]?
        let hasOneOf: Bool
        let hasObjectKeywords: Bool
        let hasArrayKeywords: Bool
        /// Object schema: the listed properties, their nodes and stamp slots, the required slots; `nil` when the
        /// fast path cannot check objects here (a required name that is not a listed property).
        let properties: ByteKeyTable
        let propertyNodes: [Int]
        let firstSlot: Int
        let requiredSlots: [Int]?
        let items: Int?
        let minItems: Int?
        let maxItems: Int?
        let uniqueItems: Bool

        /// Whether a string value has more to meet than its type (stored: it is read for every string).
        let hasStringAssertions: Bool
        /// The node at `start` and the nodes its `$ref`s lead to, in order; `nil` when that chain is longer than 8
        /// (a schema too deep for the fast path, or a cycle).
        static func chain(from start: Int, in nodes: [Node]) -> [Node]? {
            var chain: [Node] = []
            var current: Int? = start
            while let index = current {
                guard chain.count < 8 else { return nil }
                chain.append(nodes[index])
                current = nodes[index].ref
            }
            return chain
        }

        /// Whether the node asserts nothing but its `$ref` (so its verdict on any value is the target's).
        var isOnlyReference: Bool {
            boolean == nil && types == Kind.all && enumStrings == nil && constString == nil && !hasOtherValues
                && minimum == nil && maximum == nil && !inexactBounds && !hasStringAssertions && anyOf == nil
                && !hasOneOf && !hasObjectKeywords && !hasArrayKeywords
        }

        /// Per listed property, its key as written (`"name":`) for ``KeyPrediction``.
        let spelledKeys: [SpelledKey]

        init(_ node: JSONSchemaNode, firstSlot: Int, in all: [JSONSchemaNode]) {
            boolean = node.boolean
            ref = node.ref
            var types = Kind.all
            if let names = node.types {
                types = 0
                for name in names {
                    switch name {
                    case "null": types |= Kind.null
                    case "boolean": types |= Kind.boolean
                    case "integer": types |= Kind.integer
                    case "number": types |= Kind.number | Kind.integer
                    case "string": types |= Kind.string
                    case "array": types |= Kind.array
                    case "object": types |= Kind.object
                    default: break
                    }
                }
            }
            self.types = types
            var others = false
            func string(_ value: JSONValue) -> [UInt8]? {
                guard case .string(let text) = value else {
                    others = true
                    return nil
                }
                return Array(text.utf8)
            }
            enumStrings = node.enumValues.map { $0.compactMap(string) }
            constString = node.constValue.flatMap(string)
            enumTable = node.enumValues.map { values in
                ByteKeyTable(
                    values.compactMap {
                        guard case .string(let text) = $0 else { return nil }
                        return text
                    })
            }
            hasOtherValues = others
            minimum = node.minimum?.exact
            maximum = node.maximum?.exact
            inexactBounds = (node.minimum != nil && minimum == nil) || (node.maximum != nil && maximum == nil)
            minLength = node.minLength
            maxLength = node.maxLength
            pattern = node.pattern
            format = node.format
            anyOf = node.anyOf
            anyOfFormats = node.anyOf.flatMap { alternatives in
                var formats: [JSONSchemaNode.Format] = []
                for index in alternatives {
                    let alternative = all[index]
                    guard let format = alternative.format, alternative.boolean == nil, alternative.types == nil,
                        alternative.properties.isEmpty, alternative.required.isEmpty,
                        alternative.additionalProperties == nil, alternative.items == nil,
                        alternative.enumValues == nil, alternative.constValue == nil, alternative.pattern == nil,
                        alternative.minimum == nil, alternative.maximum == nil, alternative.minLength == nil,
                        alternative.maxLength == nil, alternative.minItems == nil, alternative.maxItems == nil,
                        !alternative.uniqueItems, alternative.anyOf == nil, alternative.oneOf == nil,
                        alternative.ref == nil
                    else { return nil }
                    formats.append(format)
                }
                return formats
            }
            hasOneOf = node.oneOf != nil
            hasObjectKeywords = !node.properties.isEmpty || !node.required.isEmpty || node.additionalProperties != nil
            hasArrayKeywords =
                node.items != nil || node.minItems != nil || node.maxItems != nil || node.uniqueItems
            let names = node.properties.keys.sorted()
            properties = ByteKeyTable(names)
            propertyNodes = names.map { node.properties[$0]! }
            self.firstSlot = firstSlot
            var required: [Int]? = []
            for name in node.required {
                guard let position = names.firstIndex(of: name) else {
                    required = nil
                    break
                }
                required?.append(firstSlot + position)
            }
            requiredSlots = required
            items = node.items
            minItems = node.minItems
            maxItems = node.maxItems
            uniqueItems = node.uniqueItems
            hasStringAssertions =
                minLength != nil || maxLength != nil || pattern != nil || format != nil || enumStrings != nil
                || constString != nil
            spelledKeys = names.map(SpelledKey.init)
        }
    }

    /// A node whose check of a scalar needs only the scalar's kind (and an integer's bounds): the node and every
    /// node its `$ref`s reach have no boolean schema, `enum`, `const`, string assertion, `anyOf` or `oneOf`, and
    /// exact bounds. Most properties are such a `$ref` to a type (`keyword`, `long`, `port`), and reading this plain
    /// value costs no reference counting, unlike following ``Node``s.
    private struct PlainScalar {
        /// Whether ``types``, ``minimum`` and ``maximum`` decide the node; false: ``scalar(_:_:_:depth:)`` decides.
        var isPlain = false
        /// The kinds every node of the chain allows.
        var types = Kind.all
        /// Whether a node of the chain has a bound: numbers must then be exact integers within all of them.
        var hasBounds = false
        var minimum = Int64.min
        var maximum = Int64.max

        /// The summary of `start` and its `$ref` chain in `nodes` (not plain when the chain is longer than 8).
        init(_ start: Int, _ nodes: [Node]) {
            guard let chain = Node.chain(from: start, in: nodes) else { return }
            for node in chain {
                guard node.boolean == nil, !node.hasStringAssertions, !node.hasOtherValues, node.anyOf == nil,
                    !node.hasOneOf, !node.inexactBounds
                else { return }
                types &= node.types
                if let minimum = node.minimum {
                    hasBounds = true
                    self.minimum = max(self.minimum, minimum)
                }
                if let maximum = node.maximum {
                    hasBounds = true
                    self.maximum = min(self.maximum, maximum)
                }
            }
            isPlain = true
        }
    }

    /// What a node's chain (the node and its `$ref`s) asks of a string when it is only patterns and formats — the
    /// `ip` and `timestamp` types: at most one `pattern`, one `format` and one `anyOf` whose alternatives are each
    /// one `format`. Checked in place, without walking the chain and its alternatives as ``scalar(_:_:_:depth:)``
    /// does (most of the cost of an address). Anything else is not ``isSimple`` and left to that walk.
    private struct StringCheck {
        var isSimple = false
        /// Unretained: the node that holds it keeps it alive.
        var pattern: Unmanaged<SchemaPattern>?
        var format: JSONSchemaNode.Format?
        /// The formats of which one must hold (bit `n`: `JSONSchemaNode.Format.allCases[n]`), or 0.
        var alternatives: UInt8 = 0

        init(_ start: Int, _ nodes: [Node]) {
            guard let chain = Node.chain(from: start, in: nodes) else { return }
            for node in chain {
                guard node.boolean == nil, node.types & Kind.string != 0, node.enumStrings == nil,
                    node.constString == nil, !node.hasOtherValues, node.minLength == nil, node.maxLength == nil,
                    !node.hasOneOf
                else { return }
                if let pattern = node.pattern {
                    guard self.pattern == nil else { return }
                    self.pattern = Unmanaged.passUnretained(pattern)
                }
                if let format = node.format {
                    guard self.format == nil else { return }
                    self.format = format
                }
                if node.anyOf != nil {
                    guard alternatives == 0, let formats = node.anyOfFormats, !formats.isEmpty else { return }
                    for format in formats {
                        alternatives |= 1 << UInt8(JSONSchemaNode.Format.allCases.firstIndex(of: format)!)
                    }
                }
            }
            isSimple = true
        }

        /// Whether an unescaped string's `bytes` pass (``isSimple`` only).
        @inline(__always)
        func accepts(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if let pattern, !pattern._withUnsafeGuaranteedRef({ $0.matches(inBytes: bytes) }) { return false }
            if let format, !JSONFastSchema.isValid(bytes, format: format) { return false }
            guard alternatives != 0 else { return true }
            for (position, format) in JSONSchemaNode.Format.allCases.enumerated()
            where alternatives & 1 << UInt8(position) != 0 && JSONFastSchema.isValid(bytes, format: format) {
                return true
            }
            return false
        }
    }

    private let nodes: [Node]
    /// ``nodes`` unretained (``nodes`` keeps them alive): the hot functions borrow a node from here instead of
    /// retaining and releasing it at every value.
    private let nodeReferences: [Unmanaged<Node>]
    /// ``PlainScalar`` of each node.
    private let plainScalars: [PlainScalar]
    /// For each node, the node that decides its scalars: the end of its chain of nodes that are only a `$ref`
    /// (`"source": {"ip": {"$ref": "#/$defs/ip"}}` → the `ip` definition), so that every property of one type shares
    /// one ``StringVerdictMemo`` entry.
    private let checkedNode: [Int]
    /// ``StringCheck`` of each node.
    private let stringChecks: [StringCheck]
    private let root: Int
    /// For each node: the node holding the object keywords for an object value there (following `$ref`), or -1
    /// when the fast path cannot check an object there.
    private let objectShape: [Int]
    /// The same for arrays.
    private let arrayShape: [Int]
    private let slotCount: Int

    /// The reusable state of ``accepts(_:_:)`` for one validation run.
    struct State {
        /// Per property slot, the object visit that last used it (duplicate keys, required properties).
        fileprivate var stamps: [UInt64]
        fileprivate var visit: UInt64 = 0
        /// The string items of the `uniqueItems` arrays open, as byte ranges.
        var items: [Range<Int>] = []
        /// For ``acceptsByShape(_:count:_:)``: the `uniqueItems` array of each of ``items``.
        var itemGroups: [UInt8] = []
        /// The key orders seen last (``KeyPrediction``).
        fileprivate var prediction: KeyPrediction
        /// The string values each node accepted last.
        var memo: StringVerdictMemo
        /// The shapes of the records accepted so far (``RecordShapes``).
        let shapes = RecordShapes()
        /// Whether the walk notes each scalar value in ``recorded``, to add the record to ``shapes`` if it passes.
        var isRecording = false
        /// The scalar values of the record walked, in order.
        var recorded: [RecordShapes.Value] = []
        /// The `uniqueItems` arrays of the record walked so far.
        var uniqueArrays: UInt8 = 0
    }

    /// A fresh state for one validation run.
    func makeState() -> State {
        State(
            stamps: Array(repeating: 0, count: slotCount),
            prediction: KeyPrediction(slotCount: slotCount, nodeCount: nodes.count),
            memo: StringVerdictMemo(nodeCount: nodes.count))
    }

    init(_ schema: JSONSchema) {
        var nodes: [Node] = []
        var slot = 0
        for node in schema.nodes {
            nodes.append(Node(node, firstSlot: slot, in: schema.nodes))
            slot += node.properties.count
        }
        slotCount = slot
        root = schema.root
        // The chain a container value is checked against: the node and what its `$ref`s point to. One link may hold
        // the container keywords; the others may only narrow the type. Anything else is left to the exact check.
        func shape(_ start: Int, object: Bool) -> Int {
            var shape = -1
            var current: Int? = start
            var links = 0
            while let index = current {
                links += 1
                guard links <= 8 else { return -1 }
                let node = nodes[index]
                if let boolean = node.boolean {
                    guard boolean else { return -1 }
                    current = nil
                    continue
                }
                guard node.types & (object ? Kind.object : Kind.array) != 0, node.enumStrings == nil,
                    node.constString == nil, !node.hasOtherValues, node.anyOf == nil, !node.hasOneOf
                else { return -1 }
                if object ? node.hasObjectKeywords : node.hasArrayKeywords {
                    guard shape < 0 else { return -1 }
                    shape = index
                }
                current = node.ref
            }
            if object, shape >= 0, nodes[shape].requiredSlots == nil { return -1 }
            return shape
        }
        plainScalars = nodes.indices.map { PlainScalar($0, nodes) }
        checkedNode = nodes.indices.map { start in
            var index = start
            for _ in 0..<8 {
                let node = nodes[index]
                guard let ref = node.ref, node.isOnlyReference else { break }
                index = ref
            }
            return index
        }
        stringChecks = nodes.indices.map { StringCheck($0, nodes) }
        objectShape = nodes.indices.map { shape($0, object: true) }
        arrayShape = nodes.indices.map { shape($0, object: false) }
        self.nodes = nodes
        nodeReferences = nodes.map { Unmanaged.passUnretained($0) }
    }

    /// Whether `line` is a record the exact check passes without an issue (see the type's contract).
    func accepts(_ line: UnsafeBufferPointer<UInt8>, _ state: inout State) -> Bool {
        guard let base = line.baseAddress else { return false }
        if acceptsByShape(base, count: line.count, &state) { return true }
        // A shape not seen yet: the full walk, noting the values so that the shape is kept if the record passes.
        state.isRecording = line.count < Int(Int32.max) && !state.shapes.isFull
        state.recorded.removeAll(keepingCapacity: true)
        state.uniqueArrays = 0
        var reader = Reader(base: base, count: line.count)
        reader.skipWhitespace()
        guard reader.peek == UInt8(ascii: "{"), object(root, &reader, &state, depth: 1) else { return false }
        reader.skipWhitespace()
        guard reader.index == reader.count else { return false }
        if state.isRecording { state.shapes.insert(base, count: line.count, values: state.recorded) }
        return true
    }

    // MARK: - Values

    private func value(_ node: Int, _ reader: inout Reader, _ state: inout State, depth: Int) -> Bool {
        switch reader.peek {
        case UInt8(ascii: "{"): return object(node, &reader, &state, depth: depth + 1)
        case UInt8(ascii: "["): return array(node, &reader, &state, depth: depth + 1)
        case UInt8(ascii: "\""):
            let start = reader.index
            guard let token = reader.string() else { return false }
            let plain = plainScalars[node]
            if plain.isPlain {
                // Any string passes here: a shape need not call back for it either.
                if state.isRecording { state.note(start, reader.index, node, .plainString, group: 0) }
                return plain.types & Kind.string != 0
            }
            if state.isRecording { state.note(start, reader.index, node, .string, group: 0) }
            return acceptsString(node, token, reader, &state)
        case UInt8(ascii: "t"):
            return reader.literal("true") && scalar(node, .boolean, reader.base, depth: 0)
        case UInt8(ascii: "f"):
            return reader.literal("false") && scalar(node, .boolean, reader.base, depth: 0)
        case UInt8(ascii: "n"):
            return reader.literal("null") && scalar(node, .null, reader.base, depth: 0)
        default:
            let start = reader.index
            guard let number = reader.number() else { return false }
            if state.isRecording { state.note(start, reader.index, node, .number, group: 0) }
            return scalar(node, number, reader.base, depth: 0)
        }
    }

    private func object(_ node: Int, _ reader: inout Reader, _ state: inout State, depth: Int) -> Bool {
        let shapeIndex = objectShape[node]
        guard depth <= Self.maximumDepth, shapeIndex >= 0 else { return false }
        return nodeReferences[shapeIndex]._withUnsafeGuaranteedRef {
            object(shape: $0, shapeIndex, &reader, &state, depth: depth)
        }
    }

    /// ``object(_:_:_:depth:)`` with its shape, borrowed.
    private func object(shape: Node, _ shapeIndex: Int, _ reader: inout Reader, _ state: inout State, depth: Int)
        -> Bool
    {
        state.visit &+= 1
        let visit = state.visit
        reader.index += 1  // {
        reader.skipWhitespace()
        if reader.peek == UInt8(ascii: "}") {
            reader.index += 1
        } else {
            var predicted = state.prediction.firstKey(of: shapeIndex)
            var previousSlot = -1
            while true {
                // The key the previous record had here, when these bytes spell it (then it is a listed, unescaped
                // key followed by its colon); otherwise the key read and looked up, and remembered for the next.
                let position: Int
                if predicted >= 0,
                    shape.spelledKeys[predicted].isSpelled(
                        at: reader.base + reader.index,
                        available: reader.count - reader.index)
                {
                    position = predicted
                    reader.index += shape.spelledKeys[predicted].length
                } else {
                    guard reader.peek == UInt8(ascii: "\""), let key = reader.string(), !key.escaped,
                        let found = shape.properties.index(
                            of: UnsafeBufferPointer(start: reader.base + key.start, count: key.end - key.start))
                    else { return false }
                    reader.skipWhitespace()
                    guard reader.peek == UInt8(ascii: ":") else { return false }
                    reader.index += 1
                    position = found
                    state.prediction.remember(position, after: previousSlot, in: shapeIndex)
                }
                let slot = shape.firstSlot + position
                guard state.stamps[slot] != visit else { return false }  // a duplicate key
                state.stamps[slot] = visit
                previousSlot = slot
                predicted = state.prediction.key(after: slot)
                reader.skipWhitespace()
                guard value(shape.propertyNodes[position], &reader, &state, depth: depth) else { return false }
                reader.skipWhitespace()
                let separator = reader.peek
                reader.index += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { return false }
                reader.skipWhitespace()
            }
        }
        if let required = shape.requiredSlots {
            for slot in required where state.stamps[slot] != visit { return false }
        }
        return true
    }

    private func array(_ node: Int, _ reader: inout Reader, _ state: inout State, depth: Int) -> Bool {
        let shapeIndex = arrayShape[node]
        guard depth <= Self.maximumDepth, shapeIndex >= 0 else { return false }
        return nodeReferences[shapeIndex]._withUnsafeGuaranteedRef {
            array(shape: $0, &reader, &state, depth: depth)
        }
    }

    /// ``array(_:_:_:depth:)`` with its shape, borrowed.
    private func array(shape: Node, _ reader: inout Reader, _ state: inout State, depth: Int) -> Bool {
        let itemNode = shape.items
        reader.index += 1  // [
        reader.skipWhitespace()
        var count = 0
        let firstItem = state.items.count
        var group: UInt8 = 0
        if shape.uniqueItems, state.isRecording {
            // Items of one such array must differ: a shape keeps which array each belongs to.
            if state.uniqueArrays == UInt8.max { state.isRecording = false }
            state.uniqueArrays &+= 1
            group = state.uniqueArrays
        }
        defer { if shape.uniqueItems { state.items.removeLast(state.items.count - firstItem) } }
        if reader.peek == UInt8(ascii: "]") {
            reader.index += 1
        } else {
            while true {
                if shape.uniqueItems {
                    // Only ASCII strings without escapes: then distinct bytes mean distinct values.
                    let start = reader.index
                    guard reader.peek == UInt8(ascii: "\""), let token = reader.string(), !token.escaped,
                        !token.nonASCII, count < Self.maximumUniqueItems,
                        itemNode.map({ acceptsString($0, token, reader, &state) }) ?? true
                    else { return false }
                    let item = UnsafeBufferPointer(start: reader.base + token.start, count: token.end - token.start)
                    for earlier in state.items[firstItem...] where earlier.count == item.count {
                        if UnsafeBufferPointer(start: reader.base + earlier.lowerBound, count: earlier.count)
                            .elementsEqual(item)
                        {
                            return false
                        }
                    }
                    state.items.append(token.start..<token.end)
                    if state.isRecording { state.note(start, reader.index, itemNode ?? -1, .string, group: group) }
                } else if let itemNode {
                    guard value(itemNode, &reader, &state, depth: depth) else { return false }
                } else {
                    return false  // items without a schema: left to the exact check
                }
                count += 1
                reader.skipWhitespace()
                let separator = reader.peek
                reader.index += 1
                if separator == UInt8(ascii: "]") { break }
                guard separator == UInt8(ascii: ",") else { return false }
                reader.skipWhitespace()
            }
        }
        if let minItems = shape.minItems, count < minItems { return false }
        if let maxItems = shape.maxItems, count > maxItems { return false }
        return true
    }

    // MARK: - Scalars

    /// ``scalar(_:_:_:depth:)`` of a string token, asking ``State/memo`` first and telling it what passed.
    @inline(__always)
    func acceptsString(_ node: Int, _ token: Reader.StringToken, _ reader: Reader, _ state: inout State) -> Bool {
        let base = reader.base
        let plain = plainScalars[node]
        if plain.isPlain { return plain.types & Kind.string != 0 }
        let bytes = UnsafeBufferPointer(start: base + token.start, count: token.end - token.start)
        let checked = checkedNode[node]
        if state.memo.contains(bytes, readable: reader.count - token.start, node: checked) { return true }
        let check = stringChecks[checked]
        let accepted =
            check.isSimple ? !token.escaped && check.accepts(bytes) : scalar(checked, .string(token), base, depth: 0)
        guard accepted else { return false }
        state.memo.remember(bytes, readable: reader.count - token.start, node: checked)
        return true
    }

    func scalar(_ index: Int, _ token: Token, _ base: UnsafePointer<UInt8>, depth: Int) -> Bool {
        let plain = plainScalars[index]
        if plain.isPlain {
            // What the code below decides for such a chain, without following it.
            switch token {
            case .null: return plain.types & Kind.null != 0
            case .boolean: return plain.types & Kind.boolean != 0
            case .string: return plain.types & Kind.string != 0
            case .number(let exact, let integer):
                guard plain.types & (integer ? Kind.integer : Kind.number) != 0 else { return false }
                guard plain.hasBounds else { return true }
                guard let exact else { return false }
                return exact >= plain.minimum && exact <= plain.maximum
            }
        }
        return nodeReferences[index]._withUnsafeGuaranteedRef { scalar(node: $0, token, base, depth: depth) }
    }

    /// ``scalar(_:_:_:depth:)`` with its node, borrowed.
    private func scalar(node: Node, _ token: Token, _ base: UnsafePointer<UInt8>, depth: Int) -> Bool {
        if let boolean = node.boolean { return boolean }
        guard depth < 16 else { return false }
        if let ref = node.ref, !scalar(ref, token, base, depth: depth + 1) { return false }
        switch token {
        case .null:
            guard node.types & Kind.null != 0, node.enumStrings == nil, node.constString == nil, !node.hasOtherValues
            else { return false }
        case .boolean:
            guard node.types & Kind.boolean != 0, node.enumStrings == nil, node.constString == nil,
                !node.hasOtherValues
            else { return false }
        case .number(let exact, let integer):
            guard node.types & (integer ? Kind.integer : Kind.number) != 0, node.enumStrings == nil,
                node.constString == nil, !node.hasOtherValues
            else { return false }
            if node.minimum != nil || node.maximum != nil || node.inexactBounds {
                guard let exact, !node.inexactBounds else { return false }
                if let minimum = node.minimum, exact < minimum { return false }
                if let maximum = node.maximum, exact > maximum { return false }
            }
        case .string(let string):
            guard node.types & Kind.string != 0 else { return false }
            if node.hasStringAssertions || node.hasOtherValues {
                guard !string.escaped, !node.hasOtherValues else { return false }
                let bytes = UnsafeBufferPointer(start: base + string.start, count: string.end - string.start)
                if let allowed = node.enumTable, allowed.index(of: bytes) == nil {
                    return false
                }
                if let constant = node.constString, !CleanText.equal(bytes, constant) { return false }
                if node.minLength != nil || node.maxLength != nil {
                    let length = string.nonASCII ? CleanText.scalarCount(bytes) : bytes.count
                    if let minLength = node.minLength, length < minLength { return false }
                    if let maxLength = node.maxLength, length > maxLength { return false }
                }
                if let pattern = node.pattern, !pattern.matches(inBytes: bytes) { return false }
                if let format = node.format, !Self.isValid(bytes, format: format) { return false }
            }
        }
        if node.hasOneOf { return false }
        if let alternatives = node.anyOf {
            if case .string(let string) = token, let formats = node.anyOfFormats {
                // What the alternatives' checks decide, without a call per alternative.
                guard !string.escaped else { return false }
                let bytes = UnsafeBufferPointer(start: base + string.start, count: string.end - string.start)
                return formats.contains { Self.isValid(bytes, format: $0) }
            }
            guard alternatives.contains(where: { scalar($0, token, base, depth: depth + 1) }) else { return false }
        }
        return true
    }
}

extension JSONFastSchema {
    /// Whether an unescaped string's `bytes` are valid in `format`.
    @inline(__always)
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, format: JSONSchemaNode.Format) -> Bool {
        switch format {
        case .dateTime: TimestampSyntax.isRFC3339(bytes: bytes, utcOnly: false)
        case .ipv4: AddressSyntax.isIPv4(bytes[...])
        case .ipv6: AddressSyntax.isIPv6(bytes[...])
        }
    }

    /// A scalar token of ``JSONFastSchema``: the kind and where its bytes are.
    enum Token {
        case null
        case boolean
        case string(Reader.StringToken)
        /// A number; `exact` when it is an integer literal (of at most 18 digits, so it fits).
        case number(exact: Int64?, integer: Bool)
    }

    /// The byte reader of ``JSONFastSchema``: RFC 8259 tokens as ``JSONParser`` reads them, or `nil` for anything the
    /// parser would refuse or the fast path does not judge.
    struct Reader {
        let base: UnsafePointer<UInt8>
        let count: Int
        var index = 0

        init(base: UnsafePointer<UInt8>, count: Int) {
            self.base = base
            self.count = count
        }

        /// The byte at ``index``, or 0 at the end (0 is never valid between tokens).
        var peek: UInt8 { index < count ? base[index] : 0 }

        @inline(__always)
        mutating func skipWhitespace() {
            while index < count {
                let byte = base[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        /// Where a string's content is (between the quotes) and what it holds.
        struct StringToken {
            var start: Int
            var end: Int
            var escaped: Bool
            var nonASCII: Bool
        }

        /// Reads a string from its opening quote (at ``index``) past its closing quote.
        @inline(__always)
        mutating func string() -> StringToken? {
            index &+= 1
            // Most strings are plain up to their closing quote: that case stays small enough to inline everywhere;
            // escapes and non-ASCII go on in `rest(of:)`.
            let start = index
            let special = ByteScan.firstStringSpecial(in: base, from: start, to: count)
            guard special < count else { return nil }
            index = special
            guard base[special] == UInt8(ascii: "\"") else {
                return rest(of: StringToken(start: start, end: start, escaped: false, nonASCII: false))
            }
            index = special &+ 1
            return StringToken(start: start, end: special, escaped: false, nonASCII: false)
        }

        /// ``string()`` from the first byte at ``index`` that is not plain text, `token` holding what was read.
        @inline(never)
        private mutating func rest(of token: StringToken) -> StringToken? {
            var token = token
            while true {
                // To the first byte that is not plain text (see there); the switch below judges it.
                index = ByteScan.firstStringSpecial(in: base, from: index, to: count)
                guard index < count else { return nil }
                let byte = base[index]
                switch byte {
                case UInt8(ascii: "\""):
                    token.end = index
                    index += 1
                    return token
                case UInt8(ascii: "\\"):
                    guard index + 1 < count else { return nil }
                    token.escaped = true
                    switch base[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    case UInt8(ascii: "u"):
                        guard index + 6 <= count else { return nil }
                        var value: UInt32 = 0
                        for offset in 2..<6 {
                            let digit = base[index + offset]
                            guard AddressSyntax.isHexDigit(digit) else { return nil }
                            value = value << 4 | UInt32(digit <= UInt8(ascii: "9") ? digit - 48 : (digit | 0x20) - 87)
                        }
                        guard !(0xD800...0xDFFF).contains(value) else { return nil }  // surrogates: the parser judges
                        index += 6
                    default:
                        return nil
                    }
                case 0..<0x20:
                    return nil
                case 0x80...:
                    let length = UTF8Check.sequenceLength(UnsafeBufferPointer(start: base, count: count), at: index)
                    guard length > 0 else { return nil }
                    token.nonASCII = true
                    index += length
                default:
                    index += 1
                }
            }
        }

        /// Reads `true`, `false` or `null`.
        mutating func literal(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= count else { return false }
            for offset in 0..<length where base[index + offset] != word.utf8Start[offset] { return false }
            index += length
            return true
        }

        /// Reads a number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`; an exponent, or more than 18 integer digits, is `nil`.
        @inline(__always)
        mutating func number() -> Token? {
            var negative = false
            if peek == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            let digitsStart = index
            var value: Int64 = 0
            while index < count, AddressSyntax.isDigit(base[index]) {
                value = value &* 10 &+ Int64(base[index] &- 48)
                index += 1
            }
            let digits = index - digitsStart
            guard digits > 0, digits <= 18, digits == 1 || base[digitsStart] != UInt8(ascii: "0") else { return nil }
            var integer = true
            if peek == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < count, AddressSyntax.isDigit(base[index]) { index += 1 }
                guard index > fractionStart else { return nil }
                integer = false
            }
            if peek | 0x20 == UInt8(ascii: "e") { return nil }
            return integer
                ? .number(exact: negative ? -value : value, integer: true) : .number(exact: nil, integer: false)
        }
    }
}
