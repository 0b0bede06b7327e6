#!/usr/bin/env bash
# Benchmark: validate and plan a 100,000-cell and a 1,000,000-cell study with a release build of iosweep,
# printing wall time, CPU time and peak memory (GNU time's maximum resident set size) of RUNS runs
# (default 3) of each command, and the size of each rendering.
# Targets on the 2-core development machine: 10^5 cells <= 1 s and <= 300 MB; 10^6 cells <= 2 s and <= 1 GB.
#
# The studies: 4 pool widths x N numjobs x 10 block sizes x repeat 10, each cell with its own pool
# (recreate: per-cell), a dataset, one iostat per pool disk, an fio run and the record steps:
#   bench-100k: N = 250,  100,000 cells,   950,000 steps (205 MB of JSON, 72 MB of text, 93 MB of sh);
#   bench-1m:   N = 2500, 1,000,000 cells, 9,500,000 steps (2.05 GB of JSON, 725 MB of text, 930 MB of sh).
#
# What is measured, per study:
#   validate    `iosweep validate` (load, check, and plan every cell to find the planning problems; prints one line);
#   plan text   `iosweep plan --format text` (the default rendering) written to /dev/null;
#   plan json   `iosweep plan --format json` (what `run --plan` reads) written to /dev/null;
#   plan sh     `iosweep plan --format sh` (the bash script) written to /dev/null (no target: shown for scale).
# Output goes to /dev/null so that the figures are the planner's and the renderer's, not the disk's; the
# byte counts come from one more run each, piped into wc. 10^6 cells is exactly the default cell limit
# (a study of more than --max-cells N cells is refused; N itself is allowed); --max-cells 1000000 is
# passed anyway, as a user planning a study at the limit would write it.
#
# usage: Scripts/bench-plan.sh [RUNS]
# shellcheck disable=SC2016 # the ${…} below are iosweep expressions, written literally
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3}

swift build -c release --product iosweep >&2
bin=$(swift build -c release --show-bin-path)/iosweep
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

printf '[w]\nrw=write\nbs=8k\n' >"$work/workload.fio"

# study NAME NUMJOBS: writes $work/NAME.yaml, 4 x NUMJOBS x 10 x repeat 10 cells.
study() {
    {
        echo "experiment: $1"
        echo 'disks: [sda, sdb, sdc, sdd]'
        echo 'matrix:'
        echo '  ndisks: [1, 2, 3, 4]'
        printf '  numjobs: [%s]\n' "$(seq -s ', ' 1 "$2")"
        echo '  bs: [4k, 8k, 16k, 32k, 64k, 128k, 256k, 512k, 1m, 2m]'
        echo '  repeat: 10'
        echo 'pool:'
        echo '  name: tank'
        echo '  vdevs: "${disks[:ndisks]}"'
        echo '  force: true'
        echo 'datasets:'
        echo '  - name: tank/fs'
        echo '    properties: { recsize: "${bs}" }'
        echo 'workload:'
        echo '  fio:'
        echo '    job-file: workload.fio'
        echo '    directory: /tank/fs'
        echo '    numjobs: ${numjobs}'
        echo '    size: ${1048576 / numjobs}M'
        echo '    runtime: 60'
        echo '    bs: "${bs}"'
        echo 'collectors:'
        echo '  - iostat: { devices: "${disks[:ndisks]}", interval: 1 }'
        echo 'results: ${ndisks}-disks/${numjobs}-jobs/${bs}/${repeat}'
    } >"$work/$1.yaml"
}

# measure LABEL COMMAND…: RUNS timed runs of COMMAND, its output to /dev/null.
measure() {
    local label=$1
    shift
    for ((run = 1; run <= runs; run++)); do
        /usr/bin/time -f "  $label run $run: wall %e s, user %U s, sys %S s, peak memory %M KB" "$@" >/dev/null
    done
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for spec in bench-100k:250 bench-1m:2500; do
    name=${spec%%:*}
    study "$name" "${spec#*:}"
    file=$work/$name.yaml
    echo "study: $(head -1 < <("$bin" plan "$file" --max-cells 1000000))"
    measure validate "$bin" validate "$file" --max-cells 1000000
    measure "plan text" "$bin" plan "$file" --max-cells 1000000 --format text
    measure "plan json" "$bin" plan "$file" --max-cells 1000000 --format json
    measure "plan sh" "$bin" plan "$file" --max-cells 1000000 --format sh
    for format in text json sh; do
        echo "  output $format: $("$bin" plan "$file" --max-cells 1000000 --format "$format" | wc -c) bytes"
    done
done
