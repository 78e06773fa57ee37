#!/bin/sh
# Checks that a matrix shows each deviation an expectations file lists as a row
# where runtimes differ: ci/deviations-differ.sh EXPECTATIONS REPORT.json MATRIX.md
# For every test the expectations file names, the requirement its failure was
# charged to (the REPORT's checks that are not met) must be a row marked ≠ in the
# Markdown matrix. An intermittent entry whose test passed in this run, and a test
# reported as newer than the runtime's spec version, are checked the same way
# (newer counts as not met); a test the run skipped is named and left out.
set -eu
expectations=${1:?usage: ci/deviations-differ.sh EXPECTATIONS REPORT.json MATRIX.md}
report=${2:?usage: ci/deviations-differ.sh EXPECTATIONS REPORT.json MATRIX.md}
matrix=${3:?usage: ci/deviations-differ.sh EXPECTATIONS REPORT.json MATRIX.md}
exec python3 - "$expectations" "$report" "$matrix" <<'PY'
import json, re, sys
expectations, report, matrix = sys.argv[1:4]
listed = {}
for line in open(expectations, encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#") and ": " in line:
        name, rest = line.split(": ", 1)
        listed[name.strip()] = rest.strip().startswith("intermittent:")
tests = {t["name"]: t for t in json.load(open(report, encoding="utf-8"))["tests"]}
differing = set(re.findall(r"^\| ≠ \[?`([a-z0-9_]+)`", open(matrix, encoding="utf-8").read(), re.M))
not_met = {"fail", "expected-fail", "expected_fail", "warn", "newer"}
missing, checked = [], 0
for name, intermittent in sorted(listed.items()):
    test = tests.get(name)
    if test is None:
        missing.append(f"{name}: not in {report}")
        continue
    charged = [c["requirement"] for c in test["checks"] if c["outcome"].replace(" ", "-") in not_met]
    if not charged:
        if intermittent or test["outcome"] == "skip":
            print(f"deviations-differ: {name} was not a deviation in this run ({test['outcome']}), left out")
            continue
        missing.append(f"{name}: {test['outcome']} with no requirement charged")
        continue
    checked += 1
    for req in charged:
        if req not in differing:
            missing.append(f"{name}: requirement {req} is not a differing row of {matrix}")
for m in missing:
    print(f"deviations-differ: {m}", file=sys.stderr)
if missing:
    sys.exit(1)
print(f"deviations-differ: each of the {checked} deviations of {expectations} is a differing row")
PY
