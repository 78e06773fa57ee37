#!/bin/sh
# The matrix of every report in downloaded CI artifacts, for the final job of a
# workflow: ci/matrix-artifacts.sh OUT DIR
# reads DIR/ARTIFACT/*.json and DIR/ARTIFACT/third-party/*.json (one directory per
# artifact, as actions/download-artifact leaves several), and DIR/*.json (where
# it leaves a single matched artifact), writes OUT/matrix.md and OUT/matrix.html
# with ci/matrix.sh, and appends matrix.md to $GITHUB_STEP_SUMMARY when that is
# set. Placeholders of runs that did not happen are left out.
set -eu
out=${1:?usage: ci/matrix-artifacts.sh OUT DIR}
dir=${2:?usage: ci/matrix-artifacts.sh OUT DIR}
mkdir -p "$out"
# ci/matrix.sh changes to the repository's root: absolute paths for what it reads.
out=$(cd "$out" && pwd)
dir=$(cd "$dir" && pwd)
set -- "$out" "$dir"
for artifact in "$dir"/*/; do
    if [ -d "$artifact" ]; then
        set -- "$@" "${artifact%/}"
    fi
    if [ -d "${artifact}third-party" ]; then
        set -- "$@" "${artifact}third-party"
    fi
done
sh "$(dirname "$0")/matrix.sh" "$@"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$out/matrix.md" >>"$GITHUB_STEP_SUMMARY"
fi
