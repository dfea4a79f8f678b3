#!/usr/bin/env bash
# Runs `marketbrief bench` and a Python + Jinja2 + lxml pipeline doing the same stages
# (analysis windows, a text brief, an HTML page with six SVG charts, an lxml parse, three
# atomic writes per brief) on the same synthetic history, and prints both figures.
# Usage: scripts/compare-python.sh [YEARS]   (release build; needs python3-venv and PyPI)
set -euo pipefail
cd "$(dirname "$0")/.."
years=${1:-10}
venv=.venv-bench
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q jinja2 lxml
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release -q
.build/release/marketbrief bench --years "$years" --work "$work/swift"
"$venv/bin/python" scripts/python_pipeline.py "$work/swift/daily.csv" "$work/python"
