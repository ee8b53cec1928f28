/// Teaches ArgumentParser's generated completion scripts that `convert` is the default command.
///
/// The generator completes a subcommand's options only after its name, so `kerio-siem -f <TAB>` offered nothing,
/// though `kerio-siem -f cef file` runs `convert`. Each script is patched where it decides what to offer at the top
/// level: a first word that starts with `-` is completed as `convert`'s (its options, and `--format` values through
/// the same `---completion` call). If the generator's output ever changes shape, the script is returned unchanged and
/// the completion test fails, rather than a broken script being printed.
///
/// ```swift
/// CompletionScriptPatch.patched(script)   // the bash, zsh or fish script with the default command completed
/// ```
enum CompletionScriptPatch {
    static func patched(_ script: String) -> String {
        if script.hasPrefix("#!/bin/bash") { return bash(script) }
        if script.hasPrefix("#compdef") { return zsh(script) }
        if script.contains("complete -c 'kerio-siem'") { return fish(script) }
        return script
    }

    /// bash: before the top level offers its own flags (which drops every `-…` word), a first word starting with `-`
    /// is handed to `_kerio-siem_convert`, with the words intact.
    private static func bash(_ script: String) -> String {
        let anchor = """
                local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

            """
        let replacement =
            anchor + """

                    # convert is the default command: its options before any subcommand name
                    if [[ "${unparsed_words[0]}" == -* ]]; then
                        _kerio-siem_convert
                        return
                    fi

                """
        return replacingOnce(anchor, with: replacement, in: script)
    }

    /// zsh: before `_arguments` runs for the top level, a first word starting with `-` goes to `_kerio-siem_convert`.
    private static func zsh(_ script: String) -> String {
        let anchor = """
                local -i ret=1
                local -ar arg_specs=(
                    '--version[Show the version.]'
            """
        let replacement = """
                # convert is the default command: its options before any subcommand name
                if [[ "${words[2]}" == -* ]]; then
                    _kerio-siem_convert
                    return
                fi

            """ + anchor
        return replacingOnce(anchor, with: replacement, in: script)
    }

    /// fish: the top level parses `convert`'s options too, and every `convert` option is offered there.
    private static func fish(_ script: String) -> String {
        var lines: [Substring] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(line)
            let marker = "_flags_or_options \"kerio-siem convert\""
            guard line.hasPrefix("complete -c 'kerio-siem'"), line.contains(marker),
                !line.contains("-l 'version'"), !line.contains("-l 'help'")
            else { continue }
            lines.append(Substring(line.replacing(marker, with: "_flags_or_options \"kerio-siem\"")))
        }
        return lines.joined(separator: "\n")
    }

    private static func replacingOnce(_ anchor: String, with replacement: String, in script: String) -> String {
        guard let range = script.firstRange(of: anchor) else { return script }
        var script = script
        script.replaceSubrange(range, with: replacement)
        return script
    }
}
