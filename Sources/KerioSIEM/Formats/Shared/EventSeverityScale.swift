/// The severity of an event on the CEF scale 0–10, and what it becomes in LEEF and in a syslog PRI.
///
/// | Record | CEF | LEEF `sev` | syslog severity |
/// |---|---|---|---|
/// | IPS `High` | 8 | 8 | 3 error |
/// | IPS `Blacklist` | 7 | 7 | 3 error |
/// | IPS `Medium`, or any other word, or none | 5 | 5 | 4 warning |
/// | IPS `Low` | 3 | 3 | 5 notice |
/// | FTP bounce attack, FTP malicious reply | 7 | 7 | 3 error |
/// | anti-spoofing drop, failed authentication | 5 | 5 | 4 warning |
/// | engine and IPS engine start/stop, rule and antivirus updates | 1 | 1 | 6 informational |
/// | unparsed line | 0 | 1 | 6 informational |
///
/// The bands follow the CEF guide (0–3 Low, 4–6 Medium, 7–8 High, 9–10 Very-High); nothing Kerio logs is Very-High.
/// The IPS severity word is compared case-insensitively.
///
/// ```swift
/// EventSeverityScale.cef(of: event)      // 8 for an IPS High record
/// EventSeverityScale.leef(cef: 0)        // 1: LEEF sev is 1–10
/// ```
enum EventSeverityScale {
    /// The CEF header severity, 0–10.
    static func cef(of event: SecurityEvent) -> Int {
        switch event.kind.backing {
        case .ips:
            event.withBytes(of: .severity) { word in
                if matches(word, "high") { return 8 }
                if matches(word, "blacklist") { return 7 }
                if matches(word, "low") { return 3 }
                return 5
            } ?? 5
        case .ftpBounceAttack, .ftpMaliciousReply: 7
        case .antiSpoofing, .authenticationFailure: 5
        case .engineStartup, .engineShutdown, .ipsEngineStartup, .ipsEngineShutdown, .ipsRulesUpdate,
            .antivirusUpdate:
            1
        case .unparsed: 0
        }
    }

    /// LEEF `sev`: the CEF severity clamped to 1–10.
    static func leef(cef severity: Int) -> Int { min(max(severity, 1), 10) }

    /// The RFC 5424 severity for a syslog PRI: 9–10 → 2 critical, 7–8 → 3 error, 4–6 → 4 warning, 2–3 → 5 notice,
    /// 0–1 → 6 informational.
    static func syslog(cef severity: Int) -> Int {
        switch severity {
        case 9...: 2
        case 7...8: 3
        case 4...6: 4
        case 2...3: 5
        default: 6
        }
    }

    /// Whether `bytes` equal the lowercase ASCII `word`, ignoring ASCII case.
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { expected in
            for index in 0..<expected.count {
                let byte = bytes[index]
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lower != expected[index] { return false }
            }
            return true
        }
    }
}
