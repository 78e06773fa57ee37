#!/bin/sh
# make bench: ci/bench.sh N [RUNTIME...] — times N lifecycles of a trivial container
# for jailrun and each other runtime given (skipped with a note when not installed).
set -eu
cd "$(dirname "$0")/.."
n=${1:-200}
shift || true
set -- "jailrun=$(pwd)/target/release/jailrun" $(for r in "$@"; do
    if command -v "$r" >/dev/null 2>&1 || [ -x "$r" ]; then
        echo "$(basename "$r")=$r"
    else
        echo "ci/bench.sh: $r not installed, left out" >&2
    fi
done)
exec target/release/jailbench --n "$n" --helper target/integ-inside "$@"
