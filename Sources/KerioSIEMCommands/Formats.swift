public import ArgumentParser
import KerioSIEM

/// `kerio-siem formats`: the output formats of the registry in use, as a table or JSON.
///
/// ```
/// $ kerio-siem formats
/// NAME  ALIASES  EXTENSION  MEDIA TYPE            SCHEMA                 DESCRIPTION
/// cef   -        cef        text/plain            cef.schema.json        ArcSight Common Event Format
/// ```
public struct Formats: ParsableCommand {
    /// The command's name, help text and examples.
    public static let configuration = CommandConfiguration(
        abstract: "List the output formats: name, aliases, file extension, media type, schema, description.",
        discussion: """
            The names (and aliases) are what --format accepts. Formats added by a third-party build of the \
            command line are listed too.

            Examples:
              kerio-siem formats
              kerio-siem formats --json | jq -r '.[].name'
            """)

    @Flag(help: "Print a JSON array of objects (name, aliases, extension, mediaType, schema, description).")
    var json = false

    /// An empty command, filled in by parsing.
    public init() {}

    /// Prints the formats on standard output.
    public func run() throws {
        let formats = ExporterRegistry.current.formats
        print(json ? Self.json(formats) : Self.table(formats), terminator: "")
    }

    /// An aligned table with a header row, one format per line.
    static func table(_ formats: [ExportFormat]) -> String {
        let header = ["NAME", "ALIASES", "EXTENSION", "MEDIA TYPE", "SCHEMA", "DESCRIPTION"]
        let rows = formats.map { format in
            [
                format.name, format.aliases.isEmpty ? "-" : format.aliases.joined(separator: ","), format.fileExtension,
                format.mediaType, format.schema ?? "-", format.summary,
            ].map(Diagnostics.sanitized)
        }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1
                    ? row[column]
                    : row[column] + String(repeating: " ", count: widths[column] - row[column].count + 2)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }

    /// A JSON array, one object per format, keys in a fixed order.
    static func json(_ formats: [ExportFormat]) -> String {
        let objects = formats.map { format in
            "  {\"name\": \(quoted(format.name)), "
                + "\"aliases\": [\(format.aliases.map(quoted).joined(separator: ", "))], "
                + "\"extension\": \(quoted(format.fileExtension)), "
                + "\"mediaType\": \(quoted(format.mediaType)), "
                + "\"schema\": \(format.schema.map(quoted) ?? "null"), "
                + "\"description\": \(quoted(format.summary))}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
