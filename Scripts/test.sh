#!/usr/bin/env bash
# The test command: bootstrap the machine, then run every test against the real tools, then a short fuzzing
# budget: every libFuzzer target for IOSWEEP_FUZZ_SECONDS seconds (default 15; 0 skips it), failing on a finding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
Scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
swift build --build-tests
swift test --skip-build --no-parallel "$@"
fuzz_seconds=${IOSWEEP_FUZZ_SECONDS:-15}
if [[ $fuzz_seconds -gt 0 ]]; then
    Scripts/fuzz.sh all "$fuzz_seconds"
fi
