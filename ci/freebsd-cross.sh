#!/bin/sh
# Compiles, lints and links the workspace for FreeBSD on a Debian 12 host:
#   ci/freebsd-cross.sh [STEP...]      STEP: check clippy test release (default: all)
# for each triple in FREEBSD_TARGETS (default x86_64- and aarch64-unknown-freebsd):
#   check    cargo check --workspace --all-targets
#   clippy   cargo clippy --workspace --all-targets -- -D warnings
#   test     the test binaries, linked (cargo test --no-run)
#   release  jailrun, jailcheck and integ-inside in target/<triple>/release, each
#            checked with file(1) to be a FreeBSD ELF of the right architecture
#
# The rustup toolchain here has no rust-src and cannot fetch FreeBSD targets, so this
# step alone uses Debian's Rust (rustc-web, its std source rust-web-src, cargo-web,
# rust-web-clippy from the security archive): RUSTC_BOOTSTRAP=1 lets -Zbuild-std
# build std for each target from that source. Zig (ziglang from PyPI, driven by cargo-zigbuild, both in a virtual
# environment under target/) links against its FreeBSD 14.0 libc stubs. Nothing here
# changes the rustup toolchain the rest of CI uses. Zig has no FreeBSD libc.a, so
# integ-inside is linked dynamically here; the FreeBSD job builds the static one.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

# Pinned versions: the Debian toolchain by upstream release (any Debian revision of
# it, since the security archive replaces old ones), the Python packages exactly.
debian_rust=1.96
ziglang=0.17.1
cargo_zigbuild=0.24.1
targets=${FREEBSD_TARGETS:-x86_64-unknown-freebsd aarch64-unknown-freebsd}
steps=${*:-check clippy test release}
tools=$top/target/freebsd-tools
out=${CARGO_TARGET_DIR:-target}

fail() {
    echo "ci/freebsd-cross.sh: $*" >&2
    exit 1
}

for step in $steps; do
    case "$step" in
        check|clippy|test|release) ;;
        *) fail "unknown step '$step' (steps: check clippy test release)" ;;
    esac
done
for t in $targets; do
    case "$t" in
        x86_64-unknown-freebsd|aarch64-unknown-freebsd) ;;
        *) fail "unsupported target '$t' (x86_64-unknown-freebsd, aarch64-unknown-freebsd)" ;;
    esac
done

# Debian packages, installed only when missing or of another release.
need=""
for pkg in rustc-web rust-web-src cargo-web rust-web-clippy; do
    case "$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)" in
        "$debian_rust".*) ;;
        *) need="$need $pkg=$debian_rust.*" ;;
    esac
done
command -v file >/dev/null 2>&1 || need="$need file"
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need="$need python3-venv"
if [ -n "$need" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $need </dev/null
fi
case "$(/usr/bin/rustc --version)" in
    "rustc $debian_rust".*) ;;
    *) fail "/usr/bin/rustc is not Rust $debian_rust: $(/usr/bin/rustc --version)" ;;
esac

# Zig and cargo-zigbuild in their own virtual environment, rebuilt when a pin changes.
venv=$tools/venv
pins="ziglang==$ziglang cargo-zigbuild==$cargo_zigbuild"
if [ "$(cat "$venv/pins" 2>/dev/null || true)" != "$pins" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check $pins
    echo "$pins" >"$venv/pins"
fi

# Debian's cargo, cargo-clippy and rustc first, for this script only. Zig's and
# cargo-zigbuild's caches stay under target/ too.
PATH=/usr/bin:$PATH
RUSTC=/usr/bin/rustc
RUSTC_BOOTSTRAP=1
CARGO_ZIGBUILD_PYTHON_PATH=$venv/bin/python3
CARGO_ZIGBUILD_CACHE_DIR=$tools/zigbuild-cache
ZIG_GLOBAL_CACHE_DIR=$tools/zig-cache
ZIG_LOCAL_CACHE_DIR=$tools/zig-cache
# The dev profile (check, clippy, test) without debug info: the test binaries are
# linked here, never run (measured on x86_64: 15% less CPU, half the disk).
CARGO_PROFILE_DEV_DEBUG=0
# No incremental caches: each target's query caches cost hundreds of megabytes per
# step, and a CI run never rebuilds the same crate twice.
CARGO_INCREMENTAL=0
export PATH RUSTC RUSTC_BOOTSTRAP CARGO_ZIGBUILD_PYTHON_PATH CARGO_ZIGBUILD_CACHE_DIR \
    ZIG_GLOBAL_CACHE_DIR ZIG_LOCAL_CACHE_DIR CARGO_PROFILE_DEV_DEBUG CARGO_INCREMENTAL
# cargo-zigbuild for every step, so that all of them see the same environment and
# share the std and dependencies they build.
zigbuild() {
    echo "+ cargo $*" >&2
    "$venv/bin/cargo-zigbuild" "$@"
}

# Free space on the target directory's filesystem, for the log: a full disk is the
# usual reason this step fails on a small CI machine.
free_space() {
    df -Pk "$out" 2>/dev/null | awk 'NR == 2 { printf "%d MiB free", $4 / 1024 }'
}

# file(1)'s name for the architecture of each triple.
arch_of() {
    case "$1" in
        x86_64-*) echo x86-64 ;;
        aarch64-*) echo aarch64 ;;
    esac
}

# Both triples in each cargo call: they share the host's build scripts and
# proc-macros, and cargo keeps both cores busy where one target alone is serial.
set -- -Zbuild-std=std,panic_abort --workspace
for t in $targets; do
    set -- "$@" --target "$t"
done
mkdir -p "$out"
echo "ci/freebsd-cross.sh: $targets: $steps; $(free_space)" >&2
for step in $steps; do
    started=$(date +%s)
    case "$step" in
        check) zigbuild check "$@" --all-targets ;;
        clippy) zigbuild clippy "$@" --all-targets -- -D warnings ;;
        test)
            zigbuild test "$@" --no-run
            # They link, which is what this step shows; they cannot run here, so
            # the executables (tens of megabytes each) are not kept.
            for t in $targets; do
                find "$out/$t/debug/deps" -maxdepth 1 -type f -perm -u+x ! -name '*.*' -delete
            done
            ;;
        release)
            zigbuild zigbuild "$@" --release --bin jailrun --bin jailcheck --bin integ-inside
            for t in $targets; do
                for bin in jailrun jailcheck integ-inside; do
                    path=$out/$t/release/$bin
                    kind=$(file -b "$path")
                    case "$kind" in
                        ELF*"$(arch_of "$t")"*FreeBSD*) echo "$path: $kind" ;;
                        *) fail "$path is not a FreeBSD $(arch_of "$t") ELF: $kind" ;;
                    esac
                done
            done
            ;;
    esac
    echo "ci/freebsd-cross.sh: $step: $(($(date +%s) - started)) s, $(free_space)" >&2
done
