#!/usr/bin/env bash
# Compiles the Swift code the documentation shows, so that it cannot drift from the API.
#
# Every ```swift block of README.md (and of each document named on the command line) must be preceded by an
# annotation line saying where the block goes:
#   <!-- example: snippet -->            statements; each block becomes the body of its own function in the
#                                        `DocumentationSnippets` target (its `import` lines are hoisted), so
#                                        top-level `try` and `print` compile as they would in a main.swift
#   <!-- example: Package.swift -->      the manifest of the example package
#   <!-- example: Sources/X/Y.swift -->  a file of the example package, at that path
# A block without an annotation fails the check, so new documentation cannot skip it.
#
# The example package is built in a temporary folder beside a copy of this checkout named `kerio-siem` (the
# README's `.package(path: "../kerio-siem")`); then its tests run (the conformance kit on the example exporter)
# and its command line converts the bundled samples.
#
# Usage: Scripts/check-readme-code.sh [DOCUMENT.md …]     (default: README.md; CI passes every document that shows
# library code)
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
documents=("$@")
((${#documents[@]})) || documents=(README.md)

work=$(mktemp -d "${TMPDIR:-/tmp}/kerio-siem-readme.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kerio-siem" "$work/example"

# A copy, not a symbolic link: SwiftPM names a path dependency after its folder, and the copy leaves the
# checkout's own .build alone.
tar -C "$checkout" --exclude='./.build*' --exclude='./.git' -cf - . | tar -C "$work/kerio-siem" -xf -

python3 - "$work/example" "${documents[@]}" <<'PYTHON'
import os, re, sys

root, documents = sys.argv[1], sys.argv[2:]
annotation = re.compile(r'^<!--\s*example:\s*(\S+)\s*-->\s*$')
snippets, files = [], {}
for document in documents:
    lines = open(document, encoding='utf-8').read().split('\n')
    index = 0
    while index < len(lines):
        if lines[index].strip() != '```swift':
            index += 1
            continue
        previous = next((lines[j] for j in range(index - 1, -1, -1) if lines[j].strip()), '')
        match = annotation.match(previous.strip())
        if not match:
            sys.exit(f'{document}:{index + 1}: a ```swift block without an "<!-- example: … -->" line before it')
        end = index + 1
        while end < len(lines) and lines[end].strip() != '```':
            end += 1
        if end == len(lines):
            sys.exit(f'{document}:{index + 1}: the ```swift block is not closed')
        body, where = lines[index + 1:end], f'{document}:{index + 1}'
        if match.group(1) == 'snippet':
            snippets.append((where, body))
        else:
            path = os.path.normpath(match.group(1))
            if path.startswith('..') or os.path.isabs(path):
                sys.exit(f'{where}: the example path {match.group(1)!r} leaves the package')
            files.setdefault(path, []).append(f'// {where}\n' + '\n'.join(body) + '\n')
        index = end + 1

if 'Package.swift' not in files:
    sys.exit('no "<!-- example: Package.swift -->" block: the example package has no manifest')
for path, parts in files.items():
    os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
    text = '\n'.join(parts)
    if path == 'Package.swift':
        # The tools-version comment must stay the first line; the snippets get a target of their own.
        text = text.split('\n', 1)[1] + '''
package.targets.append(.target(
    name: "DocumentationSnippets",
    dependencies: [.product(name: "KerioSIEM", package: "kerio-siem")],
    path: "DocumentationSnippets"))
'''
    with open(os.path.join(root, path), 'w', encoding='utf-8') as out:
        out.write(text)

os.makedirs(os.path.join(root, 'DocumentationSnippets'), exist_ok=True)
for number, (where, body) in enumerate(snippets, 1):
    imports = [line for line in body if line.startswith('import ')]
    statements = [line for line in body if not line.startswith('import ')]
    source = '\n'.join(imports) + f'\n\n// {where}\nfunc documentationSnippet{number}() throws {{\n' \
        + '\n'.join('    ' + line if line else '' for line in statements) + '\n}\n'
    with open(os.path.join(root, 'DocumentationSnippets', f'Snippet{number}.swift'), 'w', encoding='utf-8') as out:
        out.write(source)
print(f'{len(snippets)} snippets and {len(files)} files from {", ".join(documents)}')
PYTHON

cd "$work/example"
echo "== building the documentation's code against this checkout"
swift build 2>&1 | tail -n 40
echo "== the example exporter's test (the conformance kit)"
swift test 2>&1 | tail -n 20
echo "== the example command line on the bundled samples"
tool=$(swift build --show-bin-path)/kerio-siem-splunk
"$tool" formats | grep -q '^ *splunk-hec' || { echo "kerio-siem-splunk formats does not list splunk-hec" >&2; exit 1; }
records=$("$tool" -f splunk-hec --option sourcetype=fw --emit-unparsed "$work/kerio-siem/Samples/security.log" \
    | grep -c '"sourcetype":"fw"')
lines=$(grep -c '' "$work/kerio-siem/Samples/security.log")
[[ $records == "$lines" ]] || { echo "kerio-siem-splunk wrote $records records for $lines lines" >&2; exit 1; }
# The third party's validator, found through the same registry: its own output passes, a broken line does not.
"$tool" -f splunk-hec -q "$work/kerio-siem/Samples/security.log" > "$work/out.json"
"$tool" validate -f splunk-hec -q "$work/out.json" || { echo "kerio-siem-splunk validate rejects its own output" >&2; exit 1; }
printf '{"event":"no sourcetype"}\n' >> "$work/out.json"
if "$tool" validate -f splunk-hec -q "$work/out.json" > "$work/issues.txt"; then
    echo "kerio-siem-splunk validate accepted a line without a sourcetype" >&2; exit 1
fi
grep -q 'not a HEC event' "$work/issues.txt" || { echo "the validator's issue is missing: $(cat "$work/issues.txt")" >&2; exit 1; }
echo "documentation code: builds, its test passes, kerio-siem-splunk converted $records lines and validated them"
