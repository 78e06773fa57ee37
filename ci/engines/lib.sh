# Shared by the engine end-to-end scripts (sourced, not run). POSIX sh.
# Sets: RUNTIME (absolute path of the runtime under test), WORK (private scratch
# directory, removed on exit), T0 (start time). Each check that fails exits 1.

set -eu

# The runtime under test: `jailrun` (this tree's release build), a name in PATH
# (runc), or a path.
resolve_runtime() {
    case "$1" in
        jailrun) RUNTIME=$(pwd)/target/release/jailrun ;;
        */*) RUNTIME=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") ;;
        *) RUNTIME=$(command -v "$1") || fail "runtime $1: not found in PATH" ;;
    esac
    [ -x "$RUNTIME" ] || fail "runtime $RUNTIME: not executable (run make build first?)"
}

fail() {
    echo "$ENGINE: FAIL: $*" >&2
    exit 1
}

step() {
    echo "$ENGINE: $*"
}

# need COMMAND PACKAGE: installs PACKAGE from the distribution when COMMAND is missing.
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null 2>&1 || fail "$1 is missing and there is no apt-get to install $2"
    step "installing $2"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh image may have no package lists yet.
    apt-get install -y -q "$2" </dev/null >/dev/null 2>&1 ||
        { apt-get update -qq </dev/null && apt-get install -y -q "$2" </dev/null >/dev/null; } ||
        fail "cannot install $2"
}

# expect_eq GOT WANT WHAT
expect_eq() {
    [ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_for() {
    limit=$1 what=$2
    shift 2
    end=$(($(date +%s) + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$end" ] || fail "$what: not within ${limit}s"
        sleep 0.05
    done
}

# A root filesystem of a static busybox, as a tar archive at $1.
busybox_rootfs_tar() {
    bb=$(command -v busybox) || fail "no busybox (install busybox-static)"
    file_is_static "$bb" || fail "$bb is not static (install busybox-static)"
    r=$WORK/rootfs
    mkdir -p "$r/bin" "$r/proc" "$r/dev" "$r/sys" "$r/tmp" "$r/etc" "$r/run" "$r/root"
    cp "$bb" "$r/bin/busybox"
    for a in sh echo cat sleep ls ps id pwd env true false kill wc test; do
        ln -s busybox "$r/bin/$a"
    done
    tar -C "$r" -cf "$1" .
}

file_is_static() {
    # ldd fails on a binary that has no program interpreter.
    [ -x "$1" ] && ! ldd "$1" >/dev/null 2>&1
}

# Fails if anything under $WORK is still mounted or a process still names $WORK.
nothing_left_under_work() {
    if grep -q " $WORK" /proc/self/mountinfo; then
        fail "mounts left under $WORK: $(grep " $WORK" /proc/self/mountinfo | cut -d' ' -f5 | tr '\n' ' ')"
    fi
    left=$(processes_naming "$WORK")
    [ -z "$left" ] || fail "processes left: $left"
}

# PIDs (with command lines) of processes whose command line holds $1.
processes_naming() {
    for p in /proc/[0-9]*; do
        [ "${p#/proc/}" = "$$" ] && continue
        c=$( (tr '\0' ' ' <"$p/cmdline") 2>/dev/null) || continue
        case "$c" in *"$1"*) echo "${p#/proc/}:$c" ;; esac
    done
}

# Exported runs call this at the end: prints the total time.
finish() {
    step "PASS in $(($(date +%s) - T0))s (runtime $RUNTIME)"
}

T0=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jailrun-$ENGINE.XXXXXX")

# oci_archive LAYER_TAR OUT: an OCI image layout (one uncompressed layer, tag "1")
# as a tar archive, for engines that import images without a registry.
oci_archive() {
    o=$WORK/oci
    mkdir -p "$o/blobs/sha256"
    case "$(uname -m)" in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
    layer=$(blob "$1")
    layer_size=$(wc -c <"$1")
    printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
        "$arch" "$layer" >"$o/config.json"
    config=$(blob "$o/config.json")
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
        "$config" "$(wc -c <"$o/config.json")" "$layer" "$layer_size" >"$o/manifest.json"
    manifest=$(blob "$o/manifest.json")
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1"}}]}' \
        "$manifest" "$(wc -c <"$o/manifest.json")" >"$o/index.json"
    echo '{"imageLayoutVersion":"1.0.0"}' >"$o/oci-layout"
    rm "$o/config.json" "$o/manifest.json"
    tar -C "$o" -cf "$2" oci-layout index.json blobs
}

# blob FILE: copies FILE into the layout's blobs under its digest; prints the digest.
blob() {
    d=$(sha256sum "$1" | cut -d' ' -f1)
    cp "$1" "$o/blobs/sha256/$d"
    echo "$d"
}
