#!/bin/sh
# Builds the statically linked integ-inside helper into target/integ-inside.
# The static flag goes to this one crate only (proc-macros cannot be built with it),
# and into its own target dir so the workspace build is not rebuilt back and forth.
set -eu
CARGO=${CARGO:-cargo}
cd "$(dirname "$0")/.."
"$CARGO" rustc --release -p integ-inside --bin integ-inside --target-dir target/static \
    -- -C target-feature=+crt-static
cp target/static/release/integ-inside target/integ-inside.tmp
mv target/integ-inside.tmp target/integ-inside
if command -v file >/dev/null 2>&1; then
    case "$(file -L target/integ-inside)" in
        *"statically linked"*|*"static-pie linked"*) ;;
        *) echo "ci/build-integ-inside.sh: target/integ-inside is not static: $(file -L target/integ-inside)" >&2; exit 1 ;;
    esac
fi
