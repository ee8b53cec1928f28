import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kerio-siem follow --to URL` against loopback receivers in this process: a plain TCP listener that collects
/// LF-framed lines (and can stop reading, go away and come back on the same port), and an HTTP collector that answers
/// as Splunk HEC or Elasticsearch `_bulk`. The cases: no fault (every line once, nothing again after a restart), the
/// receiver down (exit 75, the checkpoint stays before the undelivered lines, the next follow delivers them; also
/// with the follow blocked on a full queue), a line the output refuses just before the stop (not checkpointed), the
/// receiver going away in the middle (every line at least once), and a receiver that does not read (the follow
/// pauses instead of reading ahead, and loses nothing).
///
/// Records are told apart by the user number in each line (`user u<N>`), not by their bytes.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct FollowDeliveryTests {
    static let line = FollowTests.line
    static func lines(_ numbers: ClosedRange<Int>) -> String { FollowTests.lines(numbers) }

    /// Starts `follow -f <format> --state state --to <url>` on `security.log` in `directory`.
    static func start(
        _ directory: TemporaryDirectory, to url: String, format: String = "cef", _ extra: [String] = []
    ) throws -> LiveProcess? {
        try LiveProcess(
            ["follow", "-f", format, "--state", "state", "--rotate-wait", "1", "--to", url, "--summary-interval", "0"]
                + extra + ["security.log"], in: directory, stdinIsPipe: false)
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns its status, or nil if the process died by a signal.
    static func terminate(_ live: LiveProcess, timeout: Duration = .seconds(30)) -> Int32? {
        live.signal(SIGTERM)
        live.waitForExit(timeout: timeout)
        return live.process.terminationReason == .exit ? live.process.terminationStatus : nil
    }

    /// The byte offset the state file records for the (one) followed file, or nil when there is no entry.
    static func checkpointedOffset(_ directory: TemporaryDirectory) -> Int? { checkpointField(5, directory) }

    /// The number of lines before that offset, or nil when there is no entry.
    static func checkpointedLines(_ directory: TemporaryDirectory) -> Int? { checkpointField(6, directory) }

    /// Field `index` of the state file's first entry (`file DEVICE INODE LENGTH FINGERPRINT OFFSET LINES PATH`).
    static func checkpointField(_ index: Int, _ directory: TemporaryDirectory) -> Int? {
        let state = String(decoding: directory.read("state") ?? [], as: UTF8.self)
        return state.split(separator: "\n").dropFirst().first.flatMap { Int($0.split(separator: " ")[index]) }
    }

    /// The bytes `process` has read so far (`rchar` of /proc/PID/io: every read and pread, the followed file's above
    /// all; the follow reads with pread, so its descriptor's position says nothing), or nil without /proc.
    static func bytesRead(by process: Process) -> Int? {
        let io = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/io", encoding: .utf8)) ?? ""
        for row in io.split(separator: "\n") where row.hasPrefix("rchar:") {
            return Int(row.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    // MARK: - No fault

    @Test func everyLineOverTCPArrivesOnceAndARestartSendsNothingAgain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let receiver = try LineReceiver()
        defer { receiver.stop() }
        let log = try directory.write("security.log", Self.lines(1...50))
        let url = "tcp://127.0.0.1:\(receiver.port)"
        guard let first = try Self.start(directory, to: url) else { return }
        #expect(FollowTests.eventually { receiver.numbers.count >= 50 }, "\(first.stderr)")
        try FollowTests.append(Self.lines(51...60), to: log)
        #expect(FollowTests.eventually { receiver.numbers.count >= 60 }, "\(first.stderr)")
        #expect(Self.terminate(first) == 0, "\(first.stderr)")
        #expect(directory.read("state") != nil, "the state file is written at the stop")
        #expect(Self.checkpointedOffset(directory) == Self.lines(1...60).utf8.count)
        #expect(Self.checkpointedLines(directory) == 60)
        #expect(receiver.numbers == Array(1...60), "every line once, in order")

        // A restart resumes at the checkpoint: the next line is the first one it sends.
        try FollowTests.append(Self.lines(61...62), to: log)
        guard let second = try Self.start(directory, to: url) else { return }
        #expect(FollowTests.eventually { receiver.numbers.count >= 62 }, "\(second.stderr)")
        #expect(Self.terminate(second) == 0, "\(second.stderr)")
        #expect(receiver.numbers == Array(1...62), "nothing sent again after a clean stop")
        #expect(first.stdout.isEmpty && second.stdout.isEmpty, "records go to the network, not standard output")
    }

    enum HTTPKind: String, CaseIterable, CustomTestStringConvertible {
        case splunkHEC, elasticsearch
        var testDescription: String { rawValue }
    }

    @Test("every line reaches an HTTP output once, and a restart sends nothing again", arguments: HTTPKind.allCases)
    func everyLineOverHTTPArrivesOnce(_ kind: HTTPKind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collector = try HTTPCollector()
        defer { collector.stop() }
        let log = try directory.write("security.log", Self.lines(1...40))
        let url: String
        switch kind {
        case .splunkHEC:
            url = "splunk-hec+http://127.0.0.1:\(collector.port)"
            try directory.write("token", "follow-token\n")
        case .elasticsearch:
            url = "elasticsearch+http://127.0.0.1:\(collector.port)/logs-kerio-default"
        }
        let extra = kind == .splunkHEC ? ["--hec-token-file", "token"] : []
        guard let first = try Self.start(directory, to: url, format: "ecs", extra) else { return }
        #expect(FollowTests.eventually { collector.numbers.count >= 40 }, "\(first.stderr)")
        try FollowTests.append(Self.lines(41...45), to: log)
        #expect(FollowTests.eventually { collector.numbers.count >= 45 }, "\(first.stderr)")
        #expect(Self.terminate(first) == 0, "\(first.stderr)")
        #expect(directory.read("state") != nil)

        try FollowTests.append(Self.line(46), to: log)
        guard let second = try Self.start(directory, to: url, format: "ecs", extra) else { return }
        #expect(FollowTests.eventually { collector.numbers.count >= 46 }, "\(second.stderr)")
        #expect(Self.terminate(second) == 0, "\(second.stderr)")
        #expect(collector.numbers.sorted() == Array(1...46), "every line once")

        // What an HEC or Elasticsearch would insist on.
        let requests = collector.requests
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(request.method == "POST")
            switch kind {
            case .splunkHEC:
                #expect(request.path == "/services/collector/event")
                #expect(request.headers["authorization"] == "Splunk follow-token")
                #expect(request.body.hasPrefix("{"), "event objects one after another")
            case .elasticsearch:
                #expect(request.path == "/logs-kerio-default/_bulk")
                #expect(request.headers["content-type"]?.hasPrefix("application/x-ndjson") == true)
                #expect(request.body.hasSuffix("\n"))
                let rows = request.body.split(separator: "\n")
                #expect(rows.count % 2 == 0)
                for (index, row) in rows.enumerated() {
                    if index % 2 == 0 {
                        #expect(row.hasPrefix(#"{"create":"#), "\(row)")
                    } else {
                        #expect(row.contains(#""@timestamp":"#), "\(row)")
                        // The document's stable id (file and offset) is its _id: a replay is not indexed twice.
                        let action = try JSONSerialization.jsonObject(with: Data(rows[index - 1].utf8))
                        let document = try JSONSerialization.jsonObject(with: Data(row.utf8))
                        let id = ((action as? [String: Any])?["create"] as? [String: Any])?["_id"] as? String
                        let event = (document as? [String: Any])?["event"] as? [String: Any]
                        #expect(id != nil && id == event?["id"] as? String, "\(rows[index - 1]) \(row)")
                    }
                }
            }
        }
    }

    // MARK: - The receiver down

    /// The backlog a follow meets with the receiver down: a few lines, or more than the queue holds (about 3 MB,
    /// three 1 MiB reads: one batch in the delivery's hands, one queued, one waiting for room), so that the follow
    /// is blocked handing records to the full queue when the stop comes.
    enum Backlog: String, CaseIterable, CustomTestStringConvertible {
        case small, moreThanTheQueue
        var testDescription: String { rawValue }
        var count: Int { self == .small ? 20 : 30_000 }
    }

    @Test(
        "with the receiver down a stop exits 75 and keeps the checkpoint; the next follow delivers every line",
        arguments: Backlog.allCases)
    func aReceiverThatIsDown(_ backlog: Backlog) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // A port bound but not listening: connecting is refused, and no other program can take it meanwhile.
        let reserved = try ReservedPort()
        let total = backlog.count
        try directory.write("security.log", Self.lines(1...total))
        let url = "tcp://127.0.0.1:\(reserved.port)"
        let extra = ["--drain-timeout", "0.5", "--queue-size", "10"]
        guard let first = try Self.start(directory, to: url, extra) else { return }
        #expect(FollowTests.eventually { first.stderr.contains("delivery failed") }, "\(first.stderr)")
        let status = Self.terminate(first, timeout: .seconds(15))
        #expect(status == 75, "\(first.stderr)")
        #expect(first.stderr.contains("records undelivered"), "\(first.stderr)")
        // Nothing was confirmed, so the checkpoint did not move past the first line (or was never written).
        #expect(
            (Self.checkpointedOffset(directory) ?? 0) == 0,
            "\(String(decoding: directory.read("state") ?? [], as: UTF8.self))")

        reserved.release()
        let receiver = try LineReceiver(port: reserved.port)
        defer { receiver.stop() }
        guard let second = try Self.start(directory, to: url, extra) else { return }
        #expect(
            FollowTests.eventually(timeout: .seconds(20)) { Set(receiver.numbers).count >= total }, "\(second.stderr)")
        #expect(Self.terminate(second) == 0, "\(second.stderr)")
        let received = receiver.numbers
        #expect(Set(received) == Set(1...total), "no line missing")
        #expect(received.count == total, "a fresh follow from a checkpoint that never moved sends each line once")
    }

    /// A line written just before the stop, which the output then does not confirm, must stay after the checkpoint
    /// even though the delivery loop was idle (waiting for records) when it was handed over.
    @Test func aLineTheOutputDidNotConfirmBeforeTheStopIsNotCheckpointed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collector = try HTTPCollector()
        defer { collector.stop() }
        let log = try directory.write("security.log", Self.lines(1...5))
        let url = "elasticsearch+http://127.0.0.1:\(collector.port)/logs-kerio-default"
        let extra = ["--drain-timeout", "0.5"]
        guard let first = try Self.start(directory, to: url, format: "ecs", extra) else { return }
        #expect(FollowTests.eventually { collector.numbers.count >= 5 }, "\(first.stderr)")
        let delivered = Self.lines(1...5).utf8.count
        // Idle: everything confirmed and checkpointed, the delivery loop waiting for records.
        #expect(FollowTests.eventually { Self.checkpointedOffset(directory) == delivered }, "\(first.stderr)")
        collector.failing = true
        try FollowTests.append(Self.line(6), to: log)
        first.signal(SIGTERM)
        first.waitForExit()
        #expect(first.process.terminationStatus == 75, "\(first.stderr)")
        #expect(first.stderr.contains("1 records undelivered"), "\(first.stderr)")
        #expect(Self.checkpointedOffset(directory) == delivered, "the checkpoint stays before line 6")

        collector.failing = false
        guard let second = try Self.start(directory, to: url, format: "ecs", extra) else { return }
        #expect(FollowTests.eventually { collector.numbers.contains(6) }, "\(second.stderr)")
        #expect(Self.terminate(second) == 0, "\(second.stderr)")
        #expect(collector.numbers.sorted() == Array(1...6), "line 6 delivered, once")
    }

    // MARK: - The receiver goes away

    @Test func aReceiverThatGoesAwayAndComesBackGetsEveryLineAtLeastOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var receiver = try LineReceiver()
        let port = receiver.port
        let log = try directory.write("security.log", Self.lines(1...100))
        guard let live = try Self.start(directory, to: "tcp://127.0.0.1:\(port)") else { return }
        #expect(FollowTests.eventually { receiver.numbers.count >= 100 }, "\(live.stderr)")
        var received = receiver.numbers
        // Gone: the connection closed, the port refusing; lines keep coming.
        receiver.stop()
        try FollowTests.append(Self.lines(101...150), to: log)
        usleep(200_000)
        try FollowTests.append(Self.lines(151...200), to: log)
        #expect(FollowTests.eventually { live.stderr.contains("delivery failed") }, "\(live.stderr)")
        // Back on the same port.
        receiver = try LineReceiver(port: port)
        defer { receiver.stop() }
        try FollowTests.append(Self.lines(201...300), to: log)
        #expect(
            FollowTests.eventually(timeout: .seconds(30)) { Set(received + receiver.numbers).isSuperset(of: 1...300) },
            "\(live.stderr)")
        #expect(Self.terminate(live) == 0, "\(live.stderr)")
        received += receiver.numbers
        let missing = Set(1...300).subtracting(received).sorted()
        #expect(missing.isEmpty, "missing: \(missing)")
        #expect(Set(received) == Set(1...300))
    }

    // MARK: - Backpressure

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/io"), "reads /proc/PID/io"))
    func aReceiverThatDoesNotReadPausesTheFollowAndLosesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // About 10 MB: far more than the loopback socket buffers (4 MiB at most), the batch being sent, the queued
        // one and the one waiting for room (1 MiB reads each) hold together. (It pauses after about 2-3 MB.)
        let total = 100_000
        try directory.write("security.log", Self.lines(1...total))
        let size = Self.lines(1...total).utf8.count
        let receiver = try LineReceiver(reading: false, receiveBuffer: 4_096)
        defer { receiver.stop() }
        guard
            let live = try Self.start(directory, to: "tcp://127.0.0.1:\(receiver.port)", ["--queue-size", "5"])
        else { return }
        #expect(FollowTests.eventually { receiver.connections > 0 }, "\(live.stderr)")
        // Wait until the follow stands still: the bytes it has read the same over half a second.
        var position: Int?
        let settled = FollowTests.eventually(timeout: .seconds(30)) {
            let before = Self.bytesRead(by: live.process)
            usleep(500_000)
            position = Self.bytesRead(by: live.process)
            // Within 64 KiB: the event loops' own small reads (eventfd, timerfd) go on.
            guard let before, let after = position else { return false }
            return abs(after - before) < 65_536
        }
        #expect(settled, "the follow keeps reading: \(position ?? -1) of \(size)")
        let paused = position ?? size
        #expect(paused < size / 2, "paused at byte \(paused) of \(size): it does not read ahead")
        #expect((Self.checkpointedOffset(directory) ?? 0) <= paused, "the checkpoint is not past what was read")
        #expect(receiver.numbers.isEmpty)

        receiver.startReading()
        #expect(FollowTests.eventually(timeout: .seconds(60)) { receiver.numbers.count >= total }, "\(live.stderr)")
        #expect(Self.terminate(live) == 0, "\(live.stderr)")
        let received = receiver.numbers
        #expect(received.count == total && Set(received) == Set(1...total), "every line once: \(received.count)")
        #expect(Self.checkpointedOffset(directory) == size)
    }
}

// MARK: - Receivers

/// Reads the user number of each record (`duser=u<N>` in CEF, `"u<N>"` in ECS JSON): the first one in `record`.
func userNumber(in record: Substring) -> Int? {
    for marker in [" duser=u", "\"u"] {
        var rest = record[...]
        while let range = rest.range(of: marker) {
            let digits = rest[range.upperBound...].prefix { $0.isNumber }
            let after = rest[range.upperBound...].dropFirst(digits.count).first
            if !digits.isEmpty && (marker == " duser=u" || after == "\"") { return Int(digits) }
            rest = rest[range.upperBound...]
        }
    }
    return nil
}

/// A TCP port on 127.0.0.1 that is bound but not listening (connections to it are refused) until ``release()``.
final class ReservedPort {
    let port: Int
    private var descriptor: Int32

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        port = try bindLoopback(descriptor, port: 0)
    }

    func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    deinit { release() }
}

/// Binds `descriptor` to 127.0.0.1:`port` (0: any) and returns the port.
/// Accepts connections on `listener` until it is closed, serving each on a thread of its own; a connection `admit`
/// refuses is closed, and accepting ends.
private func acceptConnections(
    on listener: Int32, admit: @escaping @Sendable (Int32) -> Bool, serve: @escaping @Sendable (Int32) -> Void
) {
    Thread.detachNewThread {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            guard admit(connection) else {
                close(connection)
                return
            }
            Thread.detachNewThread { serve(connection) }
        }
    }
}

private func bindLoopback(_ descriptor: Int32, port: Int) throws -> Int {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    guard bound else {
        close(descriptor)
        throw POSIXError(.EADDRINUSE)
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A loopback TCP listener that collects the user numbers of the LF-framed lines from every connection, one thread
/// each.
///
/// With `reading: false` it accepts connections but reads nothing until ``startReading()`` (a SIEM that stalls);
/// ``stop()`` closes the listener and every connection (a SIEM that goes away); a new one can listen on the same port.
final class LineReceiver: Sendable {
    let port: Int
    private let listener: Int32
    private struct State {
        var numbers: [Int] = []
        var open: Set<Int32> = []
        var accepted = 0
        var reading: Bool
        var stopped = false
    }
    private let state: Mutex<State>

    init(port: Int = 0, reading: Bool = true, receiveBuffer: Int? = nil) throws {
        state = Mutex(State(reading: reading))
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if var size = receiveBuffer.map(Int32.init) {
            // Set on the listener so the accepted connections start with it (the window stays small).
            setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        self.port = try bindLoopback(listener, port: port)
        guard listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        acceptConnections(
            on: listener,
            admit: { [self] connection in
                state.withLock { state in
                    guard !state.stopped else { return false }
                    state.open.insert(connection)
                    state.accepted += 1
                    return true
                }
            },
            serve: { [self] in serve($0) })
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { _ = $0.open.remove(connection) }
            close(connection)
        }
        while true {
            let (reading, stopped) = state.withLock { ($0.reading, $0.stopped) }
            if stopped { return }
            if reading { break }
            usleep(5_000)
        }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            pending.append(contentsOf: chunk[..<count])
            var numbers: [Int] = []
            var start = 0
            while let end = pending[start...].firstIndex(of: 0x0A) {
                if let number = userNumber(in: String(decoding: pending[start..<end], as: UTF8.self)[...]) {
                    numbers.append(number)
                }
                start = end + 1
            }
            pending.removeSubrange(..<start)
            state.withLock { state in
                if !state.stopped { state.numbers += numbers }
            }
        }
    }

    /// The user numbers of the records (lines) received so far, in order.
    var numbers: [Int] { state.withLock { $0.numbers } }

    /// Connections accepted so far.
    var connections: Int { state.withLock { $0.accepted } }

    /// Starts reading the connections (of a receiver made with `reading: false`).
    func startReading() { state.withLock { $0.reading = true } }

    /// Closes the listener and every connection; what arrives after this is not collected.
    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            for connection in state.open { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    deinit { stop() }
}

/// A loopback HTTP/1.1 server that keeps every request and answers as Splunk HEC (`/services/collector/event`) or
/// Elasticsearch (`…/_bulk`, `errors:false`) would: enough for `follow --to` with an HTTP output. (The strict fakes
/// are in KerioSIEMRelayTests, which this target cannot import; the request checks are in the test.)
final class HTTPCollector: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: String
        /// What it was answered: 200, or 503 while ``failing``.
        var status: Int
    }

    let port: Int
    private let listener: Int32
    private let received = Mutex<[Request]>([])
    private let failure = Mutex(false)

    /// While true, every request is answered 503 (the SIEM is overloaded): nothing is confirmed.
    var failing: Bool {
        get { failure.withLock { $0 } }
        set { failure.withLock { $0 = newValue } }
    }
    private let open = Mutex<Set<Int32>>([])

    init() throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        port = try bindLoopback(listener, port: 0)
        guard listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        acceptConnections(
            on: listener,
            admit: { [self] connection in
                open.withLock { _ = $0.insert(connection) }
                return true
            },
            serve: { [self] in serve($0) })
    }

    private func serve(_ connection: Int32) {
        defer {
            open.withLock { _ = $0.remove(connection) }
            close(connection)
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[..<count])
            while let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                let rows = head.split(separator: "\r\n")
                var headers: [String: String] = [:]
                for row in rows.dropFirst() {
                    guard let colon = row.firstIndex(of: ":") else { continue }
                    headers[row[..<colon].lowercased()] = row[row.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                let length = headers["content-length"].flatMap { Int($0) } ?? 0
                guard buffer.count >= end.upperBound + length else { break }
                let body = String(decoding: buffer[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
                buffer.removeSubrange(..<(end.upperBound + length))
                let words = rows.first?.split(separator: " ") ?? []
                let request = Request(
                    method: words.first.map(String.init) ?? "", path: words.dropFirst().first.map(String.init) ?? "",
                    headers: headers, body: body, status: failing ? 503 : 200)
                received.withLock { $0.append(request) }
                let answer =
                    request.status != 200
                    ? #"{"text":"Server is busy","code":9}"#
                    : request.path.hasSuffix("/_bulk")
                        ? #"{"took":1,"errors":false,"items":[]}"# : #"{"text":"Success","code":0}"#
                let reason = request.status == 200 ? "OK" : "Service Unavailable"
                let response = Array(
                    "HTTP/1.1 \(request.status) \(reason)\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\n\r\n\(answer)"
                        .utf8)
                _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            }
        }
    }

    /// Every request so far.
    var requests: [Request] { received.withLock { $0 } }

    /// The user numbers of the records in every request answered 200, in order: one per HEC event (`"event":…`)
    /// or Elasticsearch document (the even lines of a `_bulk` body).
    var numbers: [Int] {
        requests.filter { $0.status == 200 }.flatMap { request -> [Int] in
            if request.path.hasSuffix("/_bulk") {
                return request.body.split(separator: "\n").enumerated().filter { $0.offset % 2 == 1 }
                    .compactMap { userNumber(in: $0.element) }
            }
            return request.body.components(separatedBy: #","event":"#).dropFirst()
                .compactMap { userNumber(in: $0[...]) }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        open.withLock { for connection in $0 { shutdown(connection, Int32(SHUT_RDWR)) } }
    }
}
