#!/bin/sh
# The FreeBSD CI job, runnable by hand as root on any FreeBSD 14.x/15.x host:
# installs the toolchain, loads the network drivers the suite's peers need, then
# runs the README's two commands with BSD make.
set -eu
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
    env ASSUME_ALWAYS_YES=yes pkg install -y rust
fi
for mod in if_epair if_bridge; do
    kldstat -q -m "$mod" || kldload "$mod"
done
make test
make integ-test
# Other jail runtimes, when installed, are checked too (their deviations belong in
# fixtures/expectations/<name>.txt).
for rt in ocijail runj; do
    if command -v "$rt" >/dev/null 2>&1; then
        make integ-test RUNTIME="$rt" || echo "ci/freebsd-ci.sh: $rt is not conformant (see target/reports/$rt.md)"
    fi
done
