#!/usr/bin/env bash
# Fuzzing: builds a libFuzzer target (-sanitize=fuzzer, release unless told, cached in .build-fuzz) and runs it for SECONDS
# with the seed corpus taken from the fixtures.
#
#   Scripts/fuzz.sh TARGET SECONDS [libFuzzer option …]     TARGET: experiment, expression, fio, collectors
#   Scripts/fuzz.sh all SECONDS [libFuzzer option …]        every target, one after the other
#   Scripts/fuzz.sh build TARGET|all                         only build (the test command builds while tests run)
#
# IOSWEEP_FUZZ_CONFIGURATION=debug builds without optimization (half the build time, fewer executions per second;
# the test command's short budget uses it); release is the default, for long runs.
#
# experiment  YAML text → ExperimentLoader → validation → Planner → text / sh / JSON renderings (iosweep plan)
# expression  ${…} template text → parser → evaluation against a cell's values
# fio         fio output → FioParser → every catalogued metric of every group (iosweep report)
# collectors  first byte picks the reader (0 iostat text, 1 iostat JSON, 2 mpstat text, 3 mpstat JSON, 4 vmstat,
#             5 zpool iostat, 6 diskstats), the rest is the file; then merging, means, offsets
#
# The working corpus is .build-fuzz/corpus/TARGET (seeds are copied in, the fixtures are never modified; what
# libFuzzer finds interesting accumulates there across runs). A crash, a hang over 10 s or more than 2 GB of
# memory is a finding: the input is saved under .build-fuzz/findings/TARGET/ and the script exits 1.
# Reproduce one input with: .build-fuzz/release/FuzzTarget FILE (debug/ for a debug build)
#
# Exit status: 0 nothing found; 1 a finding; 2 usage or build error.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
    echo "usage: Scripts/fuzz.sh experiment|expression|fio|collectors|all SECONDS [libFuzzer option …]" >&2
    echo "       Scripts/fuzz.sh build experiment|expression|fio|collectors|all" >&2
    exit 2
}
build_only=false
if [[ ${1:-} == build ]]; then
    build_only=true
    [[ $# -eq 2 ]] || usage
    target=$2
    seconds=0
    shift 2
else
    [[ $# -ge 2 ]] || usage
    target=$1
    seconds=$2
    shift 2
    [[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || usage
fi
configuration=${IOSWEEP_FUZZ_CONFIGURATION:-release}
[[ $configuration == release || $configuration == debug ]] || usage
targets=(experiment expression fio collectors)
if [[ $target == all ]]; then
    selected=("${targets[@]}")
else
    [[ " ${targets[*]} " == *" $target "* ]] || usage
    selected=("$target")
fi

scratch=.build-fuzz
product() {
    case $1 in
        experiment) echo FuzzExperiment ;;
        expression) echo FuzzExpression ;;
        fio) echo FuzzFio ;;
        collectors) echo FuzzCollectors ;;
    esac
}
# 64 KiB: room for an experiment, a fio report, a few minutes of a collector, or 10,000 nested parentheses.
max_len=65536

# Build every selected target (SwiftPM's incremental build: seconds when nothing changed).
build_log=$scratch/build.log
mkdir -p "$scratch"
start=$SECONDS
for name in "${selected[@]}"; do
    if ! IOSWEEP_FUZZ=1 swift build -c "$configuration" --scratch-path "$scratch" --product "$(product "$name")" \
        -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library >"$build_log" 2>&1; then
        tail -n 40 "$build_log" >&2
        echo "fuzz: building $(product "$name") failed (log: $build_log)" >&2
        exit 2
    fi
done
echo "fuzz: built ${selected[*]} ($configuration) in $((SECONDS - start)) s"
$build_only && exit 0

# seed FILE NAME DIR [PREFIX-BYTE]: copies FILE into the working corpus DIR (a collector input starts with
# the byte that picks its reader).
seed() {
    local file=$1 name=$2 dir=$3 prefix=${4:-}
    [[ -f $file ]] || return 0
    if [[ -n $prefix ]]; then
        { printf "\\x$prefix"; cat "$file"; } >"$dir/seed-$name"
    else
        cp "$file" "$dir/seed-$name"
    fi
}

# The reader byte for a collector file, from its name as iosweep writes it; empty for other files.
collector_byte() {
    local base
    base=$(basename "$1")
    case $base in
        iostat*.txt | iostat*.log | new-*.txt | old-*.txt | n[0-9]_iostat_*.txt) echo 00 ;;
        iostat*.json | json-*.json | n[0-9]_iostat_*json.json) echo 01 ;;
        mpstat*.txt) echo 02 ;;
        mpstat*.json | p[0-9]_mpstat_*.json) echo 03 ;;
        vmstat*.txt) echo 04 ;;
        zpool-iostat*.txt | q[0-9]_zpool_iostat*.txt) echo 05 ;;
        diskstats*.txt | r_proc_diskstats.txt) echo 06 ;;
    esac
}

seed_corpus() {
    local name=$1 dir=$2 file n=0
    case $name in
        experiment)
            for file in Experiments/*.yaml Tests/SweepModelTests/Fixtures/malformed/*.yaml \
                Tests/IOSweepCLITests/Fixtures/malformed-planning/*.yaml Tests/SweepModelTests/Fixtures/fuzz/experiment/*; do
                seed "$file" "$(basename "$(dirname "$file")")-$(basename "$file")" "$dir"
            done
            ;;
        expression)
            # Every value holding a ${…} in the shipped and malformed experiments, one seed each.
            while IFS= read -r line; do
                n=$((n + 1))
                printf '%s' "$line" >"$dir/seed-value-$n"
            done < <(cat Experiments/*.yaml Tests/SweepModelTests/Fixtures/malformed/*.yaml \
                Tests/IOSweepCLITests/Fixtures/malformed-planning/*.yaml |
                grep -F '${' | sed -E 's/^[[:space:]-]*([A-Za-z0-9_-]+:)?[[:space:]]*//; s/[[:space:]]+#.*$//' | sort -u)
            for file in Tests/SweepModelTests/Fixtures/fuzz/expression/*; do
                seed "$file" "$(basename "$file")" "$dir"
            done
            ;;
        fio)
            for file in Tests/SweepAnalysisTests/Fixtures/fio/*.json Tests/SweepAnalysisTests/Fixtures/fuzz/fio/*; do
                seed "$file" "$(basename "$file")" "$dir"
            done
            while IFS= read -r file; do
                n=$((n + 1))
                seed "$file" "run-$n-fio.json" "$dir"
            done < <(find Tests/IOSweepCLITests/Fixtures -name 'fio*.json' | sort)
            ;;
        collectors)
            while IFS= read -r file; do
                local byte
                byte=$(collector_byte "$file")
                [[ -n $byte ]] || continue
                n=$((n + 1))
                seed "$file" "$n-$(basename "$file")" "$dir" "$byte"
            done < <(find Tests/SweepAnalysisTests/Fixtures/collectors Tests/SweepAnalysisTests/Fixtures/iostat \
                Tests/SweepAnalysisTests/Fixtures/fuzz/collectors Tests/IOSweepCLITests/Fixtures -type f 2>/dev/null | sort)
            ;;
    esac
}

status=0
for name in "${selected[@]}"; do
    corpus=$scratch/corpus/$name
    findings=$scratch/findings/$name
    log=$scratch/logs/$name.log
    mkdir -p "$corpus" "$findings" "$(dirname "$log")"
    seed_corpus "$name" "$corpus"
    before=$(mktemp)
    find "$findings" -type f | sort >"$before"
    rc=0
    # The Swift runtime's backtracer would take the crash signal from libFuzzer, which then saves nothing.
    SWIFT_BACKTRACE=enable=no "$scratch/$configuration/$(product "$name")" \
        -max_total_time="$seconds" -max_len=$max_len -timeout=10 -rss_limit_mb=2048 \
        -dict="Fuzz/Dictionaries/$name.dict" -artifact_prefix="$findings/" -print_final_stats=1 \
        "$@" "$corpus" >"$log" 2>&1 || rc=$?
    executions=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
    [[ -n $executions ]] || executions=$(sed -nE 's/^#([0-9]+).*/\1/p' "$log" | tail -n 1)
    inputs=$(find "$corpus" -type f | wc -l)
    # New inputs in findings: one when libFuzzer stops at the first, several with -fork=N -ignore_crashes=1.
    new=$(find "$findings" -type f | sort | comm -13 "$before" -)
    rm -f "$before"
    if [[ $rc -eq 0 && -z $new ]]; then
        echo "fuzz $name: ${executions:-0} executions in $seconds s, corpus $inputs inputs, nothing found"
        continue
    fi
    status=1
    echo "fuzz $name: FOUND after ${executions:-?} executions (exit $rc; log: $log)"
    grep -E 'Fatal error|ERROR: libFuzzer|==[0-9]+== ERROR|^SUMMARY:' "$log" | sort | uniq -c | sort -rn | head -n 8 | sed 's/^/  /'
    if [[ -n $new ]]; then
        while IFS= read -r file; do
            echo "  input saved to $file (reproduce: $scratch/$configuration/$(product "$name") $file)"
        done <<<"$new"
    else
        echo "  no input saved; see the log"
    fi
done
exit $status
