public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Follows growing log files as `tail -F` does, converting every line once, with a checkpoint that survives restarts
/// and crashes: the engine of `kerio-siem follow`.
///
/// Each file is read from its checkpoint (or from its start, or with ``startAtEnd`` from its end), then followed:
/// inotify wakes the follower as soon as a file in a watched directory changes, and it looks again every
/// ``pollInterval`` (250 ms) regardless. Lines go through one ``ConversionSession``, so the output is what `convert`
/// writes for the same lines; each record is written when its line has arrived (a line still being written is
/// waited for).
///
/// - **Rotation.** When a path names another file (rename + create, delete + create), the old file is read to its end
///   and kept open for ``rotateWait`` after it last grew, so a writer still appending to it loses nothing; the new
///   file is read from its start. A file that shrinks below the offset read (copytruncate) is read again from its
///   start, as is a file whose first bytes changed under the same inode (``FileIdentity``).
/// - **Checkpoint.** At most every ``checkpointInterval`` and at the end, the records written so far are made durable
///   (``beforeCheckpoint``: the CLI `fsync`s its output files) and only then is the state file replaced
///   (``FollowCheckpoint``), so after a crash nothing is lost and at most the records written since the last
///   checkpoint are written again; after a clean stop, nothing is. Entries of files that are gone are pruned.
/// - **Record ids.** Every record carries ``TextField/eventID``: a hash of the file's identity (device, inode, first
///   line) and the line's byte offset in the file, so a record written again after a crash, or delivered twice, has
///   the same id (ECS `event.id`, CEF/LEEF `externalId`, the Elasticsearch `_id`).
/// - **Bounded memory.** One read buffer (1 MiB, or more for a longer `maximumLineLength`), whatever the files hold.
///
/// ```swift
/// var follower = FileFollower(statePath: "/var/lib/kerio-siem/security.state")
/// follower.stopDescriptor = stopPipe             // readable when it is time to stop
/// var sink = FileDescriptorSink(.standardOutput, name: "-")
/// let report = try follower.follow(["/var/log/kerio/security.log"], with: try CEFExporter(options: .init()),
///                                  to: &sink)
/// ```
public struct FileFollower {
    /// The state file (read at the start, replaced at each checkpoint).
    public var statePath: FilePath
    /// The parser (line-length limit, syslog year).
    public var parser: SecurityLogParser
    /// Strictness, unparsed records. `sourceName` is not used: diagnostics name each file.
    public var options: ConversionOptions
    /// Start files the state file does not know at their end instead of their start. Default `false`.
    public var startAtEnd = false
    /// How long a rotated or deleted file is kept open after it last grew. Default 5 s (Fluent Bit's `Rotate_Wait`).
    public var rotateWait: Duration = .seconds(5)
    /// The longest wait between two looks at the files. Default 250 ms.
    public var pollInterval: Duration = .milliseconds(250)
    /// The shortest time between two checkpoints. Default 1 s.
    public var checkpointInterval: Duration = .seconds(1)
    /// Following ends when this descriptor becomes readable (the CLI's signal pipe): a last look at the files, then
    /// the epilogue and the final checkpoint. `nil`: follow until an error.
    public var stopDescriptor: FileDescriptor?
    /// Write the format's prologue (a CSV header) at the start; `false` when appending to output that has it.
    public var writesPrologue = true
    /// Write the format's epilogue (XML's `</events>`) at the end.
    public var writesEpilogue = true
    /// Called for each unparsed line with its diagnostic (file name and line number within the file) and bytes.
    ///
    /// Why a pointer: the unparsed line is handed over in place, without a copy per line, and is valid only during the
    /// call: copy it (`Array(bytes)`) to keep it.
    public var onUnparsed: ((ParseDiagnostic, UnsafeBufferPointer<UInt8>) throws -> Void)?
    /// Called for rotations, truncations, missing files and the like (see ``FollowNotice``).
    public var onNotice: ((FollowNotice) -> Void)?
    /// Called after the records were written and before the state file moves on: make the output durable here
    /// (`fsync`), and flush anything buffered beside it. An error thrown here stops following.
    public var beforeCheckpoint: (() throws -> Void)?
    /// Called whenever everything read so far has been converted and written, before the follower waits.
    public var onIdle: (() throws -> Void)?

    /// A follower keeping its state in `statePath`.
    public init(
        statePath: FilePath, parser: SecurityLogParser = SecurityLogParser(),
        options: ConversionOptions = ConversionOptions()
    ) {
        self.statePath = statePath
        self.parser = parser
        self.options = options
    }

    /// Follows `paths` (files, or glob patterns such as `/var/log/kerio/*.log`, looked up again on every pass) until
    /// ``stopDescriptor`` is readable, converting through `exporter` into `sink`.
    /// - Returns: the counts over all files.
    /// - Throws: ``FollowError`` for the state file, the sink's error, ``ConversionError`` in strict mode, or an
    ///   error of ``onUnparsed``, ``beforeCheckpoint`` or ``onIdle``. The checkpoint then stays where it was last.
    public func follow(
        _ paths: [FilePath], with exporter: some EventExporter, to sink: inout some ByteSink
    ) throws -> ConversionReport {
        let checkpoint = try FollowCheckpoint.load(from: statePath)
        var run = FollowRun(follower: self, exporter: exporter, checkpoint: checkpoint, patterns: paths)
        return try run.run { try sink.write($0) }
    }
}

/// One `follow`: the open files, the session, the watcher.
private struct FollowRun<Exporter: EventExporter>: ~Copyable {
    let follower: FileFollower
    let patterns: [FilePath]
    var session: ConversionSession<FollowExporter<Exporter>>
    /// The files, in the order they are read: rotated ones (draining) before the current ones.
    var files: [FollowedFile] = []
    /// Checkpoint entries not yet matched to a file (only at the start).
    var pending: [FollowCheckpoint.Entry]
    /// Paths that had a problem reported, so it is reported once until it changes.
    var reported: [[UInt8]: String] = [:]
    var watcher = DirectoryWatcher()
    let buffer: UnsafeMutableRawBufferPointer
    let context = DiagnosticContext()
    var lastCheckpoint = ContinuousClock.now
    var savedCheckpoint: FollowCheckpoint
    var firstPass = true
    /// The last files let go after their rotate-wait (at most 64), so that one matched again later under another
    /// name is read on from where it was rather than again from its start.
    var released: [FollowCheckpoint.Entry] = []

    init(follower: FileFollower, exporter: Exporter, checkpoint: FollowCheckpoint, patterns: [FilePath]) {
        self.follower = follower
        self.patterns = patterns
        var options = follower.options
        options.sourceName = nil
        session = ConversionSession(
            exporter: FollowExporter(
                wrapping: exporter, writesPrologue: follower.writesPrologue, writesEpilogue: follower.writesEpilogue),
            parser: follower.parser, options: options)
        pending = checkpoint.entries
        savedCheckpoint = checkpoint
        buffer = .allocate(
            byteCount: max(FileConversion.defaultChunkSize, follower.parser.limits.maximumLineLength + 2),
            alignment: 16)
        let context = context
        if let onUnparsed = follower.onUnparsed {
            session.onUnparsed = { diagnostic, bytes in try onUnparsed(context.localize(diagnostic), bytes) }
        }
    }

    deinit { buffer.deallocate() }

    mutating func run(_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> ConversionReport {
        try withoutActuallyEscaping(write) { write in
            var sink = ForwardingSink(forward: write)
            let stop = follower.stopDescriptor?.rawValue ?? -1
            while true {
                try pass(&sink)
                if ContinuousClock.now - lastCheckpoint >= follower.checkpointInterval { try checkpoint(&sink) }
                if watcher.wait(timeout: follower.pollInterval, stop: stop) { break }
            }
            // Stopping: what was written before the stop is still read, then the document ends.
            try pass(&sink)
            _ = try session.finish(to: &sink)
            try saveCheckpoint(force: true)
            return session.report
        }
    }

    // MARK: - A pass over the files

    /// Looks at every path, reads every file to its current end, and writes the records.
    mutating func pass(_ sink: inout ForwardingSink) throws {
        // The current paths, and those of files followed so far that no pattern matches any more (deleted, or
        // renamed out of a glob): looking at them is how they are noticed gone and let go.
        var paths = expandedPaths()
        let known = Set(paths.map(\.systemBytes))
        for file in files where !file.draining && !known.contains(file.path.systemBytes) { paths.append(file.path) }
        for path in paths { try look(at: path, &sink) }
        if firstPass { resolveUnmatchedEntries() }
        firstPass = false
        for file in files { try readAvailable(file, &sink) }
        try releaseDrainedFiles(&sink)
        try session.flush(to: &sink)
        try follower.onIdle?()
    }

    /// The literal paths, and the current matches of the glob patterns; their directories are watched.
    mutating func expandedPaths() -> [FilePath] {
        var paths: [FilePath] = []
        for pattern in patterns {
            watcher.watch(pattern.removingLastComponent())
            guard pattern.systemBytes.contains(where: { $0 == 0x2A || $0 == 0x3F || $0 == 0x5B }) else {
                paths.append(pattern)
                continue
            }
            var matches = glob_t()
            defer { globfree(&matches) }
            guard pattern.withPlatformString({ glob($0, 0, nil, &matches) }) == 0 else { continue }
            for index in 0..<Int(matches.gl_pathc) {
                if let match = matches.gl_pathv[index] { paths.append(FilePath(platformString: match)) }
            }
        }
        return paths
    }

    /// Checks what `path` names now against the file followed under it, and opens it when needed.
    mutating func look(at path: FilePath, _ sink: inout ForwardingSink) throws {
        let current = files.last { $0.path == path && !$0.draining }
        switch FollowedFile.open(path) {
        case .failure(let failure):
            if let current {
                current.draining = true
                current.lastGrowth = .now
            }
            if firstPass { resolvePending(for: path, status: nil) }
            if failure == .missing {
                report(path, "missing", .disappeared(path: path.displayString))
            } else {
                report(path, failure.reason, .unusable(path: path.displayString, reason: failure.reason))
            }
        case .success(let (descriptor, status)):
            var adopted = false
            defer { if !adopted { _ = close(descriptor.rawValue) } }
            if let current, current.identity.isSameInode(as: status) {
                try checkInPlace(current, size: Int(status.st_size), &sink)
                return
            }
            if let current {
                // The path names another file now: keep reading the old one until it has been quiet a while.
                current.draining = true
                current.lastGrowth = .now
                follower.onNotice?(.rotated(path: path.displayString))
            }
            // A file already followed (a glob matching a rotated file's new name) is not read twice.
            if let followed = files.first(where: { $0.identity.isSameInode(as: status) }) {
                // A rotated file that a glob matches under its new name (`security.log.1` for `security.log*`):
                // it goes on from where it was, under that name, instead of being let go and read again.
                if followed.draining && followed.path != path
                    && !files.contains(where: { $0.path == path && !$0.draining })
                {
                    followed.draining = false
                    followed.path = path
                    followed.name = path.displayString
                }
                return
            }
            if !firstPass,
                let entry = released.first(where: {
                    $0.identity.isSameInode(as: status) && (try? $0.identity.matches(descriptor)) == true
                })
            {
                // Let go after its rotate-wait, and now matched again under another name: read on, not again.
                adopted = start(path, descriptor: descriptor, status: status, resuming: entry)
                return
            }
            adopted = start(path, descriptor: descriptor, status: status)
        }
    }

    /// Copytruncate and in-place rewrites of the file followed under its path.
    mutating func checkInPlace(_ file: FollowedFile, size: Int, _ sink: inout ForwardingSink) throws {
        guard let descriptor = file.descriptor else { return }
        if size < file.offset {
            follower.onNotice?(.truncated(path: file.name, from: file.offset))
            try restart(file, &sink)
            return
        }
        let stillSame = (try? file.identity.matches(descriptor)) ?? true
        if !stillSame {
            follower.onNotice?(.replaced(path: file.name))
            try restart(file, &sink)
            return
        }
        if let wider = try? file.identity.widened(descriptor, fileSize: size) { file.identity = wider }
    }

    /// Reads `file` again from its start.
    mutating func restart(_ file: FollowedFile, _ sink: inout ForwardingSink) throws {
        if file.inOverlongLine { try endOverlongLine(file, &sink) }
        file.offset = 0
        file.checkpointOffset = 0
        file.line = 0
        file.idPrefix = nil
        if let descriptor = file.descriptor, let identity = try? FileIdentity(of: descriptor) {
            file.identity = identity
        }
    }

    /// Starts following `path`, open as `descriptor` (which `status` describes): decides where to start reading.
    /// - Parameter resuming: a file let go earlier, to read on from its offset.
    /// - Returns: whether the descriptor was taken (else the caller closes it).
    mutating func start(
        _ path: FilePath, descriptor: FileDescriptor, status: stat, resuming: FollowCheckpoint.Entry? = nil
    ) -> Bool {
        guard let identity = try? FileIdentity(of: descriptor) else { return false }
        let name = path.displayString
        var offset = 0
        var line = 0
        if let resuming {
            (offset, line) = (resuming.offset, resuming.line)
            released.removeAll { $0 == resuming }
        } else if firstPass {
            if let entry = resolvePending(for: path, status: status, descriptor: descriptor) {
                offset = entry.offset
                line = entry.line
                let size = Int(status.st_size)
                if size < offset {
                    follower.onNotice?(.truncated(path: name, from: offset))
                    (offset, line) = (0, 0)
                } else {
                    follower.onNotice?(.resumed(path: name, offset: offset, line: line))
                }
            } else if follower.startAtEnd && !savedCheckpoint.entries.contains(where: { $0.path == path }) {
                (offset, line) = endOfLastLine(descriptor, size: Int(status.st_size))
                follower.onNotice?(.startedAtEnd(path: name, offset: offset))
            }
        } else if reported[path.systemBytes] != nil {
            follower.onNotice?(.reappeared(path: name))
        }
        reported[path.systemBytes] = nil
        files.append(
            FollowedFile(
                path: path, name: name, descriptor: descriptor, identity: identity, offset: offset, line: line))
        return true
    }

    /// At the start: the checkpoint entries for `path`. The one that is the file there now (same inode and
    /// fingerprint) is returned; the others are rotated files, looked for in the path's directory and read on from
    /// their offsets, or reported lost.
    @discardableResult
    mutating func resolvePending(
        for path: FilePath, status: stat?, descriptor: FileDescriptor? = nil
    ) -> FollowCheckpoint.Entry? {
        var resumed: FollowCheckpoint.Entry?
        let entries = pending.filter { $0.path == path }
        pending.removeAll { $0.path == path }
        for entry in entries {
            if resumed == nil, let status, let descriptor, entry.identity.isSameInode(as: status),
                (try? entry.identity.matches(descriptor)) == true
            {
                resumed = entry
                continue
            }
            if let status, entry.identity.isSameInode(as: status) {
                // Same inode, other first bytes: rewritten in place, or a reused inode. The new file is read whole.
                follower.onNotice?(.replaced(path: path.displayString))
                continue
            }
            if let found = findRotated(entry) {
                follower.onNotice?(.foundRotated(path: path.displayString, as: found.name, offset: entry.offset))
                found.draining = true
                files.insert(found, at: 0)
            } else {
                follower.onNotice?(.lostWhileStopped(path: path.displayString))
            }
        }
        return resumed
    }

    /// At the start, the checkpoint entries of paths no pattern names now: a file still there under its path was
    /// dropped from the command line and is forgotten; one that is gone is looked for under another name in its
    /// directory (rotated while not followed, `security.log` → `security.log.1` past a `*.log` glob) and read to its
    /// end, or reported lost. Either way the entry does not stay in the state file.
    mutating func resolveUnmatchedEntries() {
        var seen: Set<[UInt8]> = []
        for entry in pending where seen.insert(entry.path.systemBytes).inserted {
            if let status = FollowedFile.status(of: entry.path), entry.identity.isSameInode(as: status) {
                pending.removeAll { $0.path == entry.path }
                continue
            }
            resolvePending(for: entry.path, status: nil)
        }
        pending.removeAll()
    }

    /// The file of `entry` under another name in its directory (rotated while not followed), opened at its offset.
    func findRotated(_ entry: FollowCheckpoint.Entry) -> FollowedFile? {
        let directory = entry.path.removingLastComponent()
        let directoryPath = directory.isEmpty ? FilePath(".") : directory
        guard let stream = directoryPath.withPlatformString({ opendir($0) }) else { return nil }
        defer { closedir(stream) }
        var examined = 0
        while let item = readdir(stream), examined < 100_000 {
            examined += 1
            guard UInt64(item.pointee.d_ino) == entry.identity.inode else { continue }
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            guard name != Array(".".utf8) && name != Array("..".utf8) else { continue }
            let candidate = FilePath(
                systemBytes: directory.isEmpty ? name : directory.systemBytes + [UInt8(ascii: "/")] + name)
            guard case .success(let (descriptor, status)) = FollowedFile.open(candidate) else { continue }
            guard entry.identity.isSameInode(as: status), (try? entry.identity.matches(descriptor)) == true,
                Int(status.st_size) >= entry.offset
            else {
                _ = close(descriptor.rawValue)
                continue
            }
            return FollowedFile(
                path: entry.path, name: candidate.displayString, descriptor: descriptor, identity: entry.identity,
                offset: entry.offset, line: entry.line)
        }
        return nil
    }

    /// The offset just after the last line break (and the lines before it), for ``FileFollower/startAtEnd``: a line
    /// being written at the end is read whole once it is complete.
    func endOfLastLine(_ descriptor: FileDescriptor, size: Int) -> (offset: Int, line: Int) {
        var offset = 0
        var lines = 0
        var position = 0
        while position < size {
            let count = pread(descriptor.rawValue, buffer.baseAddress, buffer.count, off_t(position))
            if count <= 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            for index in bytes.indices where bytes[index] == 0x0A {
                lines += 1
                offset = position + index + 1
            }
            position += count
        }
        return (offset, lines)
    }

    mutating func report(_ path: FilePath, _ problem: String, _ notice: FollowNotice) {
        guard reported[path.systemBytes] != problem else { return }
        reported[path.systemBytes] = problem
        follower.onNotice?(notice)
    }

    // MARK: - Reading

    /// Hands every whole line now in `file` to the session.
    mutating func readAvailable(_ file: FollowedFile, _ sink: inout ForwardingSink) throws {
        // A few buffers per file and pass, so one busy file cannot starve the others of their turn.
        for _ in 0..<8 {
            let count: Int
            do { count = try file.read(into: buffer) } catch { return }
            guard count > 0 else { return }
            let bytes = UnsafeBufferPointer(
                start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
            file.lastGrowth = .now
            if let lastBreak = bytes.lastIndex(of: 0x0A) {
                try feed(file, UnsafeBufferPointer(rebasing: bytes[...lastBreak]), &sink)
                file.inOverlongLine = false
                file.checkpointOffset = file.offset
            } else if count == buffer.count {
                // A line longer than the buffer: hand it on as it comes (the session keeps its first
                // maximumLineLength bytes), so memory stays bounded.
                try feed(file, bytes, &sink)
                file.inOverlongLine = true
            } else {
                return  // a line still being written: read again, whole, when its line break has come
            }
            if count < buffer.count { return }
        }
    }

    /// Feeds `bytes` of `file` (at its offset) to the session, with diagnostics named and numbered for the file.
    mutating func feed(_ file: FollowedFile, _ bytes: UnsafeBufferPointer<UInt8>, _ sink: inout ForwardingSink) throws {
        let linesBefore = session.report.linesRead
        context.name = file.name
        context.offset = file.line - linesBefore
        name(file)
        try session.feed(bytes, to: &sink)
        file.line += session.report.linesRead - linesBefore
        file.offset += bytes.count
    }

    /// Tells the session that the next bytes fed are `file`'s from its offset on, so that each record's id names the
    /// file and the line's offset in it (the same id when the line is read again).
    mutating func name(_ file: FollowedFile) {
        session.lineOrigin = LineOrigin(
            prefix: file.eventIDPrefix(), sourceOffsetOfStreamStart: file.offset - session.report.bytesRead)
    }

    /// Ends an overlong line whose file is let go or restarted, so the next file's first line is not joined to it.
    mutating func endOverlongLine(_ file: FollowedFile, _ sink: inout ForwardingSink) throws {
        let lineBreak: [UInt8] = [0x0A]
        let linesBefore = session.report.linesRead
        context.name = file.name
        context.offset = file.line - linesBefore
        name(file)
        try lineBreak.withUnsafeBufferPointer { try session.feed($0, to: &sink) }
        file.line += session.report.linesRead - linesBefore
        file.inOverlongLine = false
    }

    /// Lets go of rotated and deleted files that were read to their end and stayed quiet for the rotate-wait; the
    /// last line of such a file, if it has no line break, is converted now (the file will not grow any more).
    mutating func releaseDrainedFiles(_ sink: inout ForwardingSink) throws {
        let now = ContinuousClock.now
        var kept: [FollowedFile] = []
        for file in files {
            guard file.draining, now - file.lastGrowth >= follower.rotateWait else {
                kept.append(file)
                continue
            }
            if file.inOverlongLine {
                try endOverlongLine(file, &sink)
            } else if let size = file.size, size > file.offset {
                let count = (try? file.read(into: buffer)) ?? 0
                if count > 0 {
                    let bytes = UnsafeBufferPointer(
                        start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
                    try feed(file, bytes, &sink)
                    try endOverlongLine(file, &sink)
                }
            }
            file.checkpointOffset = file.offset
            file.close()
            released.append(file.entry)
            if released.count > 64 { released.removeFirst() }
            follower.onNotice?(.released(path: file.name))
        }
        files = kept
    }

    // MARK: - Checkpoint

    /// Makes the records durable, then moves the state file on (when anything changed).
    mutating func checkpoint(_ sink: inout ForwardingSink) throws {
        try session.flush(to: &sink)
        try saveCheckpoint(force: false)
    }

    mutating func saveCheckpoint(force: Bool) throws {
        lastCheckpoint = .now
        let state = FollowCheckpoint(entries: files.map(\.entry) + pending)
        guard force || state != savedCheckpoint else { return }
        try follower.beforeCheckpoint?()
        try state.save(to: follower.statePath)
        savedCheckpoint = state
    }
}

/// Where the session's global line numbers come from, for diagnostics named after the file being read.
private final class DiagnosticContext {
    var name = ""
    /// Added to the session's line number to get the line within the file.
    var offset = 0

    func localize(_ diagnostic: ParseDiagnostic) -> ParseDiagnostic {
        var local = diagnostic
        local.source = name
        local.line = diagnostic.line + offset
        return local
    }
}
