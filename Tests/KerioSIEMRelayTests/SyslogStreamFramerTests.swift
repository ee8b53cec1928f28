import KerioSIEM
import Testing

@testable import KerioSIEMRelay

/// The stream framer: octet-counting and LF framing detected frame by frame, under any chunking.
@Suite struct SyslogStreamFramerTests {
    static let ips =
        "[14/Nov/2026 09:15:02] IPS: Packet drop, severity: High, Rule ID: 1:3000001 KERIO IPS Test Signature - High Severity, proto:TCP, ip/port:85.17.210.230:80(www.kerio.com) -> 10.0.0.1:49023"
    static let start = "[14/Nov/2026 09:15:03] Engine: Startup"

    /// A stream and the messages it carries.
    static let streams: [(name: String, stream: String, messages: [String])] = [
        ("LF", "\(ips)\n\(start)\n", [ips, start]),
        ("octet-counted", "\(ips.utf8.count) \(ips)\(start.utf8.count) \(start)", [ips, start]),
        ("mixed", "\(ips.utf8.count) \(ips)\(start)\n\(ips.utf8.count) \(ips)", [ips, start, ips]),
        ("RFC 5424 octet-counted", frame("<13>1 2026-11-14T09:15:02Z fw kerio - - - \(start)"),
         ["<13>1 2026-11-14T09:15:02Z fw kerio - - - \(start)"]),
        ("file-format line starting with digits", "2026-11-14T09:15:02+00:00 fw kerio: \(start)\n",
         ["2026-11-14T09:15:02+00:00 fw kerio: \(start)"]),
    ]

    static func frame(_ message: String) -> String { "\(message.utf8.count) \(message)" }

    @Test(arguments: streams.indices)
    func everyChunkingGivesTheSameMessages(_ index: Int) throws {
        let (name, stream, messages) = Self.streams[index]
        let bytes = Array(stream.utf8)
        let expected = Self.convert(messages)
        // Every split point, and byte by byte.
        for split in 0...bytes.count {
            #expect(Self.frameAndConvert([Array(bytes[..<split]), Array(bytes[split...])]) == expected, "\(name) at \(split)")
        }
        #expect(Self.frameAndConvert(bytes.map { [$0] }) == expected, "\(name) byte by byte")
    }

    @Test func octetCountedFramesAreCounted() {
        var framer = SyslogStreamFramer()
        let converter = Self.converter()
        Array("\(Self.frame(Self.start))\(Self.frame(Self.ips))".utf8).withUnsafeBytes { framer.feed($0, into: converter) }
        #expect(framer.octetCountedFrames == 2)
        #expect(!framer.isInsideFrame)
        #expect(converter.takeBatch().count == 2)
    }

    @Test func aFrameCutByTheConnectionIsStillConverted() {
        var framer = SyslogStreamFramer()
        let converter = Self.converter()
        Array("500 \(Self.start)".utf8).withUnsafeBytes { framer.feed($0, into: converter) }
        #expect(framer.isInsideFrame)
        let batch = converter.finish()
        #expect(batch.count == 1)
    }

    static func converter() -> any MessageConverter {
        makeMessageConverter(
            exporter: try! CEFExporter(options: ExportOptions()),
            settings: ConversionSettings(parser: SecurityLogParser(), conversion: ConversionOptions(), timeZone: .utc))
    }

    /// The CEF records of `messages` fed one by one as whole messages.
    static func convert(_ messages: [String]) -> [UInt8] {
        let converter = converter()
        for message in messages { Array(message.utf8).withUnsafeBytes { converter.addMessage($0) } }
        return converter.finish().bytes
    }

    static func frameAndConvert(_ chunks: [[UInt8]]) -> [UInt8] {
        var framer = SyslogStreamFramer()
        let converter = converter()
        for chunk in chunks { chunk.withUnsafeBytes { framer.feed($0, into: converter) } }
        return converter.finish().bytes
    }
}
