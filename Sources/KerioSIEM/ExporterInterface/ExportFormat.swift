/// What the registry knows about an output format: its names, file type and the schema its output validates against.
///
/// ```swift
/// ExportFormat(name: "cef", fileExtension: "cef", mediaType: "text/plain",
///              summary: "ArcSight Common Event Format", schema: "cef.schema.json")
/// ```
public struct ExportFormat: Sendable, Hashable {
    /// The name users pass to `--format`: a lowercase token of letters, digits, `-` and `_`.
    public var name: String
    /// Other names accepted for the same format (e.g. `json` for `ecs`).
    public var aliases: [String]
    /// The usual file extension, without the dot.
    public var fileExtension: String
    /// The IANA media type of a converted file, e.g. `application/x-ndjson`.
    public var mediaType: String
    /// One line describing the format.
    public var summary: String
    /// The file name, under `Schemas/`, of the schema that validates this format's output; `nil` for none.
    public var schema: String?

    /// Creates a format description.
    public init(
        name: String, aliases: [String] = [], fileExtension: String, mediaType: String, summary: String,
        schema: String? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.fileExtension = fileExtension
        self.mediaType = mediaType
        self.summary = summary
        self.schema = schema
    }

    /// The name followed by the aliases.
    public var allNames: [String] { [name] + aliases }
}
