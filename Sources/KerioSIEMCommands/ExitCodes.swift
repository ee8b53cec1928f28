public import ArgumentParser

/// The exit statuses of `kerio-siem`, from `sysexits.h` where one fits.
///
/// | Status | Meaning |
/// |---|---|
/// | 0 | success (unparsed lines alone do not fail a lenient conversion) |
/// | 1 | `convert --strict` met an unparsed line; `validate` found errors |
/// | 64 | usage: a bad option or value, an unknown format or time zone, the output is one of the inputs |
/// | 65 | `follow`: the `--state` file is corrupt (`EX_DATAERR`) |
/// | 66 | an input is missing, unreadable or a directory (checked before anything is written) |
/// | 73 | the output cannot be created: missing directory, no permission, the output is a directory |
/// | 74 | an I/O error while reading or writing, e.g. `ENOSPC` on `/dev/full` |
/// | 130, 143 | interrupted by `SIGINT` / `SIGTERM` (the process ends by the signal; shells report 128 + signal) |
/// | 141 | the reader of the output went away (`… \| head`): the conversion stops quietly |
///
/// ```swift
/// throw KerioSIEMExitCode.noInput
/// ```
public enum KerioSIEMExitCode {
    /// 0: everything went well.
    public static let success = ExitCode.success
    /// 1: an unparsed line under `--strict`, or validation errors.
    public static let failure = ExitCode.failure
    /// 64 (`EX_USAGE`): the command line is wrong.
    public static let usage = ExitCode(64)
    /// 65 (`EX_DATAERR`): `follow`'s state file is not one it wrote.
    public static let dataError = ExitCode(65)
    /// 66 (`EX_NOINPUT`): an input does not exist, cannot be read, or is a directory.
    public static let noInput = ExitCode(66)
    /// 73 (`EX_CANTCREAT`): the output file cannot be created.
    public static let cannotCreate = ExitCode(73)
    /// 74 (`EX_IOERR`): reading or writing failed part-way.
    public static let ioError = ExitCode(74)
    /// 141 (128 + `SIGPIPE`): the output's reader closed the pipe.
    public static let brokenPipe = ExitCode(141)
}
