import Foundation
import Testing

@testable import KerioSIEMCommands

/// Regression tests for the command line itself (issue 10, §3 rows 8, 9, 10, 16, 17): arguments by their bytes,
/// escaped messages, `help` of an unknown command, completion of the default command, many file operands.
@Suite("Command line: arguments, messages, help and completion")
struct CommandLineDefectTests {
    static let record = "[29/Feb/2024 14:02:51] Engine: Startup\n"

    /// Runs `script` with `sh -c`, `$1` being the binary; returns status, standard output and standard error.
    static func shell(_ script: String, in directory: TemporaryDirectory, environment: [String: String] = [:])
        throws -> (status: Int32, stdout: String, stderr: String)
    {
        let binary = try #require(Binary.path, "kerio-siem is not built")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", binary]
        process.currentDirectoryURL = directory.url
        var variables = ProcessInfo.processInfo.environment
        variables["PATH"] =
            URL(fileURLWithPath: binary).deletingLastPathComponent().path + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        variables.merge(environment) { $1 }
        process.environment = variables
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    @Test("File names that are not UTF-8 are opened and created by their bytes, and shown escaped")
    func nonUTF8FileNames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try Self.shell(
            #"""
            printf '%s\n' '[29/Feb/2024 14:02:51] Engine: Startup' > "$(printf 'log\351.log')"
            exec "$1" -f cef -o "$(printf 'out\351.cef')" "$(printf 'log\351.log')" "$(printf 'gone\351.log')"
            """#, in: directory)
        #expect(result.status == 66)
        #expect(result.stderr.contains(#"cannot open 'gone\xE9.log'"#), "\(result.stderr)")
        let converted = try Self.shell(
            #"""
            exec "$1" -f cef -o "$(printf 'out\351.cef')" "$(printf 'log\351.log')"
            """#, in: directory)
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stderr.contains(#"out\xE9.cef"#))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        // Foundation shows a name that is not UTF-8 by its bytes' own repair; test the bytes instead.
        let listing = try Self.shell("ls | od -An -tx1 | tr -d ' \\n'", in: directory)
        #expect(listing.stdout.contains("6f7574e92e636566"), "\(names)")  // o u t \xE9 . c e f
        #expect(!listing.stdout.contains("efbfbd"), "a name was repaired into U+FFFD")
    }

    @Test("Controls, bidi overrides and line separators from a log line are shown escaped")
    func hostileLineIsEscaped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line: [UInt8] =
            Array("[29/Feb/2024 14:02:51] Ev".utf8) + [0x1B] + Array("[2Jil".utf8)
            + Array("\u{202E}\u{2028}\u{85}x: y\n".utf8)
        let log = try directory.write("bad.log", line)
        let result = try #require(try Binary.run(["-f", "cef", "-o", "/dev/null", log]))
        let warning = try #require(result.stderr.split(separator: "\n").first { $0.contains("warning") })
        #expect(warning.contains(#"Ev\x1B[2Jil\u{202E}\u{2028}\u{85}x"#), "\(warning)")
        #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{2028}" })
    }

    @Test(
        "An option value holding ESC, CR or U+202E is shown escaped in the parser's error",
        arguments: [
            "4\u{1B}[31m", "4\r\nError: forged", "4\u{202E}",
        ])
    func argumentErrorsAreEscaped(_ value: String) throws {
        let result = try #require(try Binary.run(["-f", "cef", "--jobs", value, "x.log"]))
        #expect(result.exited(64))
        #expect(result.stderr.contains("is invalid for '--jobs <n>'"), "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{202E}" })
        #expect(!result.stderr.contains("\nError: forged"))
    }

    @Test("help of an unknown command is a usage error", arguments: [["help", "nosuch"], ["help", "convert", "x"]])
    func helpOfAnUnknownCommand(_ arguments: [String]) throws {
        let result = try #require(try Binary.run(arguments))
        #expect(result.exited(64))
        #expect(result.stderr.contains("unknown command '\(arguments.last!)'"))
    }

    @Test func helpOfAKnownCommandStillWorks() throws {
        let result = try #require(try Binary.run(["help", "convert"]))
        #expect(result.exited(0))
        #expect(result.stdoutText.contains("--format"))
    }

    @Test("20,000 file operands start at once, and give the output of one")
    func manyOperandsAreLinear() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("a.log", Self.record)
        let start = ContinuousClock.now
        let result = try #require(
            try Binary.run(
                ["-f", "cef", "-q", "--tz", "-05:00", "-o", "out.cef"] + Array(repeating: "a.log", count: 20_000),
                in: directory))
        let elapsed = ContinuousClock.now - start
        #expect(result.exited(0), "\(result.stderr)")
        #expect(directory.read("out.cef").map { $0.filter { $0 == 0x0A }.count } == 20_000)
        // Quadratic parsing took 17-25 s here; linear takes well under a second even in a debug build. The bound
        // is loose so a busy machine does not fail it, and tight enough that N² cannot pass.
        #expect(elapsed < .seconds(8), "\(elapsed)")
    }

    @Test("The fast path knows every option convert declares, and parses like the ordinary path")
    func manyOperandsMatchesTheParser() throws {
        let result = try #require(try Binary.run(["convert", "--experimental-dump-help"]))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        let command = try #require(json["command"] as? [String: Any])
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        var options: Set<String> = []
        var flags: Set<String> = []
        for argument in arguments {
            let names = (argument["names"] as? [[String: String]] ?? []).map {
                ($0["kind"] == "short" ? "-" : "--") + ($0["name"] ?? "")
            }
            switch argument["kind"] as? String {
            case "option": options.formUnion(names)
            case "flag": flags.formUnion(names)
            default: break
            }
        }
        #expect(ManyOperands.valueOptions == options)
        #expect(ManyOperands.flags == flags.subtracting(["--help", "-h", "--version"]))
        let files = Array(repeating: "a.log", count: ManyOperands.threshold)
        let split = try #require(ManyOperands.split(["-f", "cef", "--tz=UTC", "x.log", "-q", "--", "-"] + files))
        #expect(split.options == ["convert", "-f", "cef", "--tz=UTC", "-q"])
        #expect(split.operands == ["x.log", "-"] + files)
        #expect(ManyOperands.split(["-qf", "cef"] + files) == nil)
        #expect(ManyOperands.split(["validate", "-f", "cef"] + files) == nil)
    }

    @Test(
        "Shell completion offers convert's options and --format values before any subcommand name",
        arguments: ["bash", "zsh", "fish"])
    func completionOfTheDefaultCommand(_ shell: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let found = try Self.shell("command -v \(shell)", in: directory)
        try #require(found.status == 0, "\(shell) is not installed (.ci/run installs it)")
        let script: String
        switch shell {
        case "bash":
            script = #"""
                "$1" --generate-completion-script bash > c.bash
                exec bash -c '. ./c.bash
                    complete() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="${*}"
                        COMP_POINT=${#COMP_LINE}; COMPREPLY=()
                        _kerio-siem kerio-siem "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                        echo "${COMPREPLY[*]}"; }
                    complete kerio-siem -f ""; complete kerio-siem --emit-un'
                """#
        case "zsh":
            script = #"""
                "$1" --generate-completion-script zsh > c.zsh
                exec zsh -f -c '
                    zmodload zsh/zpty
                    zpty z "zsh -f -i"
                    zpty -w z "PS1=\"> \"; autoload -U compinit; compinit -u -D; source ./c.zsh; compdef _kerio-siem kerio-siem"
                    sleep 1
                    zpty -w -n z "kerio-siem -f "$'"'"'\t'"'"'
                    sleep 2
                    out=""; while zpty -r -t z line; do out+="$line"; done
                    zpty -w -n z $'"'"'\x15'"'"'; zpty -w -n z "kerio-siem --emit-un"$'"'"'\t'"'"'
                    sleep 2
                    while zpty -r -t z line; do out+="$line"; done
                    print -r -- "$out"; zpty -d z'
                """#
        default:
            // fish 3.6 cannot run the generator's value completion outside an interactive shell (`commandline`),
            // so fish is checked for the options; their values use the same `---completion` call as bash and zsh.
            script = #"""
                "$1" --generate-completion-script fish > c.fish
                exec fish -c 'source ./c.fish; complete -C "kerio-siem --emit-un"; complete -C "kerio-siem -"'
                """#
        }
        let result = try Self.shell(script, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("--emit-unparsed"), "\(result.stdout)")
        if shell != "fish" {
            #expect(
                result.stdout.contains("cef") && result.stdout.contains("leef1") && result.stdout.contains("xml"),
                "\(result.stdout)")
        } else {
            #expect(result.stdout.contains("--format"), "\(result.stdout)")
        }
    }

    @Test(
        "LEEF option errors name the flags the user typed",
        arguments: [
            (["--leef-delimiter", "@@"], "--leef-delimiter"), (["--leef-version", "3"], "--leef-version"),
            (["--leef-delimiter", "|"], "--leef-delimiter"), (["--leef-delimiter", "a"], "--leef-delimiter"),
        ])
    func leefErrorsNameTheFlag(_ option: [String], _ flag: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("f.log", Self.record)
        let result = try #require(try Binary.run(["-f", "leef"] + option + [log]))
        #expect(result.exited(64))
        #expect(result.stderr.contains(flag), "\(result.stderr)")
        #expect(!result.stderr.contains("leefDelimiter") && !result.stderr.contains("leefVersion"), "\(result.stderr)")
    }

    @Test("The README's LEEF delimiter examples are accepted; '|' is refused, as the README says, with the reason")
    func leefDelimiterAgreesWithTheREADME() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try directory.write("f.log", Self.record)
        for delimiter in ["^", "~", ";", "x5E"] {
            let result = try #require(try Binary.run(["-f", "leef", "-q", "--leef-delimiter", delimiter, log]))
            #expect(result.exited(0), "\(delimiter): \(result.stderr)")
        }
        let refused = try #require(try Binary.run(["-f", "leef", "--leef-delimiter", "|", log]))
        #expect(refused.stderr.contains("it separates the header fields"))
        let readme = try String(contentsOfFile: Self.packageRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains("(`^`, `~`, `;`)") && readme.contains("`|` (it separates the header fields"))
    }

    @Test func formatsListNamesTheFlag() throws {
        let result = try #require(try Binary.run(["formats"]))
        #expect(result.stdoutText.contains("--leef-version 1.0") && !result.stdoutText.contains("leefVersion="))
    }

    @Test("No progress bar is drawn into records shown on the same terminal; with -o the bar is shown")
    func noProgressBarOverRecordsOnATerminal() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Big enough that a debug build takes well over the bar's first 100 ms, in 1 MiB chunks.
        let generated = try Self.shell(#""$1" sample --bytes 12M -o big.log"#, in: directory)
        try #require(generated.status == 0, "\(generated.stderr)")
        // util-linux `script` runs the command on a pseudo-terminal: standard output and error are both terminals.
        let toFile = try Self.shell(#"script -qec "$1 -f cef -j 1 -o out.cef big.log" /dev/null"#, in: directory)
        #expect(toFile.stdout.contains("ETA"), "the positive control drew no bar")
        let toTerminal = try Self.shell(#"script -qec "$1 -f cef -j 1 big.log" /dev/null"#, in: directory)
        #expect(toTerminal.stdout.contains("CEF:0|"))
        #expect(!toTerminal.stdout.contains("ETA") && !toTerminal.stdout.contains("\u{1B}[K"))
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}
