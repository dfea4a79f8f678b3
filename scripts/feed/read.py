#!/usr/bin/env python3
"""Reads Atom feeds as a feed reader does, with PyPI's feedparser (the parser behind many
readers: it keeps what a reader may show of an entry's HTML and drops the rest), and checks
that each entry shows its story: a title naming the asset and the day, a link to its page, and
HTML content that keeps, once sanitized, its paragraphs, its list of key figures, its section
headings and its links to the page and to what changed. Exits 1 naming each entry that does not.

    scripts/feed/read.py FEED...
"""
import re
import sys

import feedparser

TITLE = re.compile(r"^[A-Z0-9]{2,10}, \d{1,2} [A-Z][a-z]+ \d{4}: \S")
# What the sanitized HTML of an entry must still hold, as a reader shows it.
SHOWN = {
    "a paragraph": re.compile(r"<p>[^<]"),
    "a list of key figures": re.compile(r"<ul>\s*<li>"),
    "a section heading": re.compile(r"<h3>[^<]+</h3>"),
}


def problems(path):
    feed = feedparser.parse(path)
    if feed.bozo:
        return [f"{path}: not well-formed: {feed.bozo_exception}"]
    if not feed.entries:
        return [f"{path}: no entries"]
    found, undiffed = [], []
    for entry in feed.entries:
        name = f"{path}: {entry.get('title', '(no title)')!r}"
        if not TITLE.match(entry.get("title", "")):
            found.append(f"{name}: the title does not name the asset and the day")
        link = entry.get("link", "")
        if not link.startswith("http"):
            found.append(f"{name}: no link to its page")
        contents = entry.get("content", [])
        if len(contents) != 1 or contents[0].type != "text/html":
            found.append(f"{name}: no HTML content")
            continue
        html = contents[0].value
        for what, pattern in SHOWN.items():
            if not pattern.search(html):
                found.append(f"{name}: the reader shows no {what}")
        if f'href="{link}"' not in html:
            found.append(f"{name}: the content does not link to its page")
        if "diff.html" not in html:
            undiffed.append((name, entry))
    # Only an asset's first brief has nothing to compare with: at most its earliest entry.
    for name, entry in undiffed:
        asset = entry.get("title", "").split(",")[0]
        same = [other for other in feed.entries if other.get("title", "").split(",")[0] == asset]
        if entry.get("updated_parsed") != min(other.get("updated_parsed") for other in same):
            found.append(f"{name}: the content does not link to what changed")
    return found


def main(paths):
    found = [problem for path in paths for problem in problems(path)]
    for problem in found:
        print(problem)
    entries = sum(len(feedparser.parse(path).entries) for path in paths)
    print(f"feed reader: {entries} entries in {len(paths)} feed(s), {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
