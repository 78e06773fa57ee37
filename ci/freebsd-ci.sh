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
#   matrix       ci/matrix.sh: matrix.md and matrix.html of every runtime that ran
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
    "$reports"/matrix.md "$reports"/matrix.html "$reports"/summary.md "$reports"/summary.xml
rows=$reports/.stage-rows
: >"$rows"
failed=0

# The self-test's FreeBSD modes (trials named freebsd::REQUIREMENT::MODE); the
# self-test runs the jailcheck built next to the doubles.
selftest_freebsd() {
    cargo build -p jailcheck --bin jailcheck &&
        cargo test -p jailcheck-doubles --test broken_runtimes -- freebsd::
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
        third-party | matrix) grep -E '^ci/(freebsd-third-party|matrix)\.sh: ' "$2" | tr '\n' ' ' ;;
        *) grep -E 'MISSING|error' "$2" | head -n 3 | tr '\n' ' ' ;;
    esac
}

stage host sh ci/freebsd-host.sh
stage build make build integ-inside
stage unit make test
stage suite make integ-test
sh ci/missing-reports.sh "$reports" jailrun \
    "make integ-test wrote no report: see suite.log (and build.log)"
stage selftest selftest_freebsd
stage third-party sh ci/freebsd-third-party.sh
# One matrix of jailrun, runj and ocijail; a runtime that did not run (its
# report a placeholder) is left out and named in matrix.log.
stage matrix sh ci/matrix.sh "$reports" "$reports/third-party"

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
    echo "Reports: jailrun.json, jailrun.xml, jailrun.md; third-party/summary.md; matrix.md and matrix.html (jailrun and the third-party runtimes side by side)."
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
