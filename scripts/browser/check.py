#!/usr/bin/env python3
"""Opens pages in headless Chromium (Debian's `chromium`) at a phone's and a desktop's width,
in light and dark mode, checks each in the live DOM with checks.js and marks.js, with axe-core's
WCAG 2.2 AA rules (axe_problems) and, on a phone, that a brief's story chart starts within the
first screen; saves a screenshot of each; prints each page to PDF and checks that no printed
page but the last is left mostly empty (PRINT_FILL). Exits 1 when any page has a problem, listing them.

    scripts/browser/check.py SITE_FOLDER SCREENSHOT_FOLDER PAGE...

Chromium is driven over its DevTools pipe (--remote-debugging-pipe: JSON messages ended by NUL
on file descriptors 3 and 4), so nothing beyond Python's standard library and poppler's
pdftoppm (Debian's poppler-utils) is needed.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

def page_check(name):
    """A check script (a function of the shared geometry.js) as an expression to evaluate in a page."""
    folder = Path(__file__).parent
    return f"({(folder / name).read_text()})({(folder / 'geometry.js').read_text()})"


CHECKS = page_check("checks.js")
VIEWS = [("phone", 390, 844), ("desktop", 1280, 900)]
SCHEMES = ["light", "dark"]


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="marketbrief-chromium-")
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()

        def wire():
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        binary = shutil.which("chromium") or shutil.which("chromium-browser") or sys.exit("check.py: no chromium on PATH")
        self.process = subprocess.Popen(
            [binary, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--allow-file-access-from-files", f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=wire, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.next_id = 0
        self.buffer = b""
        self.events = []

    def call(self, method, session=None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method, session):
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self.events.append(self.read())

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def check(browser, url, view, scheme, screenshot):
    label, width, height = view
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Page.enable", session)
    browser.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1, mobile=label == "phone")
    browser.call("Emulation.setEmulatedMedia", session, features=[{"name": "prefers-color-scheme", "value": scheme}])
    browser.call("Page.navigate", session, url=url)
    browser.wait_for("Page.loadEventFired", session)
    result = browser.call("Runtime.evaluate", session, expression=CHECKS, returnByValue=True)
    if "exceptionDetails" in result:
        raise RuntimeError(f"checks.js failed on {url}: {result['exceptionDetails']}")
    problems = result["result"]["value"] + first_screen_problems(browser, session, view) \
        + mark_problems(browser, session, url) + axe_problems(browser, session, url)
    size = browser.call("Page.getLayoutMetrics", session)["cssContentSize"]
    shot = browser.call("Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(size["height"], 12000), "scale": 1})
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    browser.call("Target.closeTarget", targetId=target)
    return problems


# WCAG 2.2 level AA, as axe-core tags its rules (level A and AA of each version).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Nodes named per violated rule; the rest are counted.
AXE_NODES_SHOWN = 3


def axe_script():
    """axe-core's axe.min.js: $AXE_JS, else the copy PyPI's axe-playwright-python bundles in
    .ci/run's venv (.venv-lint). Read once."""
    if not hasattr(axe_script, "text"):
        path = os.environ.get("AXE_JS") or next(iter(sorted(Path(__file__).parents[2].glob(
            ".venv-lint/lib/python*/site-packages/axe_playwright_python/axe.min.js"))), None)
        if not path or not Path(path).is_file():
            sys.exit("check.py: no axe.min.js (set AXE_JS, or run .ci/run to install axe-playwright-python in .venv-lint)")
        axe_script.text = Path(path).read_text()
    return axe_script.text


def axe_problems(browser, session, url):
    """Runs axe-core in the page as it is shown (its width and colour scheme) with the WCAG 2.2
    AA rules, and returns a line per violated rule, naming the first nodes that break it."""
    injected = browser.call("Runtime.evaluate", session, expression=axe_script())
    if "exceptionDetails" in injected:
        raise RuntimeError(f"axe.min.js failed on {url}: {injected['exceptionDetails']}")
    run = "axe.run(document, " + json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}) + ")" \
        + ".then((r) => r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help," \
        + " nodes: v.nodes.map((n) => n.target.join(' ') + (n.any.concat(n.all)[0] ? ' (' + n.any.concat(n.all)[0].message + ')' : ''))})))"
    result = browser.call("Runtime.evaluate", session, expression=run, awaitPromise=True, returnByValue=True)
    if "exceptionDetails" in result:
        raise RuntimeError(f"axe.run failed on {url}: {result['exceptionDetails']}")
    problems = []
    for violation in result["result"]["value"]:
        nodes = violation["nodes"]
        shown = "; ".join(nodes[:AXE_NODES_SHOWN]) + (f"; and {len(nodes) - AXE_NODES_SHOWN} more" if len(nodes) > AXE_NODES_SHOWN else "")
        problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']}: {shown}")
    return problems


MARKS = page_check("marks.js")


def mark_problems(browser, session, url):
    """What marks.js finds: chart marks too close in colour to their background, chart labels
    crossed by any line, and text on translucent backgrounds under AA once composited."""
    result = browser.call("Runtime.evaluate", session, expression=MARKS, returnByValue=True)
    if "exceptionDetails" in result:
        raise RuntimeError(f"marks.js failed on {url}: {result['exceptionDetails']}")
    return result["result"]["value"]


# A brief's story chart (the first chart of its summary) starts within a phone's first screen.
HERO_TOP = """(() => {
  if (!document.querySelector("main > #summary")) return null;
  const hero = document.querySelector("main > #summary figure.chart svg");
  return hero ? hero.getBoundingClientRect().top + window.scrollY : -1;
})()"""


def first_screen_problems(browser, session, view):
    """On a phone, a brief page (one with a #summary) without a story chart, or whose story chart
    starts below the first screen (the viewport's height); other pages have nothing to say."""
    label, _, height = view
    if label != "phone":
        return []
    top = browser.call("Runtime.evaluate", session, expression=HERO_TOP, returnByValue=True)["result"].get("value")
    if top == -1:
        return ["the brief's summary has no story chart"]
    if top is None or top < height:
        return []
    return [f"the story's chart starts at {top:.0f} px, below the first screen ({height} px)"]


# A printed page other than the last may leave at most this share of its height unused: about
# the height of one chart, the one block kept whole that may not fit the rest of a page.
PRINT_FILL = 0.7


def printed_fill(browser, url, pdf):
    """Prints the page to US Letter (Chromium's default) and returns how far down each printed
    page its content reaches, as a share of the page's height (from poppler's pdftoppm)."""
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Page.enable", session)
    browser.call("Page.navigate", session, url=url)
    browser.wait_for("Page.loadEventFired", session)
    printed = browser.call("Page.printToPDF", session, printBackground=False, displayHeaderFooter=False)
    browser.call("Target.closeTarget", targetId=target)
    pdf.write_bytes(base64.b64decode(printed["data"]))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), f"{folder}/page"], check=True)
        fills = []
        for image in sorted(Path(folder).glob("page-*.pgm"), key=lambda path: int(path.stem.split("-")[1])):
            magic, size, _, pixels = image.read_bytes().split(b"\n", 3)
            width, height = map(int, size.split())
            inked = [row for row in range(height) if min(pixels[row * width:(row + 1) * width]) < 200]
            fills.append((max(inked) + 1) / height if inked else 0)
    return fills


def print_problems(fills):
    return [f"printed page {number} of {len(fills)} is only {fill:.0%} filled (a block kept whole left it; at least {PRINT_FILL:.0%})"
            for number, fill in enumerate(fills[:-1], start=1) if fill < PRINT_FILL]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    site, shots, pages = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), sys.argv[3:]
    shots.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    failures = 0
    try:
        for page in pages:
            for view in VIEWS:
                for scheme in SCHEMES:
                    name = page.replace("/", "_").replace(".html", "") + f"-{view[0]}-{scheme}.png"
                    problems = check(browser, (site / page).as_uri(), view, scheme, shots / name)
                    for problem in problems:
                        print(f"{page} ({view[0]}, {scheme}): {problem}")
                    failures += len(problems)
            fills = printed_fill(browser, (site / page).as_uri(), shots / (page.replace("/", "_").replace(".html", "") + "-print.pdf"))
            for problem in print_problems(fills):
                print(f"{page} (print): {problem}")
                failures += 1
    finally:
        browser.close()
    checked = len(pages) * len(VIEWS) * len(SCHEMES)
    print(f"browser check: {checked} page views and {len(pages)} printed, {failures} problem(s); screenshots in {shots}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
