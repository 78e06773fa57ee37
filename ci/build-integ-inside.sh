#!/bin/sh
# Builds the statically linked integ-inside helper into target/integ-inside.
set -eu
cd "$(dirname "$0")/.."
exec sh ci/build-static.sh integ-inside integ-inside target/integ-inside
