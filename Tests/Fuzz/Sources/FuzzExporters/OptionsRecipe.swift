import KerioSIEM

/// Builds ``ExportOptions`` from fuzzer bytes: framing, LEEF version and delimiter, time zone, the original line,
/// and now and then hostile vendor, product, version and host names (they end up in CEF and LEEF headers).
enum OptionsRecipe {
    /// Zones with odd offsets and daylight saving, loaded once (reading zoneinfo per input would dominate the run).
    static let zones: [KerioTimeZone] = ["Europe/Prague", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati"]
        .compactMap { try? KerioTimeZone(identifier: $0) }

    static func make(_ recipe: inout Recipe) -> ExportOptions {
        var options = ExportOptions()
        let bits = recipe.byte()
        options.includeOriginal = bits & 1 != 0
        options.csvFormulaGuard = bits & 2 == 0
        options.leefVersion = bits & 4 != 0 ? .v1 : .v2
        options.syslogFraming = SyslogFraming.allCases[Int(recipe.byte()) % SyslogFraming.allCases.count]
        let delimiter = recipe.byte()
        // One printable ASCII byte or TAB; an exporter may still refuse some (then the format is skipped).
        options.leefDelimiter = delimiter & 0x80 != 0 ? 0x09 : 0x20 + delimiter % 0x5F
        switch recipe.byte() % 4 {
        case 0: options.timeZone = .utc
        case 1: options.timeZone = .fixed(secondsEastOfUTC: Int(recipe.number(in: -1_080...1_080)) * 60)
        default: if !zones.isEmpty { options.timeZone = zones[Int(recipe.byte()) % zones.count] }
        }
        if bits & 8 != 0 { options.observerHostName = recipe.text() }
        // Vendor, product and version are the operator's settings: hostile bytes, but never empty. An empty one (a
        // CLI `--product ""`) makes the CSV validator reject the required `observer.product` column while the other
        // formats accept it; whether to refuse empty names up front is an open decision, not a fuzzing finding.
        func nonEmpty(_ text: String, or fallback: String) -> String { text.isEmpty ? fallback : text }
        if bits & 16 != 0 { options.deviceVendor = nonEmpty(recipe.text(), or: options.deviceVendor) }
        if bits & 32 != 0 { options.deviceProduct = nonEmpty(recipe.text(), or: options.deviceProduct) }
        if bits & 64 != 0 { options.deviceVersion = nonEmpty(recipe.text(), or: options.deviceVersion) }
        return options
    }
}
