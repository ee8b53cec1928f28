import KerioSIEM
import KerioSIEMCommands

#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer target: a fuzzer-built event through every registered format.
///
/// The input is a recipe (``OptionsRecipe``, then ``EventRecipe``). For every format name (aliases included) the
/// target writes prologue, the event and epilogue, then checks (a failed check is a crash libFuzzer reports):
/// - the output is valid UTF-8;
/// - for line formats, the record is exactly one line: one LF, at its end, and no CR;
/// - for a parser-shaped event, the format's validator (when one exists) finds no issue;
/// - for ECS, the record is JSON (after its syslog header, if any) and `event.original` holds the original line
///   (invalid UTF-8 repaired).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var recipe = Recipe(UnsafeBufferPointer(start: data, count: size))
    let options = OptionsRecipe.make(&recipe)
    let (event, parserShaped) = EventRecipe.make(&recipe)
    let registry = ExporterRegistry.standard
    for format in registry.formats {
        for name in format.allNames {
            // Options an exporter refuses (say, a LEEF delimiter it cannot declare) are not a finding.
            guard var exporter = try? registry.makeExporter(named: name, options: options) else { continue }
            var output = OutputBuffer()
            exporter.writePrologue(into: &output)
            let recordStart = output.count
            exporter.write(event, into: &output)
            let recordEnd = output.count
            exporter.writeEpilogue(into: &output)
            output.withBytes { bytes in
                if printOutputs {
                    print("== \(name) (\(parserShaped ? "parser-shaped" : "hand-built"))")
                    print(String(decoding: bytes, as: UTF8.self))
                }
                check(bytes, record: recordStart..<recordEnd, format: name, event: event, parserShaped: parserShaped)
            }
        }
    }
    return 0
}

/// `FUZZ_EXPORTERS_PRINT=1` prints every output, to see what an input (a crash, a seed) writes.
private let printOutputs = getenv("FUZZ_EXPORTERS_PRINT") != nil

/// The names of the formats whose records are single lines (syslog-framed or NDJSON); CSV quotes line breaks inside a
/// record and XML is a document.
private let lineFormats: Set<String> = ["cef", "leef", "leef1", "ecs", "json"]

/// Builds the validators before libFuzzer starts its per-input timer: compiling the schemas' fast paths (key tables,
/// pattern automata) takes seconds under AddressSanitizer, once, and must not count as the first input's time.
func prepareValidators() { _ = validators.count }

/// The validator of each format name that has one, looked up once through the command line's registry.
private let validators: [String: any OutputValidator] = {
    var found: [String: any OutputValidator] = [:]
    let registry = ExporterRegistry.standard.withStandardValidators()
    for format in registry.formats {
        for name in format.allNames {
            if let validator = try? registry.makeValidator(named: name) { found[name] = validator }
        }
    }
    return found
}()

private func check(
    _ bytes: UnsafeBufferPointer<UInt8>, record: Range<Int>, format: String, event: SecurityEvent,
    parserShaped: Bool
) {
    func fail(_ why: String) -> Never {
        fatalError(
            """
            [\(format)] \(why)
            output: \(String(reflecting: String(decoding: bytes, as: UTF8.self)))
            event: \(event.kind) \(String(describing: event.timestamp)) \(String(describing: event.failure))
            """)
    }
    guard String(validating: bytes, as: UTF8.self) != nil else { fail("output is not valid UTF-8") }
    let recordBytes = UnsafeBufferPointer(rebasing: bytes[record])
    if lineFormats.contains(format) {
        guard recordBytes.last == 0x0A, recordBytes.firstIndex(of: 0x0A) == recordBytes.count - 1 else {
            fail("a record is not exactly one line")
        }
        guard !recordBytes.contains(0x0D) else { fail("a record holds a raw CR") }
    }
    if parserShaped, let validator = validators[format] {
        let issues = validator.validate(bytes, fileName: "fuzz.\(format)")
        guard issues.isEmpty else { fail("validator: \(issues.map(\.description).joined(separator: "; "))") }
    }
    if format == "ecs" {
        // With a syslogFraming the object follows a syslog header, which never holds '{'.
        let object = recordBytes.firstIndex(of: UInt8(ascii: "{")).map {
            UnsafeBufferPointer(rebasing: recordBytes[$0...])
        }
        guard let object, let document = MiniJSON.parse(object), case .object = document else {
            fail("the record is not a JSON object")
        }
        // ECS carries the line (nested `event: {original: …}` or dotted); a hand-built event may have none.
        let expected = event.withOriginalBytes { String(decoding: $0, as: UTF8.self) }
        let original = document["event"]?["original"] ?? document["event.original"]
        if original == nil && expected.isEmpty { return }
        guard let original else { fail("no event.original") }
        guard original == .string(expected) else { fail("event.original does not survive: \(original)") }
    }
}
