import Foundation
import KerioSIEM

/// Generates the three schemas in `Schemas/` from the field catalogue (``ECSField``) and the ECS 9.4.0 field list, so
/// they cannot drift from the exporters: `ECSFieldCatalogueTests` fails when a committed schema differs from what this
/// produces (re-record with `KERIO_SIEM_RECORD=1 swift test --filter ECSFieldCatalogue`).
enum ECSSchemaGenerator {
    // MARK: - What each field may hold

    /// The value constraint of one field (of each element, for list fields).
    enum Constraint {
        case keyword
        case text
        case long(minimum: Int64?, maximum: Int64?)
        case ip
        case timestamp
        case enumerated([String])
        case pattern(String)
    }

    static func constraint(_ field: ECSField) -> Constraint {
        let ecs = ECSFieldList.shared
        switch field {
        case .timestamp, .kerioSyslogTimestamp: return .timestamp
        // `signal` is reserved for alerts Kibana generates; an exporter must not emit it (ECS 9.4 reference, "Using the categorization fields").
        case .eventKind: return .enumerated(ecs["event.kind"]!.allowedValues.filter { $0 != "signal" })
        case .eventCategory: return .enumerated(ecs["event.category"]!.allowedValues)
        case .eventType: return .enumerated(ecs["event.type"]!.allowedValues)
        case .eventOutcome: return .enumerated(ecs["event.outcome"]!.allowedValues)
        case .eventModule: return .enumerated(["kerio_control"])
        case .eventDataset: return .enumerated(["kerio_control.security"])
        case .observerType: return .enumerated(["firewall"])
        case .networkType: return .enumerated(["ipv4", "ipv6"])
        case .syslogVersion: return .enumerated(["1"])
        case .networkIANANumber: return .pattern("[0-9]{1,3}")
        case .syslogPriority: return .long(minimum: 0, maximum: 191)
        case .syslogFacilityCode: return .long(minimum: 0, maximum: 23)
        case .syslogSeverityCode: return .long(minimum: 0, maximum: 7)
        case .sourcePort, .destinationPort: return .long(minimum: 0, maximum: 65535)
        case .eventSeverity: return .long(minimum: nil, maximum: nil)
        default:
            switch field.type {
            case .keyword: return .keyword
            case .matchOnlyText: return .text
            case .long: return .long(minimum: field.isCustom ? 0 : nil, maximum: nil)
            case .ip: return .ip
            case .date: return .timestamp
            }
        }
    }

    /// IPv4 dotted decimal without leading zeros, in the regex dialect XML Schema, Frictionless and ECMA-262 share.
    static let ipv4Pattern =
        "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    /// IPv6 text forms (hex groups with `::`, optionally ending in dotted IPv4). Looser than RFC 4291 (it does not
    /// count groups exactly); the JSON Schema adds `format: ipv6`, and the exporter checks strictly.
    static let ipv6Pattern =
        "[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){1,5}:"
        + ipv4Pattern
    static let ipPattern = "(" + ipv4Pattern + ")|(" + ipv6Pattern + ")"
    static let timestampPattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z"

    // MARK: - The field tree

    /// A JSON object / XML element of the nesting, or a leaf field.
    final class Node {
        let name: String
        var children: [Node] = []
        var field: ECSField?

        init(name: String) { self.name = name }

        /// Whether every record carries this subtree.
        var isAlwaysPresent: Bool { field?.isAlwaysPresent ?? children.contains { $0.isAlwaysPresent } }
    }

    static var tree: Node {
        let root = Node(name: "")
        for field in ECSField.allCases {
            var node = root
            for segment in "\(field.name)".split(separator: ".").map(String.init) {
                if let child = node.children.last, child.name == segment {
                    node = child
                } else {
                    let child = Node(name: segment)
                    node.children.append(child)
                    node = child
                }
            }
            node.field = field
        }
        return root
    }

    // MARK: - JSON Schema (draft 2020-12, the subset our validator implements)

    static func jsonSchema() -> String {
        func element(_ field: ECSField) -> OrderedJSON {
            switch constraint(field) {
            case .keyword: return .object([("$ref", .string("#/$defs/keyword"))])
            case .text: return .object([("$ref", .string("#/$defs/text"))])
            case .ip: return .object([("$ref", .string("#/$defs/ip"))])
            case .timestamp: return .object([("$ref", .string("#/$defs/timestamp"))])
            case .long(let minimum, let maximum):
                if minimum == 0, maximum == 65535 { return .object([("$ref", .string("#/$defs/port"))]) }
                if minimum == 0, maximum == nil { return .object([("$ref", .string("#/$defs/count"))]) }
                var members: [(String, OrderedJSON)] = [("type", .string("integer"))]
                if let minimum { members.append(("minimum", .integer(minimum))) }
                if let maximum { members.append(("maximum", .integer(maximum))) }
                return .object(members)
            case .enumerated(let values):
                if values.count == 1 { return .object([("const", .string(values[0]))]) }
                return .object([("type", .string("string")), ("enum", .array(values.map(OrderedJSON.string)))])
            case .pattern(let pattern):
                return .object([("type", .string("string")), ("pattern", .string("^" + pattern + "$"))])
            }
        }
        func schema(_ node: Node) -> OrderedJSON {
            if let field = node.field {
                guard field.isList else { return element(field) }
                return .object([
                    ("type", .string("array")), ("items", element(field)), ("minItems", .integer(1)),
                    ("uniqueItems", .bool(true)),
                ])
            }
            var members: [(String, OrderedJSON)] = [("type", .string("object"))]
            let required = node.children.filter(\.isAlwaysPresent).map { OrderedJSON.string($0.name) }
            if !required.isEmpty { members.append(("required", .array(required))) }
            members.append(("additionalProperties", .bool(false)))
            members.append(("properties", .object(node.children.map { ($0.name, schema($0)) })))
            return .object(members)
        }
        guard case .object(let body) = schema(tree) else { return "" }
        let defs: OrderedJSON = .object([
            ("keyword", .object([("description", .string("ECS keyword")), ("type", .string("string"))])),
            ("text", .object([("description", .string("ECS match_only_text")), ("type", .string("string"))])),
            ("long", .object([("description", .string("ECS long")), ("type", .string("integer"))])),
            (
                "count",
                .object([
                    ("description", .string("a non-negative long (lengths, sequence numbers, counts)")),
                    ("type", .string("integer")), ("minimum", .integer(0)),
                ])
            ),
            (
                "port",
                .object([
                    ("description", .string("a TCP/UDP port")), ("type", .string("integer")), ("minimum", .integer(0)),
                    ("maximum", .integer(65535)),
                ])
            ),
            (
                "ip",
                .object([
                    ("description", .string("ECS ip: an IPv4 or IPv6 literal, never a host name")),
                    ("type", .string("string")), ("pattern", .string("^(" + ipPattern + ")$")),
                    (
                        "anyOf",
                        .array([.object([("format", .string("ipv4"))]), .object([("format", .string("ipv6"))])])
                    ),
                ])
            ),
            (
                "timestamp",
                .object([
                    ("description", .string("ECS date: RFC 3339 UTC with milliseconds")), ("type", .string("string")),
                    ("format", .string("date-time")), ("pattern", .string("^" + timestampPattern + "$")),
                ])
            ),
        ])
        let document: OrderedJSON = .object(
            [
                ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                ("$id", .string("urn:kerio-siem:schema:ecs-event:1")),
                ("title", .string("kerio-siem ECS event")),
                (
                    "description",
                    .string(
                        "One NDJSON record written by `kerio-siem convert --format ecs`: Elastic Common Schema 9.4.0 "
                            + "fields as nested objects, plus kerio_control.* fields for values ECS has no field for. "
                            + "Generated from the field catalogue (ECSField); do not edit by hand.")
                ),
            ] + body + [("$defs", defs)])
        return document.rendered() + "\n"
    }

    // MARK: - Frictionless Table Schema for the CSV

    static func csvSchema() -> String {
        func alternatives(_ values: [String]) -> String { "(" + values.joined(separator: "|") + ")" }
        let fields: [OrderedJSON] = ECSField.allCases.map { field in
            var members: [(String, OrderedJSON)] = [("name", .string("\(field.name)"))]
            var constraints: [(String, OrderedJSON)] = []
            if field.isAlwaysPresent { constraints.append(("required", .bool(true))) }
            let type: String
            switch constraint(field) {
            case .keyword, .text:
                type = "string"
            case .ip:
                type = "string"
                let one = "(" + ipPattern + ")"
                constraints.append(("pattern", .string(field.isList ? one + "(\\|" + one + ")*" : one)))
            case .timestamp:
                type = "datetime"
            case .long(let minimum, let maximum):
                type = "integer"
                if let minimum { constraints.append(("minimum", .integer(minimum))) }
                if let maximum { constraints.append(("maximum", .integer(maximum))) }
            case .enumerated(let values):
                type = "string"
                if field.isList {
                    let one = alternatives(values)
                    constraints.append(("pattern", .string(one + "(\\|" + one + ")*")))
                } else {
                    constraints.append(("enum", .array(values.map(OrderedJSON.string))))
                }
            case .pattern(let pattern):
                type = "string"
                constraints.append(("pattern", .string(pattern)))
            }
            members.append(("type", .string(type)))
            if field.isList {
                members.append(("description", .string("list: elements joined by |")))
            }
            if !constraints.isEmpty { members.append(("constraints", .object(constraints))) }
            return .object(members)
        }
        let document: OrderedJSON = .object([
            ("title", .string("kerio-siem CSV")),
            (
                "description",
                .string(
                    "Frictionless Table Schema of `kerio-siem convert --format csv`: one column per ECS field, headed by "
                        + "its dotted ECS 9.4.0 name; empty cell = field absent. Text cells starting with = + - @ TAB CR "
                        + "LF carry a leading ' (formula guard, on by default). Generated from the field catalogue "
                        + "(ECSField); do not edit by hand.")
            ),
            ("fields", .array(fields)),
            ("missingValues", .array([.string("")])),
            (
                "dialect",
                .object([
                    ("delimiter", .string(",")), ("lineTerminator", .string("\r\n")), ("quoteChar", .string("\"")),
                    ("doubleQuote", .bool(true)), ("header", .bool(true)),
                ])
            ),
        ])
        return document.rendered() + "\n"
    }

    // MARK: - XML Schema 1.0

    static func xsd() -> String {
        var lines: [String] = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<!-- kerio-siem XML output: an <events> document of <event> records whose children are the ECS 9.4.0",
            "     fields nested at their dots (@timestamp is <timestamp>). Generated from the field catalogue",
            "     (ECSField); do not edit by hand. -->",
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:k=\"urn:kerio-siem:events:1\"",
            "           targetNamespace=\"urn:kerio-siem:events:1\" elementFormDefault=\"qualified\">",
            "",
            "  <xs:element name=\"events\">",
            "    <xs:complexType>",
            "      <xs:sequence>",
            "        <xs:element name=\"event\" type=\"k:event\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>",
            "      </xs:sequence>",
            "      <xs:attribute name=\"version\" type=\"xs:string\" use=\"required\" fixed=\"1\"/>",
            "    </xs:complexType>",
            "  </xs:element>",
            "",
            "  <xs:complexType name=\"event\">",
            "    <xs:sequence>",
        ]
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        func emit(_ node: Node, indent: String) {
            let name = node.name.hasPrefix("@") ? String(node.name.dropFirst()) : node.name
            let occurs =
                (node.isAlwaysPresent ? "" : " minOccurs=\"0\"")
                + (node.field?.isList == true ? " maxOccurs=\"unbounded\"" : "")
            guard let field = node.field else {
                lines.append("\(indent)<xs:element name=\"\(name)\"\(occurs)>")
                lines.append("\(indent)  <xs:complexType>")
                lines.append("\(indent)    <xs:sequence>")
                for child in node.children { emit(child, indent: indent + "      ") }
                lines.append("\(indent)    </xs:sequence>")
                lines.append("\(indent)  </xs:complexType>")
                lines.append("\(indent)</xs:element>")
                return
            }
            func restricted(_ base: String, _ facets: [String]) {
                lines.append("\(indent)<xs:element name=\"\(name)\"\(occurs)>")
                lines.append("\(indent)  <xs:simpleType>")
                lines.append("\(indent)    <xs:restriction base=\"\(base)\">")
                for facet in facets { lines.append("\(indent)      \(facet)") }
                lines.append("\(indent)    </xs:restriction>")
                lines.append("\(indent)  </xs:simpleType>")
                lines.append("\(indent)</xs:element>")
            }
            switch constraint(field) {
            case .keyword, .text:
                lines.append("\(indent)<xs:element name=\"\(name)\" type=\"k:keyword\"\(occurs)/>")
            case .ip:
                lines.append("\(indent)<xs:element name=\"\(name)\" type=\"k:ip\"\(occurs)/>")
            case .timestamp:
                lines.append("\(indent)<xs:element name=\"\(name)\" type=\"k:timestamp\"\(occurs)/>")
            case .long(let minimum, let maximum):
                if minimum == nil, maximum == nil {
                    lines.append("\(indent)<xs:element name=\"\(name)\" type=\"xs:long\"\(occurs)/>")
                } else if minimum == 0, maximum == 65535 {
                    lines.append("\(indent)<xs:element name=\"\(name)\" type=\"k:port\"\(occurs)/>")
                } else if minimum == 0, maximum == nil {
                    lines.append("\(indent)<xs:element name=\"\(name)\" type=\"k:count\"\(occurs)/>")
                } else {
                    var facets: [String] = []
                    if let minimum { facets.append("<xs:minInclusive value=\"\(minimum)\"/>") }
                    if let maximum { facets.append("<xs:maxInclusive value=\"\(maximum)\"/>") }
                    restricted("xs:long", facets)
                }
            case .enumerated(let values):
                restricted("xs:string", values.map { "<xs:enumeration value=\"\(escape($0))\"/>" })
            case .pattern(let pattern):
                restricted("xs:string", ["<xs:pattern value=\"\(escape(pattern))\"/>"])
            }
        }
        for child in tree.children { emit(child, indent: "      ") }
        lines += [
            "    </xs:sequence>",
            "  </xs:complexType>",
            "",
            "  <xs:simpleType name=\"keyword\">",
            "    <xs:restriction base=\"xs:string\"/>",
            "  </xs:simpleType>",
            "",
            "  <xs:simpleType name=\"count\">",
            "    <xs:restriction base=\"xs:long\">",
            "      <xs:minInclusive value=\"0\"/>",
            "    </xs:restriction>",
            "  </xs:simpleType>",
            "",
            "  <xs:simpleType name=\"port\">",
            "    <xs:restriction base=\"xs:long\">",
            "      <xs:minInclusive value=\"0\"/>",
            "      <xs:maxInclusive value=\"65535\"/>",
            "    </xs:restriction>",
            "  </xs:simpleType>",
            "",
            "  <xs:simpleType name=\"ip\">",
            "    <xs:restriction base=\"xs:string\">",
            "      <xs:pattern value=\"\(escape(ipPattern))\"/>",
            "    </xs:restriction>",
            "  </xs:simpleType>",
            "",
            "  <xs:simpleType name=\"timestamp\">",
            "    <xs:restriction base=\"xs:dateTime\">",
            "      <xs:pattern value=\"\(escape(timestampPattern))\"/>",
            "    </xs:restriction>",
            "  </xs:simpleType>",
            "</xs:schema>",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
