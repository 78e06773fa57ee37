#!/bin/sh
# The FreeBSD CI job, runnable by hand as root on any FreeBSD 14.x/15.x host:
#   sh ci/freebsd-ci.sh
# Stages, each run whatever happened to the ones before it:
#   host         toolchain, the kernel modules and devfs ruleset the tests need
#   build        make build integ-inside
#   unit         make test (the workspace's tests, the whole self-test included)
#   suite        make integ-test (the suite against jailrun)
#   selftest     the self-test's FreeBSD modes on their own
#   third-party  runj (built at the commit its expectations were read from) and
#                ocijail (packages): ci/freebsd-third-party.sh
# Everything lands in target/reports/, which the CI jobs upload: one log per stage,
# jailrun.json/.xml/.md (written even when the suite could not run, saying why),
# third-party/, summary.md (one row per stage) and summary.xml (the same as JUnit).
# Exit status: 0 when every stage passed, 1 otherwise.
set -u
cd "$(dirname "$0")/.."
reports=target/reports
mkdir -p "$reports"
# A report left by an earlier run must not pass for this run's.
rm -f "$reports"/jailrun.json "$reports"/jailrun.xml "$reports"/jailrun.md \
    "$reports"/summary.md "$reports"/summary.xml
rows=$reports/.stage-rows
: >"$rows"
failed=0

# The kernel modules the FreeBSD tests need (harness::host_needs names the same):
# if_epair for vnet peers, pf for /dev/pf (freebsd.devices), tmpfs for the
# allow.mount.tmpfs jail parameter, sysv* for the sysv* jail parameters. nullfs,
# fdescfs and procfs are loaded too: mount(2) would load them itself
# (vfs_byname_kld), loading them first only makes the log show they exist.
MODULES="if_epair pf tmpfs nullfs fdescfs procfs sysvmsg sysvsem sysvshm"

# Prepares the host; says what it did, fails when something the tests need is missing.
prepare_host() {
    ok=0
    echo "host: $(uname -srm), $(freebsd-version -ku 2>/dev/null | tr '\n' ' ')"
    if ! command -v cargo >/dev/null 2>&1; then
        env ASSUME_ALWAYS_YES=yes pkg install -y rust || ok=1
    fi
    command -v cargo >/dev/null 2>&1 && cargo --version
    for mod in $MODULES; do
        if kldstat -q -m "$mod"; then
            echo "module $mod: present"
        elif kldload "$mod"; then
            echo "module $mod: loaded now"
        else
            echo "module $mod: MISSING (kldload $mod failed)"
            ok=1
        fi
    done
    # vnet jails need a VIMAGE kernel (kern.features.vimage, sys/net/vnet.c).
    if [ "$(sysctl -n -i kern.features.vimage)" = 1 ]; then
        echo "kernel feature vimage: present"
    else
        echo "kernel feature vimage: MISSING (the vnet tests will be skipped)"
        ok=1
    fi
    # devfs ruleset 4 (devfsrules_jail) is loaded at boot by rc.d/devfs.
    if ! devfs rule -s 4 show | grep -q .; then
        service devfs restart
    fi
    if devfs rule -s 4 show | grep -q .; then
        echo "devfs ruleset 4: present"
    else
        echo "devfs ruleset 4: MISSING (service devfs restart did not load it)"
        ok=1
    fi
    return "$ok"
}

# The self-test's FreeBSD modes (trials named freebsd::REQUIREMENT::MODE).
selftest_freebsd() {
    cargo test -p jailcheck --test broken_runtimes -- freebsd::
}

# stage NAME COMMAND...: runs COMMAND, its output to the job's log and to
# $reports/NAME.log, and records one row: status, duration, what the log says.
stage() {
    name=$1
    shift
    log=$reports/$name.log
    echo "==> $name: $*"
    start=$(date +%s)
    { "$@"; echo $? >"$reports/.$name.rc"; } 2>&1 | tee "$log"
    code=$(cat "$reports/.$name.rc" 2>/dev/null || echo 127)
    rm -f "$reports/.$name.rc"
    secs=$(($(date +%s) - start))
    if [ "$code" -eq 0 ]; then
        status=passed
    else
        status="FAILED (exit $code)"
        failed=1
    fi
    echo "<== $name: $status in ${secs}s"
    printf '%s|%s|%s|%s\n' "$name" "$status" "$secs" "$(detail "$name" "$log" | tr '|<>&"' '/    ')" >>"$rows"
}

# The line of a stage's log worth a glance in the summary.
detail() {
    case "$1" in
        unit | selftest) grep -E '^test result: ' "$2" | grep -v ' 0 failed' | head -n 1 ;;
        suite) grep -E '^jailcheck: .* passed, ' "$2" | tail -n 1 ;;
        third-party) grep -E '^ci/freebsd-third-party.sh: ' "$2" | tr '\n' ' ' ;;
        *) grep -E 'MISSING|error' "$2" | head -n 3 | tr '\n' ' ' ;;
    esac
}

stage host prepare_host
stage build make build integ-inside
stage unit make test
stage suite make integ-test
sh ci/missing-reports.sh "$reports" jailrun \
    "make integ-test wrote no report: see suite.log (and build.log)"
stage selftest selftest_freebsd
stage third-party sh ci/freebsd-third-party.sh

{
    echo "# FreeBSD job"
    echo
    echo "Host: $(uname -sr) $(uname -m). Suite: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
    echo
    echo "| stage | status | seconds | detail | log |"
    echo "|---|---|---|---|---|"
    while IFS='|' read -r name status secs what; do
        echo "| $name | $status | $secs | ${what:--} | $name.log |"
    done <"$rows"
    echo
    echo "Reports: jailrun.json, jailrun.xml, jailrun.md; third-party/summary.md."
} >"$reports/summary.md"
{
    total=$(wc -l <"$rows" | tr -d ' ')
    bad=$(grep -c '|FAILED' "$rows")
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuites name=\"freebsd-ci\" tests=\"$total\" failures=\"$bad\">"
    echo "  <testsuite name=\"stages\" tests=\"$total\" failures=\"$bad\">"
    while IFS='|' read -r name status secs what; do
        echo "    <testcase name=\"$name\" classname=\"freebsd-ci\" time=\"$secs\">"
        case "$status" in
            FAILED*) echo "      <failure message=\"$status\">see $name.log</failure>" ;;
        esac
        echo "    </testcase>"
    done <"$rows"
    echo "  </testsuite>"
    echo "</testsuites>"
} >"$reports/summary.xml"
rm -f "$rows"
cat "$reports/summary.md"
exit "$failed"
