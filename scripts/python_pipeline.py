"""The same stages as `marketbrief backfill`, in Python + Jinja2 + lxml, for comparison.

Reads the benchmark's synthetic daily.csv, and for every asset and day: analyzes rolling
windows (60-day high, 2-year open-interest percentile, funding annualized, flow streaks),
renders a text brief and an HTML page with six inline SVG charts of the same point counts
as marketbrief's, parses the page with lxml (the validation step), and writes brief.txt,
brief.html and brief.json atomically. Prints briefs per second.
"""
import bisect, csv, json, os, sys, time
from collections import defaultdict
from jinja2 import Environment
from lxml import html as lxml_html

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ asset }} market brief, {{ day }}</title>
<style>{{ css }}</style></head><body>
<header><h1>{{ asset }} market brief</h1><p>{{ day }} · risk {{ risk }}</p></header><main>
{% for section in sections %}<section id="{{ section.id }}"><h2>{{ section.title }}</h2>
{% for p in section.paragraphs %}<p>{{ p }}</p>{% endfor %}
{% for chart in section.charts %}<figure><svg viewBox="0 0 640 200" role="img"><title>{{ chart.title }}</title>
{% for y, label in chart.grid %}<line x1="100" x2="624" y1="{{ y }}" y2="{{ y }}"/><text x="94" y="{{ y }}">{{ label }}</text>{% endfor %}
<polyline points="{{ chart.points }}"/></svg><figcaption>{{ chart.title }}
<details><table>{% for d, v in chart.rows %}<tr><td>{{ d }}</td><td>{{ v }}</td></tr>{% endfor %}</table></details></figcaption></figure>
{% endfor %}</section>{% endfor %}</main></body></html>
"""
TEXT = """{{ asset }} market brief, {{ day }}
{% for section in sections %}
{{ section.title }}
{% for p in section.paragraphs %}{{ p }}
{% endfor %}{% endfor %}"""

def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data)
    os.replace(tmp, path)

def main(csv_path, out):
    series = defaultdict(lambda: defaultdict(dict))
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for key, value in row.items():
                if key not in ("date", "asset") and value:
                    series[row["asset"]][key][row["date"]] = float(value)
    env = Environment(autoescape=True)
    page, text = env.from_string(PAGE), env.from_string(TEXT)
    css = "body{font:16px system-ui}" * 40
    count, start = 0, time.time()
    for asset, metrics in sorted(series.items()):
        days = sorted(metrics["close_usd"])
        closes = [metrics["close_usd"][d] for d in days]
        oi = [metrics["oi_coins"].get(d) for d in days]
        for i, day in enumerate(days):
            window = closes[max(0, i - 59): i + 1]
            oi_window = sorted(v for v in oi[max(0, i - 729): i + 1] if v is not None)
            percentile = 100.0 * bisect.bisect_right(oi_window, oi[i]) / len(oi_window) if oi[i] else None
            funding = metrics["funding_rate"].get(day, 0) * 3 * 365 * 100
            flows = [metrics["exchange_netflow"].get(d, 0) for d in days[max(0, i - 29): i + 1]]
            streak = 0
            for v in reversed(flows):
                if v <= 0: break
                streak += 1
            def chart(title, values):
                lo, hi = min(values), max(values)
                span = (hi - lo) or 1
                pts = " ".join(f"{100 + k * 524 / max(1, len(values) - 1):.1f},{174 - (v - lo) / span * 160:.1f}" for k, v in enumerate(values))
                step = 30 if len(values) > 100 else 1
                return {"title": title, "points": pts, "grid": [(14 + 40 * g, f"{lo + span * g / 4:,.0f}") for g in range(5)],
                        "rows": [(days[max(0, i - len(values) + 1 + k)], f"{v:,.2f}") for k, v in enumerate(values)][::-1][::step][::-1],
                        "values": values}
            sections = [
                {"id": "leverage", "title": "1. Leverage", "paragraphs": [f"Open interest is at the {percentile or 0:.0f}th percentile; funding is {funding:.2f}% a year."] * 3,
                 "charts": [chart("Funding", [metrics['funding_rate'].get(d, 0) for d in days[max(0, i - 59): i + 1]]), chart("Open interest", [v or 0 for v in oi[max(0, i - 729): i + 1]])]},
                {"id": "whale-trigger", "title": "2. Whale trigger", "paragraphs": ["No dormant whale sold."] * 2, "charts": [chart("ETH/BTC", window[-30:])]},
                {"id": "divergence", "title": "3. Derivatives vs spot", "paragraphs": [f"Exchange inflows for {streak} days."] * 3,
                 "charts": [chart("Exchange flows", flows), chart("ETF flows", flows)]},
                {"id": "short-term-risk", "title": "4. Short-term risk", "paragraphs": [f"Support is {min(window[-30:]):,.0f}."] * 2, "charts": [chart("Close", window)]},
                {"id": "stabilization", "title": "5. Stabilization signals", "paragraphs": ["0 of 3 signals are met."] * 2, "charts": []},
            ]
            for section in sections:
                section["paragraphs"] = [p + " " + p + " " + p for p in section["paragraphs"]]
            context = {"asset": asset, "day": day, "risk": "moderate", "sections": sections, "css": css}
            page_html = page.render(context)
            lxml_html.document_fromstring(page_html.encode())
            folder = os.path.join(out, asset, day)
            os.makedirs(folder, exist_ok=True)
            write_atomic(os.path.join(folder, "brief.html"), page_html)
            write_atomic(os.path.join(folder, "brief.txt"), text.render(context))
            findings = {"asset": asset, "day": day, "percentile": percentile, "funding": funding,
                        "charts": {c["title"]: c["values"] for s in sections for c in s["charts"]},
                        "sections": [{"id": s["id"], "text": "\n".join(s["paragraphs"])} for s in sections]}
            write_atomic(os.path.join(folder, "brief.json"), json.dumps(findings, sort_keys=True, indent=2))
            count += 1
    elapsed = time.time() - start
    print(f"python + jinja2 + lxml: {count} briefs in {elapsed:.1f} s = {count / elapsed:,.0f} briefs/s (one core)")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
