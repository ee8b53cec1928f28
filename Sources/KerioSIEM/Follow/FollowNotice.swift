/// Something a ``FileFollower`` noticed about a followed file and reports (the CLI prints it as a warning or note).
///
/// None of these stops following: a file that disappears, cannot be read or turns into a directory is looked for
/// again on every pass and followed when it comes back.
public enum FollowNotice: Sendable, Hashable, CustomStringConvertible {
    /// Resumed from the state file at this byte offset (line number).
    case resumed(path: String, offset: Int, line: Int)
    /// Started at the end of the file (`--from-end`), at this byte offset.
    case startedAtEnd(path: String, offset: Int)
    /// The path now names another file (rename + create, or delete + create): the old one is read to its end, and
    /// for the rotate-wait, before it is let go; the new one is read from its start.
    case rotated(path: String)
    /// The file shrank below the offset read (copytruncate): read again from the start. Lines written between the
    /// last read and the truncation are lost by design of copytruncate.
    case truncated(path: String, from: Int)
    /// The file keeps its inode but its first bytes changed (rewritten in place, or an inode reused): read again
    /// from the start.
    case replaced(path: String)
    /// The file disappeared; it is looked for again on every pass.
    case disappeared(path: String)
    /// The file cannot be followed for now (unreadable, a directory, not a regular file); retried on every pass.
    case unusable(path: String, reason: String)
    /// The file is back (or readable again) and followed from its start.
    case reappeared(path: String)
    /// A rotated file was found under another name and is read on from the checkpoint.
    case foundRotated(path: String, as: String, offset: Int)
    /// The state file knew this path, but its file is neither there nor in its directory under another name: lines
    /// written to it after the checkpoint could not be read.
    case lostWhileStopped(path: String)
    /// The rotated (or deleted) file was read to its end and let go.
    case released(path: String)

    /// A message for the user.
    public var description: String {
        switch self {
        case .resumed(let path, let offset, let line):
            "\(path): resuming at byte \(offset) (line \(line + 1)) from the state file"
        case .startedAtEnd(let path, let offset): "\(path): starting at the end, byte \(offset)"
        case .rotated(let path): "\(path): rotated; reading the old file to its end, the new one from its start"
        case .truncated(let path, let from):
            "\(path): truncated below byte \(from) (copytruncate?); reading again from the start"
        case .replaced(let path):
            "\(path): its first bytes changed (rewritten or a reused inode); reading from the start"
        case .disappeared(let path): "\(path): disappeared; waiting for it to come back"
        case .unusable(let path, let reason): "\(path): \(reason); trying again"
        case .reappeared(let path): "\(path): back; reading it from the start"
        case .foundRotated(let path, let name, let offset):
            "\(path): rotated while not followed; reading \(name) on from byte \(offset)"
        case .lostWhileStopped(let path):
            "\(path): replaced while not followed, and the old file was not found in its directory; lines written "
                + "to it after the last checkpoint were not read"
        case .released(let path): "\(path): the rotated file was read to its end"
        }
    }

    /// Whether this is worth a warning (something may be lost or read twice) rather than a note.
    public var isWarning: Bool {
        switch self {
        case .truncated, .replaced, .lostWhileStopped, .unusable: true
        default: false
        }
    }
}
