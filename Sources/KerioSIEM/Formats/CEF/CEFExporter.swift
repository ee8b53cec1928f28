/// Writes events as ArcSight Common Event Format records, `CEF:0|Vendor|Product|Version|Class ID|Name|Severity|ext`,
/// one per line, optionally behind a syslog header (``ExportOptions/syslogFraming``).
///
/// The header's Vendor, Product and Version come from ``ExportOptions``; the class id, Name and severity are static
/// per record kind (an IPS record's class id is its rule id, its Name the rule name and its severity follows the IPS
/// severity word: High 8, Blacklist 7, Medium 5, Low 3). The extension carries every value of the event: dictionary keys where CEF has one (`rt`, `src`, `spt`,
/// `shost`, `suser`, `proto`, `act`, `msg`, `reason`, `dvchost`, …), IPv6 addresses in `c6a2`/`c6a3`, five labelled
/// custom strings and three custom numbers, and user-defined `KerioControl…` keys for the rest. Which value goes to which
/// key, in which order, is the one table `Formats/Shared/CEFLEEFFieldTable.txt`, from which
/// `CEFExtensionWriter.generated.swift` is generated; README.md, "CEF and LEEF output" shows it per record kind,
/// `Schemas/cef.schema.json` has the typed key list.
///
/// Escaping and limits (ArcSight CEF Implementation Standard, ch. 1 "Character Encoding"; header and extension limits of ch. 2):
/// - header fields go through ``Escaping/cefHeader`` (`\|`, `\\`; CR, LF, TAB → space), extension values through
///   ``Escaping/cefExtension`` (`\=`, `\\`, `\n`, `\r`; TAB → space); other C0 controls and invalid UTF-8 → U+FFFD;
/// - extension values lose leading and trailing spaces, and empty values are not written;
/// - a value longer than its key's cap (`dvchost` 100, `proto` 31, `msg` 1,023, `cs1`–`cs6` 4,000, header Name 512,
///   …) is cut on a character boundary so that its escaped form fits the cap;
/// - `src`/`dst` hold only IPv4 literals, `spt`/`dpt` only 0–65535; other values go to `KerioControl…` keys;
/// - the last pair is always `cat`, a fixed word.
///
/// ```swift
/// var exporter = try CEFExporter(options: ExportOptions())
/// var output = OutputBuffer()
/// exporter.write(event, into: &output)
/// // CEF:0|Kerio|Control|9|1:2010575|ET TROJAN ASProtect/ASPack Packed Binary|8|rt=1362214478000 act=blocked …
/// ```
public struct CEFExporter: EventExporter {
    /// `cef`, file extension `cef`, schema `cef.schema.json`.
    public static let format = ExportFormat(
        name: "cef", fileExtension: "cef", mediaType: "text/plain",
        summary: "ArcSight Common Event Format (CEF:0), one record per line", schema: "cef.schema.json")

    /// The cap of `csN` values (CEF guide: String 4000).
    static let customStringLimit = 4_000

    /// `CEF:0|Vendor|Product|Version|`, escaped once.
    let headerPrefix: [UInt8]
    /// The observer host name for `dvchost`, raw; `nil` when the options give none.
    let observerHost: [UInt8]?
    var frame: SyslogFrameWriter
    let timeZone: KerioTimeZone
    let includeOriginal: Bool

    /// Creates an exporter. CEF accepts every option value (header fields are escaped and cut to 63/63/31 bytes).
    public init(options: ExportOptions) throws(ExportError) {
        var prefix = OutputBuffer()
        prefix.write("CEF:0|")
        Self.writeHeaderField(options.deviceVendor, limit: 63, into: &prefix)
        prefix.write(UInt8(ascii: "|"))
        Self.writeHeaderField(options.deviceProduct, limit: 63, into: &prefix)
        prefix.write(UInt8(ascii: "|"))
        Self.writeHeaderField(options.deviceVersion, limit: 31, into: &prefix)
        prefix.write(UInt8(ascii: "|"))
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

    /// Appends one record and its `\n`.
    public mutating func write(_ event: SecurityEvent, into output: inout OutputBuffer) {
        let severity = EventSeverityScale.cef(of: event)
        frame.write(for: event, severity: severity, into: &output)
        headerPrefix.withUnsafeBufferPointer { output.write($0) }
        writeClassAndName(of: event, into: &output)
        output.write(decimal: severity)
        output.write(UInt8(ascii: "|"))
        writeExtension(of: event, into: &output)
        output.write(UInt8(ascii: "\n"))
    }

    // MARK: - Header

    /// `Class ID|Name|`.
    func writeClassAndName(of event: SecurityEvent, into output: inout OutputBuffer) {
        guard EventClassCatalog.usesRuleInHeader(event.kind) else {
            output.write(EventClassCatalog.identifier(of: event.kind))
            output.write(UInt8(ascii: "|"))
            output.write(EventClassCatalog.name(of: event.kind))
            output.write(UInt8(ascii: "|"))
            return
        }
        let hasID = event.withBytes(of: .ruleID) { Self.writeHeaderField($0, limit: 1_023, into: &output) } ?? false
        if !hasID { output.write(EventClassCatalog.identifier(of: event.kind)) }
        output.write(UInt8(ascii: "|"))
        let hasName = event.withBytes(of: .ruleName) { Self.writeHeaderField($0, limit: 512, into: &output) } ?? false
        if !hasName {
            if hasID {
                output.write("IPS rule ")
                _ = event.withBytes(of: .ruleID) { Self.writeHeaderField($0, limit: 512 - 9, into: &output) }
            } else {
                output.write(EventClassCatalog.name(of: event.kind))
            }
        }
        output.write(UInt8(ascii: "|"))
    }

    /// Writes a header field cut to `limit` escaped bytes; `false` (and nothing written) when it is empty.
    @discardableResult
    static func writeHeaderField(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int,
        into output: inout OutputBuffer
    ) -> Bool {
        guard !bytes.isEmpty else { return false }
        let end = ValueBounds.prefixEnd(bytes, 0..<bytes.count, limit: limit, doubled: ValueBounds.cefHeaderDoubled)
        output.write(UnsafeBufferPointer(rebasing: bytes[0..<end]), escaping: .cefHeader)
        return true
    }

    static func writeHeaderField(_ string: String, limit: Int, into output: inout OutputBuffer) {
        var string = string
        string.withUTF8 { _ = writeHeaderField($0, limit: limit, into: &output) }
    }
}
