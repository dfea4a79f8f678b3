#!/usr/bin/env python3
"""Audit of the written briefs against the raw sample data, with code independent of marketbrief.

Re-runs the checks of the issue "A brief that reads every day right": for every brief under
OUT/briefs, reads its prose and recomputes from data/sample/daily.csv (or --data) whether what it
says holds. Prints one row per defect class with the number of briefs showing it, then how often
each section's text repeats word for word from one day to the next.

    python3 scripts/audit.py OUT [--data data/sample/daily.csv]
"""
import argparse
import csv
import datetime
import glob
import json
import os
import re
from collections import defaultdict


def load_data(path):
    """{(asset, day): row} with floats (None where empty)."""
    rows = {}
    with open(path) as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines):
        values = {}
        for key, text in row.items():
            if key in ("date", "asset"):
                continue
            values[key] = float(text) if text not in ("", None) else None
        rows[(row["asset"], row["date"])] = values
    return rows


def day(text):
    return datetime.date.fromisoformat(text)


def series(data, asset, column, last, days):
    """[(date, value)] reported in the `days` ending on `last`, oldest first."""
    out = []
    for offset in range(days - 1, -1, -1):
        when = last - datetime.timedelta(days=offset)
        value = data.get((asset, when.isoformat()), {}).get(column)
        if value is not None:
            out.append((when, value))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--data", default="data/sample/daily.csv")
    args = parser.parse_args()
    data = load_data(args.data)

    defects = defaultdict(set)
    briefs = {}
    for path in sorted(glob.glob(os.path.join(args.out, "briefs", "*", "*", "brief.json"))):
        brief = json.load(open(path))
        asset, when = brief["findings"]["asset"], day(brief["findings"]["day"])
        briefs[(asset, when)] = brief
        key = f"{asset} {when}"
        sections = {s["id"]: s["text"] for s in brief["sections"]}
        text = brief["headline"] + "\n" + "\n".join(sections.values())
        divergence = sections.get("divergence", "")

        # 1. An exchange inflow run called current though the latest reported day is an outflow;
        # a flow reported on the day called too old.
        netflows = series(data, asset, "exchange_netflow", when, 60)
        if "latest exchange flow reported is from" in divergence and netflows and netflows[-1][0] == when:
            defects["the day's exchange flow called too old to tell a run"].add(key)
        current_inflow = re.search(r"Exchanges saw (net inflows every reported day|net inflows on|a net inflow on)", divergence)
        if current_inflow and netflows and netflows[-1][1] < 0:
            defects["exchange inflow run called current though the latest reported day is an outflow"].add(key)

        # 2. A spot-ETF outflow run called current though the latest reported trading day is an inflow.
        etf = series(data, asset, "etf_flow_usd", when, 60)
        current_outflow = re.search(r"ETFs had (net outflows|a net outflow)", divergence)
        if current_outflow and etf and etf[-1][1] > 0:
            defects["spot-ETF outflow run called current though the latest trading day is an inflow"].add(key)

        # 3. ETF conclusions without any ETF data.
        if not etf and re.search(r"ETFs (had|show)|Spot ETFs show no current run", divergence):
            defects["ETF runs told without any ETF data"].add(key)
        if not etf and not netflows and re.search(r"Derivatives and spot agree|Neither side is stretched", divergence):
            defects["a divergence concluded without spot flow data"].add(key)

        # 4. "None holds yet: the sell-off ..." on a rising or at-high day.
        closes = series(data, asset, "close_usd", when, 30)
        if "the sell-off has not shown the marks of its end" in text and closes:
            three = series(data, asset, "close_usd", when, 4)
            if len(three) == 4 and three[-1][1] > three[0][1]:
                defects["'None holds yet: the sell-off…' while the price rose over 3 days"].add(key)
            if closes[-1][1] >= max(v for _, v in closes):
                defects["'None holds yet: the sell-off…' on a close at the 30-day high"].add(key)

        # 5. "Annualized funding rose from X … to Y" while Y is below X.
        match = re.search(r"Annualized funding rose from (-?[\d.]+)% .*? to (-?[\d.]+)% today", text)
        if match and float(match.group(2)) < float(match.group(1)):
            defects["'Annualized funding rose' while funding is now below its starting level"].add(key)
        if re.search(r"Annualized funding rose from .* to a peak", text):
            defects["'Annualized funding rose … to a peak' (the old reading)"].add(key)

        # 6. "0.0% below/under its 30-day high".
        if re.search(r"(?<![\d.])0\.0% (below|under) its \d+-day high", text):
            defects["'0.0% below its 30-day high'"].add(key)
        if re.search(r"(?<![\d.])0\.0% lower", text):
            defects["a swing low '0.0% lower' than support"].add(key)

        # 7. Open interest ranked or called a range high from under a year of history.
        oi_days = len(series(data, asset, "oi_coins", when, 730))
        if oi_days < 365 and re.search(r"(its (two-year|\d+-day) high|percentile of its (two-year|\d+-day) range)", sections.get("leverage", "")):
            defects["open interest ranked from less than a year of history"].add(key)

        # 7b. Leverage called calm while neither funding nor open interest can be ranked (each
        # needs a year of history) and funding is not below zero: nothing rules crowding out.
        funding_days = len(series(data, asset, "funding_rate", when, 365))
        today_rate = data.get((asset, when.isoformat()), {}).get("funding_rate")
        if oi_days < 365 and funding_days < 365 and (today_rate or 0) >= 0 and re.search(
                r"Leverage is not stretched|Neither side is stretched|leverage not stretched|"
                r"Derivatives are not crowded long|not at an extreme|without crowded leverage", text):
            defects["leverage called calm while neither funding nor open interest can be ranked"].add(key)

        # 8. Liquidations called light on the window's largest day; shorts larger than longs untold.
        longs = series(data, asset, "liq_long_usd", when, 30)
        row = data.get((asset, when.isoformat()), {})
        if "below their medians" in text and longs and longs[-1][0] == when and longs[-1][1] >= max(v for _, v in longs):
            defects["liquidations called light on the 30-day largest day"].add(key)
        if (row.get("liq_short_usd") or 0) > (row.get("liq_long_usd") or 0) > 0 and "More shorts than longs" not in text:
            defects["short liquidations larger than longs, not mentioned"].add(key)

        # 9. Numbers: a lost sign, funding rounding, percentile ordinals.
        rate, hours = row.get("funding_rate"), row.get("funding_interval_h")
        if rate is not None and hours:
            per8h = rate * 100 * 8 / hours
            stated = re.search(r"Funding is (-?[\d.]+)% per", text)
            if stated:
                places = len(stated.group(1).split(".")[1])
                expected = f"{round_half_away(per8h, places):.{places}f}"
                if stated.group(1) != expected and not (float(stated.group(1)) == 0 and per8h == 0):
                    defects["funding per 8h not rounded half away from zero (or its sign lost)"].add(key)

    # 10. Sections repeated word for word from one day to the next.
    repeats = defaultdict(lambda: [0, 0])
    for (asset, when), brief in briefs.items():
        previous = briefs.get((asset, when - datetime.timedelta(days=1)))
        if not previous:
            continue
        now = {s["id"]: s["text"] for s in brief["sections"]}
        before = {s["id"]: s["text"] for s in previous["sections"]}
        for section in ["headline"] + list(now):
            a = brief["headline"] if section == "headline" else now[section]
            b = previous["headline"] if section == "headline" else before.get(section)
            repeats[section][1] += 1
            repeats[section][0] += a == b
    whale_same = repeats["whale-trigger"]

    print(f"| defect | briefs (of {len(briefs)}) |")
    print("|---|---|")
    checks = [
        "exchange inflow run called current though the latest reported day is an outflow",
        "the day's exchange flow called too old to tell a run",
        "spot-ETF outflow run called current though the latest trading day is an inflow",
        "ETF runs told without any ETF data",
        "a divergence concluded without spot flow data",
        "'None holds yet: the sell-off…' while the price rose over 3 days",
        "'None holds yet: the sell-off…' on a close at the 30-day high",
        "'Annualized funding rose' while funding is now below its starting level",
        "'Annualized funding rose … to a peak' (the old reading)",
        "'0.0% below its 30-day high'",
        "a swing low '0.0% lower' than support",
        "open interest ranked from less than a year of history",
        "leverage called calm while neither funding nor open interest can be ranked",
        "liquidations called light on the 30-day largest day",
        "short liquidations larger than longs, not mentioned",
        "funding per 8h not rounded half away from zero (or its sign lost)",
    ]
    for check in checks:
        print(f"| {check} | {len(defects[check])} |")
    print(f"| whale section word for word the same as the day before | {whale_same[0]} of {whale_same[1]} |")
    print()
    print("| section | same text as the day before |")
    print("|---|---|")
    for section, (same, total) in repeats.items():
        print(f"| {section} | {same} of {total} ({100 * same / max(total, 1):.0f}%) |")


def round_half_away(value, places):
    """Rounds the decimal value (15 significant digits) half away from zero."""
    from decimal import Decimal, ROUND_HALF_UP
    text = f"{value:.15g}"
    return float(Decimal(text).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


if __name__ == "__main__":
    main()
