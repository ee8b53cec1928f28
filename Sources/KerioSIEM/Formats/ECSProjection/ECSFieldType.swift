/// The Elasticsearch data type of an ``ECSField``, as ECS 9.4.0 declares it (`type` in `ecs_flat.yml`).
///
/// It decides how each output writes a value: `long` is a JSON number and a bare CSV/XML integer, `date` an
/// RFC 3339 UTC string with milliseconds, the string types JSON strings, CSV text cells and XML text.
///
/// ```swift
/// ECSField.sourcePort.type == .long   // true
/// ECSField.sourcePort.type.ecsName    // "long"
/// ```
public enum ECSFieldType: Sendable, Hashable, CaseIterable {
    /// `keyword`: an exact string.
    case keyword
    /// `match_only_text`: full text (`message`, `error.message`).
    case matchOnlyText
    /// `long`: a signed 64-bit integer.
    case long
    /// `ip`: an IPv4 or IPv6 literal, never a host name.
    case ip
    /// `date`: an instant, written `2013-03-02T08:54:38.000Z`.
    case date

    /// The type's name in the ECS field list, e.g. `match_only_text`.
    public var ecsName: String {
        switch self {
        case .keyword: "keyword"
        case .matchOnlyText: "match_only_text"
        case .long: "long"
        case .ip: "ip"
        case .date: "date"
        }
    }

    /// Whether values of this type are numbers (JSON numbers, unguarded CSV cells).
    public var isNumeric: Bool { self == .long }
}
