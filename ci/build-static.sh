#!/bin/sh
# ci/build-static.sh PACKAGE BIN DEST [--fast-start]: builds binary BIN of PACKAGE
# statically linked (static-pie with glibc) and puts it at DEST. The static flag goes
# to this one crate only (proc-macros cannot be built with it), and into its own
# target dir so the workspace build is not rebuilt back and forth.
#
# --fast-start (jailrun, started three times per container lifecycle): a static
# executable at a fixed address instead of static-pie (as runc's is), so no
# relocation pass writes over the image at each start, and fat LTO in one codegen
# unit, a smaller image with fewer pages to fault in (see conformance/RESULTS.md).
set -eu
pkg=$1 bin=$2 dest=$3 option=${4:-}
CARGO=${CARGO:-cargo}
cd "$(dirname "$0")/.."
set -- -C target-feature=+crt-static
case "$option" in
    --fast-start)
        set -- "$@" -C relocation-model=static
        CARGO_PROFILE_RELEASE_LTO=fat
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
        export CARGO_PROFILE_RELEASE_LTO CARGO_PROFILE_RELEASE_CODEGEN_UNITS
        ;;
    "") ;;
    *) echo "ci/build-static.sh: unknown option '$option' (--fast-start)" >&2; exit 1 ;;
esac
"$CARGO" rustc --release -p "$pkg" --bin "$bin" --target-dir target/static -- "$@"
cp "target/static/release/$bin" "$dest.tmp"
mv "$dest.tmp" "$dest"
if command -v file >/dev/null 2>&1; then
    case "$(file -L "$dest")" in
        *"statically linked"*|*"static-pie linked"*) ;;
        *) echo "ci/build-static.sh: $dest is not static: $(file -L "$dest")" >&2; exit 1 ;;
    esac
fi
