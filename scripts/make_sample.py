#!/usr/bin/env python3
"""Writes data/sample/: an illustrative reconstruction of BTC and ETH markets from
2023-09-01 to 2025-08-31, built to agree with every figure of the reference brief
(the late-August 2025 leverage sell-off). It is NOT exchange data.

Deterministic: the same script writes the same bytes. Run from the repository root:
    python3 scripts/make_sample.py
"""
import datetime as dt
import math
import random

FIRST = dt.date(2023, 9, 1)
LAST = dt.date(2025, 8, 31)
CRASH = dt.date(2025, 8, 26)
rng = random.Random(20250826)

NOTICE = ("# Illustrative reconstruction for marketbrief's sample, NOT exchange records.\n"
          "# Built by scripts/make_sample.py to agree with the figures of the reference brief\n"
          "# (BTC sell-off of 2025-08-23..26). Format: docs/data-format.md\n")


def days():
    d = FIRST
    while d <= LAST:
        yield d
        d += dt.timedelta(days=1)


def D(text):
    return dt.date.fromisoformat(text)


def path(anchors, fixed, noise, cap=None):
    """Log-linear interpolation between anchors, plus a noise bridge that is zero at each
    anchor; `fixed` days are set exactly; `cap` bounds every unfixed day."""
    anchors = sorted((D(k), v) for k, v in anchors.items())
    out = {}
    for (d0, v0), (d1, v1) in zip(anchors, anchors[1:]):
        n = (d1 - d0).days
        walk = [0.0]
        for _ in range(n):
            walk.append(walk[-1] + rng.gauss(0, noise))
        for i in range(n + 1):
            bridge = walk[i] - walk[-1] * i / n
            t = i / n
            out[d0 + dt.timedelta(days=i)] = math.exp(math.log(v0) * (1 - t) + math.log(v1) * t + bridge)
    for k, v in fixed.items():
        out[D(k)] = v
    if cap:
        for d in out:
            if d.isoformat() not in fixed:
                out[d] = min(out[d], cap * (1 - 0.002 * rng.random()))
    return out


btc = path({
    "2023-09-01": 25900, "2023-10-15": 27000, "2023-12-31": 42300, "2024-03-13": 73100,
    "2024-05-01": 58000, "2024-06-05": 71000, "2024-08-05": 54000, "2024-09-06": 53900,
    "2024-11-12": 88000, "2024-12-17": 106000, "2025-01-20": 105000, "2025-02-28": 84300,
    "2025-04-08": 76300, "2025-05-22": 111500, "2025-06-22": 101000, "2025-06-27": 107000,
    "2025-07-14": 121000, "2025-08-13": 123300, "2025-08-31": 108300,
}, {
    "2025-06-20": 103300, "2025-06-21": 102200, "2025-06-22": 101000, "2025-06-23": 105400,
    "2025-06-24": 106000, "2025-06-25": 107300,
    "2025-08-10": 119300, "2025-08-11": 118700, "2025-08-12": 120200, "2025-08-13": 123300,
    "2025-08-14": 118400, "2025-08-15": 117400, "2025-08-16": 117500, "2025-08-17": 117500,
    "2025-08-18": 116300, "2025-08-19": 112900, "2025-08-20": 114300, "2025-08-21": 112500,
    "2025-08-22": 116900, "2025-08-23": 117000, "2025-08-24": 113900, "2025-08-25": 110200,
    "2025-08-26": 108000, "2025-08-27": 111300, "2025-08-28": 112500, "2025-08-29": 108400,
    "2025-08-30": 108700, "2025-08-31": 108300,
}, 0.012, cap=122800)
# Every close of the 30 days before the crash stays above the crash-day close.
for d in btc:
    if CRASH - dt.timedelta(days=29) <= d < CRASH:
        btc[d] = max(btc[d], 110500 + 500 * rng.random()) if d.isoformat() < "2025-08-19" else btc[d]

eth = path({
    "2023-09-01": 1640, "2023-12-31": 2280, "2024-03-12": 4060, "2024-08-05": 2420,
    "2024-12-16": 4000, "2025-04-08": 1470, "2025-05-13": 2680, "2025-07-01": 2400,
    "2025-07-20": 3750, "2025-08-13": 4750, "2025-08-31": 4390,
}, {
    "2025-08-13": 4750, "2025-08-14": 4700, "2025-08-15": 4600, "2025-08-16": 4420,
    "2025-08-17": 4480, "2025-08-18": 4310, "2025-08-19": 4090, "2025-08-20": 4340,
    "2025-08-21": 4230, "2025-08-22": 4830, "2025-08-23": 4780, "2025-08-24": 4955,
    "2025-08-25": 4380, "2025-08-26": 4600, "2025-08-27": 4510, "2025-08-28": 4500,
    "2025-08-29": 4350, "2025-08-30": 4370, "2025-08-31": 4390,
}, 0.015, cap=4790)

# Funding per 8h settlement (fraction). Quiet around late June (3% a year), rising to
# 0.010% on Aug 22 (10.95% a year), 0.008% on the crash day.
funding = {}
for d in days():
    base = 0.00005 + 0.00003 * math.sin(d.toordinal() / 23.0) + rng.gauss(0, 0.000012)
    if D("2024-02-20") <= d <= D("2024-03-20"):
        base += 0.0002
    funding[d] = base
ramp_start, peak = D("2025-06-28"), D("2025-08-22")
for d in days():
    if D("2025-06-21") <= d <= D("2025-06-27"):
        funding[d] = 0.0000274
    elif ramp_start <= d < peak:
        t = (d - ramp_start).days / (peak - ramp_start).days
        funding[d] = min(0.000098, 0.00003 + 0.000062 * t + rng.gauss(0, 0.000004))
for k, v in {"2025-08-22": 0.0001, "2025-08-23": 0.000095, "2025-08-24": 0.00009, "2025-08-25": 0.000085,
             "2025-08-26": 0.00008, "2025-08-27": 0.00006, "2025-08-28": 0.00005, "2025-08-29": 0.00004,
             "2025-08-30": 0.000035, "2025-08-31": 0.000032}.items():
    funding[D(k)] = v

# Open interest in BTC: a two-year high of 310,600 on the crash day, 41,000 above June 27.
oi = path({"2023-09-01": 182000, "2024-03-14": 262000, "2024-08-05": 221000, "2024-12-17": 258000,
           "2025-04-08": 231000, "2025-06-27": 269600, "2025-08-26": 310600, "2025-08-31": 298000},
          {"2025-06-27": 269600, "2025-08-26": 310600, "2025-08-27": 301200}, 0.008, cap=309800)

ETF_FUNDS = [("IBIT", 0.50), ("FBTC", 0.20), ("ARKB", 0.10), ("BITB", 0.08), ("GBTC", 0.07), ("HODL", 0.05)]
etf_fixed = {"2025-08-21": 81.4, "2025-08-22": -350.2, "2025-08-25": -412.6, "2025-08-26": -296.4,
             "2025-08-27": 88.2, "2025-08-28": 179.5, "2025-08-29": -126.6}
netflow_fixed = {"2025-08-16": -1850, "2025-08-17": 2140, "2025-08-18": 1380, "2025-08-19": 3020,
                 "2025-08-20": 2460, "2025-08-21": 1870, "2025-08-22": 2950, "2025-08-23": 4310,
                 "2025-08-24": 5120, "2025-08-25": 3680, "2025-08-26": None, "2025-08-27": -2210,
                 "2025-08-28": -940, "2025-08-29": 1160, "2025-08-30": -730, "2025-08-31": -1320}
liq_fixed = {"2025-08-24": (156e6, 22e6), "2025-08-25": (212e6, 31e6), "2025-08-26": (477e6, 38.6e6),
             "2025-08-27": (58e6, 96e6)}


def fmt(x, places):
    return "" if x is None else f"{x:.{places}f}"


def money(millions):
    return fmt(round(millions * 1e6), 0)


def etf_split(total):
    parts = []
    left = total
    for fund, share in ETF_FUNDS[1:]:
        part = round(total * share + rng.gauss(0, abs(total) * 0.05 + 2), 1)
        parts.append((fund, part))
        left -= part
    return [(ETF_FUNDS[0][0], round(left, 1))] + parts


# The days of the sample's range US markets were closed on a weekday (BriefCore's MarketCalendar:
# NYSE holidays, and the closure of 9 January 2025): spot ETFs report no flow for them.
NYSE_CLOSED = {D(day) for day in [
    "2023-09-04", "2023-11-23", "2023-12-25",
    "2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04",
    "2024-09-02", "2024-11-28", "2024-12-25",
    "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19", "2025-07-04"]}

rows = []
header = ["date", "asset", "close_usd", "close_btc", "funding_rate", "funding_interval_h", "oi_coins", "oi_usd",
          "liq_long_usd", "liq_short_usd", "exchange_netflow", "etf_flow_usd"] + [f"etf_flow_usd.{f}" for f, _ in ETF_FUNDS]
for d in days():
    key = d.isoformat()
    weekday = d.weekday() < 5
    # BTC
    close = round(btc[d])
    long_liq, short_liq = liq_fixed.get(key, (rng.uniform(18e6, 140e6), rng.uniform(8e6, 90e6)))
    if d == D("2024-08-05"):
        long_liq = 610e6
    netflow = netflow_fixed[key] if key in netflow_fixed else round(rng.gauss(-300, 1900))
    etf = None
    if d >= D("2024-01-11") and weekday:
        etf = etf_fixed.get(key, round(rng.gauss(110, 260), 1))
    funds = etf_split(etf) if etf is not None else []
    if d in NYSE_CLOSED:
        # Drawn all the same, so every other value of the sample stays what it was.
        etf, funds = None, []
    rows.append([key, "BTC", str(close), "", f"{funding[d]:.7f}", "8", fmt(oi[d], 0), money(oi[d] * close / 1e6),
                 money(long_liq / 1e6), money(short_liq / 1e6), fmt(netflow, 0),
                 money(etf) if etf is not None else ""] + [money(v) for _, v in funds] + [""] * (len(ETF_FUNDS) - len(funds)))
    # ETH
    eclose = round(eth[d], 2)
    eth_oi = 4.1e6 * (eth[d] / 2500) ** 0.45
    eth_etf = None
    if d >= D("2024-07-23") and weekday:
        eth_etf = round(rng.gauss(60, 140), 1)
        if D("2025-08-18") <= d <= D("2025-08-26"):
            eth_etf = round(abs(eth_etf) + 150, 1)
        if d in NYSE_CLOSED:
            eth_etf = None
    rows.append([key, "ETH", fmt(eclose, 2), f"{eclose / close:.6f}", f"{funding[d] * 1.1:.7f}", "8",
                 fmt(eth_oi, 0), money(eth_oi * eclose / 1e6), money(rng.uniform(10e6, 90e6) / 1e6),
                 money(rng.uniform(6e6, 70e6) / 1e6), fmt(round(rng.gauss(-2000, 30000)), 0),
                 money(eth_etf) if eth_etf is not None else ""] + [""] * len(ETF_FUNDS))

with open("data/sample/daily.csv", "w", newline="") as out:
    out.write(NOTICE)
    out.write(",".join(header) + "\n")
    for row in rows:
        out.write(",".join(row) + "\n")

transfers = [
    ("sample-20240311-a", "2024-03-11T03:12:40Z", "BTC", 1000, 71_500_000, 10.2, "moved", "", "Dormant 2013 wallet, moved to a new address"),
    ("sample-20241120-a", "2024-11-20T17:45:05Z", "BTC", 2000, 188_400_000, 11.4, "sold", "", "Dormant 2013 miner, sold on an exchange"),
    ("sample-20250704-a", "2025-07-04T08:01:19Z", "BTC", 10000, 1_090_000_000, 14.3, "moved", "", "Satoshi-era wallet, moved"),
    ("sample-20250815-a", "2025-08-15T12:30:00Z", "ETH", 35000, 161_000_000, 1.2, "sold", "", "Fund wallet, sold"),
    ("sample-20250824-a", "2025-08-24T09:15:27Z", "BTC", 22400, 2_551_360_000, 7.1, "sold", "ETH",
     "Wallet dormant since 2018"),
    ("sample-20250825-a", "2025-08-25T21:02:11Z", "BTC", 750, 82_650_000, 2.3, "sold", "", "Trading firm, sold"),
]
with open("data/sample/transfers.csv", "w", newline="") as out:
    out.write(NOTICE)
    out.write("id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label\n")
    for t in transfers:
        label = t[8]
        out.write(",".join([t[0], t[1], t[2], str(t[3]), str(t[4]), str(t[5]), t[6], t[7], f'"{label}"' if "," in label else label]) + "\n")
