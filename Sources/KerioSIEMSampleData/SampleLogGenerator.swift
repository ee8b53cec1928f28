public import KerioSIEM

/// Generates realistic Kerio Control security-log lines, deterministically from a seed: for benchmarks, load tests,
/// demos and property tests.
///
/// Every line it produces (apart from the malformed ones it is asked for) is one the parser turns into a typed event.
/// The mix follows a busy gateway:
///
/// | Share | Records |
/// |---|---|
/// | 60 % | IPS detections: `Packet drop`/`Alert`; severity High, Medium, Low or Blacklist; with or without a rule name; endpoints with `(host)`, `(host,user:x)`, `(user:x)` or nothing; TCP, UDP, ICMP; a few IPv6 `[addr]:port` endpoints |
/// | 25 % | Anti-spoofing drops: the classic form (TCP flags/seq/ack/win/tcplen, UDP udplen, ICMP type/code/id/seq/ttl) and the `{pktdrop}` form |
/// | 7 % | Failed logins: WebAdmin, WebInterface, HTTP Proxy, VPN Client, Admin, with the three known reason texts |
/// | 4 % | FTP bounce attacks and malicious server replies |
/// | 4 % | Engine and IPS-engine start/stop (alternating), IPS rules updates, antivirus updates |
///
/// Timestamps start at `start` and move forward by a few seconds per line, in bursts and lulls. Optionally a share of
/// the lines is wrapped in an RFC 5424 or RFC 3164 syslog header, and a share is replaced by malformed lines (unknown
/// records, impossible dates, bad addresses, truncated records, missing timestamps).
///
/// The same seed and settings always give the same bytes, whatever the chunking: `write(lines: 10)` twice equals
/// `write(lines: 20)` once. The generator uses no Foundation and no system randomness (SplitMix64).
///
/// ```swift
/// var generator = SampleLogGenerator(seed: 1)
/// var bytes: [UInt8] = []
/// generator.write(lines: 1_000_000, into: &bytes)          // ≈ 190 MB
/// // or in chunks, for files larger than memory:
/// while generator.linesGenerated < 10_000_000 {
///     bytes.removeAll(keepingCapacity: true)
///     generator.write(bytes: 4 << 20, into: &bytes)
///     // write `bytes` out
/// }
/// ```
public struct SampleLogGenerator: Sendable {
    /// The seed the sequence was started from.
    public let seed: UInt64
    /// The share of lines (0…1) wrapped in a syslog header (RFC 5424 or RFC 3164). Default 0.
    public var syslogFraction: Double
    /// The share of lines (0…1) replaced by malformed lines the parser must reject. Default 0.
    public var malformedFraction: Double
    /// How many lines have been generated so far.
    public private(set) var linesGenerated = 0

    var random: SplitMix64
    /// The current wall time, as seconds since 1970-01-01 read as UTC.
    var seconds: Int64
    var engineRunning = true
    var ipsEngineRunning = true
    var rulesVersion = 176
    var signatureCount = 8_528_221
    var antivirusEngine = 0

    /// The default start time, 5 January 2026 08:00:00.
    public static let defaultStart = CivilDateTime(year: 2026, month: 1, day: 5, hour: 8, minute: 0, second: 0)!

    /// Creates a generator.
    /// - Parameters:
    ///   - seed: selects the sequence; equal seeds (and settings) give equal output.
    ///   - start: the time of the first line (Kerio's local wall time).
    ///   - syslogFraction: the share of lines (0…1) wrapped in a syslog header.
    ///   - malformedFraction: the share of lines (0…1) replaced by lines the parser rejects.
    public init(
        seed: UInt64 = 1, start: CivilDateTime = SampleLogGenerator.defaultStart, syslogFraction: Double = 0,
        malformedFraction: Double = 0
    ) {
        self.seed = seed
        self.random = SplitMix64(seed: seed)
        self.seconds = start.secondsSinceEpochAsUTC
        self.syslogFraction = syslogFraction
        self.malformedFraction = malformedFraction
    }

    /// The time the next line will carry (before its own small advance).
    public var currentTime: CivilDateTime { CivilDateTime(secondsSinceEpoch: seconds) }

    /// Appends one line and its LF to `buffer`.
    /// - Returns: the kind the parser will give the line: ``Kind/unparsed`` for a malformed line.
    @discardableResult
    public mutating func appendLine(to buffer: inout [UInt8]) -> Kind {
        if linesGenerated > 0 { advanceTime() }  // the first line carries the start time itself
        linesGenerated += 1
        let time = CivilDateTime(secondsSinceEpoch: seconds)
        if malformedFraction > 0, random.chance(malformedFraction) {
            writeMalformed(time, &buffer)
            buffer.append(0x0A)
            return .unparsed
        }
        if syslogFraction > 0, random.chance(syslogFraction) { writeSyslogHeader(time, &buffer) }
        Self.putBracketedTime(time, &buffer)
        let kind: Kind
        let roll = random.next(below: 100)
        if roll < 60 {
            kind = writeIPS(&buffer)
        } else if roll < 85 {
            kind = writeAntiSpoofing(&buffer)
        } else if roll < 92 {
            kind = writeAuthentication(&buffer)
        } else if roll < 96 {
            kind = writeFTP(&buffer)
        } else {
            kind = writeEngineOrUpdate(&buffer)
        }
        buffer.append(0x0A)
        return kind
    }

    /// Appends `count` lines to `buffer`.
    public mutating func write(lines count: Int, into buffer: inout [UInt8]) {
        for _ in 0..<max(count, 0) { appendLine(to: &buffer) }
    }

    /// Appends whole lines until at least `byteCount` bytes were appended (one line more than needed at most).
    /// - Returns: the number of lines appended.
    @discardableResult
    public mutating func write(bytes byteCount: Int, into buffer: inout [UInt8]) -> Int {
        let target = buffer.count + byteCount
        var lines = 0
        while buffer.count < target {
            appendLine(to: &buffer)
            lines += 1
        }
        return lines
    }

    /// Appends `count` lines to `output`.
    public mutating func write(lines count: Int, into output: inout OutputBuffer) {
        var line: [UInt8] = []
        line.reserveCapacity(512)
        for _ in 0..<max(count, 0) {
            line.removeAll(keepingCapacity: true)
            appendLine(to: &line)
            line.withUnsafeBufferPointer { output.write($0) }
        }
    }

    /// Moves the clock on: bursts within one second, a few seconds between most records, sometimes minutes.
    private mutating func advanceTime() {
        let roll = random.next(below: 100)
        let step: Int
        if roll < 40 {
            step = 0
        } else if roll < 90 {
            step = random.next(in: 1...4)
        } else if roll < 99 {
            step = random.next(in: 5...30)
        } else {
            step = random.next(in: 31...600)
        }
        seconds += Int64(step)
    }
}
