#!/usr/bin/env bash
# Stress test: generates a large Kerio security log (default 1 GiB) and converts it through every format in release
# mode, checking that every line is converted (no unparsed line, record count = generated lines) and that peak memory
# stays bounded (at most 64 MiB resident), whatever the input size.
#
#   Scripts/stress.sh            # 1 GiB
#   Scripts/stress.sh 256M       # smaller
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-1G}
case $size in
    *G) bytes=$(( ${size%G} << 30 )) ;;
    *M) bytes=$(( ${size%M} << 20 )) ;;
    *) bytes=$size ;;
esac
limit_kib=$((64 * 1024))

swift build -c release --package-path Benchmarks --product kerio-siem-bench >&2
bench="$(swift build -c release --package-path Benchmarks --show-bin-path)/kerio-siem-bench"
work="$(mktemp -d "${TMPDIR:-/tmp}/kerio-siem-stress.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The generator writes about 183 bytes per line.
lines=$((bytes / 183))
generated="$("$bench" generate --lines "$lines" --seed 7 --output "$work/stress.log")"
echo "generated: $generated"

failures=0
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<" $2"; }
for format in $("$bench" formats); do
    result="$("$bench" convert --input "$work/stress.log" --format "$format" --jobs 2 --output /dev/null)"
    converted=$(field lines "$result")
    unparsed=$(field unparsed "$result")
    rss=$(field maxrss_kib "$result")
    status=ok
    if ((converted != lines || unparsed != 0)); then status="FAIL: $converted lines converted, $unparsed unparsed"; fi
    if ((rss > limit_kib)); then status="FAIL: peak RSS $((rss / 1024)) MiB over $((limit_kib / 1024)) MiB"; fi
    [[ $status == ok ]] || failures=$((failures + 1))
    printf '%-6s %10s lines  %8s lines/s  peak RSS %4s MiB  %s\n' "$format" "$converted" \
        "$(field lines_per_s "$result")" "$((rss / 1024))" "$status"
done
echo "$(( $(wc -w <<<"$("$bench" formats)") - failures )) passed, $failures failed"
((failures == 0))
