/// The schemas in `Schemas/`, compiled into the binary (`.embedInCode`), so validation needs no resource bundle and no
/// file system access at run time.
///
/// Each schema is looked up by its file name. The bytes are exactly the file's contents as built; nothing is parsed
/// here (the validators in `KerioSIEMValidation` parse and check them).
///
/// ```swift
/// let xsd = BundledSchema.bytes(named: "kerio-siem-events.xsd")!      // [UInt8], the XSD as written in Schemas/
/// for name in BundledSchema.names { print(name) }                     // cef.schema.json, csv.schema.json, …
/// ```
public enum BundledSchema {
    /// The file names of every bundled schema, sorted.
    ///
    /// Every name here returns bytes from ``bytes(named:)``.
    public static let names: [String] = [
        "cef.schema.json",
        "csv.schema.json",
        "ecs-event.schema.json",
        "kerio-siem-events.xsd",
        "leef.schema.json",
    ]

    /// The contents of the bundled schema file `name` (e.g. `cef.schema.json`), or `nil` when no schema has that name.
    ///
    /// ```swift
    /// BundledSchema.bytes(named: "cef.schema.json")    // the JSON text of Schemas/cef.schema.json
    /// BundledSchema.bytes(named: "nope.json")          // nil
    /// ```
    public static func bytes(named name: String) -> [UInt8]? {
        // The generated accessors are named after the file with every non-identifier character replaced by `_`.
        switch name {
        case "cef.schema.json": PackageResources.cef_schema_json
        case "csv.schema.json": PackageResources.csv_schema_json
        case "ecs-event.schema.json": PackageResources.ecs_event_schema_json
        case "kerio-siem-events.xsd": PackageResources.kerio_siem_events_xsd
        case "leef.schema.json": PackageResources.leef_schema_json
        default: nil
        }
    }
}
