#!/bin/sh
# Writes the conformance matrix of the reports in a directory: ci/matrix.sh DIR
# reads DIR/*.json written by `jailcheck --report` (a placeholder that
# ci/missing-reports.sh wrote for a run that did not happen has no schema and is
# named instead) and writes DIR/matrix.md and DIR/matrix.html with `jailcheck compare`.
set -eu
cd "$(dirname "$0")/.."
dir=${1:?usage: ci/matrix.sh DIR}
jailcheck=${JAILCHECK:-target/release/jailcheck}
set --
for report in "$dir"/*.json; do
    [ -f "$report" ] || continue
    if grep -q '^  "schema": ' "$report"; then
        set -- "$@" "$report"
    else
        echo "ci/matrix.sh: $report is not a run's report (placeholder?), left out" >&2
    fi
done
if [ $# -eq 0 ]; then
    echo "ci/matrix.sh: no report in $dir" >&2
    exit 1
fi
"$jailcheck" compare "$@" --markdown "$dir/matrix.md" --html "$dir/matrix.html"
echo "ci/matrix.sh: $dir/matrix.md and $dir/matrix.html from $# reports"
