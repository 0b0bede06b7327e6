#!/usr/bin/env bash
# Benchmark: how fast `iosweep report` (release build) reads collector text. Builds one cell holding
# about 20 MB of each of iostat -dxyt, mpstat -P ALL (64 CPUs) and vmstat -n -t text, in the layouts of
# sysstat 12.6 / procps 4 (lines copied from the committed fixtures), and prints, per collector, the best
# wall time of RUNS whole-process `iosweep report CELL --metric C.column` runs and the rate in MB/s.
#
# usage: Scripts/bench-collectors.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
cell=$work/cell
mkdir -p "$cell"
echo '{"id": "bench", "values": [{"name": "n", "value": 1}], "status": "ok"}' >"$cell/cell.json"

# iostat: 20 devices × 10,000 reports of the 12.3+ layout, ISO timestamps.
awk 'BEGIN {
    print "Linux 6.1.0 (bench) \t2026-11-27 \t_x86_64_\t(64 CPU)\n"
    for (r = 0; r < 10000; r++) {
        printf "2026-11-27T%02d:%02d:%02d+0000\n", int(r / 3600) % 24, int(r / 60) % 60, r % 60
        print "Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util"
        for (d = 0; d < 20; d++)
            printf "sd%c              0.00      0.00     0.00   0.00    0.00     0.00  %d.00  %d.00     0.00   0.00    %d.13     8.00    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    %d.84  %d.20\n", 97 + d, 137 + r % 50, 2413 + r % 90, r % 9, r % 3, 30 + r % 60
        print ""
    }
}' >"$cell/iostat-bench.txt"

# mpstat: 64 CPUs + all × 3,600 reports, then the Average block.
awk 'BEGIN {
    print "Linux 6.1.0 (bench) \t2026-11-27 \t_x86_64_\t(64 CPU)\n"
    for (r = 0; r < 3600; r++) {
        t = sprintf("%02d:%02d:%02d", 10 + int(r / 3600), int(r / 60) % 60, r % 60)
        printf "%s     CPU    %%usr   %%nice    %%sys %%iowait    %%irq   %%soft  %%steal  %%guest  %%gnice   %%idle\n", t
        printf "%s     all   %5.2f    0.00   %5.2f   %5.2f    0.00    0.50    0.00    0.00    0.00   %5.2f\n", t, r % 40, 10 + r % 7, r % 20, 30 + r % 10
        for (c = 0; c < 64; c++)
            printf "%s  %6d   %5.2f    0.00   %5.2f   %5.2f    0.00    0.50    0.00    0.00    0.00   %5.2f\n", t, c, (r + c) % 40, 10 + c % 7, (r * c) % 20, 30 + c % 10
        print ""
    }
    print "Average:     CPU    %usr   %nice    %sys %iowait    %irq   %soft  %steal  %guest  %gnice   %idle"
}' >"$cell/mpstat.txt"

# vmstat: 200,000 lines of `vmstat -n -t`.
awk 'BEGIN {
    print "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----"
    print " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC"
    for (r = 0; r < 200000; r++)
        printf " %d  %d      0 17995588  89364 5849732    0    0  %4d %5d %4d %4d %2d %2d %2d %2d  0 2026-%02d-%02d %02d:%02d:%02d\n", \
            r % 9, r % 2, r % 5000, r % 90000, 600 + r % 4000, 500 + r % 9000, r % 90, r % 30, r % 50, r % 20, \
            11 + int(r / 2592000), 1 + int(r / 86400) % 28, int(r / 3600) % 24, int(r / 60) % 60, r % 60
}' >"$cell/vmstat.txt"

# shellcheck source=Scripts/bench-lib.sh
source Scripts/bench-lib.sh
build_release_iosweep

printf '%-8s %8s %10s %9s %9s\n' collector MB lines seconds MB/s
for spec in "iostat iostat-bench.txt %util" "mpstat mpstat.txt %iowait" "vmstat vmstat.txt wa"; do
    read -r collector file column <<<"$spec"
    # The value must come out: a failed read would time an error path.
    "$iosweep" report "$work" --layout '{cell}' --metric "$collector.$column" --format csv | tail -1 | grep -q '^cell,[0-9]' ||
        { echo "error: no $collector.$column value" >&2; exit 1; }
    bytes=$(stat -c %s "$cell/$file")
    lines=$(wc -l <"$cell/$file")
    t=$(best "$iosweep" report "$work" --layout '{cell}' --metric "$collector.$column" --format csv)
    awk -v c="$collector" -v b="$bytes" -v l="$lines" -v t="$t" 'BEGIN {
        printf "%-8s %8.1f %10d %9.3f %9.0f\n", c, b / 1e6, l, t / 1e9, b / 1e6 / (t / 1e9)
    }'
done
