#!/usr/bin/env python3
"""The seed author's analysis done the pandas way, as the benchmark baseline for `iosweep report`.

Reads every cell of a results tree laid out as {rate}/{branch}/{disks}-{media}/fio-{numjobs}-jobs
(stray directories that do not fit, such as master/<N>-ssd/results/, are skipped), takes
jobs[0].write.iops and jobs[0].write.lat_ns.mean from fio.json (json module) and the mean %util of each
header-less old-layout iostat-<disk>.txt (pandas.read_csv) after dropping the first WARMUP samples,
averaged over the cell's disks, and writes the tidy CSV.

usage: report_pandas.py ROOT OUTPUT.csv [WARMUP]
"""
import json
import os
import re
import sys

import pandas as pd

SEGMENTS = [r"(?P<rate>.+)", r"(?P<branch>.+)", r"(?P<disks>.+?)-(?P<media>.+)", r"fio-(?P<numjobs>.+?)-jobs"]


def cells(root):
    def walk(path, depth, captures):
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if name.startswith(".") or not os.path.isdir(full):
                continue
            match = re.fullmatch(SEGMENTS[depth], name)
            if not match:
                continue
            found = {**captures, **match.groupdict()}
            if depth == len(SEGMENTS) - 1:
                yield full, found
            else:
                yield from walk(full, depth + 1, found)

    yield from walk(root, 0, {})


def main():
    root, output = sys.argv[1], sys.argv[2]
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rows = []
    for directory, axes in cells(root):
        with open(os.path.join(directory, "fio.json")) as handle:
            job = json.load(handle)["jobs"][0]
        utils = []
        for name in sorted(os.listdir(directory)):
            if name.startswith("iostat-"):
                frame = pd.read_csv(os.path.join(directory, name), sep=r"\s+", header=None)
                utils.append(frame.iloc[warmup:, 13].mean())
        rows.append({**axes, "write.iops": job["write"]["iops"], "write.lat_ns.mean": job["write"]["lat_ns"]["mean"],
                     "iostat.%util": sum(utils) / len(utils) if utils else float("nan")})
    frame = pd.DataFrame(rows)
    for axis in ("disks", "numjobs"):
        frame[axis] = frame[axis].astype(int)
    frame = frame.sort_values(["rate", "branch", "disks", "media", "numjobs"])
    frame.to_csv(output, index=False)


if __name__ == "__main__":
    main()
