#!/usr/bin/env bash
# Benchmark: plan a 100,000-cell matrix and render it as JSON with a release build of iosweep,
# printing wall time, CPU time, peak memory (GNU time's maximum resident set size) and output size.
# Target on the 2-core development machine: <= 1 s wall and <= 300 MB.
#
# The study: 4 pool widths x 250 numjobs x 10 block sizes x repeat 10 = 100,000 cells, each with its own
# pool (recreate: per-cell), a dataset, one iostat per pool disk, an fio run and the record steps
# (950,000 steps, ~205 MB of JSON).
# shellcheck disable=SC2016 # the ${…} below are iosweep expressions, written literally
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

swift build -c release --product iosweep >&2
bin=$(swift build -c release --show-bin-path)/iosweep
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

printf '[w]\nrw=write\nbs=8k\n' > "$work/workload.fio"
{
  echo 'experiment: bench-100k'
  echo 'disks: [sda, sdb, sdc, sdd]'
  echo 'matrix:'
  echo '  ndisks: [1, 2, 3, 4]'
  printf '  numjobs: [%s]\n' "$(seq -s ', ' 1 250)"
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
} > "$work/bench.yaml"

"$bin" plan "$work/bench.yaml" --format text > "$work/plan.txt"
echo "study: $(head -1 "$work/plan.txt")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Rendered to /dev/null so the figures are the planner's and renderer's, not the disk's.
for run in 1 2 3; do
  /usr/bin/time -f "run $run: wall %e s, user %U s, sys %S s, peak memory %M KB" \
    "$bin" plan "$work/bench.yaml" --format json > /dev/null
done
echo "output: $("$bin" plan "$work/bench.yaml" --format json | wc -c) bytes of JSON"
