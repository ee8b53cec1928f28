// package-benchmark suite: parse, export and end-to-end conversion of a generated 100,000-line Kerio security log.
//
//   cd Benchmarks && swift package benchmark                       # all
//   swift package benchmark --filter 'Convert.*'                   # one group
//
// One iteration processes the whole input (100,000 lines, ≈ 18 MB), so lines/s = throughput × 100,000 and
// allocations per line = mallocCountTotal / 100,000. Steady-state conversion allocates nothing per line: the counts
// are a small constant (buffers, the report), whatever the input size.

import Benchmark
import KerioSIEM
import KerioSIEMSampleData

/// The benchmark input, built once per process (in `setup`, outside the measurement).
enum Input {
    static let lineCount = 100_000

    /// The generated log: seed 1, plain Kerio lines (the mix documented on `SampleLogGenerator`).
    nonisolated(unsafe) static var bytes: [UInt8] = []
    /// The same lines parsed, for the export-only benchmarks.
    nonisolated(unsafe) static var events: [SecurityEvent] = []

    static func makeBytes() {
        guard bytes.isEmpty else { return }
        var generator = SampleLogGenerator(seed: 1)
        generator.write(lines: lineCount, into: &bytes)
    }

    static func makeEvents() {
        makeBytes()
        guard events.isEmpty else { return }
        events.reserveCapacity(lineCount)
        let parser = SecurityLogParser()
        var splitter = LineSplitter()
        bytes.withUnsafeBufferPointer { all in
            splitter.feed(all) { line in
                var event = SecurityEvent(kind: .unparsed)
                parser.parse(line.bytes, into: &event)
                events.append(event)
            }
        }
    }
}

/// Counts bytes and throws them away (the "file" of an end-to-end run without I/O).
struct DiscardingSink: ByteSink {
    var count = 0
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
}

/// Export only: pre-parsed events through one exporter into a reused buffer, drained every 256 KiB.
func registerExport<E: EventExporter>(_ type: E.Type) {
    Benchmark(
        "Export.\(E.format.name)",
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                var exporter = try! E(options: ExportOptions())
                var output = OutputBuffer(capacity: 320 * 1_024)
                var written = 0
                exporter.writePrologue(into: &output)
                for event in Input.events {
                    exporter.write(event, into: &output)
                    if output.count >= 256 * 1_024 {
                        written += output.count
                        output.removeAll()
                    }
                }
                exporter.writeEpilogue(into: &output)
                blackHole(written + output.count)
            }
        }, setup: { Input.makeEvents() })
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 20
    )

    Benchmark(
        "Parse",
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                let parser = SecurityLogParser()
                var event = SecurityEvent(kind: .unparsed)
                var splitter = LineSplitter()
                var parsed = 0
                Input.bytes.withUnsafeBufferPointer { all in
                    splitter.feed(all) { line in
                        parser.parse(line.bytes, into: &event)
                        if event.kind != .unparsed { parsed += 1 }
                    }
                }
                blackHole(parsed)
            }
        }, setup: { Input.makeBytes() })

    // The built-ins by their static types, so each gets code specialised for it (as the CLI's conversion does).
    registerExport(CEFExporter.self)
    registerExport(LEEFExporter.self)
    registerExport(LEEF1Exporter.self)
    registerExport(ECSJSONExporter.self)
    registerExport(CSVExporter.self)
    registerExport(XMLExporter.self)

    for format in ExporterRegistry.standard.formats {
        Benchmark(
            "Convert.\(format.name)",
            closure: { benchmark in
                for _ in benchmark.scaledIterations {
                    let exporter = try! ExporterRegistry.standard.makeExporter(
                        named: format.name, options: ExportOptions())
                    blackHole(convert(exporter))
                }
            }, setup: { Input.makeBytes() })
    }
}

/// End to end: bytes → lines → events → records → sink, as `kerio-siem convert` does with one job.
func convert<E: EventExporter>(_ exporter: E) -> Int {
    let conversion = ParallelConversion(exporter: exporter, jobs: 1)
    var sink = DiscardingSink()
    _ = try! Input.bytes.withUnsafeBufferPointer { try conversion.convert($0, to: &sink) }
    return sink.count
}
