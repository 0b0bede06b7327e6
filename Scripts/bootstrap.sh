#!/usr/bin/env bash
# Installs what iosweep, its tests and its quick start need on a fresh Debian machine, as root.
# Idempotent: installs only what is missing, starts zfs-fuse only when no ZFS answers. Never touches a disk.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(fio sysstat zfs-fuse shellcheck util-linux e2fsprogs xfsprogs btrfs-progs python3-venv chromium openssh-server openssh-client iproute2)

log() { printf 'bootstrap: %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "run as root (apt-get, zfs-fuse and loop devices need it)"
  exit 3
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python tools for tests and the notebook export, in an ignored virtual environment of the repo.
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  log "creating $venv"
  python3 -m venv "$venv"
fi
pyneeds=(jsonschema nbformat nbconvert nbclient ipykernel pandas matplotlib seaborn pillow scipy)
if ! "$venv/bin/python" -c 'import jsonschema, nbformat, nbconvert, nbclient, ipykernel, pandas, matplotlib, seaborn, PIL, scipy' 2>/dev/null; then
  log "installing Python packages: ${pyneeds[*]}"
  "$venv/bin/pip" install -q --disable-pip-version-check "${pyneeds[@]}" || log "warning: Python packages could not be installed; notebook tests will be skipped"
fi

# ZFS: use the kernel module when loaded; otherwise run the user-space zfs-fuse daemon.
if [ -d /sys/module/zfs ]; then
  log "OpenZFS kernel module loaded; not starting zfs-fuse"
elif ! pgrep -x zfs-fuse >/dev/null; then
  if [ ! -e /dev/fuse ]; then
    log "warning: /dev/fuse is missing; zfs-fuse cannot start (ZFS tests will be skipped)"
  else
    # zfs-fuse refuses to start (exit 1, no message) while its pidfile exists, and a machine
    # restored from a snapshot keeps the pidfile of a daemon that no longer runs.
    pidfile=/run/zfs-fuse.pid
    if [ -e "$pidfile" ]; then
      stale=$(cat "$pidfile" 2>/dev/null || true)
      if [ -n "$stale" ] && [ "$(cat "/proc/$stale/comm" 2>/dev/null || true)" = zfs-fuse ]; then
        log "zfs-fuse pid $stale from $pidfile still runs"
      else
        log "removing stale $pidfile (pid ${stale:-?} is not a running zfs-fuse)"
        rm -f "$pidfile"
      fi
    fi
    log "starting zfs-fuse"
    zfs-fuse --pidfile "$pidfile" || {
      status=$?
      log "error: zfs-fuse did not start (exit $status); 'zfs-fuse --no-daemon' shows why"
      exit 1
    }
  fi
fi
if [ -d /sys/module/zfs ] || pgrep -x zfs-fuse >/dev/null; then
  for _ in $(seq 1 50); do
    if zpool list >/dev/null 2>&1; then break; fi
    sleep 0.2
  done
  zpool list >/dev/null 2>&1 || log "warning: zpool does not answer yet"
fi
log "ready"
