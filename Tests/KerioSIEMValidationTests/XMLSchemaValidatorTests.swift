import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMValidation

struct XMLSchemaValidatorTests {
    let validator: XMLSchemaValidator

    init() throws {
        validator = try XMLSchemaValidator(schema: Fixture.bytes("events.xsd"), schemaName: "events.xsd")
    }

    @Test func validFixturePasses() throws {
        let issues = validate(validator, try Fixture.bytes("valid.xml"))
        #expect(issues.isEmpty, "\(issues)")
        #expect(validator.formatName == "xml")
    }

    static let mutations: [Mutation] = [
        Mutation(
            "not well-formed: mismatched tag", "<kind>ips</kind>", "<kind>ips</kinds>", line: 5,
            expect: "Opening and ending tag mismatch"),
        Mutation(
            "not well-formed: bare ampersand", "&amp; \"quoted\"", "& \"quoted\"", line: 10, expect: "xmlParseEntityRef"
        ),
        Mutation(
            "element not in schema", "<message>ET", "<msg>ET", line: 10,
            expect: "Element 'msg': This element is not expected"),
        Mutation(
            "wrong line reported correctly: bad port", "<port>80</port>", "<port>80000</port>", line: 8,
            expect: "Element 'port': '80000' is not a valid value of the atomic type 'xs:unsignedShort'"),
        // Streaming validation finds a missing child at the element's end tag, and reports that line.
        Mutation(
            "wrong line reported correctly: missing child", "<kind>engine_startup</kind>", "", line: 15,
            expect: "Missing child element(s)"),
        Mutation(
            "enumeration", "<kind>ips</kind>", "<kind>IPS</kind>", line: 5, expect: "is not an element of the set"),
        Mutation(
            "missing attribute", "<event id=\"2\">", "<event>", line: 12, expect: "The attribute 'id' is required"),
        Mutation("&#x1; reference rejected", "tab&#x9;", "tab&#x1;", line: 10, expect: "invalid xmlChar value 1"),
        Mutation(
            "&#xFFFE; reference rejected", "tab&#x9;", "tab&#xFFFE;", line: 10, expect: "invalid xmlChar value 65534"),
        Mutation(
            "raw control character rejected", "tab&#x9;", "tab\u{1}", line: 10, expect: "PCDATA invalid Char value 1"),
        Mutation("bad dateTime", "2013-07-17T11:46:38Z", "2013-07-17 11:46:38Z", line: 13, expect: "xs:dateTime"),
        Mutation(
            "content after the root", "</events>", "</events>\n<events version=\"1\"/>", line: 17,
            expect: "Extra content at the end of the document"),
        Mutation(
            "internal entity reference", "<events version=\"1\">",
            "<!DOCTYPE events [<!ENTITY e \"x\">]>\n<events version=\"1\">", line: 2, expect: "DOCTYPE declaration"),
    ]

    @Test(arguments: mutations)
    func mutationFails(_ mutation: Mutation) throws {
        try mutation.check(validator, fixture: "valid.xml")
    }

    @Test func emptyAndTruncatedDocuments() {
        #expect(validate(validator, "").map(\.message) == ["[xml] the document is empty"])
        let truncated = validate(validator, "<?xml version=\"1.0\"?>\n<events version=\"1\">\n  <event id=\"1\">")
        #expect(!truncated.isEmpty)
        #expect(truncated.allSatisfy { $0.line == 3 }, "\(truncated)")
    }

    /// Line numbers stay exact past 65,535 lines (libxml2's DOM stores element lines as 16-bit numbers).
    @Test func lineNumbersBeyond65535() {
        var text = "<?xml version=\"1.0\"?>\n<events version=\"1\">\n"
        for id in 1...17_000 {
            text += "<event id=\"\(id)\">\n<timestamp>2013-03-02T08:54:38Z</timestamp>\n<kind>ips</kind>\n</event>\n"
        }
        text += "<event id=\"0\">\n<timestamp>2013-03-02T08:54:38Z</timestamp>\n<kind>ips</kind>\n</event>\n</events>\n"
        let expectedLine = 2 + 17_000 * 4 + 1
        let issues = validate(validator, text)
        #expect(issues.map(\.line) == [expectedLine], "\(issues)")
        #expect(issues.first?.message.contains("'0' is not a valid value") == true)
    }

    /// An external entity is never resolved: the DOCTYPE that would declare it is refused before libxml2 reads it.
    @Test func externalEntitiesAreNotFetched() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kerio-siem-xxe-\(UUID().uuidString).txt")
        try "TOPSECRET-MARKER".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE events [
              <!ENTITY xxe SYSTEM "\(secret.absoluteString)">
              <!ENTITY remote SYSTEM "http://127.0.0.1:9/evil.dtd">
            ]>
            <events version="1"><event id="1"><timestamp>2013-03-02T08:54:38Z</timestamp><kind>ips</kind>
            <message>&xxe;&remote;</message></event></events>
            """
        let issues = validate(validator, document)
        #expect(!issues.isEmpty)
        #expect(issues.contains { $0.message.contains("DOCTYPE") }, "\(issues)")
        #expect(!issues.contains { $0.message.contains("TOPSECRET") }, "\(issues)")
        #expect(issues.map(\.line) == [2], "reading stops at the DOCTYPE: \(issues)")
    }

    // MARK: - Refused before libxml2 reads them (XMLGuard)

    /// The entity-expansion bomb of issue 13 (250 KB, 50,000 references to a 100 KB entity; 4.9 GB before): one issue,
    /// at the DOCTYPE, and nothing from libxml2, which never sees the declaration.
    @Test func entityExpansionIsRefusedAtTheDoctype() {
        let entity = String(repeating: "A", count: 100_000)
        let document =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE events [<!ENTITY a \"\(entity)\">]>\n"
            + "<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">\n<event><message>"
            + String(repeating: "&a;", count: 50_000) + "</message></event>\n</events>\n"
        let issues = validate(validator, document)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.line == 2)
        #expect(issues.first?.message.contains("DOCTYPE declaration") == true)
    }

    /// Quadratic time in attributes (100,000: 22 s before) is cut off at the 65th attribute.
    @Test func tooManyAttributesAreRefused() {
        let attributes = (0..<100_000).map { " a\($0)=\"\($0)\"" }.joined()
        let document = "<?xml version=\"1.0\"?>\n<events version=\"1\">\n<event id=\"1\"\(attributes)/>\n</events>\n"
        let issues = validate(validator, document)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.line == 3)
        #expect(issues.first?.message.contains("more than 64 attributes") == true)
    }

    /// Markup that contains what the guard looks for is not mistaken for it.
    @Test func doctypeAndEqualsInsideCommentsValuesAndCDATAAreFine() throws {
        let valid = try Fixture.text("valid.xml")
        let comment = "<!-- <!DOCTYPE x> " + String(repeating: "a=1 ", count: 100) + "--><?pi a=1 <!DOCTYPE ?>"
        let text = valid.replacingOccurrences(of: "<events version=\"1\">", with: "<events version=\"1\">" + comment)
        #expect(text != valid)
        #expect(validate(validator, text).isEmpty, "\(validate(validator, text))")
    }

    static let refusedPrologs: [(String, [UInt8], String)] = [
        ("empty", [], "the document is empty"),
        ("white space", Array(" \n\t\n".utf8), "the document is empty (it holds only white space)"),
        ("UTF-16 BOM", [0xFF, 0xFE] + Array("<".utf8) + [0], "UTF-16 byte-order mark"),
        ("UTF-16 without BOM", [0x3C, 0x00, 0x3F, 0x00], "NUL bytes, as UTF-16 or UTF-32 text"),
        (
            "ISO-8859-1", Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<events version=\"1\"/>\n".utf8),
            "names the encoding 'ISO-8859-1': kerio-siem XML is UTF-8 only"
        ),
        (
            "UTF-7", Array("<?xml version='1.0' encoding = 'UTF-7' ?><events version=\"1\"/>".utf8),
            "names the encoding 'UTF-7'"
        ),
        ("UTF-16 declared", Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><events/>".utf8), "'UTF-16'"),
        // issue 10, row 15: a non-XML file says what it is instead of libxml2's "Document is empty".
        (
            "CEF", Array("CEF:0|Kerio Technologies|Kerio Control|9.4|ips|IPS|5|src=1.2.3.4\n".utf8),
            "the file is not XML: it starts with 'CEF:0|Kerio Technologies|Kerio Control|9.4|ips|I', but an XML "
                + "document starts with '<' (is --format right?)"
        ),
        ("JSON", Array("{\"a\":1}\n".utf8), "the file is not XML: it starts with '{\"a\":1}'"),
    ]

    @Test(arguments: refusedPrologs)
    func prologIsRefused(_ name: String, _ bytes: [UInt8], _ expected: String) {
        let issues = validate(validator, bytes)
        #expect(issues.count == 1 && issues.first?.line == 1, "\(name): \(issues)")
        #expect(issues.first?.message.contains(expected) == true, "\(name): \(issues)")
    }

    @Test func utf8DeclarationsInAnyCaseAndABOMAreAccepted() throws {
        let valid = try Fixture.text("valid.xml")
        for declaration in ["<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<?xml version='1.0' encoding='UTF-8'?>"] {
            let text = valid.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", with: declaration)
            #expect(validate(validator, text).isEmpty, "\(declaration)")
        }
        #expect(validate(validator, [0xEF, 0xBB, 0xBF] + Array(valid.utf8)).isEmpty)
    }

    /// A text run over 4 MiB is refused where it starts to exceed, instead of being buffered.
    @Test func hugeTokensAreRefused() {
        let text = "<?xml version=\"1.0\"?>\n<events version=\"1\">" + String(repeating: "x", count: 5 << 20)
        let issues = validate(validator, text)
        // libxml2 may first report the text it was given before the cut; reading stops at the refusal.
        #expect(issues.count <= 2, "\(issues.prefix(3))")
        #expect(issues.last?.message.contains("text run longer than 4 MiB") == true, "\(issues.prefix(3))")
    }

    /// An external DTD subset is not loaded either.
    @Test func externalDTDIsNotLoaded() throws {
        let dtd = FileManager.default.temporaryDirectory.appendingPathComponent("kerio-siem-\(UUID().uuidString).dtd")
        try "<!ENTITY leak \"TOPSECRET-DTD\">".write(to: dtd, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dtd) }
        let document =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE events SYSTEM \"\(dtd.absoluteString)\">\n"
            + "<events version=\"1\">&leak;</events>\n"
        let issues = validate(validator, document)
        #expect(!issues.isEmpty)
        #expect(!issues.contains { $0.message.contains("TOPSECRET") }, "\(issues)")
    }

    @Test func brokenXSDIsASchemaError() {
        #expect(throws: SchemaError.self) {
            try XMLSchemaValidator(schema: Array("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">".utf8))
        }
        do {
            _ = try XMLSchemaValidator(
                schema: Array(
                    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:element name=\"a\" type=\"xs:nope\"/>\n</xs:schema>"
                        .utf8),
                schemaName: "bad.xsd")
            Issue.record("expected a schema error")
        } catch {
            #expect(error.schema == "bad.xsd")
            #expect(error.line == 2, "\(error)")
        }
    }

    /// Validations from many tasks at once are serialised and all correct.
    @Test func concurrentValidation() async throws {
        let valid = try Fixture.bytes("valid.xml")
        let invalid = Array(
            String(decoding: valid, as: UTF8.self).replacingOccurrences(
                of: "<port>80</port>",
                with: "<port>x</port>"
            ).utf8)
        let validator = self.validator
        try await withThrowingTaskGroup(of: (Bool, Int).self) { group in
            for round in 0..<16 {
                group.addTask {
                    let bytes = round.isMultiple(of: 2) ? valid : invalid
                    return (round.isMultiple(of: 2), validate(validator, bytes).count)
                }
            }
            for try await (isValid, count) in group {
                #expect(isValid ? count == 0 : count == 1)
            }
        }
    }
}
