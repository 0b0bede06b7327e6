#!/usr/bin/env bash
# Benchmark: `iosweep report` (release build) against a pandas implementation of the same report,
# over the whole unpacked v2 dataset (tidy CSV of write.iops, write.lat_ns.mean, iostat.%util with
# warmup 5). Prints both wall times (best of RUNS whole-process runs) and the ratio.
#
# usage: Scripts/bench-report.sh [RUNS]   (needs ../shared/datasets beside the repo and .venv with pandas)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
archive=../shared/datasets/zfsonlinux-6566-perf-v2.tar.xz
python=.venv/bin/python
[[ -f $archive ]] || { echo "error: $archive not found" >&2; exit 3; }
[[ -x $python ]] || { echo "error: $python not found: run Scripts/bootstrap.sh" >&2; exit 3; }

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
tar -xJf "$archive" -C "$work"
root=$work/zfsonlinux-6566-perf
layout='{rate}/{branch}/{disks}-{media}/fio-{numjobs}-jobs'

# shellcheck source=Scripts/bench-lib.sh
source Scripts/bench-lib.sh
build_release_iosweep

# Warm the page cache, and check both produce the same rows.
"$iosweep" report "$root" --layout "$layout" --metric write.iops --metric write.lat_ns.mean \
    --metric iostat.%util --warmup 5 --format csv --output "$work/iosweep.csv" 2>/dev/null
"$python" Scripts/report_pandas.py "$root" "$work/pandas.csv" 5
"$python" - "$work/iosweep.csv" "$work/pandas.csv" <<'PY'
import sys, pandas as pd
a, b = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
keys = ["rate", "branch", "disks", "media", "numjobs"]
a, b = a.sort_values(keys).reset_index(drop=True), b.sort_values(keys).reset_index(drop=True)
assert len(a) == len(b), (len(a), len(b))
pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
print(f"same {len(a)} rows from both")
PY

t_iosweep=$(best "$iosweep" report "$root" --layout "$layout" --metric write.iops --metric write.lat_ns.mean \
    --metric iostat.%util --warmup 5 --format csv --output "$work/iosweep.csv")
t_pandas=$(best "$python" Scripts/report_pandas.py "$root" "$work/pandas.csv" 5)
awk -v a="$t_iosweep" -v b="$t_pandas" -v n="$runs" 'BEGIN {
    printf "iosweep report: %.3f s (best of %d)\npandas:         %.3f s (best of %d)\nratio:          %.1fx faster\n", a / 1e9, n, b / 1e9, n, b / a
}'
