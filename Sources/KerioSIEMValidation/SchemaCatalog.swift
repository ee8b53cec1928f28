private import KerioSIEMSchemas

/// The bundled schema of each built-in format, as compiled into the binary from `Schemas/`.
enum SchemaCatalog {
    static let cef = "cef.schema.json"
    static let leef = "leef.schema.json"
    static let csv = "csv.schema.json"
    static let ecs = "ecs-event.schema.json"
    static let xml = "kerio-siem-events.xsd"

    /// The bytes of the bundled schema `name`; empty (and so rejected by every validator) when none has that name.
    static func bytes(named name: String) -> [UInt8] { BundledSchema.bytes(named: name) ?? [] }
}
