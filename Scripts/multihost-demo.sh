#!/usr/bin/env bash
# Runs Experiments/multihost.yaml end to end on this machine: three network namespaces stand in for a storage host
# and two load generators (each with its own address on a veth pair, its own sshd and generated keys; iosweep
# starts and stops their fio servers), then prints the report per client and in aggregate. Everything it makes —
# namespaces, links, sshd processes, keys, results — is removed on exit, also when interrupted.
#
# Usage: Scripts/multihost-demo.sh [RESULTS_DIR]   (as root; Scripts/bootstrap.sh installs what it needs)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
config=/run/iosweep-multihost          # the experiment's ssh-options name $config/ssh_config
results=${1:-}
iosweep=${IOSWEEP:-$here/.build/debug/iosweep}
names=(storage c1 c2)
addresses=(10.213.250.2 10.213.250.10 10.213.250.18)   # one /29 each; the root namespace has .1, .9, .17

log() { printf 'multihost-demo: %s\n' "$*" >&2; }

[ "$(id -u)" -eq 0 ] || { log "run as root (network namespaces, sshd, loop devices)"; exit 3; }
[ -x "$iosweep" ] || { log "no $iosweep: run swift build first (or set IOSWEEP)"; exit 3; }
for address in "${addresses[@]}"; do
  if ip -o -4 addr show | grep -qF " ${address%.*}."; then
    log "10.213.250.0/24 is in use on this machine; the demo needs it"
    exit 3
  fi
done
[ -e "$config" ] && { log "$config exists: another demo runs, or one was killed (remove it)"; exit 3; }

scratch=""
if [ -z "$results" ]; then
  scratch=$(mktemp -d /tmp/iosweep-multihost.XXXXXX)
  results=$scratch/results
fi

cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  # A run that was cut short leaves pools, servers and collectors: iosweep clean ends what carries its marker.
  if [ -f "$results/iosweep-run.json" ]; then "$iosweep" clean "$results" >/dev/null 2>&1 || true; fi
  for socket in "$results"/.ssh-*; do
    if [ -S "$socket" ]; then ssh -o ControlPath="$socket" -O exit demo >/dev/null 2>&1 || true; fi
  done
  for i in "${!names[@]}"; do
    if [ -f "$config/sshd-${names[i]}.pid" ]; then kill "$(cat "$config/sshd-${names[i]}.pid")" 2>/dev/null || true; fi
    ip netns del "iosw-demo-${names[i]}" 2>/dev/null || true
    ip link del "vh-demo-${names[i]}" 2>/dev/null || true
  done
  rm -rf -- "$config"
  if [ -n "$scratch" ]; then rm -rf -- "$scratch"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$config" /run/sshd
ssh-keygen -q -t ed25519 -N '' -C iosweep-demo -f "$config/id_ed25519"
cp "$config/id_ed25519.pub" "$config/authorized_keys"
: > "$config/known_hosts"
{
  echo "IdentityFile $config/id_ed25519"
  echo "IdentitiesOnly yes"
  echo "UserKnownHostsFile $config/known_hosts"
  echo "StrictHostKeyChecking yes"
} > "$config/ssh_config"

for i in "${!names[@]}"; do
  name=${names[i]} address=${addresses[i]} ns="iosw-demo-${names[i]}"
  outside="vh-demo-$name" inside="vn-demo-$name"
  ip netns add "$ns"
  ip link add "$outside" type veth peer name "$inside"
  ip link set "$inside" netns "$ns"
  ip addr add "${address%.*}.$((${address##*.} - 1))/29" dev "$outside"
  ip link set "$outside" up
  ip netns exec "$ns" ip addr add "$address/29" dev "$inside"
  ip netns exec "$ns" ip link set "$inside" up
  ip netns exec "$ns" ip link set lo up
  ssh-keygen -q -t ed25519 -N '' -C "iosweep-demo-$name" -f "$config/host-$name"
  echo "$address $(cat "$config/host-$name.pub")" >> "$config/known_hosts"
  cat > "$config/sshd-$name.conf" <<CONF
ListenAddress $address
HostKey $config/host-$name
PidFile $config/sshd-$name.pid
AuthorizedKeysFile $config/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
LogLevel ERROR
ClientAliveInterval 5
ClientAliveCountMax 2
# bash run by sshd reads ~/.bashrc unless SHLVL says it is nested: every remote command would pay for it
SetEnv SHLVL=1
CONF
  # Only the network namespace: `ip netns exec` would give sshd a mount namespace of its own too, and the pool a
  # host mounts would be invisible to the others (all three share this machine's file systems, as NFS would).
  nsenter --net="/run/netns/$ns" /usr/sbin/sshd -f "$config/sshd-$name.conf"
done
for i in "${!names[@]}"; do
  for _ in $(seq 1 50); do
    ssh -F "$config/ssh_config" -o BatchMode=yes -o ConnectTimeout=2 "root@${addresses[i]}" true 2>/dev/null && break
    sleep 0.1
  done
  log "${names[i]} answers at ${addresses[i]} (namespace iosw-demo-${names[i]})"
done

"$iosweep" run "$here/Experiments/multihost.yaml" --results "$results" --yes
echo
echo "== aggregate over the clients (computed by iosweep from each client's results)"
"$iosweep" report "$results"
echo
echo "== per client"
"$iosweep" report "$results" --per-host
