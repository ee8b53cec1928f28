// kerio-siem-bench: generates sample logs and runs file → file conversions, printing throughput, peak RSS and
// allocation counts as one `key=value` line per run (Scripts/bench.sh turns these into a table).
//
//   kerio-siem-bench generate --lines 1000000 [--seed 1] [--syslog 0] [--malformed 0] --output FILE
//   kerio-siem-bench convert --input FILE --format cef|leef|ecs|csv|xml|parse [--jobs 1] [--block-size B]
//                            [--output FILE]

import KerioSIEM
import KerioSIEMSampleData
import MallocInterposerSwift

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct BenchTool {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else { fail(usage) }
        let command = arguments.removeFirst()
        var options: [String: String] = [:]
        while !arguments.isEmpty {
            let name = arguments.removeFirst()
            guard name.hasPrefix("--"), !arguments.isEmpty else {
                fail("expected --name value, got '\(name)'\n\(usage)")
            }
            options[String(name.dropFirst(2))] = arguments.removeFirst()
        }
        switch command {
        case "generate": generate(options)
        case "convert": convert(options)
        case "dump": dump(options)
        case "formats":
            print(
                ((try? ExporterRegistry.standard.registering(PluginExampleExporter.self)) ?? .standard).formats
                    .map(\.name).joined(separator: " "))
        default: fail(usage)
        }
    }

    static let usage = """
        usage: kerio-siem-bench generate --lines N [--seed S] [--syslog F] [--malformed F] --output FILE
               kerio-siem-bench convert --input FILE --format NAME|parse [--jobs N] [--block-size B] [--output FILE]
               kerio-siem-bench dump --input FILE --output FILE    (every parsed value of every line, as text)
               kerio-siem-bench formats                            (the registered format names)
        """

    static func fail(_ message: String) -> Never {
        var text = message + "\n"
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        exit(64)
    }

    // MARK: - generate

    static func generate(_ options: [String: String]) {
        guard let lines = options["lines"].flatMap({ Int($0) }), let path = options["output"] else { fail(usage) }
        var generator = SampleLogGenerator(
            seed: options["seed"].flatMap { UInt64($0) } ?? 1,
            syslogFraction: options["syslog"].flatMap { Double($0) } ?? 0,
            malformedFraction: options["malformed"].flatMap { Double($0) } ?? 0)
        var sink = FileSink(path: path)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(4 << 20 + 4_096)
        var written = 0
        while written < lines {
            chunk.removeAll(keepingCapacity: true)
            let count = min(20_000, lines - written)
            generator.write(lines: count, into: &chunk)
            chunk.withUnsafeBufferPointer { sink.write($0) }
            written += count
        }
        sink.close()
        print("lines=\(lines) bytes=\(sink.bytesWritten) path=\(path)")
    }

    // MARK: - dump

    /// Writes everything the parser extracted from each line, one line of text per input line. Diffing two dumps of
    /// the same input shows whether a parser change altered behaviour (values, kinds, failure reasons and messages).
    static func dump(_ options: [String: String]) {
        guard let input = options["input"], let path = options["output"] else { fail(usage) }
        let fd = open(input, O_RDONLY)
        guard fd >= 0 else { fail("cannot open \(input): errno \(errno)") }
        var sink = FileSink(path: path)
        var splitter = LineSplitter()
        let parser = SecurityLogParser()
        var event = SecurityEvent(kind: .unparsed)
        var text = ""
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        func describe(_ line: LineSplitter.Line) {
            parser.parse(line.bytes, into: &event)
            text = "\(event.kind)"
            if let time = event.timestamp { text += " t=\(time)" }
            if let action = event.ipsAction { text += " action=\(action.rawValue)" }
            if let direction = event.direction { text += " dir=\(direction.rawValue)" }
            if let syslog = event.syslog {
                text +=
                    " syslog=\(syslog.format.rawValue)/\(syslog.priority)/\(syslog.timestamp.map { "\($0)" } ?? "-")"
            }
            for field in TextField.allCases {
                if let bytes = event.withBytes(of: field, { Array($0) }) { text += " \(field)=\(bytes)" }
            }
            for field in NumberField.allCases {
                if let value = event[field] { text += " \(field)=\(value)" }
            }
            if let failure = event.failure { text += " failure=\(failure)" }
            text += "\n"
            text.withUTF8 { sink.write($0) }
        }
        while true {
            let count = read(fd, chunk.baseAddress, chunk.count)
            if count <= 0 { break }
            splitter.feed(
                UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count),
                describe)
        }
        splitter.finish(describe)
        sink.close()
    }

    // MARK: - convert

    static func convert(_ options: [String: String]) {
        guard let input = options["input"], let format = options["format"] else { fail(usage) }
        let jobs = options["jobs"].flatMap { Int($0) } ?? 1
        let blockSize =
            options["block-size"].flatMap { Int($0) } ?? ParallelConversion<DiscardingExporter>.defaultBlockSize
        let outputPath = options["output"] ?? "/dev/null"
        let exporter: any EventExporter
        do {
            exporter =
                format == "parse"
                ? DiscardingExporter()
                : try ExporterRegistry.standard.registering(PluginExampleExporter.self)
                    .makeExporter(named: format, options: ExportOptions())
        } catch {
            fail("\(error)")
        }
        let result =
            format == "parse" && jobs == 1
            ? parseOnly(input: input)
            : run(exporter, input: input, output: outputPath, jobs: jobs, blockSize: blockSize)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let lines = Double(result.report.linesRead)
        let seconds = result.seconds
        let mb = 1_000_000.0
        print(
            [
                "format=\(format)", "jobs=\(jobs)", "lines=\(result.report.linesRead)",
                "unparsed=\(result.report.unparsedLines)",
                "in_bytes=\(result.report.bytesRead)", "out_bytes=\(result.report.bytesWritten)",
                "seconds=\(fixed(seconds, 4))",
                "cpu_seconds=\(fixed(result.cpuSeconds, 4))",
                "lines_per_cpu_s=\(Int(lines / max(result.cpuSeconds, 1e-9)))",
                "lines_per_s=\(Int(lines / seconds))",
                "in_mb_s=\(fixed(Double(result.report.bytesRead) / mb / seconds, 1))",
                "out_mb_s=\(fixed(Double(result.report.bytesWritten) / mb / seconds, 1))",
                "maxrss_kib=\(usage.ru_maxrss)",
                "allocs=\(result.allocations.map(String.init) ?? "n/a")",
                "allocs_per_line=\(result.allocations.map { fixed(Double($0) / max(lines, 1), 6) } ?? "n/a")",
            ].joined(separator: " "))
    }

    struct RunResult {
        var report: ConversionReport
        /// Wall-clock time of the conversion.
        var seconds: Double
        /// CPU time (user + system, all threads) of the conversion: what it costs, whatever else the machine runs.
        var cpuSeconds: Double
        var allocations: Int?
    }

    /// User + system CPU time of the whole process so far, in seconds.
    static func cpuTime() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Opens the existential once, so the conversion runs specialised for the concrete exporter.
    static func run<E: EventExporter>(
        _ exporter: E, input: String, output: String, jobs: Int,
        blockSize: Int
    ) -> RunResult {
        let fd = open(input, O_RDONLY)
        guard fd >= 0 else { fail("cannot open \(input): errno \(errno)") }
        defer { close(fd) }
        var sink = FileSink(path: output)
        let conversion = ParallelConversion(exporter: exporter, jobs: jobs, blockSize: blockSize)
        let counting = AllocationCounter.isAvailable
        if counting { AllocationCounter.start() }
        let start = now()
        let startCPU = cpuTime()
        let report: ConversionReport
        do {
            report = try conversion.convert(
                reading: { buffer in
                    while true {
                        let count = read(fd, buffer.baseAddress, buffer.count)
                        if count >= 0 { return count }
                        if errno != EINTR { throw ReadError(errno: errno) }
                    }
                }, to: &sink)
        } catch {
            fail("conversion failed: \(error)")
        }
        sink.close()
        let seconds = now() - start
        let cpuSeconds = cpuTime() - startCPU
        let allocations = counting ? AllocationCounter.stop() : nil
        return RunResult(report: report, seconds: seconds, cpuSeconds: cpuSeconds, allocations: allocations)
    }

    /// Parse only: read, split into lines and parse each into one reused event, counting kinds; no exporter, no output.
    static func parseOnly(input: String) -> RunResult {
        let fd = open(input, O_RDONLY)
        guard fd >= 0 else { fail("cannot open \(input): errno \(errno)") }
        defer { close(fd) }
        var splitter = LineSplitter()
        // The per-line state lives in one struct called from closure literals: variables captured by a local function
        // passed as a closure get dynamic exclusivity checks (swift_beginAccess) on every line, which cost more than
        // a tenth of the parse itself.
        struct Counter {
            let parser = SecurityLogParser()
            var event = SecurityEvent(kind: .unparsed)
            var report = ConversionReport()

            mutating func count(_ line: LineSplitter.Line) {
                report.linesRead += 1
                parser.parse(line.bytes, into: &event)
                if event.kind == .unparsed {
                    report.unparsedLines += 1
                } else {
                    report.countsByKind[event.kind.ordinal] += 1
                }
            }
        }
        var counter = Counter()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1_024, alignment: 16)
        defer { chunk.deallocate() }
        let counting = AllocationCounter.isAvailable
        if counting { AllocationCounter.start() }
        let start = now()
        let startCPU = cpuTime()
        while true {
            let got = read(fd, chunk.baseAddress, chunk.count)
            if got <= 0 { break }
            counter.report.bytesRead += got
            splitter.feed(
                UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: got)
            ) {
                counter.count($0)
            }
        }
        splitter.finish { counter.count($0) }
        let report = counter.report
        let seconds = now() - start
        let cpuSeconds = cpuTime() - startCPU
        let allocations = counting ? AllocationCounter.stop() : nil
        return RunResult(report: report, seconds: seconds, cpuSeconds: cpuSeconds, allocations: allocations)
    }

    struct ReadError: Error {
        var errno: Int32
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `value` with exactly `digits` decimals (no exponent notation, unlike `String(Double)`).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        var fraction = String(scaled % Int(scale))
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        return (value < 0 ? "-" : "") + String(scaled / Int(scale)) + (digits > 0 ? "." + fraction : "")
    }
}
