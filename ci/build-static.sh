#!/bin/sh
# ci/build-static.sh PACKAGE BIN DEST: builds binary BIN of PACKAGE statically
# linked (static-pie with glibc) and puts it at DEST. The static flag goes to this
# one crate only (proc-macros cannot be built with it), and into its own target
# dir so the workspace build is not rebuilt back and forth.
set -eu
pkg=$1 bin=$2 dest=$3
CARGO=${CARGO:-cargo}
cd "$(dirname "$0")/.."
"$CARGO" rustc --release -p "$pkg" --bin "$bin" --target-dir target/static \
    -- -C target-feature=+crt-static
cp "target/static/release/$bin" "$dest.tmp"
mv "$dest.tmp" "$dest"
if command -v file >/dev/null 2>&1; then
    case "$(file -L "$dest")" in
        *"statically linked"*|*"static-pie linked"*) ;;
        *) echo "ci/build-static.sh: $dest is not static: $(file -L "$dest")" >&2; exit 1 ;;
    esac
fi
