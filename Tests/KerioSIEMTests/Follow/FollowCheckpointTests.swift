import KerioSIEM
import SystemPackage
import Testing

/// The follow state file: what is written is read back, whatever bytes a path holds, and anything else is refused.
struct FollowCheckpointTests {
    static let entries = [
        FollowCheckpoint.Entry(
            path: FilePath("/var/log/kerio/security.log"),
            identity: FileIdentity(device: 2_049, inode: 1_835_041, fingerprintLength: 1_024, fingerprint: 0x9f3c),
            offset: 1_048_576, line: 3_211),
        FollowCheckpoint.Entry(
            path: FilePath(systemBytes: Array("odd name\n with ".utf8) + [0xFF, 0x20]),
            identity: FileIdentity(device: 1, inode: 2, fingerprintLength: 0, fingerprint: .max),
            offset: 0, line: 0),
    ]

    @Test func whatIsWrittenIsReadBack() throws {
        let checkpoint = FollowCheckpoint(entries: Self.entries)
        let text = checkpoint.encoded
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("kerio-siem follow state 1\nfile 2049 1835041 1024 "))
        #expect(text.split(separator: 0x0A).count == 3, "a path's line break cannot split an entry")
        #expect(try FollowCheckpoint(parsing: text, path: "s") == checkpoint)
    }

    @Test(arguments: [
        "", "kerio-siem follow state 2\n", "kerio-siem follow state 1", "kerio-siem follow state 1\nfile\n",
        "kerio-siem follow state 1\nfile 1 2 3 0000000000000001 4 5 2f\n",  // a fingerprint of 3 bytes is fine…
        "kerio-siem follow state 1\nfile 1 2 3 01 4 5 2f\n",  // …but not a short hash
        "kerio-siem follow state 1\nfile 1 2 2000 0000000000000001 4 5 2f\n",
        "kerio-siem follow state 1\nfile 1 2 3 0000000000000001 -4 5 2f\n",
        "kerio-siem follow state 1\nfile 1 2 3 0000000000000001 4 5 2\n",
        "kerio-siem follow state 1\nfile 1 2 3 0000000000000001 4 5 2f00\n",
        "kerio-siem follow state 1\nfile 1 2 3 0000000000000001 4 5 \n",
    ])
    func anythingElseIsRefused(text: String) {
        let valid = text == "kerio-siem follow state 1\nfile 1 2 3 0000000000000001 4 5 2f\n"
        let parsed = try? FollowCheckpoint(parsing: Array(text.utf8), path: "s")
        #expect((parsed != nil) == valid)
    }
}
