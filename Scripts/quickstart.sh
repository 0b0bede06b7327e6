#!/usr/bin/env bash
# The quick start: bootstrap, build, validate and run Experiments/quickstart.yaml.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
Scripts/bootstrap.sh
swift build -c release --product iosweep
bin=$(swift build -c release --show-bin-path)/iosweep
"$bin" validate Experiments/quickstart.yaml
"$bin" run Experiments/quickstart.yaml --results results/quickstart --yes
