#!/usr/bin/env bash
# marketbrief against its peers on the same synthetic history, interleaved, ROUNDS rounds:
#   backfill  vs  scripts/peers/python_pipeline.py (Python + Jinja2 + lxml doing the same work:
#                 the seven charts, the validator's rules, brief.json with claims, atomic folders)
#   publish   vs  Hugo (Debian's `hugo`) building the same pages (scripts/peers/hugo_site.py)
# and prints each round and the ratios with their ranges. Everything runs on this machine, one
# process at a time; CPU and peak memory come from GNU time.
# Usage: scripts/compare-peers.sh [YEARS] [ROUNDS]   (needs cc, python3-venv, PyPI, hugo, /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
years=${1:-10}
rounds=${2:-3}
command -v hugo >/dev/null || { echo "compare-peers: install Debian's hugo (apt-get install hugo)"; exit 2; }
[ -x /usr/bin/time ] || { echo "compare-peers: install GNU time (apt-get install time)"; exit 2; }
venv=.venv-bench
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q jinja2 lxml
fi
swift build -c release -q
mb=$PWD/.build/release/marketbrief
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The history, its store, its briefs and its site, once (and the benchmark's own table).
"$mb" bench --years "$years" --repeats 1 --work "$work"
first=$(date -u -d "2025-08-31 - $((years * 365 - 1)) days" +%F)
briefs=$((years * 365 * 3))
python3 scripts/peers/hugo_site.py "$work/out/site" "$work/hugo" >/dev/null

measure() { # NAME COMMAND...: one line "NAME wall user sys peakKB"
    local name=$1; shift
    /usr/bin/time -f "$name %e %U %S %M" -o "$work/time" "$@" >"$work/log" 2>&1 || { echo "compare-peers: $name failed:"; tail -5 "$work/log"; exit 1; }
    cat "$work/time"
}
results=$work/results
for _ in $(seq "$rounds"); do
    rm -rf "$work/out/briefs"
    measure backfill "$mb" backfill --from "$first" --to 2025-08-31 --db "$work/bench.sqlite" --out "$work/out" \
        --asset BTC --asset ETH --asset SOL --quiet
    rm -rf "$work/py"
    measure python "$venv/bin/python" scripts/peers/python_pipeline.py "$work/daily.csv" "$work/py"
    rm -rf "$work/out/site" "$work/out/.site-standby" "$work/out/.site-manifest" "$work/out/.site-standby-manifest"
    measure publish "$mb" publish --out "$work/out" --base-url https://example.org/ --quiet
    rm -rf "$work/hugo/public"
    measure hugo hugo -s "$work/hugo" -d "$work/hugo/public" --quiet
done | tee "$results"
pages=$(find "$work/out/site" -name '*.html' | wc -l)
hugo_pages=$(find "$work/hugo/public" -name '*.html' | wc -l)
echo "$briefs briefs; marketbrief's site: $pages HTML pages; Hugo's: $hugo_pages"
python3 - "$results" "$briefs" "$pages" <<'PY'
import sys
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    name, wall, user, system, peak = line.split()
    runs[name].append((float(wall), float(user) + float(system), int(peak) / 1024))
briefs, pages = int(sys.argv[2]), int(sys.argv[3])
def span(values, unit="", places=2):
    values = sorted(values)
    return f"{values[len(values) // 2]:.{places}f}{unit} ({values[0]:.{places}f}–{values[-1]:.{places}f})"
for name, count, what in (("backfill", briefs, "brief"), ("python", briefs, "brief"), ("publish", pages, "page"), ("hugo", pages, "page")):
    print(f"{name:9} wall {span([r[0] for r in runs[name]], ' s')}, CPU {span([r[1] * 1000 / count for r in runs[name]], ' ms', 3)} a {what}, "
          f"peak {max(r[2] for r in runs[name]):.0f} MB")
ratio = lambda a, b, i: [x[i] / y[i] for x, y in zip(runs[a], runs[b])]
print(f"backfill: Python uses {span(ratio('python', 'backfill', 1), '×')} the CPU of marketbrief per brief (target ≥ 2×)")
# The performance decision: whole-site publish within 3× Hugo's wall time at a tenth of its memory.
print(f"publish: marketbrief's whole-site publish takes {span(ratio('publish', 'hugo', 0), '×')} Hugo's wall time (target ≤ 3×), "
      f"{span(ratio('publish', 'hugo', 1), '×')} its CPU and {span(ratio('publish', 'hugo', 2), '×', 3)} its peak memory (target ≤ 0.1×)")
PY
