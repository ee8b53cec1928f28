import Foundation
import Testing

/// `kerio-siem relay` between real Debian programs on loopback: util-linux `logger` and syslog-ng as the Kerio
/// box (the senders), syslog-ng as the SIEM (the receiver, read back from its file destination), openssl for the
/// certificates; the relay is the built binary, driven as a subprocess. Every record must arrive once and intact
/// (the bytes of `kerio-siem convert` of the same messages), with the Kerio box's HOSTNAME; the fault tests stop,
/// kill, stall and mislead the receiver and the senders.
///
/// Serialized: each test starts up to four processes, and the timing checks (backoff, backpressure) must not
/// compete with each other for the machine's cores.
@Suite(.serialized, .enabled(if: PeerTools.runs, PeerTools.skipReason), .timeLimit(.minutes(1)))
struct RealPeerTests {
    // MARK: - Senders: logger and syslog-ng into the relay

    /// logger (TCP octet-counted, TCP LF, UDP; RFC 5424 and 3164) → relay → syslog-ng over TCP: each Kerio line
    /// arrives once, as convert writes it, with the Kerio box's HOSTNAME (or its address when it sends none).
    @Test(arguments: KerioLogger.modes)
    func loggerThroughTheRelayToSyslogNG(_ mode: KerioLogger.Mode) throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let receiver = try SyslogNGReceiver(scope, source: .tcpLines)
        try receiver.start()
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0", "udp://127.0.0.1:0"], to: "tcp://127.0.0.1:\(receiver.port)")
        let lines = PeerRecords.sampleLines
        let input = try scope.directory.write("kerio.log", lines.joined(separator: "\n") + "\n")
        try KerioLogger.send(file: input, mode: mode, port: relay.port(mode.udp ? 1 : 0), in: scope)
        #expect(receiver.waitForMessages(lines.count), "\(receiver.received.count) of \(lines.count) arrived")
        // Let a duplicate, if any, arrive too.
        usleep(200_000)

        let host = mode.hostless ? "127.0.0.1" : KerioLogger.hostname
        let envelopes = lines.map { line in
            mode.timeless
                ? "<174>1 - \(mode.hostless ? "-" : host) kerio - - - \(line)"
                : "<174>Dec  3 12:00:00 \(host) kerio: \(line)"
        }
        var expected = try PeerRecords.converted(envelopes, format: "cef", in: scope)
        if mode.hostless {
            // convert has no sender: the expected device is the address the relay saw, written as a header would.
            expected = try PeerRecords.converted(
                lines.map { "<174>1 - 127.0.0.1 kerio - - - \($0)" }, format: "cef", in: scope)
        }
        var actual = receiver.received.map(\.message)
        if !mode.timeless {
            // RFC 3164 carries logger's clock: masked, and checked to be today's rather than the relay's guess.
            let now = Date().timeIntervalSince1970 * 1_000
            let masked = actual.map { PeerRecords.masking("KerioControlSyslogTime=", in: $0) }
            for (_, value) in masked {
                #expect(
                    value.map { abs(Double($0) - now) < 86_400_000 } == true, "syslog time \(String(describing: value))"
                )
            }
            actual = masked.map(\.record)
            expected = expected.map { PeerRecords.masking("KerioControlSyslogTime=", in: $0).record }
        }
        #expect(
            actual.sorted() == expected.sorted(), "missing: \(PeerRecords.missing(expected, from: actual).prefix(2))")
        #expect(Set(receiver.received.map(\.host)) == [host], "HOSTNAME at syslog-ng")
        #expect(!receiver.received.contains { $0.host == ProcessInfo.processInfo.hostName })
        #expect(relay.metric("kerio_siem_relay_records_sent_total") == lines.count)
        #expect(relay.terminate() == 0, "\(relay.stderr)")
    }

    /// syslog-ng as the sender: a Kerio log file forwarded with network() (RFC 3164, LF) and syslog() (RFC 5424,
    /// octet-counted) to the relay, which writes the records to a file: each once, as convert writes them.
    @Test(arguments: SyslogNGSender.Driver.allCases)
    func syslogNGForwardsToTheRelay(_ driver: SyslogNGSender.Driver) throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let output = scope.directory.path("relay.cef")
        // A file output has no syslog header unless asked: the same one as convert's, to compare them.
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0"], to: "file:\(output)", options: ["--syslog-framing", "rfc5424"])
        let lines = PeerRecords.sampleLines
        let input = try scope.directory.write("kerio.log", lines.joined(separator: "\n") + "\n")
        _ = try SyslogNGSender.start(scope, driver: driver, inputPath: input, port: relay.port())
        let arrived = eventually(.seconds(15)) { relay.metric("kerio_siem_relay_records_sent_total") >= lines.count }
        #expect(arrived, "sent \(relay.metric("kerio_siem_relay_records_sent_total")) of \(lines.count)")
        #expect(relay.terminate() == 0, "\(relay.stderr)")

        let envelopes = lines.enumerated().map { index, line in
            driver == .network
                ? "<174>Dec  3 12:00:00 kerio-fw kerio: \(line)"
                : "<174>1 2026-12-03T12:00:00+00:00 kerio-fw kerio - - [meta sequenceId=\"\(index + 1)\"] \(line)"
        }
        let mask = { (record: String) in PeerRecords.masking("KerioControlSyslogTime=", in: record).record }
        let expected = try PeerRecords.converted(envelopes, format: "cef", in: scope).map(mask)
        let actual = String(decoding: scope.directory.read("relay.cef"), as: UTF8.self).split(separator: "\n")
            .map { mask(String($0)) }
        #expect(actual == expected, "missing: \(PeerRecords.missing(expected, from: actual).prefix(2))")
        #expect(actual.allSatisfy { $0.contains(" kerio-fw kerio-siem ") && $0.contains("dvchost=kerio-fw") })
    }

    // MARK: - The relay's output at syslog-ng

    static let outputCases: [(String, String)] = ["tcp-lf", "tcp-octet-counted", "tls"].flatMap {
        source in ["cef", "leef", "ecs"].map { (source, $0) }
    }

    /// Every output format over TCP LF, TCP octet-counted and TLS (certificate made by openssl now, verified with
    /// --tls-ca), read back from syslog-ng's file: the very bytes of `convert --syslog-framing rfc5424`.
    @Test(arguments: outputCases)
    func everyFormatArrivesIntactAtSyslogNG(_ source: String, _ format: String) throws {
        let scope = try PeerScope()
        defer { scope.close() }
        var options: [String] = []
        let receiver: SyslogNGReceiver
        var scheme = "tcp"
        switch source {
        case "tcp-lf":
            receiver = try SyslogNGReceiver(scope, source: .tcpLines)
        case "tcp-octet-counted":
            receiver = try SyslogNGReceiver(scope, source: .tcpOctetCounted)
            options = ["--framing", "octet-counting"]
        default:
            let certificate = try PeerCertificates.make(in: scope, name: "syslog-ng")
            receiver = try SyslogNGReceiver(
                scope, source: .tls(certificate: certificate.certificate, key: certificate.key))
            options = ["--tls-ca", certificate.certificate]
            scheme = "tls"
        }
        try receiver.start()
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0"], to: "\(scheme)://127.0.0.1:\(receiver.port)", format: format,
            options: options)
        // Fixed envelopes, sent as one stream mixing LF and octet-counted frames, so that the records are exact.
        let messages = PeerRecords.sampleLines.map { PeerRecords.rfc5424($0) }
        var stream: [UInt8] = []
        for (index, message) in messages.enumerated() {
            stream += index % 2 == 0 ? Array("\(message.utf8.count) \(message)".utf8) : Array("\(message)\n".utf8)
        }
        try PeerNetwork.send(stream, port: relay.port())
        #expect(receiver.waitForMessages(messages.count), "\(receiver.received.count) of \(messages.count) arrived")
        usleep(200_000)
        let expected = try PeerRecords.converted(messages, format: format, in: scope)
        let actual = receiver.received
        #expect(
            actual.map(\.message) == expected,
            "missing: \(PeerRecords.missing(expected, from: actual.map(\.message)).prefix(1))")
        // Every format, ECS included, travels behind the RFC 5424 header naming the Kerio box, so syslog-ng files
        // it under kerio-fw, not under the relay; an ECS record names it inside too.
        #expect(actual.allSatisfy { $0.host == "kerio-fw" }, "\(Set(actual.map(\.host)))")
        if format == "ecs" {
            #expect(actual.allSatisfy { $0.message.contains(#""type":"firewall","hostname":"kerio-fw""#) })
        }
        #expect(relay.terminate() == 0, "\(relay.stderr)")
    }

    /// IPv6: the relay listens on [::1] (TCP and UDP) and delivers to syslog-ng on [::1]; a logger sending no
    /// HOSTNAME is named by its address, ::1.
    @Test(arguments: ["--tcp", "--udp"])
    func ipv6Listeners(_ transport: String) throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let receiver = try SyslogNGReceiver(scope, source: .tcpLines, host: "::1")
        try receiver.start()
        let relay = try RelayProcess(
            scope, listen: ["tcp://[::1]:0", "udp://[::1]:0"], to: "tcp://[::1]:\(receiver.port)")
        #expect(relay.listens.allSatisfy { $0.contains("[::1]:") }, "\(relay.listens)")
        let lines = Array(PeerRecords.sampleLines.prefix(10))
        let input = try scope.directory.write("kerio.log", lines.joined(separator: "\n") + "\n")
        let mode = KerioLogger.Mode(
            name: "RFC 5424, no HOSTNAME", options: ["--rfc5424=notime,nohost", transport], timeless: true,
            hostless: true)
        try KerioLogger.send(
            file: input, mode: mode, host: "::1", port: relay.port(transport == "--udp" ? 1 : 0), in: scope)
        #expect(receiver.waitForMessages(lines.count), "\(receiver.received.count) of \(lines.count) arrived")
        let expected = try PeerRecords.converted(
            lines.map { "<174>1 - ::1 kerio - - - \($0)" }, format: "cef", in: scope)
        #expect(receiver.received.map(\.message).sorted() == expected.sorted())
        // The syslog header names the sender by its address, ::1 (RFC 5424 §6.2.4), as the record does.
        #expect(Set(receiver.received.map(\.host)) == ["::1"])
        #expect(receiver.received.allSatisfy { $0.message.contains(" dvchost=::1 ") })
        #expect(relay.terminate() == 0, "\(relay.stderr)")
    }

    // MARK: - Faults

    /// The receiver is down when the relay starts: connections are refused, retried with a growing backoff
    /// (visible in the retries counter, and /healthz says 503); when syslog-ng comes up every record arrives once.
    @Test func receiverDownAtStartThenUp() throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let receiver = try SyslogNGReceiver(scope, source: .tcpLines)
        let relay = try RelayProcess(scope, listen: ["tcp://127.0.0.1:0"], to: "tcp://127.0.0.1:\(receiver.port)")
        let messages = PeerRecords.numberedLines(50).map { PeerRecords.rfc5424($0) }
        try PeerNetwork.send(Array((messages.joined(separator: "\n") + "\n").utf8), port: relay.port())
        #expect(eventually(.seconds(5)) { relay.metric("kerio_siem_relay_lines_received_total") == messages.count })
        let refusedFor = ContinuousClock.now
        usleep(2_500_000)
        // 0.5 s doubling (with jitter, half to all of each step): 3 to 5 attempts in 2.5 s, not one every moment.
        let retries = relay.metric("kerio_siem_relay_retries_total")
        #expect((2...6).contains(retries), "retries after 2.5 s of refused connections: \(retries)")
        let health = try relay.health()
        #expect(health.status == 503, "/healthz while the receiver is down: \(health)")
        #expect(relay.stderr.contains("delivery failed, retrying in"), "\(relay.stderr.suffix(400))")
        try receiver.start()
        #expect(receiver.waitForMessages(messages.count, timeout: .seconds(12)))
        usleep(300_000)
        let numbers = receiver.received.compactMap { PeerRecords.number(of: $0.message) }
        #expect(
            numbers.sorted() == Array(0..<messages.count), "each record once after \(ContinuousClock.now - refusedFor)")
        #expect(try relay.health().status == 200)
        #expect(relay.terminate() == 0, "\(relay.stderr)")
    }

    /// syslog-ng is killed (SIGKILL) in the middle of a stream from logger over TCP, and restarted on the same
    /// port: nothing is lost; what arrives twice is at most the resend window's worth.
    @Test func receiverKilledMidStreamAndRestarted() throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let receiver = try SyslogNGReceiver(scope, source: .tcpLines)
        try receiver.start()
        // The default window (1 MiB). It must cover what the dead receiver had taken into its kernel buffer and
        // its own queue without writing it: with 256 KiB, 593 records were lost here.
        let window = 1 << 20
        let relay = try RelayProcess(scope, listen: ["tcp://127.0.0.1:0"], to: "tcp://127.0.0.1:\(receiver.port)")
        let count = 6_000
        let input = try scope.directory.write(
            "kerio.log", PeerRecords.numberedLines(count).joined(separator: "\n") + "\n")
        let sender = try KerioLogger.start(file: input, mode: KerioLogger.modes[1], port: relay.port(), in: scope)
        #expect(receiver.waitForMessages(500))
        receiver.kill()
        let killedAt = receiver.received.count
        usleep(700_000)
        try receiver.start()
        #expect(sender.waitForExit(timeout: .seconds(30)) == 0, "logger: \(sender.stderr)")
        let complete = eventually(.seconds(20)) {
            Set(receiver.received.compactMap { PeerRecords.number(of: $0.message) }).count == count
        }
        usleep(300_000)
        let numbers = receiver.received.compactMap { PeerRecords.number(of: $0.message) }
        let unique = Set(numbers)
        #expect(complete, "\(count - unique.count) of \(count) records lost (killed after \(killedAt))")
        let smallest = numbers.isEmpty ? 1 : receiver.received.map { $0.message.utf8.count }.min()! + 1
        let duplicates = numbers.count - unique.count
        #expect(duplicates <= window / smallest, "\(duplicates) duplicates, more than the resend window holds")
        #expect(relay.metric("kerio_siem_relay_retries_total") >= 1)
        #expect(relay.terminate() == 0, "\(relay.stderr)")
    }

    /// A receiver that stops reading (syslog-ng stopped with SIGSTOP) and a queue of 100 records: the relay stops
    /// reading logger's connection, so logger is slowed (still sending while the receiver stalls), the queue stays
    /// at its bound and the relay's memory bounded; once syslog-ng reads again, every record arrives once.
    @Test func slowReaderPushesBackOnTheSender() throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let receiver = try SyslogNGReceiver(scope, source: .tcpLines)
        try receiver.start()
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0"], to: "tcp://127.0.0.1:\(receiver.port)",
            options: ["--queue-size", "100"])
        let count = 60_000
        let input = try scope.directory.write(
            "kerio.log", PeerRecords.numberedLines(count).joined(separator: "\n") + "\n")
        receiver.pause(true)
        let sender = try KerioLogger.start(file: input, mode: KerioLogger.modes[1], port: relay.port(), in: scope)
        var peakKiB = 0
        var peakQueue = 0
        for _ in 0..<30 {
            usleep(100_000)
            peakKiB = max(peakKiB, PeerNetwork.residentKiB(of: relay.process.pid) ?? 0)
            peakQueue = max(peakQueue, relay.metric("kerio_siem_relay_queue_records"))
        }
        #expect(sender.isRunning, "logger finished although the receiver read nothing: no backpressure")
        let receivedWhileStalled = relay.metric("kerio_siem_relay_lines_received_total")
        #expect(receivedWhileStalled < count, "the relay read all \(count) messages while the receiver stalled")
        // Beyond the bound: the batch that found the queue full, at most two reads of 256 KiB (lines of > 200 B).
        #expect(peakQueue <= 100 + 2 * (256 << 10) / 200, "queue depth \(peakQueue) with --queue-size 100")
        #expect(peakKiB < 96 << 10, "relay RSS \(peakKiB) KiB while the receiver stalled")
        receiver.pause(false)
        #expect(sender.waitForExit(timeout: .seconds(40)) == 0, "logger: \(sender.stderr)")
        let complete = eventually(.seconds(30)) { receiver.received.count >= count }
        let numbers = receiver.received.compactMap { PeerRecords.number(of: $0.message) }
        #expect(complete && numbers.sorted() == Array(0..<count), "\(numbers.count) records for \(count) messages")
        print(
            "slow reader: \(receivedWhileStalled) of \(count) read while stalled, peak queue \(peakQueue), peak RSS \(peakKiB) KiB"
        )
        #expect(relay.terminate() == 0, "\(relay.stderr)")
    }

    /// TLS to a receiver whose certificate the relay must not trust (another CA; a certificate for another name):
    /// refused, a clear error in the log, and nothing delivered to the wrong peer.
    @Test(arguments: ["untrusted", "wrong name"])
    func tlsWithAWrongCertificateIsRefused(_ fault: String) throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let served = try PeerCertificates.make(
            in: scope, name: "served", commonName: fault == "wrong name" ? "other.invalid" : "127.0.0.1")
        let receiver = try SyslogNGReceiver(scope, source: .tls(certificate: served.certificate, key: served.key))
        try receiver.start()
        let trusted =
            try fault == "untrusted" ? PeerCertificates.make(in: scope, name: "other").certificate : served.certificate
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0"], to: "tls://127.0.0.1:\(receiver.port)",
            options: ["--tls-ca", trusted, "--drain-timeout", "0"])
        let messages = PeerRecords.sampleLines.prefix(5).map { PeerRecords.rfc5424($0) }
        try PeerNetwork.send(Array((messages.joined(separator: "\n") + "\n").utf8), port: relay.port())
        #expect(eventually(.seconds(5)) { relay.metric("kerio_siem_relay_retries_total") >= 1 })
        usleep(500_000)
        #expect(receiver.received.isEmpty, "delivered to a peer with a wrong certificate")
        #expect(relay.metric("kerio_siem_relay_records_sent_total") == 0)
        let log = relay.stderr
        #expect(log.contains("delivery failed") && log.lowercased().contains("certificate"), "\(log.suffix(600))")
        // Nothing was delivered: the stop reports the records as undelivered.
        #expect(relay.terminate() == 75, "\(relay.stderr.suffix(400))")
    }

    /// SIGTERM while the SIEM is down, with --drain-timeout 1: the relay exits 75 within about a second and says
    /// how many records are undelivered.
    @Test func sigtermWhileTheSIEMIsDown() throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0"], to: "tcp://127.0.0.1:\(try PeerNetwork.freePort())",
            options: ["--drain-timeout", "1"])
        let messages = PeerRecords.numberedLines(20).map { PeerRecords.rfc5424($0) }
        try PeerNetwork.send(Array((messages.joined(separator: "\n") + "\n").utf8), port: relay.port())
        #expect(eventually(.seconds(5)) { relay.metric("kerio_siem_relay_lines_received_total") == 20 })
        let signalled = ContinuousClock.now
        let status = relay.terminate(timeout: .seconds(10))
        let took = ContinuousClock.now - signalled
        #expect(status == 75, "exit status \(String(describing: status)): \(relay.stderr.suffix(400))")
        #expect(took < .seconds(4), "took \(took) with --drain-timeout 1")
        #expect(relay.stderr.contains("20 records undelivered"), "\(relay.stderr.suffix(400))")
    }

    /// --allow 127.0.0.1/32: logger from ::1 (TCP and UDP) is dropped and counted as not_allowed; from 127.0.0.1
    /// it is delivered.
    @Test func disallowedSenderIsDroppedAndCounted() throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let output = scope.directory.path("relay.cef")
        let relay = try RelayProcess(
            scope, listen: ["tcp://[::1]:0", "udp://[::1]:0", "tcp://127.0.0.1:0"], to: "file:\(output)",
            options: ["--allow", "127.0.0.1/32"])
        let lines = Array(PeerRecords.sampleLines.prefix(5))
        let input = try scope.directory.write("kerio.log", lines.joined(separator: "\n") + "\n")
        try KerioLogger.send(file: input, mode: KerioLogger.modes[1], host: "::1", port: relay.port(0), in: scope)
        try KerioLogger.send(file: input, mode: KerioLogger.modes[2], host: "::1", port: relay.port(1), in: scope)
        // TCP: one per connection refused; UDP: one per datagram.
        #expect(
            eventually(.seconds(5)) { relay.dropped("not_allowed") >= 1 + lines.count },
            "\(relay.dropped("not_allowed"))")
        #expect(relay.metric("kerio_siem_relay_lines_received_total") == 0)
        try KerioLogger.send(file: input, mode: KerioLogger.modes[1], port: relay.port(2), in: scope)
        #expect(eventually(.seconds(5)) { relay.metric("kerio_siem_relay_records_sent_total") == lines.count })
        #expect(relay.terminate() == 0, "\(relay.stderr)")
        let records = String(decoding: scope.directory.read("relay.cef"), as: UTF8.self).split(separator: "\n")
        #expect(records.count == lines.count && records.allSatisfy { $0.contains("dvchost=kerio-fw") })
    }

    /// A message longer than --max-message-size becomes an unparsed line_too_long record (with --emit-unparsed),
    /// counted; the messages around it are converted as usual, over octet-counted TCP and UDP.
    @Test(arguments: ["tcp", "udp"])
    func oversizedMessagesBecomeUnparsedLineTooLong(_ transport: String) throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let mode = KerioLogger.modes[transport == "tcp" ? 0 : 2]
        let output = scope.directory.path("relay.cef")
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0", "udp://127.0.0.1:0"], to: "file:\(output)",
            options: ["--max-message-size", "1000", "--emit-unparsed"])
        let long = "[14/Nov/2026 09:15:03] Engine: Startup " + String(repeating: "x", count: 3_000)
        let lines = [PeerRecords.sampleLines[2], long, PeerRecords.sampleLines[3]]
        let input = try scope.directory.write("kerio.log", lines.joined(separator: "\n") + "\n")
        try KerioLogger.send(file: input, mode: mode, port: relay.port(mode.udp ? 1 : 0), in: scope)
        #expect(eventually(.seconds(5)) { relay.metric("kerio_siem_relay_records_sent_total") == 3 })
        #expect(relay.metric("kerio_siem_relay_lines_unparsed_total") == 1)
        #expect(relay.metric("kerio_siem_relay_lines_parsed_total") == 2)
        #expect(relay.terminate() == 0, "\(relay.stderr)")
        let records = String(decoding: scope.directory.read("relay.cef"), as: UTF8.self).split(separator: "\n")
        #expect(records.count == 3)
        #expect(
            records.filter { $0.contains("KerioControlParseError=line-too-long") }.count == 1,
            "\(records.map { $0.prefix(120) })")
    }

    /// A flood of 60 connections against --max-connections 4: the extra ones are closed at once and counted; the
    /// relay survives and delivers what comes next.
    @Test func connectionFloodIsClosedAndCounted() throws {
        let scope = try PeerScope()
        defer { scope.close() }
        let output = scope.directory.path("relay.cef")
        let relay = try RelayProcess(
            scope, listen: ["tcp://127.0.0.1:0"], to: "file:\(output)", options: ["--max-connections", "4"])
        var open: [Int32] = []
        defer { for descriptor in open { close(descriptor) } }
        for _ in 0..<60 { open.append(try PeerNetwork.connect(host: "127.0.0.1", port: relay.port())) }
        #expect(
            eventually(.seconds(5)) { relay.dropped("too_many_connections") == 56 },
            "\(relay.dropped("too_many_connections"))")
        let closed = open.filter { PeerNetwork.closedByPeer($0, within: .milliseconds(500)) }.count
        #expect(closed == 56, "\(closed) of the 56 connections over the limit closed by the relay")
        #expect(relay.process.isRunning)
        for descriptor in open { close(descriptor) }
        open.removeAll()
        #expect(eventually(.seconds(5)) { relay.metric("kerio_siem_relay_connections_open") == 0 })
        let lines = Array(PeerRecords.sampleLines.prefix(5))
        let input = try scope.directory.write("kerio.log", lines.joined(separator: "\n") + "\n")
        try KerioLogger.send(file: input, mode: KerioLogger.modes[0], port: relay.port(), in: scope)
        #expect(eventually(.seconds(5)) { relay.metric("kerio_siem_relay_records_sent_total") == lines.count })
        #expect(relay.terminate() == 0, "\(relay.stderr)")
    }
}
