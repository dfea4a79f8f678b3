#!/usr/bin/env bash
# Publishes three months of the sample (BTC and ETH) and checks, in headless Chromium at 390 px
# and 1280 px, light and dark, the pages a reader meets: the crash day, a quiet day, the home
# page, an archive month and a diff page (scripts/browser/check.py lists what it checks).
# Screenshots of every page view go to the folder it prints (CI keeps it as an artifact). Each
# page view is also checked with axe-core's WCAG 2.2 AA rules: axe.min.js is $AXE_JS, else the
# one .ci/run installs in .venv-lint (PyPI's axe-playwright-python).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${AXE_JS:-}" ]; then
    AXE_JS=$(compgen -G ".venv-lint/lib/python3*/site-packages/axe_playwright_python/axe.min.js" | head -n 1 || true)
    [ -n "$AXE_JS" ] || { echo "browser check: no axe.min.js: run .ci/run, or set AXE_JS"; exit 1; }
fi
export AXE_JS
binary=${MARKETBRIEF_BINARY:-.build/debug/marketbrief}
shots=${SCREENSHOTS:-$PWD/.ci-artifacts/screenshots}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$binary" backfill --out "$out" --from 2025-06-01 --to 2025-08-31 --asset BTC --asset ETH --quiet 2>/dev/null
"$binary" publish --out "$out" --quiet
rm -rf "$shots"
python3 scripts/browser/check.py "$out/site" "$shots" \
    briefs/BTC/2025-08-26/index.html briefs/ETH/2025-08-26/index.html briefs/BTC/2025-07-02/index.html \
    index.html archive/index.html archive/2025-08.html briefs/BTC/index.html briefs/BTC/2025-08-26/diff.html
# The check must catch planted errors: the crash day with its chart text shrunk, a table made
# wider than a phone, the flow bars in the earlier red and green (1.2:1 apart in lightness),
# each section kept whole in print (pages left half empty before a section that does not fit),
# the summary pushed down so the story's chart starts below a phone's first screen, the data
# line drawn in the chart's background colour, the chart labels moved down onto their lines
# (the support label struck through by its dashed line), and the kicker on a translucent grey
# that leaves its text at 3:1 (checks.js took the white under it).
sed 's|</head>|<style>svg .axis { font-size: 12px !important; } table { min-width: 900px; } svg .bar.bullish { fill: #1b7a2a !important; } svg .bar.bearish { fill: #b3261e !important; } @media print { section { break-inside: avoid; } } #summary { padding-top: 900px; } svg .line { stroke: var(--panel) !important; } svg text.note { transform: translateY(5px); } p.kicker { background: rgba(91, 91, 102, 0.5); }</style></head>|' \
    "$out/site/briefs/BTC/2025-08-26/index.html" >"$out/site/briefs/BTC/2025-08-26/planted.html"
if python3 scripts/browser/check.py "$out/site" "$out/planted-shots" briefs/BTC/2025-08-26/planted.html >"$out/planted.txt"; then
    echo "browser check: a page with planted errors passed"; exit 1
fi
grep -q "bullish and bearish bars differ" "$out/planted.txt" || { echo "browser check: planted bar colours passed"; exit 1; }
grep -q "(print): printed page" "$out/planted.txt" || { echo "browser check: planted print layout passed"; exit 1; }
grep -q "below the first screen" "$out/planted.txt" || { echo "browser check: a story chart pushed off a phone's first screen passed"; exit 1; }
grep -q "polyline.line has contrast" "$out/planted.txt" || { echo "browser check: a data line in the background's colour passed"; exit 1; }
grep -q "a line (level) crosses \"support" "$out/planted.txt" || { echo "browser check: a label struck through by its own line passed"; exit 1; }
grep -q "on its translucent background" "$out/planted.txt" || { echo "browser check: text on a translucent background under AA passed"; exit 1; }
# …and a diff page whose table of numbers keeps its four columns on a phone (figures wrapped).
sed 's|<table class="stacked numbers">|<table class="numbers">|' \
    "$out/site/briefs/BTC/2025-08-26/diff.html" >"$out/site/briefs/BTC/2025-08-26/planted-diff.html"
if python3 scripts/browser/check.py "$out/site" "$out/planted-shots" briefs/BTC/2025-08-26/planted-diff.html >"$out/planted-diff.txt"; then
    echo "browser check: a diff page with wrapped figures passed"; exit 1
fi
grep -q "is wrapped over" "$out/planted-diff.txt" || { echo "browser check: planted wrapped figures passed"; exit 1; }
# …and a page with planted accessibility errors axe-core must name: an image without a text
# alternative and faint text on a tinted background.
sed 's|</main>|<img src="chart.png"><p class="notice" style="color: #9a9aa5">Faint words on a tint.</p></main>|' \
    "$out/site/index.html" >"$out/site/planted-axe.html"
if python3 scripts/browser/check.py "$out/site" "$out/planted-shots" planted-axe.html >"$out/planted-axe.txt"; then
    echo "browser check: a page with planted accessibility errors passed"; exit 1
fi
grep -q "axe image-alt" "$out/planted-axe.txt" || { echo "browser check: axe missed an image without alt"; exit 1; }
grep -q "axe color-contrast" "$out/planted-axe.txt" || { echo "browser check: axe missed faint text"; exit 1; }
echo "browser check: pages with planted errors are refused ($(grep -c "(phone" "$out/planted.txt") problem(s) on the phone, $(grep -c "(print)" "$out/planted.txt") in print, $(grep -c "is wrapped over" "$out/planted-diff.txt") wrapped figure(s) on a diff page, $(grep -c "axe " "$out/planted-axe.txt") axe violation(s) on a page with planted accessibility errors)"
