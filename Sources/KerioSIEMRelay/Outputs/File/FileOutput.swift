import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Records appended to a file (`file:PATH`, for Filebeat, Elastic Agent or a Wazuh `localfile`) or written to
/// standard output (`-`). A batch is confirmed when `write(2)` has taken all of it; the file is never replaced or
/// truncated.
final class FileOutput: RecordOutput {
    let descriptor: FileDescriptor
    let name: String
    let closesDescriptor: Bool

    /// Opens `path` for appending (created with mode 0644 if missing).
    /// - Throws: ``RelayConfigurationError`` when it cannot be opened.
    init(appendingTo path: String) throws(RelayConfigurationError) {
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.append, .create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw .invalidSetting("--to file:\(path)", "cannot be opened for appending: \(error)")
        }
        name = path
        closesDescriptor = true
    }

    /// Standard output.
    init(standardOutput: Void) {
        descriptor = .standardOutput
        name = "standard output"
        closesDescriptor = false
    }

    func deliver(_ batch: RecordBatch) async throws(DeliveryFailure) -> DeliveryOutcome {
        do {
            _ = try batch.bytes.withUnsafeBytes { try descriptor.writeAll($0) }
        } catch {
            throw DeliveryFailure("\(name): \(error)")
        }
        return .delivered
    }

    func close() async {
        if closesDescriptor {
            _ = fsync(descriptor.rawValue)
            try? descriptor.close()
        }
    }
}
