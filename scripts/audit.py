#!/usr/bin/env python3
"""Audit of the written briefs against the raw sample data, with code independent of marketbrief.

Re-runs the checks of the issue "A brief that reads every day right": for every brief under
OUT/briefs, reads its prose and recomputes from data/sample/daily.csv (or --data) whether what it
says holds. Prints one row per defect class with the number of briefs showing it, then how often
each section's text repeats word for word from one day to the next.

    python3 scripts/audit.py OUT [--data data/sample/daily.csv] [--config config/thresholds.json] [--examples]
"""
import argparse
import csv
import datetime
import glob
import json
import os
import math
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


MONTHS = {name: number for number, name in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
DATE = r"[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?"


def told_day(text, when):
    """A day as the prose writes it ("Aug 13", "Dec 23, 2023"); without a year, the brief's."""
    match = re.fullmatch(r"([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?", text)
    return datetime.date(int(match.group(3) or when.year), MONTHS[match.group(1)], int(match.group(2)))


def latest_run(points):
    """(sign, days) of the run holding the latest value: one sign, neighbours at most 4 days apart."""
    if not points or points[-1][1] == 0:
        return 0, 0
    sign, days = (1 if points[-1][1] > 0 else -1), 1
    for (before, value), (after, _) in zip(reversed(points[:-1]), reversed(points[1:])):
        if (after - before).days > 4 or value * sign <= 0:
            break
        days += 1
    return sign, days


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    parser.add_argument("--data", default=os.path.join(root, "data/sample/daily.csv"))
    parser.add_argument("--config", default=os.path.join(root, "config/thresholds.json"))
    parser.add_argument("--examples", action="store_true", help="print up to 3 briefs per defect")
    args = parser.parse_args()
    data = load_data(args.data)
    config = json.load(open(args.config)) if os.path.exists(args.config) else {}
    baseline = config.get("funding_baseline_pct", 0.01)
    support_days = config.get("support_window_days", 30)
    half_width = config.get("swing_half_width_days", 3)
    inflow_days = config.get("inflow_streak_min_days", 3)
    etf_inflow_days = config.get("etf_inflow_days", 2)
    side_margin = 1 + config.get("liquidation_side_margin_pct", 10) / 100
    min_history_days = config.get("min_history_days", 365)
    counter_days = config.get("spot_counter_run_min_days", 2)
    etf_outflow_days = config.get("etf_outflow_streak_min_days", 2)
    launches = {asset: day(c["etf_launch"]) for asset, c in config.get("assets", {}).items() if c.get("etf_launch")}
    first_day = {}
    for asset, when in data:
        first_day[asset] = min(first_day.get(asset, day(when)), day(when))

    defects = defaultdict(set)
    briefs = {}
    for path in sorted(glob.glob(os.path.join(args.out, "briefs", "*", "*", "brief.json"))):
        brief = json.load(open(path))
        asset, when = brief["findings"]["asset"], day(brief["findings"]["day"])
        briefs[(asset, when)] = brief
        key = f"{asset} {when}"
        sections = {s["id"]: s["text"] for s in brief["sections"]}
        text = brief["headline"] + "\n" + "\n".join(sections.values())
        lead = brief.get("story", "") + "\n" + brief["headline"]
        told = lead + "\n" + "\n".join(sections.values())
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
            # (A day that fell ends what rose before it: that rise is no bounce to name.)
            if len(three) == 4 and three[-1][1] > three[0][1] and three[-1][1] >= three[-2][1]:
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
        # (larger by the side margin: closer than that, the sides are even)
        if (row.get("liq_short_usd") or 0) > (row.get("liq_long_usd") or 0) * side_margin > 0 and "More shorts than longs" not in text:
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

        # 10. Spot called selling beside an exchange outflow run or an ETF inflow run, or buying beside
        # an exchange inflow run or an ETF outflow run (runs of spot_counter_run_min_days or more:
        # one day is noise); coins "made ready to sell" without
        # an exchange inflow run (so from ETF outflows); "spot holders sold" on an up day.
        exchange_sign, exchange_days = latest_run(netflows)
        etf_sign, etf_days = latest_run(etf)
        if re.search(r"\b[Ss]pot is selling|spot holders (leave|sold)|\bspot sells|made ready to sell", told) and (
                (exchange_sign < 0 and exchange_days >= counter_days) or (etf_sign > 0 and etf_days >= counter_days)):
            defects["spot called selling while the two spot signals disagree"].add(key)
        if re.search(r"\b[Ss]pot is buying|[Ss]pot buyers (are accumulating|accumulate)", told) and (
                (exchange_sign > 0 and exchange_days >= counter_days) or (etf_sign < 0 and etf_days >= counter_days)):
            defects["spot called selling while the two spot signals disagree"].add(key)
        if re.search(r"made ready to sell|coins move onto exchanges", told) and not (
                exchange_sign > 0 and exchange_days >= inflow_days):
            defects["'coins made ready to sell' from ETF outflows while exchanges saw outflows"].add(key)
        earlier = series(data, asset, "close_usd", when - datetime.timedelta(days=1), 7)
        up_day = bool(earlier and closes and closes[-1][0] == when and closes[-1][1] > earlier[-1][1])
        if "spot holders sold" in told and up_day:
            defects["'spot holders sold' behind an up day"].add(key)

        # 11. A run told shorter than the data's: the same-sign run ending on the stated last day,
        # counted over the whole history.
        for pattern, column in [
                (rf"ETFs had net (?P<way>in|out)flows on (?P<days>\d+) trading days in a row, {DATE} to (?P<last>{DATE})", "etf_flow_usd"),
                (rf"ETFs' net (?P<way>in|out)flows of {DATE} to (?P<last>{DATE}) \((?P<days>\d+) trading days", "etf_flow_usd"),
                (rf"Exchanges saw net (?P<way>in|out)flows every reported day from {DATE} to (?P<last>{DATE}) \((?P<days>\d+) days", "exchange_netflow"),
                (rf"net (?P<way>in|out)flows (?:to|from) exchanges of {DATE} to (?P<last>{DATE}) \((?P<days>\d+) days", "exchange_netflow")]:
            for match in re.finditer(pattern, divergence):
                last = told_day(match["last"], when)
                points = series(data, asset, column, last, (last - first_day[asset]).days + 1)
                sign, days = latest_run(points)
                if points and points[-1][0] == last and sign == (1 if match["way"] == "in" else -1) and int(match["days"]) < days:
                    defects["a flow run longer than the 60-day window cut short"].add(key)

        # 12. Leverage called stretched on funding under the venues' baseline, without saying that
        # funding is high for this market only, while under the baseline.
        leverage = sections.get("leverage", "")
        tension = any("baseline" in sentence and re.search(r"high for this market|\bonly\b|\bunder\b", sentence)
                      for sentence in re.split(r"(?<=\.)\s+", leverage))
        if rate is not None and hours and rate * 100 * 8 / hours < baseline and not tension and re.search(
                r"Leverage is stretched|paying funding high", text):
            defects["leverage called stretched/funding high while funding is below the venues' 0.010% per 8h baseline, tension not said"].add(key)

        # 13. Liquidations: a short squeeze with longs liquidated at least as much as shorts;
        # equal printed amounts said to differ.
        if re.search(r"short squeeze", lead, re.I) and (row.get("liq_long_usd") or 0) >= (row.get("liq_short_usd") or 0):
            defects["short squeeze called with more longs than shorts liquidated"].add(key)
        amounts = re.search(r"\$([\d.]+[KMB]?) of longs and \$([\d.]+[KMB]?) of shorts", text)
        if amounts and amounts.group(1) == amounts.group(2) and re.search(r"More (shorts than longs|longs than shorts)", text):
            defects["equal printed liquidation amounts compared in words"].add(key)

        # 14. Support and swing low: "on support" when the close is the window's new low (support is
        # then the day's own close); a swing low without lower-free neighbours in the data.
        window = series(data, asset, "close_usd", when, support_days)
        new_low = len(window) > 1 and window[-1][0] == when and window[-1][1] < min(v for _, v in window[:-1])
        if new_low and re.search(r"set today|the close on support|sits on support", text):
            defects["support is the day's own close"].add(key)
        swing = re.search(rf"next swing low is \$[\d,.]+ \(({DATE})\)", text)
        if swing:
            low_day = told_day(swing.group(1), when)
            low = data.get((asset, low_day.isoformat()), {}).get("close_usd")
            for offset in [*range(-half_width, 0), *range(1, half_width + 1)]:
                other = low_day + datetime.timedelta(days=offset)
                value = data.get((asset, other.isoformat()), {}).get("close_usd")
                if other < first_day[asset] or (low is not None and value is not None and value < low):
                    defects["next swing low at the edge of its search window or of the data"].add(key)

        # 15. The headline's reading against the day: a quiet day beside stretched leverage,
        # moderate or high risk or a new low; a steep fall on an up day; a record close unnamed.
        if re.search(r"quiet day", lead, re.I) and (new_low or re.search(
                r"Leverage is stretched|Short-term risk is (moderate|high)", text)):
            defects["quiet day beside stretched leverage, moderate/high risk or a new 30-day low"].add(key)
        if "steep fall" in told and up_day:
            defects["a rebound called a steep fall"].add(key)
        history = series(data, asset, "close_usd", when - datetime.timedelta(days=1), (when - first_day[asset]).days)
        if (when - first_day[asset]).days >= min_history_days and closes and closes[-1][0] == when and closes[-1][1] > max(
                v for _, v in history) and not re.search(r"\brecord\b|highest close in the store", lead):
            defects["record close not called a record"].add(key)

        # 16. Whale section: a rotation's previous high with a higher close after it; a sale told,
        # then denied.
        whale = sections.get("whale-trigger", "")
        for match in re.finditer(rf"(\w+) reached \$[\d,.]+ on ({DATE}), above its previous high of \$([\d,.]+) \(({DATE})\)", whale):
            reached, high_day = told_day(match.group(2), when), told_day(match.group(4), when)
            between = series(data, match.group(1), "close_usd", reached - datetime.timedelta(days=1), (reached - high_day).days - 1)
            if any(v > float(match.group(3).replace(",", "")) for _, v in between):
                defects["previous high older than a higher close in the window"].add(key)
        if re.search(r"\bsold [\d,.]+ [A-Z]+", whale) and re.search(r"No sale of coins dormant|No coins dormant .* were sold", whale):
            defects["whale sale told, then 'No sale of coins dormant…'"].add(key)

        # 17. Numbers: a signal value printed equal to its threshold; 0th or 100th percentiles.
        for match in re.finditer(r"(?:under|over|below|above) (-?[\d.]+)%\): (?:not )?met \((-?[\d.]+)%", text):
            if float(match.group(1)) == float(match.group(2)):
                defects["signal value printed equal to its threshold"].add(key)
        if re.search(r"\b(0th|100th) percentile", text):
            defects["percentile printed as 0th or 100th"].add(key)

        # 18. Knowledge from after the brief's day: the ETF launch told before it happened.
        launch = launches.get(asset)
        if launch and when < launch and re.search(
                rf"\bbeg[ia]ns? trading|\b{launch:%b} {launch.day}, {launch.year}\b", told):
            defects["knowledge from after the brief's day"].add(key)

        # 21. The calls an analyst review questioned: risk, capitulation, support, stabilization,
        # funding against the baseline and against the market's own history, a range.
        high_pct = config.get("open_interest_high_percentile", 90)
        record_pct = config.get("leverage_record_percentile", 99)
        stretch_margin = config.get("funding_stretch_margin_pct", 0.002)
        low_pct = config.get("funding_low_percentile", 5)
        range_days = config.get("range_window_days", 30)
        range_band = config.get("range_band_pct", 8)
        funding_rank = per8h_rank(data, asset, when, 365, min_history_days)
        oi_rank = mid_rank(series(data, asset, "oi_coins", when, 730), when, min_history_days)
        # Percentiles as the brief prints them and its calls compare them: to the nearest (98.6 reads "99th").
        if funding_rank is not None and oi_rank is not None \
                and printed(funding_rank) >= record_pct and printed(oi_rank) >= record_pct \
                and re.search(r"Short-term risk is (low|moderate)", brief["headline"]):
            defects["risk low or moderate with funding and open interest both at their highest"].add(key)
        if re.search(r"[Cc]apitulation", lead) and oi_rank is not None and printed(oi_rank) >= high_pct:
            defects["capitulation called with open interest high in its range"].add(key)
        lows = [is_new_low(data, asset, when - datetime.timedelta(days=back), support_days) for back in range(0, 4)]
        if lows[0] and any(lows[1:]) and re.search(r"broke the support|the close broke it", text):
            defects["a support broken days before announced as broken again"].add(key)
        # In a sell-off (the close `selloff_pct` under its 30-day high): outside one, a low is a dip.
        high_closes = [v for _, v in series(data, asset, "close_usd", when, config.get("price_high_window_days", 30))]
        today_close = data.get((asset, when.isoformat()), {}).get("close_usd")
        in_selloff = bool(high_closes) and today_close is not None \
            and (max(high_closes) - today_close) / max(high_closes) * 100 >= config.get("selloff_pct", 5)
        if any(lows) and in_selloff and re.search(r"\): met\b", sections.get("stabilization", "")):
            defects["a stabilization signal 'met' while the price keeps making new lows in a sell-off"].add(key)
        # A close back within `low_retest_pct` of the new low that is support, in the last
        # `price_change_days`, after a close beyond that: the wait to call the slide over starts
        # again from it. (Closes that never left the low are no retest.)
        support_closes = series(data, asset, "close_usd", when - datetime.timedelta(days=1), support_days)
        if support_closes and in_selloff and not any(lows) and re.search(r"\): met\b", sections.get("stabilization", "")):
            low_day, low = min(reversed(support_closes), key=lambda p: p[1])
            retest_pct = config.get("low_retest_pct", 1)
            recent = series(data, asset, "close_usd", when, config.get("price_change_days", 3))
            since_low = [(d, v) for d, v in series(data, asset, "close_usd", when, (when - low_day).days) if d > low_day]
            left = [d for d, v in since_low if v > low * (1 + retest_pct / 100)]
            if is_new_low(data, asset, low_day, support_days) and left and any(
                    d > left[0] and low <= v <= low * (1 + retest_pct / 100) for d, v in recent):
                defects["a stabilization signal 'met' days after the close came back to the low, in a sell-off"].add(key)
        if not in_selloff and "too soon after it to call the slide over" in sections.get("stabilization", "").replace("\n", " "):
            defects["'too soon after the low' outside a sell-off"].add(key)
        if not lows[0] and "slide has not stopped" in sections.get("stabilization", ""):
            defects["'the slide has not stopped' on a day that made no new low"].add(key)
        band = config.get("funding_neutral_high_pct", 0.01)
        held = held_over_band(data, asset, when, band, band + stretch_margin, config.get("rank_lookback_days", 365))
        if rate is not None and hours and rate * 100 * 8 / hours < baseline + stretch_margin and not held and re.search(
                r"Leverage is stretched:|funding is above the venues' baseline", text):
            defects["leverage called stretched on funding within the margin over the venues' baseline"].add(key)
        if held and "Leverage is stretched:" in text:
            defects["funding eased under the margin but still over the band told as a fresh stretch"].add(key)
        if rate is not None and rate < 0 and funding_rank is not None and printed(funding_rank) <= low_pct and not re.search(r"Funding is (among )?the most negative of its past", text):
            defects["funding deeply negative for this market, not called"].add(key)
        if rate is not None and rate < 0 and funding_rank is not None and printed(funding_rank) <= low_pct \
                and "a rise could squeeze them" not in sections.get("short-term-risk", "").replace("\n", " ") \
                and "Shorts are the crowded side" not in text:
            defects["funding deeply negative for this market, no squeeze risk said"].add(key)
        unclaimed = [s for s in re.split(r"(?<=\.)\s+", sections.get("leverage", "").replace("\n", " "))
                     if "largest short day" in s and not any(c["metric"] == "liq_short_usd" and c["kind"] == "highest"
                                                             and c["sentence"].replace("\n", " ") == s for c in brief["claims"])]
        if unclaimed:
            defects["'largest short day' stated without a claim"].add(key)
        day_close = data.get((asset, when.isoformat()), {}).get("close_usd")
        # The closes before the day in a narrow band, the day's close inside it: told as a range.
        # A break out of one: only from a range the day before held, by the margin, naming the edge.
        window_closes = [v for _, v in series(data, asset, "close_usd", when - datetime.timedelta(days=1), range_days)]
        if len(window_closes) == range_days and (max(window_closes) - min(window_closes)) / min(window_closes) * 100 <= range_band \
                and day_close is not None and min(window_closes) <= day_close <= max(window_closes) \
                and not re.search(r"Range-bound:|Range:|out of the range failed:", told):
            defects["a market in a narrow range for weeks not called range-bound"].add(key)
        if re.search(r"breaks (out|down) out of the range|breaks out of the range", told):
            before = [v for _, v in series(data, asset, "close_usd", when - datetime.timedelta(days=2), range_days)]
            yesterday = data.get((asset, (when - datetime.timedelta(days=1)).isoformat()), {}).get("close_usd")
            margin = config.get("range_break_margin_pct", 1) / 100
            held = len(before) == range_days and yesterday is not None \
                and (max(before) - min(before)) / min(before) * 100 <= range_band and min(before) <= yesterday <= max(before)
            if not held or day_close is None or min(before) * (1 - margin) <= day_close <= max(before) * (1 + margin):
                defects["a range break called without a range the day before, or within the margin"].add(key)
        # The day after a break, a close back inside the range that was broken: the break failed.
        yesterday_brief = briefs.get((asset, when - datetime.timedelta(days=1)))
        if yesterday_brief and re.search(r"The close breaks (down )?out of the range", yesterday_brief["headline"]):
            broken = [v for _, v in series(data, asset, "close_usd", when - datetime.timedelta(days=3), range_days)]
            if day_close is not None and broken and min(broken) <= day_close <= max(broken) and "out of the range failed" not in told:
                defects["a close back inside the range broken the day before, the break not called failed"].add(key)

        # Heavy long liquidations counted as a risk on a day the close rose more than a quiet
        # day's move (a squeeze day): that forced selling did not carry the price down.
        closes2 = series(data, asset, "close_usd", when, 8)
        tally = sections.get("short-term-risk", "").replace("\n", " ").split(". ")[0]
        if len(closes2) >= 2 and closes2[-1][0] == when and (closes2[-1][1] / closes2[-2][1] - 1) * 100 >= config.get("quiet_day_move_pct", 1.5) \
                and "heavy long liquidations" in tally.split("Not counted")[0]:
            defects["heavy long liquidations counted as a risk on a day the close rose"].add(key)
        if "funding above the neutral band" in tally and "Leverage is not stretched" in sections.get("leverage", ""):
            defects["risk counts funding over the band the leverage section calls no stretch"].add(key)
        # The funding trend told as a move from its start while funding came back from a low after
        # the peak by more than that move: the low is said.
        trend_days, average_days = config.get("funding_trend_days", 60), config.get("funding_trend_average_days", 7)
        peak_margin = config.get("funding_peak_margin_pp", 0.5)
        def annualized(on):
            values = data.get((asset, on.isoformat()), {})
            rate, hours = values.get("funding_rate"), values.get("funding_interval_h")
            return rate * 100 * 24 / hours * 365 if rate is not None and hours else None
        start_day = when - datetime.timedelta(days=trend_days)
        starts = [v for v in (annualized(start_day - datetime.timedelta(days=k)) for k in range(average_days)) if v is not None]
        since = [(start_day + datetime.timedelta(days=k), annualized(start_day + datetime.timedelta(days=k))) for k in range(trend_days + 1)]
        since = [(d, v) for d, v in since if v is not None]
        now = annualized(when)
        if starts and since and now is not None:
            start = sum(starts) / len(starts)
            peak = max(since, key=lambda p: (p[1], p[0]))
            low = min(since, key=lambda p: (p[1], -p[0].toordinal()))
            if low[0] > max(peak[0], start_day) and low[1] < min(start, now) - peak_margin and now - low[1] > abs(now - start) \
                    and now - low[1] >= config.get("funding_low_rebound_pp", 5) \
                    and "low of" not in sections.get("leverage", ""):
                defects["funding came back from a low by more than its trend moved, the low not said"].add(key)

        # 19. Filler.
        if "Some hold; the rest are the ones to watch." in told:
            defects["filler sentence"].add(key)

    # 20. Sections repeated word for word from one day to the next; the end of a run told as
    # the day's news again the day after.
    ended = re.compile(r"[^.]* has ended\.")
    repeats = defaultdict(lambda: [0, 0])
    for (asset, when), brief in briefs.items():
        previous = briefs.get((asset, when - datetime.timedelta(days=1)))
        if not previous:
            continue
        if set(ended.findall(brief["headline"])) & set(ended.findall(previous["headline"])):
            defects["the end of a run leads the headline again the next day"].add(f"{asset} {when}")
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
        "spot called selling while the two spot signals disagree",
        "'coins made ready to sell' from ETF outflows while exchanges saw outflows",
        "'spot holders sold' behind an up day",
        "a flow run longer than the 60-day window cut short",
        "leverage called stretched/funding high while funding is below the venues' 0.010% per 8h baseline, tension not said",
        "short squeeze called with more longs than shorts liquidated",
        "equal printed liquidation amounts compared in words",
        "support is the day's own close",
        "next swing low at the edge of its search window or of the data",
        "quiet day beside stretched leverage, moderate/high risk or a new 30-day low",
        "a rebound called a steep fall",
        "record close not called a record",
        "previous high older than a higher close in the window",
        "whale sale told, then 'No sale of coins dormant…'",
        "signal value printed equal to its threshold",
        "percentile printed as 0th or 100th",
        "knowledge from after the brief's day",
        "filler sentence",
        "the end of a run leads the headline again the next day",
        "risk low or moderate with funding and open interest both at their highest",
        "capitulation called with open interest high in its range",
        "a support broken days before announced as broken again",
        "a stabilization signal 'met' while the price keeps making new lows in a sell-off",
        "'the slide has not stopped' on a day that made no new low",
        "'too soon after the low' outside a sell-off",
        "a stabilization signal 'met' days after the close came back to the low, in a sell-off",
        "leverage called stretched on funding within the margin over the venues' baseline",
        "funding eased under the margin but still over the band told as a fresh stretch",
        "funding deeply negative for this market, not called",
        "funding deeply negative for this market, no squeeze risk said",
        "'largest short day' stated without a claim",
        "a market in a narrow range for weeks not called range-bound",
        "a range break called without a range the day before, or within the margin",
        "a close back inside the range broken the day before, the break not called failed",
        "heavy long liquidations counted as a risk on a day the close rose",
        "risk counts funding over the band the leverage section calls no stretch",
        "funding came back from a low by more than its trend moved, the low not said",
    ]
    for check in checks:
        print(f"| {check} | {len(defects[check])} |")
    print(f"| whale section word for word the same as the day before | {whale_same[0]} of {whale_same[1]} |")
    print()
    print("| section | same text as the day before |")
    print("|---|---|")
    for section, (same, total) in repeats.items():
        print(f"| {section} | {same} of {total} ({100 * same / max(total, 1):.0f}%) |")
    if args.examples:
        print()
        for check in checks:
            if defects[check]:
                print(f"{check}: {', '.join(sorted(defects[check])[:3])}")


def printed(percentile):
    """A percentile as a brief prints it: whole, to the nearest, 1 to 99 but for the top (100)."""
    return 100 if percentile >= 100 else min(99, max(1, math.floor(max(0, percentile) + 0.5)))


def mid_rank(points, when, min_history_days):
    """Mid-rank percentile of the value on `when` among `points`, once they began
    `min_history_days` before; None without."""
    if not points or points[-1][0] != when or (when - points[0][0]).days + 1 < min_history_days:
        return None
    today = points[-1][1]
    below = sum(1 for _, v in points if v < today)
    equal = sum(1 for _, v in points if v == today)
    return (below + equal / 2) / len(points) * 100


def per8h_rank(data, asset, when, days, min_history_days):
    """Funding per 8h on `when`, ranked among the `days` ending on it."""
    points = []
    for offset in range(days - 1, -1, -1):
        other = when - datetime.timedelta(days=offset)
        row = data.get((asset, other.isoformat()), {})
        if row.get("funding_rate") is not None and row.get("funding_interval_h"):
            points.append((other, row["funding_rate"] * 8 / row["funding_interval_h"]))
    return mid_rank(points, when, min_history_days)


def held_over_band(data, asset, when, band, stretched, days):
    """Funding per 8h (percent) over the band by less than the margin on `when`, after a day
    over it by the margin with none back in the band (or unreported) since: still a stretch."""
    def per8h(day):
        row = data.get((asset, day.isoformat()), {})
        if row.get("funding_rate") is None or not row.get("funding_interval_h"):
            return None
        return row["funding_rate"] * (8 / row["funding_interval_h"]) * 100
    today = per8h(when)
    if today is None or not band < today < stretched:
        return False
    for back in range(1, days + 1):
        rate = per8h(when - datetime.timedelta(days=back))
        if rate is None or rate <= band:
            return False
        if rate >= stretched:
            return True
    return False


def is_new_low(data, asset, when, support_days):
    """The close on `when` is under every close of the `support_days` before it."""
    window = series(data, asset, "close_usd", when, support_days + 1)
    return len(window) > 7 and window[-1][0] == when and window[-1][1] < min(v for _, v in window[:-1])


def round_half_away(value, places):
    """Rounds the decimal value (15 significant digits) half away from zero."""
    from decimal import Decimal, ROUND_HALF_UP
    text = f"{value:.15g}"
    return float(Decimal(text).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


if __name__ == "__main__":
    main()
