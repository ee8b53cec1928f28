public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A path as the kernel sees it: bytes, which need not be UTF-8.
///
/// `FilePath.string` repairs invalid UTF-8 into U+FFFD, which names another file; system calls therefore take the
/// platform string, and messages show ``displayString``.
extension FilePath {
    /// The path's bytes, without the terminating NUL.
    ///
    /// ```swift
    /// FilePath(systemBytes: Array("log".utf8) + [0xE9]).systemBytes   // [0x6C, 0x6F, 0x67, 0xE9]
    /// ```
    public var systemBytes: [UInt8] {
        withPlatformString {
            Array(
                UnsafeBufferPointer(
                    start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self),
                    count: strlen($0)))
        }
    }

    /// The path for messages: bytes that are not UTF-8, controls and bidi overrides escaped (``DisplayText``).
    ///
    /// ```swift
    /// FilePath(systemBytes: Array("log".utf8) + [0xE9]).displayString   // log\xE9
    /// ```
    public var displayString: String { DisplayText.escaping(systemBytes) }

    /// The path made of exactly these bytes (a NUL byte ends it, as it would for the kernel).
    public init(systemBytes: [UInt8]) {
        let terminated = systemBytes.prefix { $0 != 0 } + [0]
        self = terminated.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { FilePath(platformString: $0.baseAddress!) }
        }
    }
}
