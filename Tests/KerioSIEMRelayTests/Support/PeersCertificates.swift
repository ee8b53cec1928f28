import Foundation
import Testing

/// Self-signed certificates made at test time with `openssl req -x509` (nothing secret is checked in).
enum PeerCertificates {
    /// A certificate and its key (PEM files in the test's directory).
    struct Pair {
        var certificate: String
        var key: String
    }

    /// A fresh self-signed certificate for `commonName`, with subject alternative names for that name, or for
    /// 127.0.0.1, ::1 and localhost when it is the loopback address (what the relay verifies against the --to host).
    static func make(in scope: PeerScope, name: String, commonName: String = "127.0.0.1") throws -> Pair {
        let openssl = try PeerTools.require("openssl")
        let pair = Pair(certificate: scope.directory.path("\(name).crt"), key: scope.directory.path("\(name).key"))
        let names = commonName == "127.0.0.1" ? "IP:127.0.0.1,IP:::1,DNS:localhost" : "DNS:\(commonName)"
        let result = try PeerProcess.runToEnd(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=\(names)", "-keyout", pair.key, "-out",
                pair.certificate,
            ], timeout: .seconds(20))
        try #require(result.status == 0, "openssl req -x509 failed: \(result.stderr)")
        return pair
    }
}
