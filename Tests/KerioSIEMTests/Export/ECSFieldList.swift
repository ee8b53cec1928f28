import Foundation

/// The ECS 9.4.0 field list (`ecs_fields.tsv`: name, type, level, normalize, allowed_values).
struct ECSFieldList {
    struct Entry {
        var name: String
        var type: String
        var level: String
        var isArray: Bool
        /// Allowed values (empty when the field has none; `expected:` lists are not allowed values).
        var allowedValues: [String]
    }

    var entries: [String: Entry] = [:]

    /// Loads the copy in `Tests/KerioSIEMTests/Resources`.
    static let shared: ECSFieldList = {
        guard let text = try? String(contentsOf: ECSTestPaths.ecsFields, encoding: .utf8) else {
            return ECSFieldList()
        }
        var list = ECSFieldList()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 4, columns[0] != "name" else { continue }
            let allowed =
                columns.count > 4 && !columns[4].isEmpty && !columns[4].hasPrefix("expected:")
                ? columns[4].split(separator: ",").map(String.init) : []
            list.entries[columns[0]] = Entry(
                name: columns[0], type: columns[1], level: columns[2],
                isArray: columns[3].contains("array"), allowedValues: allowed)
        }
        return list
    }()

    subscript(name: String) -> Entry? { entries[name] }
}
