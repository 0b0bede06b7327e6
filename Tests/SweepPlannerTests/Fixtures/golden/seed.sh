#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2024 # undo entries expand when they run; output files belong to the caller
# zil-sync-writes: 33 cells, written by `iosweep plan --format sh`.
# Plan fingerprint 9c90b78eb3904b66d76b436e40403133aa0e2b6dd148852a350cecc4063814d3.
# Does the plan's work without checkpointing (use `iosweep run` to resume after a failure).
# Destroys: sdb sdc sdd.
# Usage: bash zil-sync-writes.sh [RESULTS_DIR]
set -euo pipefail

results=${1:-zil-sync-writes}
run="sh-$(date -u +%Y%m%dT%H%M%SZ)-$$"
files="$results/.files"
cell=""
undo=()       # commands undoing what is set up, newest last
collectors=() # process ids of running collectors

# Stops the collectors: SIGINT (iostat and mpstat close their JSON), SIGTERM after 5 s, SIGKILL after 5 more.
stop_collectors() {
  local pid signal i
  for signal in INT TERM KILL; do
    for pid in "${collectors[@]}"; do kill -"$signal" "$pid" 2>/dev/null || true; done
    for pid in "${collectors[@]}"; do
      for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
  done
  for pid in "${collectors[@]}"; do wait "$pid" 2>/dev/null || true; done
  collectors=()
}

# Runs a teardown, retrying while it fails: zfs-fuse answers "pool is busy" right after a workload.
retry() {
  local i
  for ((i = 1; i < 5; i++)); do "$@" && return 0; sleep 1; done
  "$@"
}

# On any exit: stop collectors, undo what is still set up (newest first), keep the exit status.
cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  stop_collectors
  for ((i = ${#undo[@]} - 1; i >= 0; i--)); do eval "${undo[i]}" || true; done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$results/.partial" "$files"
cat > "$files"/workload.fio <<'IOSWEEP_FILE'
; The seed's job file: 8k O_SYNC writes, one file per job.
; iosweep passes --directory, --numjobs, --size, --runtime and --output on the command line.
[global]
group_reporting
clocksource=cpu
ioengine=psync
fallocate=none
rw=write
blocksize=8k
time_based
iodepth=1
thread=0
direct=0
sync=1

[workload]
IOSWEEP_FILE

# Cell ndisks=1,numjobs=1 → 1-disks/1-jobs
cell="$results"/.partial/ndisks=1,numjobs=1
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=1 --size=1048576M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/1-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=2 → 1-disks/2-jobs
cell="$results"/.partial/ndisks=1,numjobs=2
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=2 --size=524288M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/2-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=4 → 1-disks/4-jobs
cell="$results"/.partial/ndisks=1,numjobs=4
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=4 --size=262144M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/4-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=8 → 1-disks/8-jobs
cell="$results"/.partial/ndisks=1,numjobs=8
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=8 --size=131072M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/8-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=16 → 1-disks/16-jobs
cell="$results"/.partial/ndisks=1,numjobs=16
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=16 --size=65536M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/16-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=32 → 1-disks/32-jobs
cell="$results"/.partial/ndisks=1,numjobs=32
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=32 --size=32768M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/32-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=64 → 1-disks/64-jobs
cell="$results"/.partial/ndisks=1,numjobs=64
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=64 --size=16384M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/64-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=128 → 1-disks/128-jobs
cell="$results"/.partial/ndisks=1,numjobs=128
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=128 --size=8192M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/128-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=256 → 1-disks/256-jobs
cell="$results"/.partial/ndisks=1,numjobs=256
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=256 --size=4096M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/256-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=512 → 1-disks/512-jobs
cell="$results"/.partial/ndisks=1,numjobs=512
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=512 --size=2048M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/512-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=1,numjobs=1024 → 1-disks/1024-jobs
cell="$results"/.partial/ndisks=1,numjobs=1024
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=1024 --size=1024M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/1-disks
mv -T -- "$cell" "$results"/1-disks/1024-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=1 → 2-disks/1-jobs
cell="$results"/.partial/ndisks=2,numjobs=1
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=1 --size=1048576M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/1-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=2 → 2-disks/2-jobs
cell="$results"/.partial/ndisks=2,numjobs=2
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=2 --size=524288M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/2-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=4 → 2-disks/4-jobs
cell="$results"/.partial/ndisks=2,numjobs=4
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=4 --size=262144M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/4-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=8 → 2-disks/8-jobs
cell="$results"/.partial/ndisks=2,numjobs=8
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=8 --size=131072M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/8-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=16 → 2-disks/16-jobs
cell="$results"/.partial/ndisks=2,numjobs=16
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=16 --size=65536M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/16-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=32 → 2-disks/32-jobs
cell="$results"/.partial/ndisks=2,numjobs=32
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=32 --size=32768M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/32-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=64 → 2-disks/64-jobs
cell="$results"/.partial/ndisks=2,numjobs=64
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=64 --size=16384M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/64-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=128 → 2-disks/128-jobs
cell="$results"/.partial/ndisks=2,numjobs=128
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=128 --size=8192M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/128-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=256 → 2-disks/256-jobs
cell="$results"/.partial/ndisks=2,numjobs=256
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=256 --size=4096M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/256-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=512 → 2-disks/512-jobs
cell="$results"/.partial/ndisks=2,numjobs=512
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=512 --size=2048M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/512-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=2,numjobs=1024 → 2-disks/1024-jobs
cell="$results"/.partial/ndisks=2,numjobs=1024
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=1024 --size=1024M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/2-disks
mv -T -- "$cell" "$results"/2-disks/1024-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=1 → 3-disks/1-jobs
cell="$results"/.partial/ndisks=3,numjobs=1
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=1 --size=1048576M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/1-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=2 → 3-disks/2-jobs
cell="$results"/.partial/ndisks=3,numjobs=2
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=2 --size=524288M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/2-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=4 → 3-disks/4-jobs
cell="$results"/.partial/ndisks=3,numjobs=4
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=4 --size=262144M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/4-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=8 → 3-disks/8-jobs
cell="$results"/.partial/ndisks=3,numjobs=8
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=8 --size=131072M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/8-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=16 → 3-disks/16-jobs
cell="$results"/.partial/ndisks=3,numjobs=16
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=16 --size=65536M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/16-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=32 → 3-disks/32-jobs
cell="$results"/.partial/ndisks=3,numjobs=32
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=32 --size=32768M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/32-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=64 → 3-disks/64-jobs
cell="$results"/.partial/ndisks=3,numjobs=64
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=64 --size=16384M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/64-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=128 → 3-disks/128-jobs
cell="$results"/.partial/ndisks=3,numjobs=128
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=128 --size=8192M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/128-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=256 → 3-disks/256-jobs
cell="$results"/.partial/ndisks=3,numjobs=256
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=256 --size=4096M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/256-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=512 → 3-disks/512-jobs
cell="$results"/.partial/ndisks=3,numjobs=512
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=512 --size=2048M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/512-jobs
retry zpool destroy tank
unset 'undo[-1]'

# Cell ndisks=3,numjobs=1024 → 3-disks/1024-jobs
cell="$results"/.partial/ndisks=3,numjobs=1024
rm -rf -- "$cell"
mkdir -p -- "$cell"
zpool create -f -O iosweep:run="${run}" tank sdb sdc sdd
undo+=('retry zpool destroy tank')
zfs create -o recsize=8k tank/dozer
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdb 1 > "${cell}"/iostat-sdb.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdc 1 > "${cell}"/iostat-sdc.txt &
collectors+=("$!")
env LC_ALL=C S_TIME_FORMAT=ISO iostat -dxyt sdd 1 > "${cell}"/iostat-sdd.txt &
collectors+=("$!")
fio --directory=/tank/dozer --numjobs=1024 --size=1024M --runtime=60 --output="${cell}"/fio.json --output-format=json+ "${files}"/workload.fio
stop_collectors
zpool status tank > "${cell}"/zpool-status.txt
zfs get all tank/dozer > "${cell}"/zfs-get.txt
mkdir -p -- "$results"/3-disks
mv -T -- "$cell" "$results"/3-disks/1024-jobs
retry zpool destroy tank
unset 'undo[-1]'

echo "done: 33 cells in $results"
