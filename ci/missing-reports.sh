#!/bin/sh
# Writes the three reports of a jailcheck run that did not happen, so that CI
# always has a JSON, a JUnit and a Markdown file to show, each saying why:
#   sh ci/missing-reports.sh DIR NAME REASON
# writes DIR/NAME.json, DIR/NAME.xml (one failing test case) and DIR/NAME.md,
# leaving alone any of them that a run did write.
set -eu
dir=${1:?usage: ci/missing-reports.sh DIR NAME REASON}
name=${2:?usage: ci/missing-reports.sh DIR NAME REASON}
why=${3:?usage: ci/missing-reports.sh DIR NAME REASON}
mkdir -p "$dir"
# The reason goes into JSON and XML: keep it to characters that need no escaping.
why=$(printf '%s' "$why" | tr -d '"\\<>&' | tr '\n' ' ')
if [ ! -s "$dir/$name.json" ]; then
    printf '{"runtime": "%s", "ran": false, "reason": "%s"}\n' "$name" "$why" >"$dir/$name.json"
fi
if [ ! -s "$dir/$name.xml" ]; then
    cat >"$dir/$name.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jailcheck" tests="1" failures="1">
  <testsuite name="$name" tests="1" failures="1">
    <testcase name="run" classname="$name">
      <failure message="$why">$why</failure>
    </testcase>
  </testsuite>
</testsuites>
EOF
fi
if [ ! -s "$dir/$name.md" ]; then
    echo "$name: not tested: $why" >"$dir/$name.md"
fi
