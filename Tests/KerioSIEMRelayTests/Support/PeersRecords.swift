import Foundation
import Testing

/// The Kerio lines the real-peer tests send, and the records they must become: `kerio-siem convert` of the same
/// messages with the same format and `--syslog-framing rfc5424`, the reference every delivered record is compared
/// with.
enum PeerRecords {
    /// The package's root (for Samples/).
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Samples/security.log: every kind of Kerio security record, each parsing.
    static let sampleLines: [String] = {
        let text =
            (try? String(contentsOf: package.appendingPathComponent("Samples/security.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }()

    /// `count` distinct IPS lines: line `n` has the destination address 10.a.b.c that encodes `n` (``number(of:)``
    /// reads it back from a CEF record), so that losses and duplicates can be told apart.
    static func numberedLines(_ count: Int, from first: Int = 0) -> [String] {
        (first..<(first + count)).map { n in
            "[14/Nov/2026 09:15:02] IPS: Alert, severity: Low, Rule ID: 1:3000003 KERIO IPS Test Signature - Low "
                + "Severity, proto:TCP, ip/port:85.17.210.230:80(www.kerio.com) -> \(address(n)):49025"
        }
    }

    static func address(_ n: Int) -> String { "10.\((n >> 16) & 255).\((n >> 8) & 255).\(n & 255)" }

    /// The number of a CEF record of ``numberedLines(_:from:)`` (its `dst=`), or nil.
    static func number(of record: String) -> Int? {
        guard let range = record.range(of: " dst=10.") else { return nil }
        let octets = record[range.upperBound...].prefix { $0 != " " }.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 3 else { return nil }
        return octets[0] << 16 | octets[1] << 8 | octets[2]
    }

    /// An RFC 5424 envelope with a fixed time, as a Kerio box (or a collector) would send it.
    static func rfc5424(_ line: String, host: String = "kerio-fw") -> String {
        "<174>1 2026-12-03T12:00:00.000Z \(host) kerio - - - \(line)"
    }

    /// `kerio-siem convert -f FORMAT --syslog-framing rfc5424` of `messages` (one a line): one record each.
    static func converted(_ messages: [String], format: String, in scope: PeerScope) throws -> [String] {
        let binary = try PeerBinary.require()
        let input = try scope.directory.write(
            "convert-\(UUID().uuidString.prefix(8)).log", messages.joined(separator: "\n") + "\n")
        let result = try PeerProcess.runToEnd(
            binary, ["convert", "-q", "-f", format, "--syslog-framing", "rfc5424", input], timeout: .seconds(30))
        #expect(result.status == 0, "convert failed: \(result.stderr)")
        let records = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            records.count == messages.count, "convert wrote \(records.count) records for \(messages.count) messages")
        return records
    }

    /// The record with the digits after `key` (a time taken from the sender's envelope, which a test cannot fix)
    /// replaced by `T`, and those digits.
    static func masking(_ key: String, in record: String) -> (record: String, value: Int?) {
        guard let range = record.range(of: key) else { return (record, nil) }
        let digits = record[range.upperBound...].prefix { $0.isNumber }
        let end = record.index(range.upperBound, offsetBy: digits.count)
        return (String(record[..<range.upperBound]) + "T" + record[end...], Int(digits))
    }

    /// The sorted multiset difference `a - b` (what `a` has more of), for messages that say what is missing.
    static func missing(_ a: [String], from b: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for record in b { counts[record, default: 0] += 1 }
        var result: [String] = []
        for record in a {
            if let count = counts[record], count > 0 { counts[record] = count - 1 } else { result.append(record) }
        }
        return result
    }
}
