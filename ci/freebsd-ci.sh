#!/bin/sh
# The FreeBSD CI job, runnable by hand as root on any FreeBSD 14.x/15.x host:
# installs the toolchain, loads the network drivers the suite's peers need, runs the
# README's two commands with BSD make, then the third-party runtimes. Reports
# (JSON, JUnit, Markdown) land in target/reports/, which the CI jobs upload.
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
# `make test` above ran the self-test (conformance/tests/broken_runtimes/), which
# wraps target/release/jailrun; on FreeBSD that includes the jail-feature modes
# (drop enforceStatfs, an allow.* flag, ip4 addresses, vnet interfaces, tmpfs
# options, the devfs ruleset). Run them once more on their own so their result is
# a separate line of the job's log.
cargo test -p jailcheck --test broken_runtimes -- freebsd::
# The suite against runj and ocijail, installed from packages (else ports), with
# their predicted expectations; reports under target/reports/third-party. Advisory
# until a FreeBSD run has confirmed the predicted expectations: a deviation or a
# runtime that cannot be installed is reported in summary.md, not hidden, but does
# not fail jailrun's job.
JAILCHECK_THIRD_PARTY_ADVISORY=1 sh ci/freebsd-third-party.sh
