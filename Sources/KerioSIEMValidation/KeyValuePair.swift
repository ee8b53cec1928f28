/// One `key=value` of a CEF extension or a LEEF attribute list, as found in a record (value unescaped).
struct KeyValuePair {
    var key: String
    var value: String
    /// The 1-based byte column of the key in the line.
    var column: Int
}
