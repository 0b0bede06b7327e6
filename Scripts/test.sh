#!/usr/bin/env bash
# The test command: bootstrap the machine, then run every test against the real tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
Scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
swift build --build-tests
swift test --skip-build --no-parallel "$@"
