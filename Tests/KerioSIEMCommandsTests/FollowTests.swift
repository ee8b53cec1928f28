import Foundation
import Testing

/// `kerio-siem follow` against real files: new lines within 50 ms, every kind of rotation, restarts after a clean stop
/// and after SIGKILL, a corrupt state file, and the output rules of appending.
///
/// Each line carries a number (`user u<N>`), so the tests check that every line came out, and how often.
@Suite(.serialized)
struct FollowTests {
    /// A failed-authentication record for user `u<number>`.
    static func line(_ number: Int) -> String {
        "[14/Nov/2026 12:00:00] Authentication: WebAdmin: Client: 192.168.1.20: Invalid password for user u\(number)\n"
    }

    static func lines(_ numbers: ClosedRange<Int>) -> String { numbers.map(line).joined() }

    /// The user numbers of the CEF records in `text`, in order.
    static func numbers(_ text: String) -> [Int] {
        text.split(separator: "\n").compactMap { record in
            guard let range = record.range(of: " duser=u") else { return nil }
            return Int(record[range.upperBound...].prefix { $0.isNumber })
        }
    }

    /// The `externalId` of each CEF record in `text`, by the record's user number.
    static func ids(_ text: String) -> [Int: Set<String>] {
        var ids: [Int: Set<String>] = [:]
        for record in text.split(separator: "\n") {
            guard let user = record.range(of: " duser=u"), let key = record.range(of: " externalId=") else { continue }
            let number = Int(record[user.upperBound...].prefix { $0.isNumber }) ?? -1
            ids[number, default: []].insert(String(record[key.upperBound...].prefix { $0 != " " }))
        }
        return ids
    }

    /// The user numbers of the CEF records in `directory`'s `out.cef`.
    static func numbers(in directory: TemporaryDirectory) -> [Int] {
        numbers(String(decoding: directory.read("out.cef") ?? [], as: UTF8.self))
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Waits until `condition` holds (polling every 10 ms) or `timeout` passes.
    static func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Starts `follow -f cef --state state <files>` (plus `extra`) in `directory`.
    static func start(
        _ directory: TemporaryDirectory, _ files: [String] = ["security.log"], _ extra: [String] = []
    ) throws -> LiveProcess? {
        try LiveProcess(
            ["follow", "-f", "cef", "--state", "state", "--rotate-wait", "1"] + extra + files, in: directory,
            stdinIsPipe: false)
    }

    /// SIGTERM: a clean stop, exit 0.
    static func stop(_ live: LiveProcess, sourceLocation: SourceLocation = #_sourceLocation) {
        live.signal(SIGTERM)
        live.waitForExit()
        #expect(live.process.terminationReason == .exit, sourceLocation: sourceLocation)
        #expect(live.process.terminationStatus == 0, "\(live.stderr)", sourceLocation: sourceLocation)
    }

    func records(_ live: LiveProcess) -> [Int] { Self.numbers(String(decoding: live.stdout, as: UTF8.self)) }

    @Test func newLinesLeaveWithin50ms() throws {
        var worst = Duration.zero
        for _ in 0..<3 {  // two retries for a descheduled process; a follower that polls slowly misses every time
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let log = try directory.write("security.log", Self.lines(1...2))
            guard let live = try Self.start(directory) else { return }
            #expect(live.waitForLines(2))
            worst = .zero
            for number in 3...8 {
                usleep(150_000)
                let before = ContinuousClock.now
                try Self.append(Self.line(number), to: log)
                #expect(live.waitForLines(number, timeout: .seconds(5)))
                if let arrival = live.lines.dropFirst(number - 1).first?.at { worst = max(worst, arrival - before) }
            }
            Self.stop(live)
            #expect(records(live) == Array(1...8))
            if worst <= .milliseconds(50) { break }
        }
        #expect(worst <= .milliseconds(50), "worst latency \(worst)")
    }

    @Test func renameRotationReadsTheOldFileToItsEnd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...3))
        guard let live = try Self.start(directory) else { return }
        #expect(live.waitForLines(3))
        try FileManager.default.moveItem(atPath: log, toPath: directory.path("security.log.1"))
        // The writer has not reopened yet: it still appends to the renamed file.
        try Self.append(Self.lines(4...5), to: directory.path("security.log.1"))
        try directory.write("security.log", Self.lines(6...8))
        usleep(300_000)
        try Self.append(Self.line(9), to: directory.path("security.log.1"))  // within the rotate-wait
        #expect(live.waitForLines(9))
        Self.stop(live)
        #expect(records(live).sorted() == Array(1...9))
        #expect(live.stderr.contains("rotated") || live.stderr.contains("disappeared"))
    }

    @Test func copytruncateStartsAgainFromTheStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...3))
        guard let live = try Self.start(directory) else { return }
        #expect(live.waitForLines(3))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.truncate(atOffset: 0)
        try handle.close()
        usleep(300_000)
        try Self.append(Self.lines(4...5), to: log)
        #expect(live.waitForLines(5))
        Self.stop(live)
        #expect(records(live) == Array(1...5))
        #expect(live.stderr.contains("truncated"))
    }

    @Test func deleteAndRecreate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...3))
        guard let live = try Self.start(directory) else { return }
        #expect(live.waitForLines(3))
        try FileManager.default.removeItem(atPath: log)
        usleep(300_000)
        try directory.write("security.log", Self.lines(4...6))
        #expect(live.waitForLines(6))
        Self.stop(live)
        #expect(records(live) == Array(1...6))
    }

    @Test func aFileThatComesLaterThroughAGlobIsFollowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path("logs"), withIntermediateDirectories: true)
        guard let live = try Self.start(directory, ["logs/*.log"]) else { return }
        usleep(300_000)
        try directory.write("logs/a.log", Self.lines(1...2))
        try directory.write("logs/b.log", Self.lines(3...4))
        try directory.write("logs/ignored.txt", Self.lines(90...91))
        #expect(live.waitForLines(4))
        usleep(300_000)
        Self.stop(live)
        #expect(records(live).sorted() == Array(1...4))
    }

    @Test func aCleanRestartWritesNoDuplicate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...3))
        guard let first = try Self.start(directory, ["security.log"], ["-o", "out.cef"]) else { return }
        #expect(
            Self.eventually {
                Self.numbers(in: directory).count == 3
            })
        Self.stop(first)
        try Self.append(Self.lines(4...6), to: log)
        guard let second = try Self.start(directory, ["security.log"], ["-o", "out.cef"]) else { return }
        #expect(
            Self.eventually {
                Self.numbers(in: directory).count >= 6
            })
        usleep(300_000)
        Self.stop(second)
        #expect(Self.numbers(in: directory) == Array(1...6))
        #expect(second.stderr.contains("resuming at byte"))
    }

    @Test func sigkillAndRestartLoseNothingAndRepeatOnlyWhatFollowsTheCheckpoint() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...100))
        guard let first = try Self.start(directory, ["security.log"], ["-o", "out.cef"]) else { return }
        let output = { Self.numbers(in: directory) }
        #expect(Self.eventually { output().count >= 100 })
        usleep(1_300_000)  // a checkpoint (every second) covers the first 100 lines
        try Self.append(Self.lines(101...150), to: log)
        #expect(Self.eventually { output().count >= 150 })
        first.signal(SIGKILL)
        first.waitForExit()
        let state = String(decoding: directory.read("state") ?? [], as: UTF8.self)
        let checkpointed = state.split(separator: "\n").dropFirst().first.flatMap {
            Int($0.split(separator: " ")[6])
        }
        #expect(checkpointed != nil, "the state file: \(state)")
        try Self.append(Self.lines(151...200), to: log)
        guard let second = try Self.start(directory, ["security.log"], ["-o", "out.cef"]) else { return }
        #expect(Self.eventually { Set(output()).count >= 200 })
        Self.stop(second)
        let all = output()
        #expect(Set(all) == Set(1...200), "nothing lost")
        let ids = Self.ids(String(decoding: directory.read("out.cef") ?? [], as: UTF8.self))
        let twoIDs = ids.filter { $0.value.count > 1 }
        #expect(twoIDs.isEmpty, "a line written twice has one id: \(twoIDs)")
        // Repeated are exactly the lines after the last checkpoint, and only once.
        let repeated = Dictionary(grouping: all, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        let from = (checkpointed ?? 0) + 1
        #expect(repeated == (from <= 150 ? Array(from...150) : []))
        #expect(all.count == 200 + repeated.count)
    }

    /// Each record names its file and the line's offset (`externalId`, ECS `event.id`): the same id when the line is
    /// read again (a replay, a SIGKILL), another for another file with the same lines.
    @Test func recordsCarryStableIDsOfFileAndOffset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("security.log", Self.lines(1...5))
        _ = try directory.write("other.log", Self.lines(1...5))
        func run(_ file: String) throws -> [Int: Set<String>] {
            try? FileManager.default.removeItem(atPath: directory.path("state"))
            guard let live = try Self.start(directory, [file]) else { return [:] }
            #expect(live.waitForLines(5))
            Self.stop(live)
            return Self.ids(String(decoding: live.stdout, as: UTF8.self))
        }
        let first = try run("security.log")
        var offset = 0
        var prefixes: Set<Substring> = []
        for number in 1...5 {
            let id = first[number]?.first ?? ""
            let parts = id.split(separator: "-")
            #expect(parts.count == 2 && parts[0].count == 16 && parts[0].allSatisfy(\.isHexDigit), "\(id)")
            #expect(parts.last.flatMap { Int($0) } == offset, "line \(number) starts at byte \(offset): \(id)")
            prefixes.insert(parts[0])
            offset += Self.line(number).utf8.count
        }
        #expect(prefixes.count == 1)
        #expect(try run("security.log") == first, "read again from the start: the same ids")
        let other = try run("other.log")
        #expect(Set(other.values.flatMap { $0 }).isDisjoint(with: Set(first.values.flatMap { $0 })))
    }

    @Test func anInodeReusedWithOtherContentIsReadFromTheStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...3))
        guard let first = try Self.start(directory, ["security.log"], ["-o", "out.cef"]) else { return }
        #expect(
            Self.eventually {
                Self.numbers(in: directory).count == 3
            })
        Self.stop(first)
        let inode = try FileManager.default.attributesOfItem(atPath: log)[.systemFileNumber] as? Int
        // Same inode, other bytes, longer than before: only the fingerprint tells this file from the one read.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(Self.lines(11...15).utf8))
        try handle.close()
        #expect(try FileManager.default.attributesOfItem(atPath: log)[.systemFileNumber] as? Int == inode)
        guard let second = try Self.start(directory, ["security.log"], ["-o", "out.cef"]) else { return }
        #expect(
            Self.eventually {
                Self.numbers(in: directory).count == 8
            })
        Self.stop(second)
        #expect(
            Self.numbers(in: directory) == [1, 2, 3] + Array(11...15)
        )
        #expect(second.stderr.contains("first bytes changed"))
    }

    @Test(arguments: ["garbage\n", "kerio-siem follow state 1\nfile 1 2 3\n", "kerio-siem follow state 1\nfile 1 2"])
    func aCorruptStateFileIsAnErrorThatNamesIt(contents: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("security.log", Self.lines(1...3))
        try directory.write("state", contents)
        let result = try Binary.run(["follow", "-f", "cef", "--state", "state", "security.log"], in: directory)
        #expect(result?.exited(65) == true, "\(result?.stderr ?? "")")
        #expect(result?.stderr.contains("'state' is corrupt") == true)
        #expect(result?.stdout.isEmpty == true)
        #expect(directory.read("state") == Array(contents.utf8), "left as it was")
    }

    @Test func fromEndSkipsWhatIsThereAndOutputsAppend() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...3))
        try directory.write("out.cef", "an earlier record\n")
        guard let live = try Self.start(directory, ["security.log"], ["--from-end", "-o", "out.cef"]) else { return }
        usleep(400_000)
        try Self.append(Self.lines(4...5), to: log)
        let output = { String(decoding: directory.read("out.cef") ?? [], as: UTF8.self) }
        #expect(Self.eventually { Self.numbers(output()).count == 2 })
        Self.stop(live)
        #expect(output().hasPrefix("an earlier record\n"))
        #expect(Self.numbers(output()) == [4, 5])
    }

    @Test func csvWritesItsHeaderOnlyIntoAnEmptyOutputAndXMLIsNotAppendedTo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("security.log", Self.lines(1...2))
        for _ in 0..<2 {
            guard
                let live = try LiveProcess(
                    ["follow", "-f", "csv", "--state", "state", "-o", "out.csv", "security.log"], in: directory,
                    stdinIsPipe: false)
            else { return }
            usleep(500_000)
            Self.stop(live)
        }
        let csv = String(decoding: directory.read("out.csv") ?? [], as: UTF8.self)
        #expect(csv.utf8.split(separator: 0x0A).count == 3, "one header and two records (CRLF-ended): \(csv)")
        try directory.write("out.xml", "<events>")
        let xml = try Binary.run(
            ["follow", "-f", "xml", "--state", "state2", "-o", "out.xml", "security.log"], in: directory)
        #expect(xml?.exited(64) == true)
        #expect(xml?.stderr.contains("cannot be appended to") == true)
    }

    @Test func aFileReplacedByADirectoryIsReportedAndFollowedWhenItIsBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("security.log", Self.lines(1...2))
        guard let live = try Self.start(directory) else { return }
        #expect(live.waitForLines(2))
        try FileManager.default.removeItem(atPath: log)
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: false)
        #expect(Self.eventually { live.stderr.contains("is a directory") })
        try FileManager.default.removeItem(atPath: log)
        try directory.write("security.log", Self.lines(3...4))
        #expect(live.waitForLines(4))
        Self.stop(live)
        #expect(records(live) == Array(1...4))
    }

    @Test func aLineLongerThanTheBufferIsOneUnparsedLineAndMemoryStaysBounded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 3 MiB without a line break, then a record: the long line is rejected (line-too-long), the record kept.
        let long = String(repeating: "x", count: 3 << 20)
        try directory.write("security.log", Self.line(1) + long + "\n" + Self.line(2))
        guard let live = try Self.start(directory, ["security.log"], ["--rejects", "rejects.log"]) else { return }
        #expect(live.waitForLines(2))
        usleep(300_000)
        Self.stop(live)
        #expect(records(live) == [1, 2])
        #expect(live.stderr.contains("security.log:2: warning: line-too-long"))
        #expect(directory.read("rejects.log")?.count == 65_536 + 1, "the first --max-line-length bytes and a LF")
    }

    @Test func aGlobThatMatchesTheRotatedFileReadsNoLineTwice() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path("logs"), withIntermediateDirectories: true)
        let log = try directory.write("logs/security.log", Self.lines(1...3))
        guard let live = try Self.start(directory, ["logs/security.log*"]) else { return }
        #expect(live.waitForLines(3))
        try FileManager.default.moveItem(atPath: log, toPath: directory.path("logs/security.log.1"))
        try Self.append(Self.line(4), to: directory.path("logs/security.log.1"))
        try directory.write("logs/security.log", Self.lines(5...6))
        #expect(live.waitForLines(6))
        usleep(1_600_000)  // past the rotate-wait: the rotated file is still followed, as a match of the glob
        try Self.append(Self.line(7), to: directory.path("logs/security.log.1"))
        #expect(live.waitForLines(7))
        usleep(300_000)
        Self.stop(live)
        #expect(records(live).sorted() == Array(1...7), "every line once")
    }

    @Test func entriesOfFilesThatAreGoneArePrunedAndAFileRotatedPastTheGlobIsReadToItsEnd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path("logs"), withIntermediateDirectories: true)
        try directory.write("logs/a.log", Self.lines(1...2))
        try directory.write("logs/b.log", Self.lines(3...4))
        guard let first = try Self.start(directory, ["logs/*.log"], ["-o", "out.cef"]) else { return }
        #expect(Self.eventually { Self.numbers(in: directory).count == 4 })
        Self.stop(first)
        // While stopped: a.log is deleted; b.log gets a line, then is rotated to a name the glob does not match.
        try FileManager.default.removeItem(atPath: directory.path("logs/a.log"))
        try Self.append(Self.line(5), to: directory.path("logs/b.log"))
        try FileManager.default.moveItem(atPath: directory.path("logs/b.log"), toPath: directory.path("logs/b.log.1"))
        guard let second = try Self.start(directory, ["logs/*.log"], ["-o", "out.cef"]) else { return }
        #expect(Self.eventually { Self.numbers(in: directory).count == 5 })
        usleep(1_500_000)  // past the rotate-wait: b.log.1 is let go
        Self.stop(second)
        #expect(Self.numbers(in: directory) == Array(1...5), "the line written before the rotation is read once")
        let state = String(decoding: directory.read("state") ?? [], as: UTF8.self)
        #expect(state == "kerio-siem follow state 1\n", "no entry is left for files that are gone: \(state)")
    }
}
