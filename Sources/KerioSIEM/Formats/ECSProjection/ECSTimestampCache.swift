/// The RFC 3339 text of the last second an exporter wrote (`2013-03-02T08:54:38.`), kept across records: log lines
/// come in time order, many in the same second, so most timestamps need only their milliseconds formatted.
///
/// ```swift
/// var cache = ECSTimestampCache()
/// stage.appendRFC3339(epochMilliseconds: milliseconds, cache: &cache)
/// ```
struct ECSTimestampCache {
    /// The cached second (floor of milliseconds / 1000, after clamping); `Int64.min` when empty.
    var seconds: Int64 = .min
    /// The 20 bytes `YYYY-MM-DDTHH:MM:SS.` of ``seconds``.
    var text: (UInt64, UInt64, UInt32) = (0, 0, 0)
}
