#!/bin/sh
# The suite against the other FreeBSD jail runtimes, runnable by hand as root on
# any FreeBSD 14.x/15.x host (the CI job calls it after jailrun's run):
#   sh ci/freebsd-third-party.sh [RUNTIME...]      (default: runj ocijail)
# runj is built from its source at the commit its expectations file names
# (fixtures/expectations/runj.txt: samuelkarp/runj@COMMIT), with Go from FreeBSD
# packages, and installed in /usr/local/bin (runj finds runj-entrypoint in PATH):
# the packaged runj is older than the runj those expectations were read from.
# Other runtimes are installed from FreeBSD packages, else built from the ports
# tree when /usr/ports has it. Each is then checked with its expectations file
# (fixtures/expectations/<name>.txt). The command line is probed from the
# runtime's --help (runj has no --root and no delete --force; see README).
#
# Reports go to $JAILCHECK_THIRD_PARTY_REPORTS (default target/reports/third-party):
# <name>.json, <name>.xml (JUnit), <name>.md, <name>.log (console), <name>.install.log,
# and summary.md with one row per runtime. A runtime that cannot be installed gets
# a row saying so, and a JUnit file with one failing case, never silence.
#
# Exit status: 0 when every runtime was installed and jailcheck exited 0 (its
# expectations hold); 1 otherwise. JAILCHECK_THIRD_PARTY_ADVISORY=1 reports the
# same and exits 0, for runs that only collect evidence.
set -u
cd "$(dirname "$0")/.."
reports=${JAILCHECK_THIRD_PARTY_REPORTS:-target/reports/third-party}
runtimes=${*:-runj ocijail}
mkdir -p "$reports"
if [ ! -x target/release/jailcheck ] || [ ! -f target/integ-inside ]; then
    make build integ-inside || exit 1
fi

summary=$reports/summary.md
{
    echo "# jailcheck against third-party FreeBSD runtimes"
    echo
    echo "Host: $(uname -sr) $(uname -m). Suite: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
    echo
    echo "| runtime | installed from | version | jailcheck exit | result | left in its state directory |"
    echo "|---|---|---|---|---|---|"
} >"$summary"
status=0

# Installs $1 if it is not on PATH, logging to $log; sets $from to where it came
# from, or fails.
install_runtime() {
    rt=$1
    if [ "$rt" = runj ]; then
        build_runj
        return
    fi
    if command -v "$rt" >/dev/null 2>&1; then
        from="already installed"
        return 0
    fi
    if env ASSUME_ALWAYS_YES=yes pkg install -y "$rt" >>"$log" 2>&1 &&
        command -v "$rt" >/dev/null 2>&1; then
        from="pkg ($(pkg query '%o %v' "$rt" 2>/dev/null))"
        return 0
    fi
    for port in /usr/ports/*/"$rt"; do
        [ -f "$port/Makefile" ] || continue
        if make -C "$port" BATCH=yes install clean >>"$log" 2>&1 &&
            command -v "$rt" >/dev/null 2>&1; then
            from="ports ($port)"
            return 0
        fi
    done
    return 1
}

# Builds runj and runj-entrypoint at the commit fixtures/expectations/runj.txt
# names and installs them in /usr/local/bin; sets $from, or fails saying why.
build_runj() {
    commit=$(sed -n 's|.*samuelkarp/runj@\([0-9a-f]\{40\}\).*|\1|p' fixtures/expectations/runj.txt | head -n 1)
    if [ -z "$commit" ]; then
        echo "fixtures/expectations/runj.txt names no samuelkarp/runj@COMMIT" >>"$log"
        return 1
    fi
    if pkg info -e runj 2>/dev/null; then
        echo "the runj package is installed (older than $commit): pkg delete runj first" >>"$log"
        return 1
    fi
    if ! command -v go >/dev/null 2>&1; then
        env ASSUME_ALWAYS_YES=yes pkg install -y go >>"$log" 2>&1 || return 1
    fi
    src=$(pwd)/target/third-party/runj-$commit
    rm -rf "$src"
    mkdir -p "$src"
    {
        fetch -o "$src.tar.gz" "https://github.com/samuelkarp/runj/archive/$commit.tar.gz" &&
            tar -xzf "$src.tar.gz" -C "$src" --strip-components 1 &&
            (cd "$src" && go build -o bin/runj ./cmd/runj &&
                go build -o bin/runj-entrypoint ./cmd/runj-entrypoint) &&
            install -m 0755 "$src/bin/runj" "$src/bin/runj-entrypoint" /usr/local/bin/
    } >>"$log" 2>&1 || return 1
    from="source (samuelkarp/runj@$(echo "$commit" | cut -c1-12), $(go version | cut -d' ' -f3))"
}

# Writes the reports of a runtime that could not be installed: $1 name, $2 why.
not_installed() {
    rt=$1
    why=$2
    rm -f "$reports/$rt.json" "$reports/$rt.xml" "$reports/$rt.md"
    sh ci/missing-reports.sh "$reports" "$rt" "$why"
    echo "| $rt | NOT INSTALLED | - | - | $why | - |" >>"$summary"
    echo "ci/freebsd-third-party.sh: $rt: NOT TESTED: $why" >&2
}

# The entries of a runtime's fixed state directory (runj keeps one: state/dir.go).
state_entries() {
    case "$1" in
        runj) ls /var/lib/runj/jails 2>/dev/null ;;
    esac
}

for rt in $runtimes; do
    log=$reports/$rt.install.log
    : >"$log"
    if ! install_runtime "$rt"; then
        not_installed "$rt" "it could not be installed or built: see $rt.install.log"
        status=1
        continue
    fi
    path=$(command -v "$rt")
    version=$("$path" --version 2>/dev/null | head -n 1)
    before=$(state_entries "$rt")
    set -- --runtime "$path" --helper target/integ-inside \
        --report "$reports/$rt.json" --junit "$reports/$rt.xml" --markdown "$reports/$rt.md"
    if [ -f "fixtures/expectations/$rt.txt" ]; then
        set -- "$@" --expectations "fixtures/expectations/$rt.txt"
    fi
    target/release/jailcheck "$@" >"$reports/$rt.log" 2>&1
    code=$?
    after=$(state_entries "$rt")
    left=$(printf '%s\n' "$after" | grep -vxF "$before" | grep -v '^$' | tr '\n' ' ')
    result=$(grep '^jailcheck: .* passed, ' "$reports/$rt.log" | tail -n 1 | sed "s|^jailcheck: $path: ||")
    [ -n "$result" ] || result="no verdict (see $rt.log): $(tail -n 1 "$reports/$rt.log")"
    echo "| $rt | $from | ${version:--} | $code | $result | ${left:-nothing} |" >>"$summary"
    echo "ci/freebsd-third-party.sh: $rt: $result"
    if [ "$code" -ne 0 ] || [ -n "$left" ]; then
        status=1
    fi
done

cat "$summary"
if [ "${JAILCHECK_THIRD_PARTY_ADVISORY:-0}" = 1 ]; then
    exit 0
fi
exit "$status"
