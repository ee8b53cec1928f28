/// The values ``ECSRecordSink/verbatim(_:_:)`` accepts; checked in debug builds only (the projection passes
/// literals, IP literals the parser's syntax accepted, and option strings it checked once at init).
///
/// ```swift
/// ECSVerbatim.isSafe(bytes("192.168.1.20"))   // true
/// ECSVerbatim.isSafe(bytes("-cmd"))           // false: a CSV formula start
/// ```
enum ECSVerbatim {
    /// Whether `bytes` are non-empty, only `[A-Za-z0-9._:-]`, and do not start with `-` (a CSV formula start).
    static func isSafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }
}
