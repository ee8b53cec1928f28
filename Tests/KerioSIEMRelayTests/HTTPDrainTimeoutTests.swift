import Foundation
import KerioSIEM
import Testing

@testable import KerioSIEMRelay

/// A stop while the SIEM is down or refusing: the drain timeout runs out, ``Relay/stop()`` returns with the records
/// still undelivered counted (the command exits 75 with that count).
@Suite(.timeLimit(.minutes(1)))
struct HTTPDrainTimeoutTests {
    enum Sink: String, CaseIterable, CustomTestStringConvertible {
        case splunk, elasticsearch
        var testDescription: String { rawValue }
    }

    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        /// Nothing listens on the port: connection refused.
        case down
        /// It answers 503 to everything.
        case busy
        /// It answers only after the relay stopped waiting (and the drain timeout).
        case hanging
        var testDescription: String { rawValue }
    }

    static let token = "drain-token"

    @Test("stop with the SIEM down returns undelivered > 0", arguments: Sink.allCases, Fault.allCases)
    func drainTimeout(_ sink: Sink, _ fault: Fault) async throws {
        let script: [FakeStep] =
            switch fault {
            case .down: []
            case .busy: Array(repeating: .fail(503), count: 1_000)
            case .hanging: Array(repeating: .slow(.seconds(5)), count: 1_000)
            }
        let port: Int
        var close: () async -> Void = {}
        switch sink {
        case .splunk:
            let hec = try await FakeSplunkHEC(token: Self.token, script: script)
            port = hec.port
            close = { await hec.close() }
        case .elasticsearch:
            let es = try await FakeElasticsearch(stream: "logs-kerio-default", script: script)
            port = es.port
            close = { await es.close() }
        }
        if fault == .down { await close() }
        let destination =
            sink == .splunk
            ? "splunk-hec+http://127.0.0.1:\(port)" : "elasticsearch+http://127.0.0.1:\(port)/logs-kerio-default"
        let harness = try await RelayHarness.start(to: destination, format: .ecs) {
            $0.splunk.token = Self.token
            $0.drainTimeout = .milliseconds(400)
            $0.httpTimeout = .seconds(10)
        }
        let lines = RelayHarness.sample("syslog.log")
        try harness.send(lines)
        #expect(await eventually { harness.relay.statistics.value(.parsed) == lines.count })
        if fault != .hanging {
            // A refused connection fails the request at once (no retry inside AsyncHTTPClient's pool, which would
            // hold it until the 5 s connect timeout), so the relay's own backoff retries it and counts it within
            // moments, as it does the answered 503s.
            #expect(await eventually(within: .milliseconds(2_500)) { harness.relay.statistics.value(.retries) > 0 })
        }
        let started = ContinuousClock.now
        let report = await harness.relay.stop()
        let took = ContinuousClock.now - started
        if fault != .down { await close() }
        #expect(report.undelivered == lines.count, "\(report.summary)")
        #expect(harness.relay.statistics.dropped(.undelivered) == lines.count)
        #expect(harness.relay.statistics.value(.sent) == 0)
        #expect(took < .seconds(3), "the stop waits the drain timeout, not the HTTP timeout")
    }
}
