#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer, for a bounded time.
#
#   Scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 45)
#
# Builds the nested package Tests/Fuzz (its own scratch path, Tests/Fuzz/.build) with -sanitize=fuzzer,address on
# every Swift target, so coverage and AddressSanitizer reach the KerioSIEM library too. Then runs each fuzz target on
# a COPY of its seed corpus in Tests/Fuzz/Corpus/<name>/ (the committed seeds stay as they are). Exits non-zero on
# any crash, failed check, leak, timeout or out-of-memory, and prints the path of the input that caused it.
#
# Environment:
#   FUZZ_CONFIGURATION  debug (default) or release
#   FUZZ_WORK           where each run's folder (corpus copies, logs, crash inputs) goes
#                       (default: Tests/Fuzz/.build/fuzz-work, ignored by git)
#   FUZZ_TARGETS        space-separated subset of "FuzzParser FuzzExporters"
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-45}
configuration=${FUZZ_CONFIGURATION:-debug}
package=Tests/Fuzz
scratch=$package/.build
work=${FUZZ_WORK:-$scratch/fuzz-work}
targets=(${FUZZ_TARGETS:-FuzzParser FuzzExporters})

# Each target and the corpus folder it starts from.
corpus_of() {
    case "$1" in
        FuzzParser) echo parser ;;
        FuzzExporters) echo exporters ;;
        *) echo "unknown fuzz target $1" >&2; exit 2 ;;
    esac
}

build=(swift build --package-path "$package" --scratch-path "$scratch" -c "$configuration"
       -Xswiftc -sanitize=fuzzer,address)
echo "== building fuzz targets: ${build[*]}"
mkdir -p "$scratch"
build_log="$scratch/fuzz-build.log"
# SwiftPM reuses its build plan unless a root manifest changed, and does not notice files added to or removed from a
# path dependency (the library at ../..): without this, a pull that adds a source file breaks the fuzz build.
touch "$package/Package.swift"
# ld.gold warns once per AddressSanitizer helper symbol ("Cannot export local symbol"); the warnings are harmless.
if ! "${build[@]}" >"$build_log" 2>&1; then
    grep -v "Cannot export local symbol" "$build_log" | tail -40
    echo "fuzz build failed" >&2
    exit 1
fi
bin=$("${build[@]}" --show-bin-path)

# Swift's own crash backtracer reads memory AddressSanitizer considers off-limits and reports that instead of the
# real failure; libFuzzer's report (with the failed check's message) is what we want.
export SWIFT_BACKTRACE=enable=no
work="$work/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$work"
failed=0
for target in "${targets[@]}"; do
    name=$(corpus_of "$target")
    corpus="$work/corpus-$name"
    artifacts="$work/artifacts-$name"
    log="$work/$name.log"
    cp -R "$package/Corpus/$name" "$corpus"
    mkdir -p "$artifacts"
    echo "== $target: ${seconds}s on a copy of $package/Corpus/$name ($(ls "$corpus" | wc -l) seeds)"
    # FuzzParser runs ParallelConversion, whose worker threads keep allocations across inputs; libFuzzer would stop
    # the world for a leak check on the first few inputs (tens of seconds on a busy machine) and then switch per-input
    # checks off anyway. LeakSanitizer still checks the whole run at exit.
    leaks=1
    [[ $target == FuzzParser ]] && leaks=0
    status=0
    "$bin/$target" "$corpus" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -detect_leaks=$leaks \
        -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
    # The last coverage line: cov = covered code edges, ft = features (edges × hit-count buckets), corp = corpus.
    grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" | tail -1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    crashes=$(find "$artifacts" -type f | sort)
    if [[ $status -ne 0 || -n $crashes ]]; then
        failed=1
        echo "!! $target failed (exit $status); log: $log" >&2
        grep -E 'ERROR: |Fatal error|Precondition failed|==[0-9]+==' "$log" | head -20 >&2 || true
        tail -30 "$log" >&2
        for input in $crashes; do
            echo "!! crashing input: $input" >&2
            od -A d -c "$input" | head -20 >&2
            echo "   reproduce: $bin/$target $input" >&2
        done
    fi
done

if [[ $failed -ne 0 ]]; then
    echo "fuzzing found a problem; add the input to Tests/KerioSIEMTests/Fuzz/FuzzRegressionTests.swift once fixed" >&2
    exit 1
fi
echo "fuzzing passed: ${targets[*]}, ${seconds}s each"
