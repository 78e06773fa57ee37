#!/bin/sh
# Writes the conformance matrix of the reports in one or more directories:
#   ci/matrix.sh DIR [MORE_DIR...]
# reads DIR/*.json (and MORE_DIR/*.json) written by `jailcheck --report` (a
# placeholder that ci/missing-reports.sh wrote for a run that did not happen has
# no schema and is named instead) and writes DIR/matrix.md and DIR/matrix.html
# with `jailcheck compare`. Exits 1 when no directory holds a run's report.
set -eu
cd "$(dirname "$0")/.."
dir=${1:?usage: ci/matrix.sh DIR [MORE_DIR...]}
jailcheck=${JAILCHECK:-target/release/jailcheck}
reports=""
count=0
for d in "$@"; do
    for report in "$d"/*.json; do
        [ -f "$report" ] || continue
        if grep -q '^  "schema": ' "$report"; then
            # Newline-separated: report paths come from our own directories.
            reports="$reports
$report"
            count=$((count + 1))
        else
            echo "ci/matrix.sh: $report is not a run's report (placeholder?), left out" >&2
        fi
    done
done
if [ "$count" -eq 0 ]; then
    echo "ci/matrix.sh: no report in $*" >&2
    exit 1
fi
set --
while IFS= read -r report; do
    [ -n "$report" ] && set -- "$@" "$report"
done <<EOF_REPORTS
$reports
EOF_REPORTS
"$jailcheck" compare "$@" --markdown "$dir/matrix.md" --html "$dir/matrix.html"
echo "ci/matrix.sh: $dir/matrix.md and $dir/matrix.html from $count reports"
