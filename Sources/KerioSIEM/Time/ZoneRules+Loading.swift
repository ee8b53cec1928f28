#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

// MARK: - Finding and reading zone files

extension ZoneRules {
    /// The system's zoneinfo directory when `$TZDIR` is unset or empty.
    static let defaultZoneinfoDirectory = "/usr/share/zoneinfo"
    /// The machine's zone when `$TZ` is unset.
    static let defaultLocaltimePath = "/etc/localtime"
    /// Zone files are a few kilobytes; anything larger is not one, and is not read to the end.
    static let maximumFileSize = 1 << 20

    /// Loads the zone `identifier` from `$TZDIR` (if set and non-empty) or `/usr/share/zoneinfo`.
    ///
    /// `local` is the machine's zone, resolved as glibc does: `$TZ` when set (`Europe/Prague`, `:Europe/Prague`, an
    /// absolute path, or a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3`; empty means UTC), else `/etc/localtime`,
    /// else UTC when that file does not exist.
    ///
    /// - Throws: ``TimeZoneError/unknownZone(_:)`` when the name could leave the directory (`..`, `.`, a leading `/`,
    ///   an empty component, NUL) or names no file; ``TimeZoneError/invalidZoneFile(_:)`` when the file is not TZif.
    ///
    /// ```swift
    /// let rules = try ZoneRules.load(identifier: "America/New_York")
    /// ```
    static func load(identifier: String) throws(TimeZoneError) -> ZoneRules {
        try load(
            identifier: identifier,
            zoneinfoDirectory: environmentValue("TZDIR").flatMap { $0.isEmpty ? nil : $0 } ?? defaultZoneinfoDirectory,
            tzVariable: environmentValue("TZ"),
            localtimePath: defaultLocaltimePath)
    }

    /// ``load(identifier:)`` with the environment passed in, so tests need not change the process's.
    static func load(
        identifier: String, zoneinfoDirectory: String, tzVariable: String?, localtimePath: String
    ) throws(TimeZoneError) -> ZoneRules {
        guard identifier == "local" else {
            guard isSafeZoneName(identifier) else { throw .unknownZone(identifier) }
            return try loadFile(
                atPath: zoneinfoDirectory + "/" + identifier, identifier: identifier, nameInErrors: identifier)
        }
        // A leading colon says "implementation-defined" in POSIX; glibc reads the rest as a file name.
        let name = tzVariable.map { $0.utf8.first == UInt8(ascii: ":") ? String($0.dropFirst()) : $0 }
        if tzVariable == "" { return .utc(identifier: identifier) }  // glibc: set but empty is UTC
        guard let name, !name.isEmpty else {
            do {
                return try loadFile(atPath: localtimePath, identifier: identifier, nameInErrors: localtimePath)
            } catch .unknownZone {
                return .utc(identifier: identifier)  // glibc's fallback when /etc/localtime is missing
            }
        }
        if name.utf8.first == UInt8(ascii: "/") {
            return try loadFile(atPath: name, identifier: identifier, nameInErrors: name)
        }
        if isSafeZoneName(name) {
            do {
                return try loadFile(atPath: zoneinfoDirectory + "/" + name, identifier: identifier, nameInErrors: name)
            } catch .unknownZone {
                // Not a file: perhaps a POSIX rule, handled below.
            }
        }
        guard let rule = POSIXTimeZoneRule(name) else { throw .unknownZone(name) }
        return ZoneRules(identifier: identifier, rule: rule)
    }

    /// Whether `name` stays inside the zoneinfo directory: relative, no `.`/`..`/empty component, no NUL.
    static func isSafeZoneName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "/"), !bytes.contains(0) else { return false }
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if component.isEmpty || component.elementsEqual([0x2E]) || component.elementsEqual([0x2E, 0x2E]) {
                return false
            }
        }
        return true
    }

    private static func loadFile(
        atPath path: String, identifier: String, nameInErrors: String
    ) throws(TimeZoneError) -> ZoneRules {
        switch readFile(atPath: path) {
        case .contents(let bytes):
            do {
                return try ZoneRules(tzif: bytes, identifier: identifier)
            } catch {
                throw .invalidZoneFile(nameInErrors)
            }
        case .missing: throw .unknownZone(nameInErrors)
        case .unreadable: throw .invalidZoneFile(nameInErrors)
        }
    }

    /// The outcome of reading a file.
    private enum FileRead {
        case contents([UInt8])
        /// No such file, not a regular file, or not ours to open.
        case missing
        /// Opened but failed to read, or larger than ``maximumFileSize``.
        case unreadable
    }

    /// Reads a whole file with `open`/`read`/`close`: the core module has no Foundation.
    private static func readFile(atPath path: String) -> FileRead {
        // A NUL would cut the C string short and open some other file.
        guard !path.utf8.contains(0) else { return .missing }
        let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return .missing }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
                if bytes.count > maximumFileSize { return .unreadable }
            } else if count == 0 {
                return .contents(bytes)
            } else if errno == EINTR {
                continue
            } else {
                // A directory (`Europe`) opens fine and fails here: it is not a zone.
                return errno == EISDIR ? .missing : .unreadable
            }
        }
    }

    private static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
