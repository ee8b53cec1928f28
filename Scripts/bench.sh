#!/usr/bin/env bash
# End-to-end throughput of kerio-siem on a generated Kerio security log, file → file, release build.
#
#   Scripts/bench.sh                       # 1,000,000 lines (≈ 183 MB), every format, jobs 1 and 2
#   Scripts/bench.sh --lines 20000         # the CI size
#   Scripts/bench.sh --formats cef,ecs --repeat 3 --jobs 2 --keep /tmp/kerio-bench
#
# Per format (and for parse only) it prints lines/s (wall clock) and lines per CPU-second (user + system time of the
# converting process: the cost, even when other work shares the machine), input and output MB/s, peak RSS (ru_maxrss of the
# converting process), allocations per line (malloc-family calls counted by ordo-one/malloc-interposer around the
# conversion, divided by the line count), and the speed-up of --jobs N over --jobs 1. It also checks that the output
# with N jobs is byte-identical to the output with one job, and the I/O floor: the lines/s of only reading the input and
# writing as many bytes as the format produced (dd from /dev/zero), which no converter can beat on this machine's
# file system. With --repeat R each figure is the best of R runs.
#
# Then, side by side, the validation rate of that output: `kerio-siem validate -f FORMAT -q` (release) over the
# one-job output, in input lines per second (wall clock) and per CPU-second, and whether it passed. Formats without a
# validator (the plug-in example) show "-".
set -euo pipefail
cd "$(dirname "$0")/.."

lines=1000000
repeat=1
jobs=2
formats=""
keep=""
seed=1
while (($#)); do
    case "$1" in
        --lines) lines="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --formats) formats="${2//,/ }"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done

echo "== build (release): kerio-siem-bench, the library and the malloc interposer" >&2
swift build -c release --package-path Benchmarks --product kerio-siem-bench >&2
bench="$(swift build -c release --package-path Benchmarks --show-bin-path)/kerio-siem-bench"
echo "== build (release): kerio-siem, for the validation rates" >&2
swift build -c release --product kerio-siem >&2
kerio="$(swift build -c release --show-bin-path)/kerio-siem"

if [[ -n "$keep" ]]; then
    work="$keep"
    mkdir -p "$work"
else
    work="$(mktemp -d "${TMPDIR:-/tmp}/kerio-siem-bench.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
fi
input="$work/security-$lines-$seed.log"
if [[ ! -s "$input" ]]; then
    echo "== generate $lines lines (seed $seed)" >&2
    "$bench" generate --lines "$lines" --seed "$seed" --output "$input" >&2
fi
[[ -n "$formats" ]] || formats="$("$bench" formats)"

# Runs one conversion R times; prints the key=value line of the fastest run.
best_of() {
    local best="" best_seconds="" line seconds
    for ((run = 0; run < repeat; run++)); do
        line="$("$bench" convert --input "$input" "$@")"
        seconds="$(sed -E 's/.* seconds=([0-9.]+).*/\1/' <<<"$line")"
        if [[ -z "$best" ]] || awk -v a="$seconds" -v b="$best_seconds" 'BEGIN { exit !(a < b) }'; then
            best="$line"
            best_seconds="$seconds"
        fi
    done
    echo "$best"
}

field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<" $2"; }

# The I/O floor of a file → file conversion that writes $1 bytes: lines per second of only reading the input (page
# cache) and writing that many bytes to a file in the same directory, best of $repeat. No converter can beat it.
io_floor() {
    local best="" start end seconds
    for ((run = 0; run < repeat; run++)); do
        start="$(date +%s.%N)"
        cat "$input" >/dev/null
        dd if=/dev/zero of="$work/floor" bs=1M count="$1" iflag=count_bytes status=none
        end="$(date +%s.%N)"
        rm -f "$work/floor"
        seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')"
        if [[ -z "$best" ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$seconds"; fi
    done
    awk -v l="$lines" -v s="$best" 'BEGIN { printf "%d", l / s }'
}

# Validates $2 as format $1 R times; prints "<lines/s> <lines/CPU-s> <ok|FAIL>" of the fastest run, or "- - -" when
# the format has no validator. Rates are per input line (one record each), like the conversion columns.
validate_rate() {
    "$kerio" validate -f "$1" -q /dev/null >/dev/null 2>&1 || [[ $? != 64 ]] || { echo "- - -"; return; }
    local best="" run
    for ((run = 0; run < repeat; run++)); do
        local line
        line="$(python3 - "$lines" "$kerio" validate -f "$1" -q "$2" <<'PYTHON'
import resource, subprocess, sys, time
lines = int(sys.argv[1])
start = time.monotonic()
status = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(f"{wall:.4f} {int(lines / max(wall, 1e-6))} {int(lines / max(cpu, 1e-6))} {'ok' if status == 0 else 'FAIL'}")
PYTHON
)"
        if [[ -z "$best" ]] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best="$line"; fi
    done
    echo "${best#* }"
}

printf '\n%-6s %5s %11s %13s %9s %9s %8s %12s %9s %9s %11s %12s %12s %6s\n' format jobs "lines/s" "lines/CPU-s" \
    "in MB/s" "out MB/s" "RSS MiB" "allocs/line" speed-up identical "I/O floor" "val lines/s" "val /CPU-s" "valid"
for format in parse $formats; do
    out1="$work/out.1"
    outn="$work/out.n"
    one="$(best_of --format "$format" --jobs 1 --output "$out1")"
    floor="$(io_floor "$(field out_bytes "$one")")"
    validation="- - -"
    [[ "$format" == parse ]] || validation="$(validate_rate "$format" "$out1")"
    read -r val_rate val_cpu val_ok <<<"$validation"
    rows=("$one")
    identical="-"
    speedup="-"
    if ((jobs > 1)); then
        many="$(best_of --format "$format" --jobs "$jobs" --output "$outn")"
        rows+=("$many")
        if [[ "$format" == parse ]]; then
            identical="-"  # parse only writes nothing
        elif cmp -s "$out1" "$outn"; then
            identical=yes
        else
            identical=NO
        fi
        speedup="$(awk -v a="$(field seconds "$one")" -v b="$(field seconds "$many")" 'BEGIN { printf "%.2fx", a / b }')"
    fi
    for row in "${rows[@]}"; do
        j="$(field jobs "$row")"
        printf '%-6s %5s %11s %13s %9s %9s %8s %12s %9s %9s %11s %12s %12s %6s\n' "$format" "$j" \
            "$(field lines_per_s "$row")" \
            "$(field lines_per_cpu_s "$row")" \
            "$(field in_mb_s "$row")" "$(field out_mb_s "$row")" \
            "$(awk -v k="$(field maxrss_kib "$row")" 'BEGIN { printf "%.1f", k / 1024 }')" \
            "$(field allocs_per_line "$row")" "$([[ $j == 1 ]] && echo - || echo "$speedup")" \
            "$([[ $j == 1 ]] && echo - || echo "$identical")" "$([[ $j == 1 ]] && echo "$floor" || echo -)" \
            "$([[ $j == 1 ]] && echo "$val_rate" || echo -)" "$([[ $j == 1 ]] && echo "$val_cpu" || echo -)" \
            "$([[ $j == 1 ]] && echo "$val_ok" || echo -)"
    done
    if [[ "$val_ok" == FAIL ]]; then
        echo "error: kerio-siem validate rejects the $format output" >&2
        exit 1
    fi
    rm -f "$out1" "$outn"
    if [[ "$identical" == NO ]]; then
        echo "error: --jobs $jobs output differs from --jobs 1 for $format" >&2
        exit 1
    fi
done
echo
echo "input: $lines lines, $(wc -c <"$input") bytes; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
