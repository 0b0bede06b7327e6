#!/usr/bin/env bash
# The quick start, as root on Debian: bootstrap (fio, sysstat, zfs-fuse), build iosweep, validate and run
# Experiments/quickstart.yaml (3 scratch loop disks of 256M, pools of 1 and 2 disks, 1..4 fio threads,
# 2-second runs: about a minute), then print IOPS and mean latency per cell.
# Running it again resumes results/quickstart (nothing left to do); remove that directory to start over.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
results=${1:-results/quickstart}

Scripts/bootstrap.sh
swift build --product iosweep
bin=$(swift build --show-bin-path)/iosweep

"$bin" validate Experiments/quickstart.yaml
# Scratch disks are files the run creates and deletes: nothing of yours is destroyed, no --yes needed.
"$bin" run Experiments/quickstart.yaml --results "$results"
echo
"$bin" report "$results" --metric write.iops --metric write.lat.mean
