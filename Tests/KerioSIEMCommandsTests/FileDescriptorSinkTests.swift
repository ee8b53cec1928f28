import Foundation
import KerioSIEM
import SystemPackage
import Testing

/// ``FileDescriptorSink``: whole writes, and the typed errors for a full device and a closed pipe.
struct FileDescriptorSinkTests {
    @Test func aFullDeviceThrowsNoSpace() throws {
        let descriptor = try FileDescriptor.open("/dev/full", .writeOnly)
        defer { try? descriptor.close() }
        var sink = FileDescriptorSink(descriptor, name: "/dev/full")
        #expect(throws: FileIOError.noSpace(path: "/dev/full")) {
            try [UInt8](repeating: 1, count: 10).withUnsafeBufferPointer { try sink.write($0) }
        }
    }

    @Test func aClosedPipeThrowsBrokenPipe() throws {
        Binary.ignoreSIGPIPE
        let (reader, writer) = try FileDescriptor.pipe()
        try reader.close()
        defer { try? writer.close() }
        var sink = FileDescriptorSink(writer, name: "pipe")
        #expect(throws: FileIOError.brokenPipe(path: "pipe")) {
            try [UInt8](repeating: 1, count: 10).withUnsafeBufferPointer { try sink.write($0) }
        }
    }

    /// A non-blocking pipe fills up at 64 KiB: the sink waits for the reader instead of failing with EAGAIN, and
    /// continues partial writes until every byte is through.
    @Test func everyByteReachesANonBlockingPipe() throws {
        let (reader, writer) = try FileDescriptor.pipe()
        #expect(fcntl(writer.rawValue, F_SETFL, fcntl(writer.rawValue, F_GETFL) | O_NONBLOCK) == 0)
        let payload = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let received = ReceivedBytes()
        let readerThread = Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(reader.rawValue, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                received.append(buffer[0..<count])
            }
            received.finish()
        }
        readerThread.start()

        var sink = FileDescriptorSink(writer, name: "pipe")
        try payload.withUnsafeBufferPointer { try sink.write($0) }
        try writer.close()
        received.wait()
        try reader.close()

        #expect(sink.bytesWritten == payload.count)
        #expect(received.bytes == payload)
    }
}

/// Bytes collected by a reader thread.
private final class ReceivedBytes: @unchecked Sendable {
    private let condition = NSCondition()
    private var collected: [UInt8] = []
    private var done = false

    func append(_ slice: ArraySlice<UInt8>) {
        condition.lock()
        collected.append(contentsOf: slice)
        condition.unlock()
    }

    func finish() {
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }

    var bytes: [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        return collected
    }
}
