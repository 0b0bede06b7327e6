#!/usr/bin/env bash
# A loop device with a known saturation point, for tests and demos of adaptive sweeps: a sparse file attached
# with losetup, its IOPS capped by the cgroup v1 blkio controller (blkio.throttle.write_iops_device and
# read_iops_device in the root cgroup, so every process on the machine is capped on this device). With direct
# I/O no workload gets more than the cap: the knee of a numjobs sweep and the answer of a rate search are known
# in advance. Only the device this script made is ever throttled, cleared or detached.
#
# usage: Scripts/throttled-device.sh make FILE SIZE WRITE_IOPS [READ_IOPS]   prints the device (/dev/loopN)
#        Scripts/throttled-device.sh remove FILE                              clears the caps, detaches, deletes FILE
#
# FILE must not exist for `make` (it is created sparse, SIZE as truncate -s takes it). Needs root and cgroup v1's
# blkio controller at /sys/fs/cgroup/blkio (cgroup v2's io.max applies only to non-root cgroups, which the
# processes under test would have to join: not done here, and said so).
set -euo pipefail
blkio=/sys/fs/cgroup/blkio

die() {
    echo "throttled-device: $*" >&2
    exit 1
}

# cap MAJ:MIN WRITE READ: sets (0 clears) both caps of one device.
cap() {
    echo "$1 $2" >"$blkio/blkio.throttle.write_iops_device"
    echo "$1 $3" >"$blkio/blkio.throttle.read_iops_device"
}

# devices FILE: the loop devices backed by FILE, one per line.
devices() {
    losetup --noheadings --output NAME --associated "$1" 2>/dev/null || true
}

case ${1:-} in
make)
    [[ $# -ge 4 && $# -le 5 ]] || die "usage: $0 make FILE SIZE WRITE_IOPS [READ_IOPS]"
    file=$2 size=$3 write=$4 read=${5:-0}
    [[ $write =~ ^[1-9][0-9]{0,8}$ ]] || die "WRITE_IOPS must be a positive number, not '$write'"
    [[ $read =~ ^[0-9]{1,9}$ ]] || die "READ_IOPS must be a number, not '$read'"
    [[ -w $blkio/blkio.throttle.write_iops_device ]] ||
        die "no cgroup v1 blkio controller at $blkio (or not root): cannot cap a device here"
    [[ ! -e $file ]] || die "$file exists already"
    truncate -s "$size" -- "$file"
    device=$(losetup --find --show -- "$file") || {
        rm -f -- "$file"
        die "losetup failed for $file"
    }
    numbers=$(lsblk --nodeps --noheadings --output MAJ:MIN "$device" | tr -d ' ')
    cap "$numbers" "$write" "$read" || {
        losetup -d "$device"
        rm -f -- "$file"
        die "could not cap $device"
    }
    echo "$device"
    ;;
remove)
    [[ $# -eq 2 ]] || die "usage: $0 remove FILE"
    file=$2
    if [[ -e $file ]]; then
        for device in $(devices "$file"); do
            numbers=$(lsblk --nodeps --noheadings --output MAJ:MIN "$device" | tr -d ' ')
            cap "$numbers" 0 0 || true
            losetup -d "$device"
        done
        rm -f -- "$file"
    fi
    ;;
*)
    die "usage: $0 make FILE SIZE WRITE_IOPS [READ_IOPS] | remove FILE"
    ;;
esac
