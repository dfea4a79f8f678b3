#!/usr/bin/env bash
# Publishes a month of the sample (BTC and ETH) and checks every Atom feed of the site — the
# combined one and each asset's — against the Atom grammar (scripts/feed/atom.rnc, after RFC
# 4287) with jing (Debian's `jing`), plus what the RFC's Schematron rules ask: every entry has
# an alternate link and HTML content, and an author. Then it plants defects in a copy of the
# feed (an entry without its id, a date that is not RFC 3339, raw markup in HTML content, an
# entry without a link) and fails unless each is refused. Last, it reads every feed as a feed
# reader does (scripts/feed/read.py, with feedparser from .venv-lint or $FEED_PYTHON): each
# entry's sanitized HTML must keep its story, key figures, sections and links.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${MARKETBRIEF_BINARY:-.build/debug/marketbrief}
schema=scripts/feed/atom.rnc
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$binary" backfill --out "$out" --from 2025-08-01 --to 2025-08-31 --asset BTC --asset ETH --quiet 2>/dev/null
"$binary" publish --out "$out" --base-url https://example.org/briefs/ --quiet

# An Atom feed: the grammar, then the rules it leaves to Schematron (and ours: HTML content).
check() {
    jing -c "$schema" "$1" 2>/dev/null || return 1
    local entries links contents
    entries=$(grep -c '^<entry>' "$1" || true)
    links=$(grep -c '^<link rel="alternate" type="text/html" href="[^"]' "$1" || true)
    contents=$(grep -c '^<content type="html">' "$1" || true)
    grep -q '^<author><name>[^<]' "$1" || { echo "$1: no author"; return 1; }
    # The feed's own alternate link and one per entry.
    [ "$links" -eq $((entries + 1)) ] || { echo "$1: $entries entries, $((links - 1)) with a link"; return 1; }
    [ "$contents" -eq "$entries" ] || { echo "$1: $entries entries, $contents with HTML content"; return 1; }
}

feeds=$(cd "$out/site" && find . -name feed.xml | sort)
[ "$(echo "$feeds" | wc -l)" -eq 3 ] || { echo "feed check: expected the combined feed and one per asset, found: $feeds"; exit 1; }
for feed in $feeds; do
    check "$out/site/$feed" || { echo "feed check: $feed is not valid Atom"; exit 1; }
done

# Planted defects, each in a copy of the combined feed: each must be refused.
feed=$out/site/feed.xml
# The first entry's id (the feed's own is the first <id>) and its link (after the feed's).
awk '/^<id>/ && ++n == 2 { next } { print }' "$feed" >"$out/no-id.xml"
awk '/^<link rel="alternate"/ && ++n == 2 { next } { print }' "$feed" >"$out/no-link.xml"
sed '0,/^<updated>\([0-9-]*\)T00:00:00Z/ s//<updated>\1/' "$feed" >"$out/bad-date.xml"
sed '0,/^<content type="html">/ s//<content type="html"><p>raw<\/p>/' "$feed" >"$out/raw-markup.xml"
for planted in no-id bad-date raw-markup no-link; do
    if cmp -s "$feed" "$out/$planted.xml"; then echo "feed check: the defect $planted was not planted"; exit 1; fi
    if check "$out/$planted.xml" >"$out/$planted.txt" 2>&1; then echo "feed check: a feed with the defect $planted passed"; exit 1; fi
done

# As a reader shows them: every feed, then planted entries a reader would show bare (content
# as plain text; the links to the page and to what changed cut from an entry's HTML).
python=${FEED_PYTHON:-.venv-lint/bin/python}
read=$("$python" scripts/feed/read.py $(for feed in $feeds; do echo "$out/site/$feed"; done)) \
    || { echo "$read"; echo "feed check: a reader does not show every entry's story"; exit 1; }
sed '0,/^<content type="html">/ s//<content type="text">/' "$feed" >"$out/as-text.xml"
sed '0,/&lt;p&gt;&lt;a href=&quot;[^&]*&quot;&gt;The [^&]*&lt;\/a&gt; · &lt;a href=&quot;[^&]*diff.html&quot;&gt;[^&]*&lt;\/a&gt;&lt;\/p&gt;/ s///' "$feed" >"$out/no-links.xml"
for planted in as-text no-links; do
    if cmp -s "$feed" "$out/$planted.xml"; then echo "feed check: the reader defect $planted was not planted"; exit 1; fi
    if "$python" scripts/feed/read.py "$out/$planted.xml" >"$out/$planted.txt"; then echo "feed check: a reader showed the planted $planted"; exit 1; fi
done
grep -q "no HTML content" "$out/as-text.txt" && grep -q "does not link to its page" "$out/no-links.txt" \
    || { echo "feed check: the reader check missed a planted defect"; exit 1; }
echo "feed check: $(echo "$feeds" | wc -l) feed(s) valid Atom with HTML content; 4 planted defects refused"
echo "$read; 2 entries a reader would show bare refused"
