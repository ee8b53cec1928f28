import KerioSIEM
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's arguments as the parser sees them, and the bytes of those that are not UTF-8.
///
/// File names on Linux are bytes; `CommandLine.arguments` would repair a name such as `log\xE9.log` into
/// `log\u{FFFD}.log`, which names another file (or none). So an argument that is not valid UTF-8 reaches the parser
/// in its escaped display form (``DisplayText``: `log\xE9.log`), and ``filePath(_:)`` turns that form back into the
/// original bytes when a file is opened. Diagnostics then show the escaped form, never raw bytes.
///
/// ```swift
/// let path = CommandLineArguments.filePath(output)   // the bytes the user typed, whatever they were
/// ```
enum CommandLineArguments {
    /// The arguments after the program name, decoded once at first use.
    static var arguments: [String] { decoded.arguments }

    /// The path an argument names: its original bytes when it was not UTF-8, else the argument itself.
    static func filePath(_ argument: String) -> FilePath {
        guard let bytes = decoded.rawBytes[argument] else { return FilePath(argument) }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                // The table's bytes end in NUL (see `decode`), so this reads a C string.
                FilePath(platformString: characters.baseAddress!)
            }
        }
    }

    /// A file argument as an input: `-` is standard input, anything else the file its bytes name.
    static func conversionInput(_ argument: String) -> ConversionInput {
        argument == "-" ? .standardInput : ConversionInput(path: filePath(argument))
    }

    private static let decoded: (arguments: [String], rawBytes: [String: [UInt8]]) = decode()

    private static func decode() -> (arguments: [String], rawBytes: [String: [UInt8]]) {
        var arguments: [String] = []
        var rawBytes: [String: [UInt8]] = [:]
        arguments.reserveCapacity(Int(CommandLine.argc))
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                count: strlen(pointer))
            if let text = String(validating: bytes, as: UTF8.self) {
                arguments.append(text)
            } else {
                let display = DisplayText.escaping(bytes)
                arguments.append(display)
                rawBytes[display] = Array(bytes) + [0]
            }
        }
        return (arguments, rawBytes)
    }
}
