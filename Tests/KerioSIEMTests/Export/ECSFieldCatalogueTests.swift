import Foundation
import KerioSIEM
import Testing

/// The field catalogue and the three schemas against the ECS 9.4.0 field list.
struct ECSFieldCatalogueTests {
    @Test func theECSFieldListIsPresent() {
        #expect(ECSFieldList.shared.entries.count == 2_605)
    }

    @Test("every catalogue field exists in ECS 9.4.0 with the same type", arguments: ECSField.allCases)
    func fieldExistsInECS(_ field: ECSField) throws {
        let name = "\(field.name)"
        if field.isCustom {
            #expect(name.hasPrefix("kerio_control."))
            #expect(ECSFieldList.shared[name] == nil, "a custom field must not shadow an ECS field")
            return
        }
        let entry = try #require(ECSFieldList.shared[name], "\(name) is not an ECS 9.4.0 field")
        #expect(entry.type == field.type.ecsName, "\(name): ECS type \(entry.type), catalogue \(field.type.ecsName)")
        #expect(entry.isArray == field.isList, "\(name): ECS array flag \(entry.isArray)")
    }

    @Test func namesAreUniqueAndPrefixesContiguous() {
        let names = ECSField.allCases.map { "\($0.name)" }
        #expect(Set(names).count == names.count)
        // Each object (every proper prefix at a dot) must occupy one contiguous run of fields, so that JSON objects
        // and XML elements are opened once; and no field may be both a leaf and an object.
        var closed: Set<String> = []
        var open: [String] = []
        for name in names {
            let parts = name.split(separator: ".").map(String.init)
            let prefixes = (1..<max(parts.count, 1)).map { parts[0..<$0].joined(separator: ".") }
            for prefix in open where !prefixes.contains(prefix) { closed.insert(prefix) }
            open = prefixes
            for prefix in prefixes { #expect(!closed.contains(prefix), "\(prefix).* is split around \(name)") }
            #expect(!names.contains { $0.hasPrefix(name + ".") }, "\(name) is both a value and an object")
        }
        #expect(names.first == "@timestamp")
        #expect(Array(names.prefix(3)) == ["@timestamp", "log.level", "log.syslog.priority"])
    }

    @Test func pathHelpersMatchTheDottedNames() {
        for field in ECSField.allCases {
            let parts = "\(field.name)".split(separator: ".").map(String.init)
            #expect(field.depth == parts.count - 1)
            for (index, part) in parts.enumerated() {
                #expect(field.segment(index) == part)
            }
            #expect(ECSField(name: "\(field.name)") == field)
        }
        #expect(ECSField.sourceUserName.sharedDepth(with: .sourcePort) == 1)
        #expect(ECSField.logLevel.sharedDepth(with: .syslogPriority) == 1)
        #expect(ECSField.syslogFacilityName.sharedDepth(with: .syslogSeverityCode) == 2)
        #expect(ECSField.message.sharedDepth(with: .ecsVersion) == 0)
        #expect(ECSField.count == ECSField.allCases.count)
    }

    @Test("categorization values are ECS allowed values", arguments: SampleEvents.all.map(\.name))
    func categorizationUsesAllowedValues(_ name: String) throws {
        let event = try #require(SampleEvents.all.first { $0.name == name }?.event)
        let recorded = ECSRecordingVisitor.record(event)
        for field in [ECSField.eventKind, .eventCategory, .eventType, .eventOutcome] {
            let allowed = try #require(ECSFieldList.shared["\(field.name)"]).allowedValues
            #expect(!allowed.isEmpty)
            let values: [String] =
                switch recorded[field] {
                case .text(let bytes): [String(decoding: bytes, as: UTF8.self)]
                case .list(let items): items.map { String(decoding: $0, as: UTF8.self) }
                default: []
                }
            for value in values { #expect(allowed.contains(value), "\(field.name) = \(value) is not allowed") }
            #expect(!values.contains("signal"))
        }
    }

    // MARK: - The committed schemas

    @Test(
        "committed schema matches the catalogue",
        arguments: [
            "ecs-event.schema.json", "csv.schema.json", "kerio-siem-events.xsd",
        ])
    func schemaIsGeneratedFromTheCatalogue(_ file: String) throws {
        let generated =
            switch file {
            case "ecs-event.schema.json": ECSSchemaGenerator.jsonSchema()
            case "csv.schema.json": ECSSchemaGenerator.csvSchema()
            default: ECSSchemaGenerator.xsd()
            }
        let url = ECSTestPaths.schemas.appendingPathComponent(file)
        if ECSTestPaths.isRecording {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(file); run again without KERIO_SIEM_RECORD")
            return
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == generated, "Schemas/\(file) is stale: KERIO_SIEM_RECORD=1 swift test --filter ECSField")
    }

    /// Reads the committed JSON Schema on its own (not through the generator) and checks it against ECS.
    @Test func jsonSchemaLeavesAreTheCatalogueWithECSTypes() throws {
        let data = try Data(contentsOf: ECSTestPaths.schemas.appendingPathComponent("ecs-event.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        let allowedKeywords: Set<String> = [
            "$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
            "items", "enum", "const", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems",
            "uniqueItems", "format", "anyOf", "oneOf", "$ref", "$defs",
        ]
        var leaves: [String: [String: Any]] = [:]
        func walk(_ node: [String: Any], path: String) {
            for key in node.keys where !allowedKeywords.contains(key) { Issue.record("keyword \(key) at \(path)") }
            if let format = node["format"] as? String { #expect(["date-time", "ipv4", "ipv6"].contains(format)) }
            for key in ["items"] { if let child = node[key] as? [String: Any] { walk(child, path: path + "[]") } }
            for case let child as [String: Any] in (node["anyOf"] as? [Any] ?? []) { walk(child, path: path) }
            guard let properties = node["properties"] as? [String: Any] else {
                if !path.isEmpty, !path.hasSuffix("[]") { leaves[path] = node }
                return
            }
            #expect(node["type"] as? String == "object", "\(path) must be an object")
            #expect(node["additionalProperties"] as? Bool == false, "\(path) must forbid unknown fields")
            for (name, child) in properties {
                walk(child as? [String: Any] ?? [:], path: path.isEmpty ? name : path + "." + name)
            }
        }
        walk(schema, path: "")
        for (_, definition) in defs { walk(definition as? [String: Any] ?? [:], path: "$defs") }
        leaves["$defs"] = nil
        #expect(Set(leaves.keys) == Set(ECSField.allCases.map { "\($0.name)" }))

        func jsonType(_ node: [String: Any]) -> String? {
            if let reference = node["$ref"] as? String {
                return jsonType(defs[String(reference.dropFirst("#/$defs/".count))] as? [String: Any] ?? [:])
            }
            if node["const"] is String { return "string" }
            return node["type"] as? String
        }
        for field in ECSField.allCases {
            let name = "\(field.name)"
            var leaf = try #require(leaves[name])
            let ecsType = field.isCustom ? field.type.ecsName : try #require(ECSFieldList.shared[name]).type
            if field.isList {
                #expect(leaf["type"] as? String == "array", "\(name) is an ECS array")
                leaf = leaf["items"] as? [String: Any] ?? [:]
            }
            let expected = ecsType == "long" ? "integer" : "string"
            #expect(jsonType(leaf) == expected, "\(name): ECS \(ecsType) needs JSON \(expected)")
            let allowed = ECSFieldList.shared[name]?.allowedValues ?? []
            if let values = leaf["enum"] as? [String], !allowed.isEmpty {
                #expect(Set(values).isSubset(of: allowed), "\(name): enum outside the ECS allowed values")
            }
        }
        #expect(Set(schema["required"] as? [String] ?? []) == ["@timestamp", "ecs", "event", "observer"])
    }

    @Test func csvSchemaColumnsAreTheCatalogueInOrder() throws {
        let data = try Data(contentsOf: ECSTestPaths.schemas.appendingPathComponent("csv.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let fields = try #require(schema["fields"] as? [[String: Any]])
        #expect(fields.compactMap { $0["name"] as? String } == ECSField.allCases.map { "\($0.name)" })
        for (field, column) in zip(ECSField.allCases, fields) {
            let expected =
                switch field.type {
                case .long: "integer"
                case .date: "datetime"
                default: "string"
                }
            #expect(column["type"] as? String == expected, "\(field.name)")
        }
        let dialect = try #require(schema["dialect"] as? [String: Any])
        #expect(dialect["lineTerminator"] as? String == "\r\n")
        #expect(dialect["delimiter"] as? String == ",")
    }
}
