import KerioSIEM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to a file with plain `write(2)` calls (the conversion already hands over large blocks).
struct FileSink: ByteSink {
    let fd: Int32
    var bytesWritten = 0

    init(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { BenchTool.fail("cannot create \(path): errno \(errno)") }
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                BenchTool.fail("write failed: errno \(errno)")
            }
            offset += count
        }
        bytesWritten += bytes.count
    }

    func close() { _ = Glibc.close(fd) }
}
