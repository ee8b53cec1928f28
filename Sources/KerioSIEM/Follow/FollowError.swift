public import SystemPackage

/// Why ``FileFollower`` could not go on.
public enum FollowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The state file exists but is not one ``FollowCheckpoint`` wrote: following would silently start over (or
    /// skip), so it stops instead. Remove or repair the file to start from the beginning.
    case corruptState(path: String, reason: String)
    /// The state file exists but cannot be read.
    case state(path: String, Errno)
    /// The state file could not be written (the checkpoint did not move).
    case stateNotWritten(FileIOError)

    /// A message for the user.
    public var description: String {
        switch self {
        case .corruptState(let path, let reason):
            "the follow state file '\(path)' is corrupt: \(reason); remove it to start again from the beginning"
        case .state(let path, let errno):
            "cannot read the follow state file '\(path)': \(errno)"
        case .stateNotWritten(let error):
            "cannot write the follow state file: \(error)"
        }
    }
}
