#!/bin/sh
# The comparison page as a user sees it: `jailcheck compare` of the fixture reports
# (fixtures/reports/), opened in headless Chromium (Debian's, installed when missing),
# with filters given in the URL fragment. The page's script writes the number of rows
# it shows into #shown; the expected numbers come from the Markdown matrix of the same
# reports, a second renderer. The page must reference nothing outside itself, and the
# browser is given no way to resolve a host name.
set -eu
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq chromium </dev/null
fi
out=target/compare-browser
rm -rf "$out"
mkdir -p "$out"
jailcheck=${JAILCHECK:-target/release/jailcheck}
[ -x "$jailcheck" ] || cargo build -q --release -p jailcheck --bin jailcheck
"$jailcheck" compare fixtures/reports/*.json \
    --markdown "$out/matrix.md" --html "$out/matrix.html"
page="$(pwd)/$out/matrix.html"

# Self-contained: no script, style sheet, image or frame from elsewhere.
if grep -Eqi 'src=|<link|@import|url\(|<iframe|<img' "$page"; then
    echo "compare-browser: $page references an outside resource" >&2
    exit 1
fi

rows=$(grep -Ec '^\| (≠ )?\[?`' "$out/matrix.md")
differ=$(grep -c '^| ≠ ' "$out/matrix.md")
should=$(grep -c '^| .* | SHOULD | ' "$out/matrix.md")
freebsd_only=$(grep -c 'data-platform="freebsd"' "$page")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# Dumps the DOM of the page after its script ran with this fragment.
show() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --host-resolver-rules='MAP * ~NOTFOUND' \
        --user-data-dir="$profile" --dump-dom "file://$page$1" 2>"$out/chromium.log"
}

# Checks that the page shows $2 rows with fragment $1.
expect_shown() {
    show "$1" >"$out/dom.html"
    got=$(sed -n 's/.*<span id="shown">\([0-9]*\)<\/span>.*/\1/p' "$out/dom.html")
    if [ "$got" != "$2" ]; then
        echo "compare-browser: with '$1' the page shows '$got' rows, expected $2" >&2
        exit 1
    fi
    visible=$(grep -o '<tr class="req[^>]*>' "$out/dom.html" | grep -vc 'hidden=' || true)
    if [ "$visible" != "$2" ]; then
        echo "compare-browser: with '$1' $visible rows are visible, #shown says $2" >&2
        exit 1
    fi
}

expect_shown "" "$rows"
expect_shown "#only-differ" "$differ"
expect_shown "#level=SHOULD" "$should"
expect_shown "#platform=linux" "$((rows - freebsd_only))"

# Only where runtimes differ: runc's expected failure of delete is a shown row, and
# a requirement every runtime meets is hidden.
show "#only-differ" >"$out/dom.html"
grep -o '<tr class="req differ" id="req-delete_not_stopped_fails"[^>]*>' "$out/dom.html" |
    grep -vq 'hidden=' || {
    echo "compare-browser: the differing row delete_not_stopped_fails is not shown" >&2
    exit 1
}
grep -o '<tr class="req" id="req-state_id"[^>]*>' "$out/dom.html" | grep -q 'hidden=' || {
    echo "compare-browser: state_id, met by every runtime, is shown with #only-differ" >&2
    exit 1
}
# Filtering by platform hides the other platform's runs.
show "#platform=linux" >"$out/dom.html"
if grep -o '<t[hd] data-os="freebsd"[^>]*>' "$out/dom.html" | grep -vq 'hidden='; then
    echo "compare-browser: the FreeBSD run is shown with #platform=linux" >&2
    exit 1
fi
echo "compare-browser: $rows rows, $differ differing, filters work in $(chromium --version)"
