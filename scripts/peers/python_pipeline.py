"""The same work as `marketbrief backfill`, in Python + Jinja2 + lxml: the fair peer of
scripts/compare-peers.sh.

Reads the benchmark's synthetic daily.csv and, for every asset and day: analyzes rolling
windows (60-day high, 2-year open-interest percentile, funding annualized, flow streaks,
liquidation ranks), renders a text brief and an HTML page with the seven charts marketbrief
draws (lines with their grids, labels in wide and narrow forms, flow and liquidation bars,
a table of each chart's numbers), parses the page with lxml and checks the same rules as
marketbrief's validator in one walk (parse errors, undefined entities, the doctype, <html
lang>, <title>, <meta charset>, ids unique and non-empty, #fragment links resolved, images
with alt text, charts with a title, the five sections), writes brief.txt, brief.html and
brief.json (the findings, the chart series and a claim per stated number) atomically in a
staging folder renamed into place, and prints briefs per CPU-second and the mean file sizes,
so the page weights can be compared with marketbrief's.
"""
import bisect, csv, json, os, re, shutil, sys, time
from collections import defaultdict
from html.entities import html5 as HTML5_ENTITIES
from jinja2 import Environment
from lxml import etree, html as lxml_html

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ story }} · {{ asset }} market brief, {{ day }}</title><meta name="description" content="{{ story }}">
<style>{{ css }}</style></head><body>
<header><h1>{{ story }}</h1><p class="kicker">{{ asset }} market brief</p><p><time datetime="{{ day }}">{{ day }}</time> · risk {{ risk }}</p>
<nav aria-label="Sections"><ol>{% for section in sections %}<li><a href="#{{ section.id }}">{{ section.title }}</a></li>{% endfor %}</ol></nav></header>
<main>{% for p in headline %}<p>{{ p }}</p>{% endfor %}
<table class="key-figures"><caption>Key figures, {{ day }}</caption>{% for k, v in figures %}<tr><th scope="row">{{ k }}</th><td class="number">{{ v }}</td></tr>{% endfor %}</table>
{% for section in sections %}<section id="{{ section.id }}" aria-labelledby="{{ section.id }}-title"><h2 id="{{ section.id }}-title">{{ section.title }}</h2>
{% for p in section.paragraphs %}<p>{{ p }}</p>{% endfor %}
{% for chart in section.charts %}<figure class="chart" id="chart-{{ chart.id }}"><svg viewBox="0 0 640 200" role="img" aria-labelledby="chart-{{ chart.id }}-title"><title id="chart-{{ chart.id }}-title">{{ chart.title }}</title>
{% for y, label, short in chart.grid %}<line class="grid" x1="{{ chart.left }}" x2="624" y1="{{ y }}" y2="{{ y }}"/><text class="axis" x="{{ chart.left - 6 }}" y="{{ y }}" text-anchor="end"><tspan class="wide">{{ label }}</tspan><tspan class="narrow">{{ short }}</tspan></text>
{% endfor %}{% for x, label in chart.days %}<text class="axis" x="{{ x }}" y="192" text-anchor="middle">{{ label }}</text>{% endfor %}
{% if chart.bars %}{% for x, y, w, h, kind in chart.bars %}<rect class="bar {{ kind }}" x="{{ x }}" y="{{ y }}" width="{{ w }}" height="{{ h }}"/>{% endfor %}{% else %}<polyline class="line" points="{{ chart.points }}"/>{% endif %}
</svg><figcaption><p><strong>{{ chart.title }}.</strong> {{ chart.caption }}</p>
<details><summary>The numbers</summary><table><thead><tr><th scope="col">Day</th><th scope="col">{{ chart.title }}</th></tr></thead><tbody>{% for d, v in chart.rows %}<tr><td>{{ d }}</td><td class="number">{{ v }}</td></tr>{% endfor %}</tbody></table></details></figcaption></figure>
{% endfor %}</section>
{% endfor %}<p class="sources">Sources: synthetic. Every figure is computed from the stored history up to {{ day }}.</p></main></body></html>
"""
TEXT = """{{ story }}
{{ asset }} market brief, {{ day }}
{% for p in headline %}
{{ p }}
{% endfor %}{% for section in sections %}
{{ section.title }}
{% for p in section.paragraphs %}{{ p }}
{% endfor %}{% for chart in section.charts %}  {{ chart.title }} {{ chart.spark }}
{% endfor %}{% endfor %}"""
SECTIONS = ["leverage", "whale-trigger", "divergence", "short-term-risk", "stabilization"]
ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
SPARK = "▁▂▃▄▅▆▇█"


def write_brief(out, asset, day, files):
    """The brief's three files in a staging folder, renamed into place (as marketbrief does)."""
    folder = os.path.join(out, asset, day)
    staging = os.path.join(out, asset, "." + day + ".staging")
    os.makedirs(staging)
    for name, data in files.items():
        with open(os.path.join(staging, name), "x", encoding="utf-8") as f:
            f.write(data)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.rename(staging, folder)


def check_page(text):
    """marketbrief's page rules, in one walk over lxml's tree; returns the problems."""
    problems = [f"undefined entity &{name};" for name in ENTITY.findall(text) if name + ";" not in HTML5_ENTITIES]
    if not text.lstrip().lower().startswith("<!doctype html>"):
        problems.append("missing <!DOCTYPE html>")
    parser = lxml_html.HTMLParser(recover=True)
    root = lxml_html.document_fromstring(text.encode(), parser=parser)
    problems += [f"{error.line}: {error.message}" for error in parser.error_log if error.level_name == "ERROR"]
    ids, fragments, references, sections = {}, [], [], set()
    for element in root.iter(etree.Element):
        attributes = element.attrib
        if "id" in attributes:
            if not attributes["id"]:
                problems.append(f"{element.sourceline}: empty id")
            elif attributes["id"] in ids:
                problems.append(f"{element.sourceline}: duplicate id {attributes['id']}")
            ids[attributes["id"]] = element.sourceline
        for name in ("href", "src"):
            if name in attributes:
                references.append(attributes[name])
        tag = element.tag
        if tag == "section" and "id" in attributes:
            sections.add(attributes["id"])
        elif tag == "a" and attributes.get("href", "").startswith("#"):
            fragments.append(attributes["href"][1:])
        elif tag == "img" and "alt" not in attributes:
            problems.append(f"{element.sourceline}: image without alt text")
        elif tag == "svg" and "aria-label" not in attributes and "aria-labelledby" not in attributes and element.find("title") is None:
            problems.append(f"{element.sourceline}: chart without a title")
        elif tag == "html" and not attributes.get("lang", "").strip():
            problems.append("missing lang attribute on <html>")
    problems += [f"link to a missing #{fragment}" for fragment in fragments if fragment not in ids]
    problems += [f"missing section #{section}" for section in SECTIONS if section not in sections]
    for path, message in (("/html/head/title[normalize-space()]", "missing <title>"), ("/html/head/meta[@charset]", "missing <meta charset>")):
        if not root.xpath(path):
            problems.append(message)
    return problems


def chart(chart_id, title, days, values, bars=False):
    reported = [v for v in values if v is not None] or [0.0]
    lo, hi = min(reported + ([0.0] if bars else [])), max(reported + ([0.0] if bars else []))
    span = (hi - lo) or 1.0
    left, width = 100, 524
    x = lambda k: left + k * width / max(1, len(values) - 1)
    y = lambda v: 174 - (v - lo) / span * 160
    grid = [(round(y(lo + span * g / 4), 1), f"{lo + span * g / 4:,.0f}", f"{(lo + span * g / 4) / 1000:,.0f}k") for g in range(5)]
    node = {"id": chart_id, "title": title, "left": left, "grid": grid, "values": values,
            "days": [(round(x(k), 1), days[k][5:]) for k in (0, len(values) // 2, len(values) - 1)],
            "rows": [(days[k], "no data" if v is None else f"{v:,.2f}") for k, v in enumerate(values)],
            "caption": f"From {reported[0]:,.2f} on {days[0]} to {reported[-1]:,.2f} on {days[-1]}; low {lo:,.2f}, high {hi:,.2f}.",
            "spark": "".join(SPARK[int((v - lo) / span * 7)] if v is not None else " " for v in values[-30:])}
    if bars:
        step = width / max(1, len(values))
        node["bars"] = [(round(left + k * step, 1), round(min(y(v), y(0)), 1), round(step * 0.8, 1), round(abs(y(v) - y(0)), 1),
                         "bullish" if v < 0 else "bearish") for k, v in enumerate(values) if v is not None]
    else:
        node["points"] = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in enumerate(values) if v is not None)
    return node


def main(csv_path, out):
    series = defaultdict(lambda: defaultdict(dict))
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for key, value in row.items():
                if key not in ("date", "asset") and value:
                    series[row["asset"]][key][row["date"]] = float(value)
    env = Environment(autoescape=True)
    page, text = env.from_string(PAGE), env.from_string(TEXT)
    css = open(os.path.join(os.path.dirname(__file__), "..", "..", "templates", "style.css.mustache"), encoding="utf-8").read()
    count, sizes, cpu_start, wall_start = 0, defaultdict(int), time.process_time(), time.time()
    for asset, metrics in sorted(series.items()):
        days = sorted(metrics["close_usd"])
        get = lambda name: [metrics.get(name, {}).get(d) for d in days]
        closes, oi, funding_rates = get("close_usd"), get("oi_coins"), get("funding_rate")
        netflows, etf, longs, shorts = get("exchange_netflow"), get("etf_flow_usd"), get("liq_long_usd"), get("liq_short_usd")
        for i, day in enumerate(days):
            w = lambda values, n: values[max(0, i - n + 1): i + 1]
            wd = lambda n: days[max(0, i - n + 1): i + 1]
            oi_window = sorted(v for v in w(oi, 730) if v is not None)
            percentile = 100.0 * bisect.bisect_right(oi_window, oi[i]) / len(oi_window) if oi[i] and oi_window else None
            funding = (funding_rates[i] or 0) * 3 * 365 * 100
            year_longs = sorted(v for v in w(longs, 365) if v is not None)
            long_rank = 100.0 * bisect.bisect_left(year_longs, longs[i]) / len(year_longs) if longs[i] is not None and year_longs else None
            streak = 0
            for v in reversed(w(netflows, 30)):
                if v is None or v <= 0:
                    break
                streak += 1
            support = min(v for v in w(closes, 30) if v is not None)
            high = max(v for v in w(closes, 60) if v is not None)
            weekly = list(range(max(0, i - 729), i + 1, 7))
            story = f"{asset} at ${closes[i]:,.0f}: long liquidations at the {long_rank or 0:.0f}th percentile of 365 days"
            paragraph = (f"{asset} closed at ${closes[i]:,.0f} on {day}, {100 * (closes[i] / high - 1):.1f}% from its 60-day high of ${high:,.0f}. "
                         f"Open interest is at the {percentile or 0:.0f}th percentile of two years; funding is {funding:.2f}% a year, "
                         f"exchange inflows ran {streak} days and support is ${support:,.0f}.")
            sections = [
                {"id": "leverage", "title": "1. Leverage", "paragraphs": [paragraph] * 2,
                 "charts": [chart("funding", "Funding", wd(60), w(funding_rates, 60)),
                            chart("open-interest", "Open interest", [days[k] for k in weekly], [oi[k] for k in weekly])]},
                {"id": "whale-trigger", "title": "2. Whale trigger", "paragraphs": [paragraph] * 2,
                 "charts": [chart("rotation", "ETH/BTC", wd(30), w(closes, 30))]},
                {"id": "divergence", "title": "3. Derivatives vs spot", "paragraphs": [paragraph] * 3,
                 "charts": [chart("exchange-flows", "Exchange flows", wd(30), w(netflows, 30), bars=True),
                            chart("etf-flows", "ETF flows", wd(30), w(etf, 30), bars=True)]},
                {"id": "short-term-risk", "title": "4. Short-term risk", "paragraphs": [paragraph] * 2,
                 "charts": [chart("liquidations", "Liquidations", wd(30), [(l or 0) - (s or 0) for l, s in zip(w(longs, 30), w(shorts, 30))], bars=True),
                            chart("price", "Close", wd(60), w(closes, 60))]},
                {"id": "stabilization", "title": "5. Stabilization signals", "paragraphs": [paragraph] * 2, "charts": []},
            ]
            figures = [("Close", f"${closes[i]:,.0f}"), ("Funding", f"{funding:.2f}% a year"), ("Open interest", f"{oi[i] or 0:,.0f}"),
                       ("Long liquidations", f"${longs[i] or 0:,.0f}"), ("Support", f"${support:,.0f}")]
            context = {"asset": asset, "day": day, "risk": "moderate", "sections": sections, "css": css, "story": story,
                       "headline": [paragraph] * 2, "figures": figures}
            page_html = page.render(context)
            problems = check_page(page_html)
            if problems:
                sys.exit(f"{asset} {day}: {problems[:3]}")
            sentences = [s for section in sections for p in section["paragraphs"] for s in p.split(". ")]
            claims = [{"asset": asset, "day": day, "kind": "value", "metric": name, "section": section["id"], "sentence": sentence,
                       "stated": stated, "magnitude": False, "ofDay": False}
                      for section in sections for name, stated in figures for sentence in sentences[:2]]
            findings = {"asset": asset, "day": day, "percentile": percentile, "funding": funding, "support": support, "high": high,
                        "longRank": long_rank, "streak": streak,
                        "charts": {c["id"]: {"first": c["rows"][0][0], "values": c["values"]} for s in sections for c in s["charts"]}}
            document = {"formatVersion": 2, "story": story, "headline": "\n".join(context["headline"]), "findings": findings,
                        "sections": [{"id": s["id"], "text": "\n".join(s["paragraphs"])} for s in sections], "claims": claims}
            files = {"brief.html": page_html, "brief.txt": text.render(context),
                     "brief.json": json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False)}
            write_brief(out, asset, day, files)
            for name, data in files.items():
                sizes[name] += len(data.encode())
            count += 1
    cpu, wall = time.process_time() - cpu_start, time.time() - wall_start
    mean = ", ".join(f"{name} {sizes[name] / count / 1000:.1f} KB" for name in ("brief.txt", "brief.html", "brief.json"))
    print(f"python + jinja2 + lxml: {count} briefs, {cpu:.1f} s CPU ({count / cpu:,.0f} briefs per CPU-second), {wall:.1f} s wall; mean {mean}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
