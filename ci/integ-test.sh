#!/bin/sh
# Runs jailcheck against a runtime: ci/integ-test.sh RUNTIME [jailcheck flags...]
# RUNTIME is `jailrun` (the one built here), a name in PATH, or a path. The
# expectations file fixtures/expectations/<name>.txt is used when it exists.
set -eu
cd "$(dirname "$0")/.."
runtime=${1:?usage: ci/integ-test.sh RUNTIME [jailcheck flags...]}
shift
case "$runtime" in
    jailrun) runtime=$(pwd)/target/release/jailrun ;;
esac
name=$(basename "$runtime")
mkdir -p target/reports
set -- --runtime "$runtime" --helper target/integ-inside \
    --report "target/reports/$name.json" --junit "target/reports/$name.xml" \
    --markdown "target/reports/$name.md" "$@"
if [ -f "fixtures/expectations/$name.txt" ]; then
    set -- --expectations "fixtures/expectations/$name.txt" "$@"
fi
exec target/release/jailcheck "$@"
