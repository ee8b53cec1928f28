/// The content model of kerio-siem's XSD compiled for ``XMLFastPath``: the record element, the `xs:sequence` of every
/// complex type, and the checks of every simple type, as plain arrays of bytes and numbers.
///
/// Contract: ``init(xsd:)`` succeeds only when every construct of the schema is one the model represents exactly
/// (listed below); for anything else it returns `nil` and the validator uses libxml2 alone. So the model never accepts
/// more than the schema, which is what lets the fast path vouch for records (see ``XMLFastPath``). Supported:
/// - one global element `events` in namespace ``namespace`` (`elementFormDefault="qualified"`), whose anonymous type
///   is a sequence of one element (the record, `minOccurs="0" maxOccurs="unbounded"`, complex) and the attribute
///   `version` (`xs:string`, required, fixed `1`) — exactly what ``XMLFastPath/canonicalProlog`` carries;
/// - complex types (named or anonymous) that are one `xs:sequence` of `xs:element`s with distinct names, each
///   `minOccurs` 0/1 and `maxOccurs` 1/`unbounded`, typed by a `type` reference or an anonymous type;
/// - simple types restricting `xs:string` (`xs:enumeration`s, one `xs:pattern`), `xs:long` (`xs:minInclusive`,
///   `xs:maxInclusive`) or `xs:dateTime` (one `xs:pattern`), and those three built-ins used directly;
/// - patterns in the syntax XSD and ``PatternCompiler`` read alike over ASCII (``isPortable(pattern:)``).
///
/// Why distinct names: a sequence is then matched greedily with no look-ahead, exactly as its automaton would.
struct XMLFastSchema: Sendable {
    /// The namespace of the root and of every record element (``XMLFastPath/canonicalProlog`` declares it).
    static let namespace = "urn:kerio-siem:events:1"
    /// The XML Schema namespace.
    static let xsdNamespace = "http://www.w3.org/2001/XMLSchema"
    /// The root element's name.
    static let rootName = "events"

    /// The built-in type a simple type restricts.
    enum Base: Sendable {
        case string, long, dateTime
    }

    /// The checks of one simple type, applied to an element's text after references are decoded.
    struct SimpleType: Sendable {
        var base: Base
        /// The allowed values exactly (XSD compares `xs:string` values without normalising white space); empty when
        /// the type has no enumeration.
        var enumeration: [[UInt8]] = []
        /// The anchored pattern's automaton, if the type has a pattern.
        var pattern: PatternDFA?
        var minimum = Int64.min
        var maximum = Int64.max

        /// Whether any XML text is a valid value (an unrestricted `xs:string`): then only the characters are checked.
        var acceptsAnyText: Bool { base == .string && enumeration.isEmpty && pattern == nil }

        /// Whether `value`, plain ASCII text (no reference, line break or non-ASCII byte, so its bytes are its
        /// value), is valid: in the enumeration, matching the pattern, an `xs:long` in range or an `xs:dateTime`
        /// (``XMLFastPath/long(_:)``, ``XMLFastPath/isDateTime(_:)``: both stricter than XSD, never looser).
        func accepts(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
            switch base {
            case .string:
                if !enumeration.isEmpty && !enumeration.contains(where: { $0.elementsEqual(value) }) { return false }
            case .long:
                guard let number = XMLFastPath.long(value), number >= minimum, number <= maximum else { return false }
            case .dateTime:
                guard XMLFastPath.isDateTime(value) else { return false }
            }
            // Optional chaining reads the automaton in place (binding it would copy, retaining its tables).
            guard let matched = pattern?.matches(value) else { return true }
            return matched == true
        }
    }

    /// One `xs:element` of a sequence.
    struct Particle: Sendable {
        /// The local name, as its tags spell it.
        var name: [UInt8]
        /// `minOccurs="1"` (the default).
        var required: Bool
        /// `maxOccurs="unbounded"`; otherwise at most once.
        var repeats: Bool
        /// The index in ``groups`` of its content model when the element is complex, else -1.
        var group: Int
        /// The index in ``simpleTypes`` of its type when the element is simple, else -1.
        var simpleType: Int
    }

    /// The sequences of the complex types, by index.
    private(set) var groups: [[Particle]] = []
    /// The simple types, by index.
    private(set) var simpleTypes: [SimpleType] = []
    /// The record element's name (`event`).
    private(set) var recordName: [UInt8] = []
    /// The index in ``groups`` of the record's content.
    private(set) var recordGroup = -1

    /// The model of the XSD text `xsd`, or `nil` when it holds anything the model does not represent exactly.
    init?(xsd: [UInt8]) {
        guard let root = XSDTree.read(xsd) else { return nil }
        var compiler = Compiler()
        guard compiler.compile(root) else { return nil }
        groups = compiler.groups
        simpleTypes = compiler.simpleTypes
        recordName = compiler.recordName
        recordGroup = compiler.recordGroup
    }

    /// Whether XSD regular-expression syntax (implicitly anchored) and ``PatternCompiler`` (wrapped in `^(?:…)$`)
    /// mean the same set of ASCII strings for `pattern`: literals of printable ASCII, `\` before a metacharacter,
    /// positive classes of literals and ranges, groups without `?`, `|`, and one quantifier (`?*+{m,n}`) per atom.
    /// Refused: `.`, `^`, `$` (anchors in one, literals in the other), class escapes such as `\d` (Unicode in XSD),
    /// negated classes and class subtraction. Why: the fast path may only accept what libxml2 accepts.
    static func isPortable(pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        let metacharacters = Set(".\\-^$?*+{}()[]|".utf8)
        func isLiteral(_ byte: UInt8) -> Bool {
            byte >= 0x20 && byte < 0x7F && !metacharacters.contains(byte)
        }
        var index = 0
        var depth = 0
        var canRepeat = false  // an atom was just read
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count, metacharacters.contains(bytes[index + 1]) else { return false }
                index += 2
                canRepeat = true
            case UInt8(ascii: "["):
                index += 1
                var members = 0
                while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                    guard isLiteral(bytes[index]) else { return false }
                    if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                        guard isLiteral(bytes[index + 2]), bytes[index] <= bytes[index + 2] else { return false }
                        index += 3
                    } else {
                        index += 1
                    }
                    members += 1
                }
                guard index < bytes.count, members > 0 else { return false }
                index += 1
                canRepeat = true
            case UInt8(ascii: "("):
                guard index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "?") else { return false }
                depth += 1
                index += 1
                canRepeat = false
            case UInt8(ascii: ")"):
                depth -= 1
                guard depth >= 0 else { return false }
                index += 1
                canRepeat = true
            case UInt8(ascii: "|"):
                index += 1
                canRepeat = false
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                guard canRepeat else { return false }
                index += 1
                canRepeat = false
            case UInt8(ascii: "{"):
                guard canRepeat else { return false }
                index += 1
                var digits = 0
                var commas = 0
                while index < bytes.count, bytes[index] != UInt8(ascii: "}") {
                    if bytes[index] == UInt8(ascii: ",") {
                        guard digits > 0, commas == 0 else { return false }
                        commas += 1
                    } else {
                        guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return false }
                        digits += 1
                    }
                    index += 1
                }
                guard index < bytes.count, digits > 0 else { return false }
                index += 1
                canRepeat = false
            default:
                // '-' is an ordinary character outside a class in both syntaxes.
                guard isLiteral(byte) || byte == UInt8(ascii: "-") else { return false }
                index += 1
                canRepeat = true
            }
        }
        return depth == 0
    }

    /// Walks the XSD tree, building groups and simple types; every method returns `nil`/false on anything outside
    /// the supported subset.
    private struct Compiler {
        var groups: [[Particle]] = []
        var simpleTypes: [SimpleType] = []
        var recordName: [UInt8] = []
        var recordGroup = -1
        /// The prefix bound to the XML Schema namespace, with its colon (`xs:`).
        var xs = ""
        /// The prefix bound to the target namespace, with its colon (`k:`).
        var target = ""
        var namedComplex: [String: XSDTree] = [:]
        var namedSimple: [String: XSDTree] = [:]
        /// Named complex types already compiled (or being compiled), to their group index.
        var complexIndex: [String: Int] = [:]
        var simpleIndex: [String: Int] = [:]

        /// Whether `node`'s attribute names are all in `allowed`.
        func only(_ node: XSDTree, _ allowed: Set<String>) -> Bool {
            node.attributes.allSatisfy { allowed.contains($0.name) }
        }

        mutating func compile(_ root: XSDTree) -> Bool {
            guard let colon = root.name.firstIndex(of: ":") else { return false }
            xs = String(root.name[...colon])
            guard root.name == xs + "schema", root.attribute("xmlns:" + xs.dropLast()) == XMLFastSchema.xsdNamespace,
                root.attribute("targetNamespace") == XMLFastSchema.namespace,
                root.attribute("elementFormDefault") == "qualified"
            else { return false }
            for attribute in root.attributes {
                switch attribute.name {
                case "targetNamespace", "elementFormDefault", "xmlns:" + xs.dropLast(): continue
                default:
                    guard attribute.name.hasPrefix("xmlns:"), attribute.value == XMLFastSchema.namespace, target.isEmpty
                    else { return false }
                    target = String(attribute.name.dropFirst(6)) + ":"
                }
            }
            guard !target.isEmpty else { return false }
            var globalElements: [XSDTree] = []
            for child in root.children {
                switch child.name {
                case xs + "element": globalElements.append(child)
                case xs + "complexType", xs + "simpleType":
                    guard only(child, ["name"]), let name = child.attribute("name"),
                        namedComplex[name] == nil && namedSimple[name] == nil
                    else { return false }
                    if child.name == xs + "complexType" {
                        namedComplex[name] = child
                    } else {
                        namedSimple[name] = child
                    }
                default: return false
                }
            }
            guard globalElements.count == 1, let events = globalElements.first, only(events, ["name"]),
                events.attribute("name") == XMLFastSchema.rootName, events.children.count == 1,
                let type = events.children.first, type.name == xs + "complexType", type.attributes.isEmpty,
                type.children.count == 2
            else { return false }
            let sequence = type.children[0]
            let version = type.children[1]
            guard sequence.name == xs + "sequence", sequence.attributes.isEmpty, sequence.children.count == 1,
                version.name == xs + "attribute", version.children.isEmpty,
                version.attributes.count == 4, version.attribute("name") == "version",
                version.attribute("type") == xs + "string", version.attribute("use") == "required",
                version.attribute("fixed") == "1"
            else { return false }
            guard let record = particle(sequence.children[0]), !record.required, record.repeats, record.group >= 0
            else { return false }
            recordName = record.name
            recordGroup = record.group
            return true
        }

        /// The particle of an `xs:element` inside a sequence.
        mutating func particle(_ node: XSDTree) -> Particle? {
            guard node.name == xs + "element", only(node, ["name", "type", "minOccurs", "maxOccurs"]),
                let name = node.attribute("name"), !name.isEmpty, !name.contains(":")
            else { return nil }
            let required: Bool
            switch node.attribute("minOccurs") ?? "1" {
            case "0": required = false
            case "1": required = true
            default: return nil
            }
            let repeats: Bool
            switch node.attribute("maxOccurs") ?? "1" {
            case "1": repeats = false
            case "unbounded": repeats = true
            default: return nil
            }
            var result = Particle(
                name: Array(name.utf8), required: required, repeats: repeats, group: -1, simpleType: -1)
            if let type = node.attribute("type") {
                guard node.children.isEmpty else { return nil }
                if let builtIn = builtIn(type) {
                    result.simpleType = simpleTypes.count
                    simpleTypes.append(SimpleType(base: builtIn))
                } else if type.hasPrefix(target), case let local = String(type.dropFirst(target.count)) {
                    if let known = complexIndex[local] {
                        result.group = known
                    } else if let definition = namedComplex[local] {
                        let index = groups.count
                        groups.append([])
                        complexIndex[local] = index  // before its content, so a recursive type refers to itself
                        guard let content = sequence(of: definition) else { return nil }
                        groups[index] = content
                        result.group = index
                    } else if let known = simpleIndex[local] {
                        result.simpleType = known
                    } else if let definition = namedSimple[local], let simple = simpleType(definition) {
                        simpleIndex[local] = simpleTypes.count
                        result.simpleType = simpleTypes.count
                        simpleTypes.append(simple)
                    } else {
                        return nil
                    }
                } else {
                    return nil
                }
            } else {
                guard node.children.count == 1, let type = node.children.first, type.attributes.isEmpty else {
                    return nil
                }
                if type.name == xs + "complexType" {
                    let index = groups.count
                    groups.append([])
                    guard let content = sequence(of: type) else { return nil }
                    groups[index] = content
                    result.group = index
                } else if type.name == xs + "simpleType", let simple = simpleType(type) {
                    result.simpleType = simpleTypes.count
                    simpleTypes.append(simple)
                } else {
                    return nil
                }
            }
            return result
        }

        /// The particles of a complex type that is exactly one `xs:sequence` of elements with distinct names.
        mutating func sequence(of type: XSDTree) -> [Particle]? {
            guard type.children.count == 1, let sequence = type.children.first, sequence.name == xs + "sequence",
                sequence.attributes.isEmpty
            else { return nil }
            var particles: [Particle] = []
            for child in sequence.children {
                guard let particle = particle(child), !particles.contains(where: { $0.name == particle.name }) else {
                    return nil
                }
                particles.append(particle)
            }
            return particles
        }

        func builtIn(_ type: String) -> Base? {
            switch type {
            case xs + "string": .string
            case xs + "long": .long
            case xs + "dateTime": .dateTime
            default: nil
            }
        }

        /// A simple type: one `xs:restriction` of a supported built-in with supported facets.
        func simpleType(_ node: XSDTree) -> SimpleType? {
            guard node.children.count == 1, let restriction = node.children.first,
                restriction.name == xs + "restriction", only(restriction, ["base"]),
                let baseName = restriction.attribute("base"), let base = builtIn(baseName)
            else { return nil }
            var type = SimpleType(base: base)
            var hasPattern = false
            var hasMinimum = false
            var hasMaximum = false
            for facet in restriction.children {
                guard facet.children.isEmpty, facet.attributes.count == 1, let value = facet.attribute("value") else {
                    return nil
                }
                switch (facet.name, base) {
                case (xs + "enumeration", .string):
                    type.enumeration.append(Array(value.utf8))
                case (xs + "pattern", .string), (xs + "pattern", .dateTime):
                    guard !hasPattern, Self.isPortableSource(value),
                        let compiler = try? PatternCompiler(source: value, wholeMatch: true),
                        let automaton = PatternDFA(program: compiler.program, classes: compiler.classes)
                    else { return nil }
                    hasPattern = true
                    type.pattern = automaton
                case (xs + "minInclusive", .long):
                    guard !hasMinimum, let bound = Int64(value) else { return nil }
                    hasMinimum = true
                    type.minimum = bound
                case (xs + "maxInclusive", .long):
                    guard !hasMaximum, let bound = Int64(value) else { return nil }
                    hasMaximum = true
                    type.maximum = bound
                default:
                    return nil
                }
            }
            return type
        }

        static func isPortableSource(_ pattern: String) -> Bool { XMLFastSchema.isPortable(pattern: pattern) }
    }
}
