#!/usr/bin/env bash
# Benchmark: what a stop rule saves. A numjobs 1..256 sweep (16 values) of 100-IOPS random-write jobs (4 KiB,
# direct I/O) on a loop device capped at 800 write IOPS (Scripts/throttled-device.sh, removed at the end), run once
# as the full grid and once with `stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 2}`.
# Prints cells run and wall time of each, their ratios, and both knees (the numjobs after which IOPS stop growing
# by 5 % for two values in a row). Target: the adaptive run takes <= 60 % of the grid's cells and wall time, and
# names the grid's knee.
#
# usage: Scripts/bench-adaptive.sh [RUNTIME]   (seconds of fio per cell, default 3; IOSWEEP=path picks a binary;
#        needs root and the cgroup v1 blkio controller)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runtime=${1:-3}
[[ $runtime =~ ^[1-9][0-9]{0,3}$ ]] || { echo "bench-adaptive: RUNTIME must be whole seconds" >&2; exit 2; }
iosweep=${IOSWEEP:-}
if [ -z "$iosweep" ]; then
    for candidate in "$here/.build/release/iosweep" "$here/.build/debug/iosweep"; do
        if [ -x "$candidate" ]; then iosweep=$candidate; break; fi
    done
fi
if [ -z "$iosweep" ] || [ ! -x "$iosweep" ]; then
    echo "bench-adaptive: build iosweep first (swift build)" >&2
    exit 3
fi

work=$(mktemp -d /tmp/iosweep-bench-adaptive.XXXXXX)
cleanup() {
    "$here/Scripts/throttled-device.sh" remove "$work/throttled.img" || true
    rm -rf -- "$work"
}
trap cleanup EXIT
device=$("$here/Scripts/throttled-device.sh" make "$work/throttled.img" 256M 800)

# study NAME RULE: writes $work/NAME.yaml.
study() {
    cat >"$work/$1.yaml" <<YAML
experiment: saturation-$1
disks: [$device]
matrix:
  numjobs: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256]
$2
workload:
  fio:
    devices: \${disks}
    numjobs: \${numjobs}
    runtime: $runtime
    job: |
      [w]
      rw=randwrite
      bs=4k
      direct=1
      ioengine=psync
      rate_iops=100
      time_based
      group_reporting
results: numjobs-\${numjobs}
YAML
}
study grid ""
study adaptive "  stop: { axis: numjobs, metric: write.iops, gain-below: 5%, for: 2 }"

# measure NAME: runs the study, prints "cells seconds".
measure() {
    local start end
    start=$(date +%s%N)
    "$iosweep" run "$work/$1.yaml" --results "$work/$1" --yes --quiet
    end=$(date +%s%N)
    echo "$(grep -c '"event":"cell-finished"' "$work/$1/journal.jsonl") $(((end - start) / 1000000))"
}

# knee NAME: the numjobs after which write IOPS gain less than 5 % for 2 values in a row.
knee() {
    "$iosweep" report "$work/$1" --format csv --metric write.iops 2>/dev/null | python3 -c '
import sys
rows = sorted((int(r[0]), float(r[-1])) for r in (l.strip().split(",") for l in sys.stdin.readlines()[1:]) if r[-1])
best, last, streak = None, None, 0
for jobs, iops in rows:
    if best is not None and (iops - best) / best * 100 < 5:
        streak += 1
        if streak == 2: break
    else:
        streak, last = 0, jobs
    best = iops if best is None else max(best, iops)
print(last)'
}

echo "machine: $(nproc) cores; device $device capped at 800 write IOPS; $runtime s of fio per cell"
read -r grid_cells grid_ms < <(measure grid)
read -r adaptive_cells adaptive_ms < <(measure adaptive)
echo "full grid: $grid_cells cells in $((grid_ms / 1000)).$(printf '%03d' $((grid_ms % 1000))) s, knee numjobs=$(knee grid)"
echo "adaptive:  $adaptive_cells cells in $((adaptive_ms / 1000)).$(printf '%03d' $((adaptive_ms % 1000))) s, knee numjobs=$(knee adaptive)"
python3 -c "print(f'ratio: {$adaptive_cells/$grid_cells:.0%} of the cells, {$adaptive_ms/$grid_ms:.0%} of the wall time (target <= 60 %)')"
grep -h '"event":"cell-skipped"' "$work/adaptive/journal.jsonl" | head -1 | python3 -c 'import json,sys; e=json.loads(sys.stdin.read()); print("first skip:", e["cell"], "-", e["reason"])' || true
