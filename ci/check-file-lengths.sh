#!/bin/sh
# No source file over 400 lines of non-test code (issue 19): counts each .rs file's
# lines up to its trailing `#[cfg(test)]` module; files that are tests as a whole
# (under tests/, or named *_tests.rs) are not counted. Prints the offenders.
set -eu
cd "$(dirname "$0")/.."
limit=${1:-400}
status=0
for f in $(git ls-files '*.rs' | grep -v -e '/tests/' -e '_tests\.rs$'); do
    n=$(awk '/^#\[cfg\(test\)\]/ { if ((getline nl) > 0) { if (nl ~ /^mod /) exit; n++ } } { n++ } END { print n + 0 }' "$f")
    if [ "$n" -gt "$limit" ]; then
        echo "$f: $n non-test lines (limit $limit)"
        status=1
    fi
done
exit $status
