#!/usr/bin/env bash
# The relay's throughput on loopback, release build: TCP in -> parse -> FORMAT -> TCP out, zero loss required.
# Usage: Scripts/bench-relay.sh [--count N] [--format cef|leef|ecs]   (default 200000 messages, cef)
# For the figures side by side with syslog-ng, rsyslog and socat, run the shared harness (README, "Performance").
set -euo pipefail
cd "$(dirname "$0")/.."
count=200000 format=cef
while (($#)); do
    case "$1" in
        --count) count=$2; shift 2 ;;
        --format) format=$2; shift 2 ;;
        *) echo "usage: $0 [--count N] [--format NAME]" >&2; exit 64 ;;
    esac
done
swift build -c release --product kerio-siem >/dev/null
binary="$(swift build -c release --show-bin-path)/kerio-siem"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$binary" sample --lines 20000 > "$work/sample.log"
python3 Scripts/relay/tcp_bench.py "$binary" "$work/sample.log" "$count" "$format"
