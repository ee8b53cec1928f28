/// Typed settings shared by the exporters; each format reads the ones that concern it.
///
/// ```swift
/// var options = ExportOptions()
/// options.timeZone = try KerioTimeZone(identifier: "Europe/Prague")
/// options.observerHostName = "fw1.example.com"
/// options.leefVersion = .v1
/// ```
public struct ExportOptions: Sendable {
    /// Device vendor: CEF/LEEF header Vendor, ECS `observer.vendor`. Default `Kerio`.
    public var deviceVendor: String = "Kerio"
    /// Device product: CEF/LEEF header Product, ECS `observer.product`. Default `Control`.
    public var deviceProduct: String = "Control"
    /// Device version: CEF/LEEF header Version, ECS `observer.version`. Kerio does not log its version; default `9`.
    public var deviceVersion: String = "9"
    /// Host name of the Kerio box: CEF `dvchost`, LEEF custom key, ECS `observer.hostname`. When `nil`, the syslog
    /// envelope's HOSTNAME is used if the line had one.
    public var observerHostName: String? = nil
    /// The zone the Kerio box's clock runs in, for its zone-less wall times. Default UTC.
    public var timeZone: KerioTimeZone = .utc
    /// LEEF version written by the `leef` format. Default 2.0.
    public var leefVersion: LEEFVersion = .v2
    /// LEEF 2.0 attribute delimiter: one printable ASCII byte or TAB (written `x09`). Default TAB.
    public var leefDelimiter: UInt8 = 0x09
    /// Prefix CSV text cells that start with `= + - @`, TAB, CR or LF with `'` (OWASP). Default on.
    public var csvFormulaGuard: Bool = true
    /// The ECS version written to `ecs.version`. Default `9.4.0`.
    public var ecsVersion: String = "9.4.0"
    /// Put a syslog header before each CEF, LEEF or ECS JSON record (CSV and XML ignore it). Default none (the line
    /// starts with `CEF:`, `LEEF:` or `{`).
    public var syslogFraming: SyslogFraming = .none
    /// Carry the raw input line in CEF (`cs6`, label `rawEvent`) and LEEF (`rawEvent`). ECS always carries it in
    /// `event.original`. Default off.
    public var includeOriginal: Bool = false
    /// Options for third-party exporters, as `key=value` pairs from `--option`.
    public var custom: [String: String] = [:]

    /// The default options.
    public init() {}
}

/// The LEEF version to write.
public enum LEEFVersion: String, Sendable, Hashable, CaseIterable {
    /// LEEF 1.0: attributes separated by TAB.
    case v1 = "1.0"
    /// LEEF 2.0: attributes separated by the delimiter declared in the header.
    case v2 = "2.0"
}

/// A syslog header to put in front of CEF, LEEF or ECS JSON records.
public enum SyslogFraming: String, Sendable, Hashable, CaseIterable {
    /// No header: records start with `CEF:`, `LEEF:` or `{`.
    case none
    /// `<PRI>Mmm dd hh:mm:ss HOST ` (BSD syslog, RFC 3164), the header the CEF guide shows.
    case rfc3164
    /// `<PRI>1 yyyy-MM-ddTHH:mm:ss.SSSZ HOST kerio-siem - - - ` (RFC 5424).
    case rfc5424
}
