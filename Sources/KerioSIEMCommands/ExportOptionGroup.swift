import ArgumentParser
import KerioSIEM

/// The `convert` options that shape records: time zone, device identity, per-format settings and `--option` pairs
/// for third-party exporters. Each format reads the settings that concern it and ignores the rest.
///
/// ```
/// kerio-siem convert --format leef --leef-version 2.0 --leef-delimiter '^' --timezone Europe/Prague security.log
/// ```
struct ExportOptionGroup: ParsableArguments {
    @Option(
        name: [.customLong("timezone"), .customLong("tz")],
        // Unconditional: offsets such as `-0530`, `-05:00` or `-5` start with a dash but are values, not options.
        parsing: .unconditional,
        help: ArgumentHelp(
            "Zone of the Kerio box's clock: IANA name (Europe/Prague), ±HH:MM, UTC (default) or local.",
            valueName: "zone"),
        transform: { text in
            do { return try KerioTimeZone(identifier: text) } catch { throw ValidationError("\(error)") }
        })
    var timeZone: KerioTimeZone = .utc

    @Option(help: ArgumentHelp("Host name of the Kerio box (CEF dvchost, ECS observer.hostname).", valueName: "name"))
    var observerHost: String?

    @Option(
        help: ArgumentHelp(
            "Device vendor in CEF/LEEF headers and ECS observer.vendor (default: \(ExportOptions().deviceVendor)).",
            valueName: "text"))
    var vendor: String?

    @Option(help: ArgumentHelp("Device product (default: \(ExportOptions().deviceProduct)).", valueName: "text"))
    var product: String?

    @Option(help: ArgumentHelp("Device version (default: \(ExportOptions().deviceVersion)).", valueName: "text"))
    var deviceVersion: String?

    @Option(
        help: ArgumentHelp(
            "LEEF version for --format leef: 1.0 or 2.0 (default: \(ExportOptions().leefVersion.rawValue)).",
            valueName: "version"),
        completion: .list(LEEFVersion.allCases.map(\.rawValue)),
        transform: { text in
            guard let version = LEEFVersion(rawValue: text == "1" ? "1.0" : text == "2" ? "2.0" : text) else {
                throw ValidationError("LEEF version must be 1.0 or 2.0, not '\(text)'")
            }
            return version
        })
    var leefVersion: LEEFVersion?

    @Option(
        help: ArgumentHelp(
            "LEEF 2.0 attribute delimiter: one printable ASCII character, or xHH (x09 = TAB, the default).",
            valueName: "char"),
        transform: { text in try ExportOptionGroup.parseDelimiter(text) })
    var leefDelimiter: UInt8?

    @Flag(help: "CSV: do not prefix cells starting with = + - @ TAB CR LF with ' (the spreadsheet formula guard).")
    var noFormulaGuard = false

    @Option(
        help: ArgumentHelp(
            "ECS version written to ecs.version (default: \(ExportOptions().ecsVersion)).",
            valueName: "version"))
    var ecsVersion: String?

    @Option(
        help: ArgumentHelp(
            "Syslog header before each CEF, LEEF or ECS record: none, rfc3164 or rfc5424 (default: none).",
            valueName: "framing"),
        completion: .list(SyslogFraming.allCases.map(\.rawValue)),
        transform: { text in
            guard let framing = SyslogFraming(rawValue: text.lowercased()) else {
                throw ValidationError("syslog framing must be none, rfc3164 or rfc5424, not '\(text)'")
            }
            return framing
        })
    var syslogFraming: SyslogFraming?

    @Flag(help: "Carry the raw input line in CEF (cs6=rawEvent) and LEEF (rawEvent); ECS always has event.original.")
    var includeOriginal = false

    @Option(
        name: .customLong("option"),
        help: ArgumentHelp("A key=value setting for a third-party format (repeatable).", valueName: "key=value"),
        transform: { text in try ExportOptionGroup.parseKeyValue(text) })
    var customOptions: [KeyValue] = []

    /// One `--option key=value`.
    struct KeyValue: Sendable, Hashable {
        var key: String
        var value: String
    }

    /// Refuses empty device names: SIEMs key log sources on vendor and product, and the CSV schema requires them.
    mutating func validate() throws {
        for (flag, value) in [("--vendor", vendor), ("--product", product), ("--device-version", deviceVersion)] {
            if let value, value.allSatisfy(\.isWhitespace) { throw ValidationError("\(flag) must not be empty") }
        }
    }

    /// The ``ExportOptions`` these options describe; unset options keep ``ExportOptions``' defaults.
    var exportOptions: ExportOptions {
        var options = ExportOptions()
        options.timeZone = timeZone
        options.observerHostName = observerHost
        if let vendor { options.deviceVendor = vendor }
        if let product { options.deviceProduct = product }
        if let deviceVersion { options.deviceVersion = deviceVersion }
        if let leefVersion { options.leefVersion = leefVersion }
        if let leefDelimiter { options.leefDelimiter = leefDelimiter }
        options.csvFormulaGuard = !noFormulaGuard
        if let ecsVersion { options.ecsVersion = ecsVersion }
        if let syslogFraming { options.syslogFraming = syslogFraming }
        options.includeOriginal = includeOriginal
        for pair in customOptions { options.custom[pair.key] = pair.value }
        return options
    }

    /// The flag a user typed for an ``ExportOptions`` property an exporter names in ``ExportError/invalidOption(_:_:)``
    /// (`leefDelimiter` → `--leef-delimiter`); a third-party key `k` → `--option k=…`.
    static func flag(forOption option: String) -> String {
        let flags = [
            "timeZone": "--timezone", "observerHostName": "--observer-host", "deviceVendor": "--vendor",
            "deviceProduct": "--product", "deviceVersion": "--device-version", "leefVersion": "--leef-version",
            "leefDelimiter": "--leef-delimiter", "csvFormulaGuard": "--no-formula-guard",
            "ecsVersion": "--ecs-version", "syslogFraming": "--syslog-framing", "includeOriginal": "--include-original",
        ]
        return flags[option] ?? "--option \(option)=…"
    }

    /// `^`, `|`, `x09`, `0x7C`, `\t` or `tab` → one byte. Whether the byte suits LEEF is the exporter's call.
    static func parseDelimiter(_ text: String) throws -> UInt8 {
        let bytes = Array(text.utf8)
        if bytes.count == 1, bytes[0] >= 0x20, bytes[0] < 0x7F { return bytes[0] }
        if text == "\\t" || text.lowercased() == "tab" { return 0x09 }
        var hex = Substring(text)
        if hex.lowercased().hasPrefix("0x") {
            hex = hex.dropFirst(2)
        } else if hex.lowercased().hasPrefix("x") {
            hex = hex.dropFirst()
        } else {
            hex = ""
        }
        guard hex.count == 2, let value = UInt8(hex, radix: 16), value < 0x80 else {
            throw ValidationError(
                "LEEF delimiter must be one printable ASCII character or xHH (e.g. x09), not '\(text)'")
        }
        return value
    }

    /// `key=value` (the value may contain `=` and be empty; the key may not be empty).
    static func parseKeyValue(_ text: String) throws -> KeyValue {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("--option expects key=value, not '\(text)'")
        }
        return KeyValue(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }

    /// The exporter of `format` (a name or alias in ``ExporterRegistry/current``) with these options, and the format's
    /// name; an unknown format or an invalid option is reported (naming the flag the user typed, not the library's
    /// property) and exits 64.
    func exporter(forFormat format: String, defaultFraming: SyslogFraming = .none) throws -> (
        name: String, exporter: any EventExporter
    ) {
        let registry = ExporterRegistry.current
        var options = exportOptions
        if syslogFraming == nil { options.syslogFraming = defaultFraming }
        do {
            return (
                try registry.format(named: format).name,
                try registry.makeExporter(named: format, options: options)
            )
        } catch ExportError.invalidOption(let option, let why) {
            Diagnostics.error("invalid \(Self.flag(forOption: option)): \(why)")
            throw KerioSIEMExitCode.usage
        } catch {
            Diagnostics.error("\(error)")
            throw KerioSIEMExitCode.usage
        }
    }
}
