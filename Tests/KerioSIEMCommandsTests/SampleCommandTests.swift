import Foundation
import KerioSIEM
import Testing

struct SampleCommandTests {
    @Test func linesAreDeterministicAndAllParse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(runInProcess(["sample", "--lines", "500", "--seed", "9", "-o", directory.path("a.log")]) == 0)
        #expect(runInProcess(["sample", "--lines", "500", "--seed", "9", "-o", directory.path("b.log")]) == 0)
        let a = try #require(directory.read("a.log"))
        #expect(a == directory.read("b.log"))
        let lines = a.split(separator: 0x0A)
        #expect(lines.count == 500)
        let parser = SecurityLogParser()
        #expect(lines.allSatisfy { parser.parse(bytes: Array($0)).kind != .unparsed })
    }

    @Test func bytesIsASize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(runInProcess(["sample", "--bytes", "64K", "-o", directory.path("s.log")]) == 0)
        let size = try #require(directory.read("s.log")).count
        #expect(size >= 64 * 1024 && size < 64 * 1024 + 2_048)
    }

    @Test(arguments: [
        ["sample"], ["sample", "--lines", "1", "--bytes", "1"], ["sample", "--bytes", "12Q"],
        ["sample", "--lines", "1", "--syslog-fraction", "2"],
    ])
    func usageErrors(_ arguments: [String]) {
        #expect(runInProcess(arguments) == 64)
    }
}

extension SecurityLogParser {
    func parse(bytes: [UInt8]) -> SecurityEvent {
        var event = SecurityEvent(kind: .unparsed)
        bytes.withUnsafeBufferPointer { parse($0, into: &event) }
        return event
    }
}

struct DeviceNameOptionTests {
    @Test(arguments: ["--vendor", "--product", "--device-version"])
    func emptyDeviceNamesAreUsageErrors(_ flag: String) {
        #expect(runInProcess(["convert", "-f", "cef", flag, " ", "/dev/null"]) == 64)
    }
}
