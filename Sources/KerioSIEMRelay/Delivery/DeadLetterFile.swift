import Synchronization
import SystemPackage

/// `--dead-letter FILE`: records an output refused for good, one JSON object per line, appended:
/// `{"status":400,"error":"mapper_parsing_exception: …","record":{…}}` (`record` is the record itself when it is
/// a JSON object, as ECS records are, else the record as a JSON string).
final class DeadLetterFile: Sendable {
    let path: String
    private let descriptor: FileDescriptor
    private let lock = Mutex(())

    /// Opens `path` for appending.
    init(path: String) throws(RelayConfigurationError) {
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.append, .create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead])
        } catch {
            throw .invalidSetting("--dead-letter \(path)", "cannot be opened for appending: \(error)")
        }
        self.path = path
    }

    /// Appends one refused record with the status and reason the output gave.
    func append(record: ArraySlice<UInt8>, status: Int, error: String) {
        var line = Array("{\"status\":\(status),\"error\":".utf8)
        JSONText.appendString(error.utf8, to: &line)
        line.append(contentsOf: ",\"record\":".utf8)
        if record.first == UInt8(ascii: "{") && record.last == UInt8(ascii: "}") {
            line.append(contentsOf: record)
        } else {
            JSONText.appendString(record, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        lock.withLock { _ in _ = try? line.withUnsafeBytes { try descriptor.writeAll($0) } }
    }

    deinit { try? descriptor.close() }
}

/// JSON string escaping for the relay's own JSON (HEC envelopes, bulk actions, dead letters).
enum JSONText {
    /// Appends `bytes` as a JSON string: quotes, backslash and control characters escaped; invalid UTF-8 is passed
    /// through unchanged only if the exporter produced it (it does not: exporters write valid UTF-8).
    static func appendString(_ bytes: some Sequence<UInt8>, to output: inout [UInt8]) {
        output.append(0x22)
        for byte in bytes {
            switch byte {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: output.append(contentsOf: [0x5C, 0x72])
            case 0x09: output.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }
}
