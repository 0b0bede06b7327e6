#!/usr/bin/env bash
# Measures the runner's own overhead per cell: a study of N cells (iostat collector + a near-zero fio job)
# run by `iosweep run --plan`, against a plain bash loop running the same commands.
# Prints both totals and the median per-cell times; target: overhead ≤ 50 ms per cell.
#
# With --clients: the 2-client case of fio's client/server mode — two fio servers on loopback, N cells of
# `fio --client=A job --client=B job` run by `iosweep run` (a study with two hosts, servers: external) against a
# bare loop of the same fio command; target: overhead ≤ 200 ms per cell.
#
# Usage: Scripts/bench-runner.sh [--clients] [CELLS]   (default 40; IOSWEEP=path/to/iosweep to pick a binary)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clients=0
if [ "${1:-}" = --clients ]; then
  clients=1
  shift
fi
cells=${1:-40}
iosweep=${IOSWEEP:-}
if [ -z "$iosweep" ]; then
  for candidate in "$here/.build/release/iosweep" "$here/.build/debug/iosweep"; do
    if [ -x "$candidate" ]; then iosweep=$candidate; break; fi
  done
fi
if [ -z "$iosweep" ] || [ ! -x "$iosweep" ]; then
  echo "bench-runner: build iosweep first (swift build -c release --product iosweep)" >&2
  exit 3
fi
for tool in fio iostat python3; do
  command -v "$tool" >/dev/null || { echo "bench-runner: $tool is missing (Scripts/bootstrap.sh)" >&2; exit 3; }
done

work=$(mktemp -d /tmp/iosweep-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/bare"
printf '[z]\nrw=write\nbs=4k\nsize=4k\nioengine=psync\n' >"$work/job.fio"

now_ms() { date +%s%3N; }

# Median per cell of the run in $1 (from one cell-started to the next), against the bare times in $2.
summarize() {
  python3 - "$1" "$2" "$cells" "$3" "$4" "$iosweep" "$5" <<'PY'
import json, statistics, sys
from datetime import datetime
results, bare_file, n, bare_total, run_total, binary, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
bare = [int(x) for x in open(bare_file)]
events = [json.loads(line) for line in open(f"{results}/journal.jsonl")]
def t(e): return datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp() * 1000
# Per cell: from one cell-started to the next (all per-cell work, journal and publish included).
starts = [t(e) for e in events if e["event"] == "cell-started"]
ends = [t(e) for e in events if e["event"] in ("run-finished",)]
marks = starts + ends[:1]
runner = [b - a for a, b in zip(marks, marks[1:])]
ok = sum(1 for e in events if e["event"] == "cell-finished" and e.get("status") == "ok")
print(f"binary:            {binary}")
print(f"cells:             {n} ({ok} ok)")
print(f"bare loop total:   {bare_total} ms   ({bare_total / n:.1f} ms/cell mean)")
print(f"iosweep total:     {run_total} ms   ({run_total / n:.1f} ms/cell mean, startup included)")
print(f"median per cell:   bare {statistics.median(bare):.1f} ms, iosweep {statistics.median(runner):.1f} ms")
overhead = statistics.median(runner) - statistics.median(bare)
print(f"overhead per cell: {overhead:.1f} ms median, {(run_total - bare_total) / n:.1f} ms mean (target ≤ {target} ms)")
PY
}

if [ "$clients" -eq 1 ]; then
  # Two fio servers on loopback, on ports nothing listens on.
  ports=()
  for port in $(seq 18765 18865); do
    if [ -z "$(ss -Hltn "sport = :$port")" ]; then ports+=("$port"); fi
    [ ${#ports[@]} -eq 2 ] && break
  done
  servers=()
  # shellcheck disable=SC2317 # run by the EXIT trap
  stop_servers() {
    local pid
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
  }
  trap stop_servers EXIT
  for port in "${ports[@]}"; do
    fio --server="ip:127.0.0.1,$port" --daemonize="$work/server-$port.pid"
    for _ in $(seq 1 50); do [ -s "$work/server-$port.pid" ] && break; sleep 0.1; done
    servers+=("$(cat "$work/server-$port.pid")")
  done
  sleep 0.5
  {
    echo "experiment: bench-clients"
    echo "hosts:"
    echo "  - { name: c1, address: 127.0.0.1, fio-port: ${ports[0]} }"
    echo "  - { name: c2, address: 127.0.0.1, fio-port: ${ports[1]} }"
    echo "matrix:"
    echo "  cell: [$(seq -s, 0 $((cells - 1)))]"
    echo "workload:"
    echo "  fio: { clients: [c1, c2], servers: external, directory: $work/data, job-file: $work/job.fio, output-format: json }"
    echo "results: cell-\${cell}"
  } >"$work/clients.yaml"
  : >"$work/bare-times"
  bare_start=$(now_ms)
  for ((i = 0; i < cells; i++)); do
    t0=$(now_ms)
    dir="$work/bare/cell-$i"
    mkdir -p "$dir"
    for c in 1 2; do printf '[global]\ndirectory=%s\n' "$work/data" | cat - "$work/job.fio" >"$dir/job-c$c.fio"; done
    LC_ALL=C fio --output="$dir/fio.json" --output-format=json --client="ip:127.0.0.1,${ports[0]}" "$dir/job-c1.fio" \
      --client="ip:127.0.0.1,${ports[1]}" "$dir/job-c2.fio" >/dev/null
    echo $(($(now_ms) - t0)) >>"$work/bare-times"
  done
  bare_total=$(($(now_ms) - bare_start))
  run_start=$(now_ms)
  "$iosweep" run "$work/clients.yaml" --results "$work/results" --quiet --yes
  run_total=$(($(now_ms) - run_start))
  summarize "$work/results" "$work/bare-times" "$bare_total" "$run_total" 200
  exit 0
fi

# The plan: one group, N cells, each an iostat collector around a 4 KiB fio write.
python3 - "$work" "$cells" >"$work/plan.json" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
def cell(i):
    return {"id": f"cell={i}", "values": [{"name": "cell", "value": i}], "resultPath": f"cell-{i}",
            "fingerprint": f"bench-{i}", "estimatedSeconds": 0, "steps": [
        {"kind": "collector", "argv": ["iostat", "-d", "1"], "stdout": "iostat.txt",
         "collector": {"name": "iostat", "required": True, "stopSignal": "INT"}},
        {"kind": "workload", "argv": ["fio", f"--directory={work}/data", "--output=@{cell}/fio.json",
                                      "--output-format=json", f"{work}/job.fio"], "timeout": 60},
        {"kind": "publish", "argv": []}]}
plan = {"schemaVersion": 1, "experiment": "bench", "fingerprint": "bench", "scratch": [], "destroys": [],
        "files": [], "setup": [], "teardown": [],
        "groups": [{"key": "all", "setup": [], "teardown": [], "cells": [cell(i) for i in range(n)]}]}
json.dump(plan, sys.stdout)
PY

# 1. The bare loop: the same commands, no journal, no checkpoints.
bare_start=$(now_ms)
: >"$work/bare-times"
for ((i = 0; i < cells; i++)); do
  t0=$(now_ms)
  dir="$work/bare/cell-$i"
  mkdir -p "$dir"
  LC_ALL=C S_TIME_FORMAT=ISO iostat -d 1 >"$dir/iostat.txt" &
  collector=$!
  LC_ALL=C fio --directory="$work/data" --output="$dir/fio.json" --output-format=json "$work/job.fio" >/dev/null
  kill -INT "$collector"
  wait "$collector" || true
  echo $(($(now_ms) - t0)) >>"$work/bare-times"
done
bare_total=$(($(now_ms) - bare_start))

# 2. iosweep, same plan.
run_start=$(now_ms)
"$iosweep" run --plan "$work/plan.json" --results "$work/results" --quiet
run_total=$(($(now_ms) - run_start))

summarize "$work/results" "$work/bare-times" "$bare_total" "$run_total" 50
