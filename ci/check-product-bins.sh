#!/bin/sh
# The product package installs its product alone (issue 19): `cargo install --path
# conformance` must install `jailcheck` and nothing else, so the test doubles and the
# benchmark live in another package. Reads the workspace metadata; prints what is wrong.
set -eu
cd "$(dirname "$0")/.."
cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
packages = {p["name"]: p for p in json.load(sys.stdin)["packages"]}
want = {"jailcheck": ["jailcheck"], "jailrun": ["jailrun"], "integ-inside": ["integ-inside"]}
bad = 0
for name, bins in want.items():
    got = sorted(t["name"] for t in packages[name]["targets"] if "bin" in t["kind"])
    if got != bins:
        print(f"package {name} installs {got}, want only {bins}")
        bad = 1
sys.exit(bad)
'
