#!/usr/bin/env bash
# Converts every sample through every built-in format with the CLI, validates the result with `kerio-siem validate`,
# and checks it again with independent consumers: xmllint (XSD), Python jsonschema (ECS), Python csv, cefp (CEF).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${KERIO_SIEM_BIN:-}
if [[ -z "$bin" ]]; then
    swift build --product kerio-siem >/dev/null
    bin="$(swift build --show-bin-path)/kerio-siem"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
checks=0
check() {  # check DESCRIPTION COMMAND...
    local what=$1
    shift
    checks=$((checks + 1))
    if ! "$@" >"$work/last.log" 2>&1; then
        failures=$((failures + 1))
        echo "FAIL: $what"
        sed 's/^/    /' "$work/last.log" | head -20
    fi
}

for format in cef leef leef1 ecs csv xml; do
    for sample in Samples/*.log; do
        name=$(basename "$sample" .log)
        out="$work/$name.$format"
        # Malformed and hostile samples hold unparsed lines on purpose: exit status 0 is still expected.
        check "convert $sample → $format" "$bin" convert --format "$format" --emit-unparsed --quiet --output "$out" "$sample"
        check "validate $name.$format" "$bin" validate --format "$format" "$out"
        case $format in
            xml) check "xmllint $name.xml" xmllint --noout --nonet --schema Schemas/kerio-siem-events.xsd "$out" ;;
            ecs) check "jsonschema $name.ecs" python3 Scripts/roundtrip/validate_ecs.py Schemas/ecs-event.schema.json "$out"
                 # Python's splitlines (like JavaScript) also breaks at U+2028, U+2029, U+0085: still one record a line.
                 check "splitlines $name.ecs" python3 -c 'import json,sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = text.splitlines()
assert len(lines) == text.count("\n"), "a record was split at a Unicode line boundary"
for line in lines: json.loads(line)' "$out" ;;
            csv) check "python csv $name.csv" python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), strict=True))
assert len({len(r) for r in rows}) == 1, "ragged rows"' "$out" ;;
            cef) check "cefp $name.cef" python3 -c 'import cefp,sys
for line in open(sys.argv[1], encoding="utf-8"):
    cefp.parse(line.rstrip("\n"))' "$out" ;;
        esac
    done
done

echo "$((checks - failures)) passed, $failures failed"
((failures == 0))
