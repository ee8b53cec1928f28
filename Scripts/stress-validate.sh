#!/usr/bin/env bash
# Validation stress test: for every built-in format, converts a generated Kerio log into an output of at least SIZE
# (default 1 GiB), validates it with the release `kerio-siem validate`, and checks that it passes, that peak memory
# stays at most 64 MiB whatever the size, and prints the validation speed; then feeds the validator the hostile XML of
# issue 13 (one entity referenced 50,000 times) and checks that it is refused at once, within the same bound.
#
#   Scripts/stress-validate.sh          # outputs of 1 GiB
#   Scripts/stress-validate.sh 128M     # smaller
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-1G}
case $size in
    *G) bytes=$(( ${size%G} << 30 )) ;;
    *M) bytes=$(( ${size%M} << 20 )) ;;
    *) bytes=$size ;;
esac
limit_kib=$((64 * 1024))

swift build -c release --product kerio-siem >&2
kerio="$(swift build -c release --show-bin-path)/kerio-siem"
work="$(mktemp -d "${TMPDIR:-/tmp}/kerio-siem-stress-validate.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Runs a command, prints "<exit status> <peak RSS in KiB> <seconds>" of it (RUSAGE_CHILDREN of a fresh python).
measure() {
    python3 - "$@" <<'PYTHON'
import resource, subprocess, sys, time
start = time.monotonic()
status = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.monotonic() - start
print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, f"{elapsed:.2f}")
PYTHON
}

# A sample of 20,000 lines, converted once per format; its output is repeated until the file reaches SIZE (records
# do not depend on each other, so a repeated CEF, LEEF, ECS or CSV body is as valid as a longer log's; CSV and XML keep
# one header or document around the repeated body).
"$kerio" sample --lines 20000 --seed 11 -o "$work/sample.log" 2>/dev/null
failures=0
for format in cef leef ecs csv xml; do
    "$kerio" -f "$format" -q "$work/sample.log" > "$work/once"
    out="$work/big.$format"
    case $format in
        csv) head -n 1 "$work/once" > "$work/head"; tail -n +2 "$work/once" > "$work/body"; : > "$work/tail" ;;
        xml) head -n 2 "$work/once" > "$work/head"; tail -n +3 "$work/once" | head -n -1 > "$work/body"
             tail -n 1 "$work/once" > "$work/tail" ;;
        *) : > "$work/head"; cp "$work/once" "$work/body"; : > "$work/tail" ;;
    esac
    body_bytes=$(stat -c %s "$work/body")
    copies=$(( (bytes + body_bytes - 1) / body_bytes ))
    { cat "$work/head"; for ((i = 0; i < copies; i++)); do cat "$work/body"; done; cat "$work/tail"; } > "$out"
    records=$(( $(grep -c '' "$work/body") * copies ))
    read -r status rss seconds < <(measure "$kerio" validate -f "$format" -q "$out")
    rate=$(python3 -c "print(f'{$records / max($seconds, 0.001):,.0f}')")
    result=ok
    ((status == 0)) || result="FAIL: exit $status"
    ((rss <= limit_kib)) || result="FAIL: peak RSS $((rss / 1024)) MiB over 64 MiB"
    [[ $result == ok ]] || failures=$((failures + 1))
    printf '%-5s %6s MiB  %9s records  %7ss  %10s records/s  peak RSS %3s MiB  %s\n' "$format" \
        "$(( $(stat -c %s "$out") >> 20 ))" "$records" "$seconds" "$rate" "$((rss / 1024))" "$result"
    rm -f "$out"
done

# The entity expansion of issue 13: 250 KB that libxml2's reader would expand to 4.9 GB.
python3 -c "
a = 'A' * 100000
open('$work/bomb.xml', 'w').write('<?xml version=\"1.0\"?>\n<!DOCTYPE events [<!ENTITY a \"' + a + '\">]>\n'
    '<events xmlns=\"urn:kerio-siem:events:1\" version=\"1\">\n<event><message>' + '&a;' * 50000
    + '</message></event>\n</events>\n')"
read -r status rss seconds < <(measure "$kerio" validate -f xml -q "$work/bomb.xml")
result=ok
((status == 1)) || result="FAIL: exit $status (expected 1: refused)"
((rss <= limit_kib)) || result="FAIL: peak RSS $((rss / 1024)) MiB"
python3 -c "import sys; sys.exit(0 if $seconds < 2 else 1)" || result="FAIL: took ${seconds}s"
[[ $result == ok ]] || failures=$((failures + 1))
printf 'entity-expansion XML refused in %ss, peak RSS %s MiB  %s\n' "$seconds" "$((rss / 1024))" "$result"
echo "$((6 - failures)) passed, $failures failed"
((failures == 0))
