/// The `dialect` of `csv.schema.json` (Frictionless CSV Dialect): how records and fields are framed.
///
/// Supported: `delimiter` and `quoteChar` (one ASCII character each), `lineTerminator` (`"\r\n"`, the RFC 4180 default,
/// or `"\n"`), `doubleQuote` (must be `true`: quotes inside quoted fields are doubled), `header` (whether the first
/// record names the fields), `skipInitialSpace` (must be `false`).
struct CSVDialect: Sendable {
    var delimiter = UInt8(ascii: ",")
    var quote = UInt8(ascii: "\"")
    /// Whether records end with CR LF (else LF alone).
    var crlf = true
    var header = true

    init() {}

    init(object: SchemaObject) throws(SchemaError) {
        try object.requireKnownKeys([
            "delimiter", "lineTerminator", "quoteChar", "doubleQuote", "header",
            "skipInitialSpace", "description",
        ])
        _ = try object.string("description")
        if let text = try object.string("delimiter") { delimiter = try Self.singleASCII(text, "delimiter", object) }
        if let text = try object.string("quoteChar") { quote = try Self.singleASCII(text, "quoteChar", object) }
        if let terminator = try object.string("lineTerminator") {
            switch terminator {
            case "\r\n": crlf = true
            case "\n": crlf = false
            default: throw object.failure("lineTerminator", "must be \"\\r\\n\" or \"\\n\"")
            }
        }
        if try object.bool("doubleQuote") == false {
            throw object.failure("doubleQuote", "only true is supported (quotes inside quoted fields are doubled)")
        }
        if try object.bool("skipInitialSpace") == true {
            throw object.failure("skipInitialSpace", "only false is supported (spaces are part of a field)")
        }
        header = try object.bool("header") ?? true
        guard delimiter != quote else { throw object.failure("quoteChar", "must differ from the delimiter") }
    }

    private static func singleASCII(_ text: String, _ key: String, _ object: SchemaObject) throws(SchemaError) -> UInt8
    {
        guard text.utf8.count == 1, let byte = text.utf8.first, byte >= 0x20 || byte == 0x09, byte < 0x7F else {
            throw object.failure(key, "must be one printable ASCII character or TAB")
        }
        return byte
    }
}
