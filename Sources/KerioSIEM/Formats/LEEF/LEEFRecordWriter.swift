/// The LEEF record writer behind ``LEEFExporter`` (1.0 or 2.0) and ``LEEF1Exporter`` (always 1.0).
///
/// - 2.0: `LEEF:2.0|Vendor|Product|Version|EventID|<delimiter>|key=value<delimiter>key=value…\n`; the delimiter
///   field is `x09` for TAB and the character itself otherwise.
/// - 1.0: `LEEF:1.0|Vendor|Product|Version|EventID|key=value<TAB>key=value…\n`.
///
/// Header fields go through ``Escaping/leefHeader`` (`|`, CR, LF, TAB → space) and are cut to 255 bytes; EventID
/// is the IPS rule id, or the kind's id (``EventClassCatalog``). Attributes: predefined keys where LEEF has them
/// (`devTime` as 13-digit epoch milliseconds, `sev` 1–10, `src`/`dst` IPv4 or IPv6, `srcPort`/`dstPort`, `proto`,
/// `usrName`, `identSrc`, `identHostName`, `cat`), single-word custom keys for every other value; each key at most
/// once, and `cat` (a fixed word) always last. The keys and their order are the one table
/// `Formats/Shared/CEFLEEFFieldTable.txt`, from which `LEEFAttributeWriter.generated.swift` is generated. See README.md,
/// "CEF and LEEF output" and `Schemas/leef.schema.json`.
///
/// ```swift
/// let writer = try LEEFRecordWriter(options: options, version: .v2)
/// writer.write(event, into: &output)
/// ```
struct LEEFRecordWriter: Sendable {
    /// The LEEF version written.
    let version: LEEFVersion
    /// The attribute delimiter (TAB for 1.0).
    let delimiter: UInt8
    /// ``Escaping/leefValue(delimiter:)`` for ``delimiter``.
    let escaping: Escaping
    /// `LEEF:x.0|Vendor|Product|Version|`, sanitised once.
    let headerPrefix: [UInt8]
    /// The observer host name for `deviceHostName`, raw; `nil` when the options give none.
    let observerHost: [UInt8]?
    var frame: SyslogFrameWriter
    let timeZone: KerioTimeZone
    let includeOriginal: Bool

    /// The cap of header fields, `usrName` and `identHostName` (LEEF guide: 255).
    static let fieldLimit = 255

    /// Prepares a writer.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` for a LEEF 2.0 delimiter that ``validateDelimiter(_:)`` rejects.
    init(options: ExportOptions, version: LEEFVersion) throws(ExportError) {
        self.version = version
        if version == .v2 {
            try Self.validateDelimiter(options.leefDelimiter)
            delimiter = options.leefDelimiter
        } else {
            delimiter = 0x09
        }
        escaping = .leefValue(delimiter: delimiter)
        var prefix = OutputBuffer()
        prefix.write(version == .v2 ? "LEEF:2.0|" : "LEEF:1.0|")
        for field in [options.deviceVendor, options.deviceProduct, options.deviceVersion] {
            Self.writeHeaderField(field, into: &prefix)
            prefix.write(UInt8(ascii: "|"))
        }
        headerPrefix = prefix.bytes
        if let name = options.observerHostName, !name.isEmpty {
            observerHost = Array(name.utf8)
        } else {
            observerHost = nil
        }
        frame = SyslogFrameWriter(options: options)
        timeZone = options.timeZone
        includeOriginal = options.includeOriginal
    }

    /// Checks a LEEF 2.0 delimiter: TAB, or a printable ASCII character that cannot be confused with the record's
    /// structure or corrupt a typed value.
    ///
    /// Rejected: letters and digits (keys and numbers), `=` (key/value separator), `|` (header separator), space
    /// (inside values), `.` and `:` (IPv4/IPv6 addresses, rule ids), `-` (negative numbers), DEL, every other control
    /// character, and non-ASCII bytes.
    /// - Throws: ``ExportError/invalidOption(_:_:)`` naming `leefDelimiter`.
    static func validateDelimiter(_ byte: UInt8) throws(ExportError) {
        if byte == 0x09 { return }
        let why: String? =
            switch byte {
            case 0x80...: "must be an ASCII character"
            case 0x00...0x1F, 0x7F: "must be TAB or a printable character"
            case UInt8(ascii: " "): "must not be a space: values contain spaces"
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"):
                "must not be a letter or digit: keys and numbers are made of them"
            case UInt8(ascii: "="): "must not be '=': it separates keys from values"
            case UInt8(ascii: "|"): "must not be '|': it separates the header fields"
            case UInt8(ascii: "."), UInt8(ascii: ":"): "must not be '.' or ':': IP addresses contain them"
            case UInt8(ascii: "-"): "must not be '-': negative numbers contain it"
            default: nil
            }
        if let why {
            throw .invalidOption("leefDelimiter", "byte 0x\(String(byte, radix: 16, uppercase: true)) \(why)")
        }
    }

    /// Appends one record and its `\n`.
    mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        let severity = EventSeverityScale.cef(of: event)
        frame.write(for: event, severity: severity, into: &output)
        headerPrefix.withUnsafeBufferPointer { output.write($0) }
        let hasRuleID =
            EventClassCatalog.usesRuleInHeader(event.kind)
            && (event.withBytes(of: .ruleID) { Self.writeHeaderField($0, into: &output) } ?? false)
        if !hasRuleID { output.write(EventClassCatalog.identifier(of: event.kind)) }
        output.write(UInt8(ascii: "|"))
        if version == .v2 {
            if delimiter == 0x09 { output.write("x09") } else { output.write(delimiter) }
            output.write(UInt8(ascii: "|"))
        }
        writeAttributes(of: event, severity: severity, into: &output)
        output.write(UInt8(ascii: "\n"))
    }

    /// Writes a header field cut to 255 bytes; `false` (and nothing written) when it is empty.
    @discardableResult
    static func writeHeaderField(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout OutputBuffer) -> Bool {
        guard !bytes.isEmpty else { return false }
        let end = ValueBounds.prefixEnd(bytes, 0..<bytes.count, limit: fieldLimit, doubled: ValueBounds.leefDoubled)
        output.write(UnsafeBufferPointer(rebasing: bytes[0..<end]), escaping: .leefHeader)
        return true
    }

    static func writeHeaderField(_ string: String, into output: inout OutputBuffer) {
        var string = string
        string.withUTF8 { _ = writeHeaderField($0, into: &output) }
    }
}
