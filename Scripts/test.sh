#!/usr/bin/env bash
# The test command: bootstrap the machine, check the formatting (.swift-format), then run every test against the
# real tools, then a short fuzzing budget: every libFuzzer target for IOSWEEP_FUZZ_SECONDS seconds (default 15;
# 0 skips it), failing on a finding.
#
# The fuzz targets (a debug build with -sanitize=fuzzer, in .build-fuzz) are built at the lowest CPU priority
# while the tests run, most of whose time is fio runtimes and ZFS waits; the fuzzing itself runs after them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
Scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
# Formatting first (a second): `swift format format -i --recursive …` with the same paths fixes what it reports.
swift format lint --strict --recursive Sources Tests Fuzz Experiments Plugins Package.swift
swift build --build-tests

fuzz_seconds=${IOSWEEP_FUZZ_SECONDS:-15}
fuzz_build=
fuzz_log=.build-fuzz/test-build.log
if [[ $fuzz_seconds -gt 0 ]]; then
    export IOSWEEP_FUZZ_CONFIGURATION=${IOSWEEP_FUZZ_CONFIGURATION:-debug}
    mkdir -p .build-fuzz
    nice -n 19 Scripts/fuzz.sh build all >"$fuzz_log" 2>&1 &
    fuzz_build=$!
    # Interrupted: the background build goes too (the script and the swift build it runs).
    trap '[[ -z $fuzz_build ]] || { pkill -P "$fuzz_build" 2>/dev/null; kill "$fuzz_build" 2>/dev/null; } || true' EXIT
fi

tests=0
swift test --skip-build --no-parallel "$@" || tests=$?

if [[ -n $fuzz_build ]]; then
    built=0
    wait "$fuzz_build" || built=$?
    fuzz_build=
    cat "$fuzz_log"
    [[ $tests -eq 0 ]] || exit "$tests"
    [[ $built -eq 0 ]] || exit "$built"
    Scripts/fuzz.sh all "$fuzz_seconds"
fi
exit "$tests"
