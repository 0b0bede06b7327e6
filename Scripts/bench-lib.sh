# shellcheck shell=bash
# Sourced by the bench-*.sh scripts (not run on its own).

# Builds the release iosweep and sets $iosweep to it.
build_release_iosweep() {
    swift build -c release --product iosweep >/dev/null
    # shellcheck disable=SC2034  # used by the sourcing script
    iosweep=$(swift build -c release --show-bin-path)/iosweep
}

# Prints the best wall time of RUNS whole-process runs of "$@", in nanoseconds ($runs: set by the caller).
best() {
    local best=0 start elapsed
    for ((i = 0; i < ${runs:?}; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        elapsed=$(($(date +%s%N) - start))
        if ((best == 0 || elapsed < best)); then best=$elapsed; fi
    done
    echo "$best"
}
