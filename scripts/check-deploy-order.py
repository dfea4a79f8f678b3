#!/usr/bin/env python3
"""Checks the order in which a deploy sent a site: no page already served may link to a file that
is not there yet.

    check-deploy-order.py BEFORE SITE LOG [BASE_URL]

BEFORE is a copy of what was served before the deploy, SITE the site deployed, LOG the files in
the order they were sent: one path (relative to the site) a line, and a line `--- pass` before each
rsync or aws run. A file's targets are the local files its href, src and <loc> values name (a link
to a folder names its index.html; BASE_URL, when given, is stripped from absolute links).

A file's targets must be served before the pass that sends it starts: within one pass the order
is not to be relied on (`aws s3 sync` uploads in parallel). One exception: files that are new may
link to each other when they arrive in the same pass (nothing served links to them yet, and two
new pages can link both ways, as a brief and its diff page do). A log without a file sent fails:
it proves nothing (a deploy with nothing to send is not what this checks).
"""
import posixpath
import re
import sys
from pathlib import Path

LINK = re.compile(r'(?:href|src)="([^"]*)"|<loc>([^<]*)</loc>')


def targets(site: Path, path: str, base_url: str) -> set[str]:
    if not path.endswith((".html", ".xml")):
        return set()
    found = set()
    for match in LINK.finditer((site / path).read_text(encoding="utf-8")):
        link = (match.group(1) or match.group(2)).split("#")[0].split("?")[0]
        if not link:
            continue
        if base_url and link.startswith(base_url):
            link = "/" + link[len(base_url):]
        elif re.match(r"^[a-z][a-z0-9+.-]*:", link) or link.startswith("//"):
            continue
        if link.startswith("/"):
            resolved = posixpath.normpath(link.lstrip("/") or ".")
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
        if link.endswith("/") or (site / resolved).is_dir():
            resolved = posixpath.join(resolved, "index.html")
        found.add(resolved)
    return found


def main() -> int:
    before, site, log = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    base_url = sys.argv[4] if len(sys.argv) > 4 else ""
    served = {str(p.relative_to(before)) for p in before.rglob("*") if p.is_file()}
    passes: list[list[str]] = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if line == "--- pass":
            passes.append([])
        elif line and not line.endswith("/") and (site / line).is_file() and passes:
            passes[-1].append(line)
    if not any(passes):
        print(f"{log}: no file sent (or the log is not read right)")
        return 1
    faults = []
    for number, sent in enumerate(passes, start=1):
        new_here = {path for path in sent if path not in served}
        for path in sent:
            for target in sorted(targets(site, path, base_url)):
                if target in served:
                    continue
                if path in new_here and target in new_here:
                    continue
                faults.append(f"pass {number}: {path} sent no later than its target {target}")
        served.update(sent)
    for fault in faults:
        print(fault)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
