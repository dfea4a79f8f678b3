#!/usr/bin/env python3
"""Writes a long SYNTHETIC daily history of BTC (2019-01-01 to 2025-08-31, one row a day) in
marketbrief's import format (docs/data-format.md, daily metrics), for reading briefs across many
market regimes. It is NOT exchange data: the price follows the rough shape of the real one, but
every value is drawn by this script.

How it is made (deterministic: `random.Random(SEED)`, no numpy; the same script writes the same
bytes):
- price: daily log-returns with GARCH(1,1) volatility clustering (2-4% a day), bridged between
  anchor closes; the scripted episodes below fix the returns of their days;
- funding per 8 h: mean-reverting around 0.01%, pushed up by momentum (euphoric rallies reach
  0.05-0.1%), down by falls (negative in crashes);
- open interest (coins): bridged between leverage anchors, reacting to moves, cut sharply on the
  scripted deleveraging days; oi_usd = oi_coins x close;
- liquidations (USD): a share of open interest, growing with the square of the move (longs on
  falls, shorts on rises), both non-zero every day;
- exchange net flows (coins) and spot-ETF flows (USD, NYSE trading days from 2024-01-11 only).

The scripted episodes, with the days worth reading, are printed to stderr at the end; the
script checks every property it claims and stops if one does not hold.

    python3 scripts/make_history.py                  # CSV on stdout
    python3 scripts/make_history.py --out history.csv
Import it into a store of its own (run `marketbrief import` from a scratch folder), not over the
bundled sample.
"""
import argparse
import datetime as dt
import math
import random
import sys

SEED = 20190101
FIRST = dt.date(2019, 1, 1)
LAST = dt.date(2025, 8, 31)
ETF_LAUNCH = dt.date(2024, 1, 11)
ASSET = "BTC"

rng = random.Random(SEED)


def D(text):
    return dt.date.fromisoformat(text)


def span(first, last):
    d = D(first) if isinstance(first, str) else first
    end = D(last) if isinstance(last, str) else last
    while d <= end:
        yield d
        d += dt.timedelta(days=1)


DAYS = list(span(FIRST, LAST))
INDEX = {d: i for i, d in enumerate(DAYS)}


# --- NYSE calendar (the rules of BriefCore's MarketCalendar) -------------------------------------

def easter(year):
    """Easter Sunday, Gregorian (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def nth_weekday(year, month, weekday, n):
    """The n-th `weekday` (0 = Monday) of the month."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def last_weekday(year, month, weekday):
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def observed(day):
    """A fixed-date holiday on Saturday is observed on Friday, on Sunday on Monday."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


# Closures outside the rules: the national day of mourning for President Carter.
SPECIAL_CLOSURES = {dt.date(2025, 1, 9)}


def nyse_holidays(year):
    days = {
        nth_weekday(year, 1, 0, 3),            # Martin Luther King Jr. Day
        nth_weekday(year, 2, 0, 3),            # Washington's Birthday (Presidents Day)
        easter(year) - dt.timedelta(days=2),   # Good Friday
        last_weekday(year, 5, 0),              # Memorial Day
        observed(dt.date(year, 7, 4)),         # Independence Day
        nth_weekday(year, 9, 0, 1),            # Labor Day
        nth_weekday(year, 11, 3, 4),           # Thanksgiving
        observed(dt.date(year, 12, 25)),       # Christmas
    }
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() != 5:                # on a Saturday it is not observed (NYSE rule)
        days.add(observed(new_year))
    if year >= 2022:
        days.add(observed(dt.date(year, 6, 19)))  # Juneteenth
    return days


HOLIDAYS = set().union(*(nyse_holidays(y) for y in range(FIRST.year, LAST.year + 1))) | SPECIAL_CLOSURES


def is_trading_day(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def trading_days(first, count):
    """`count` NYSE trading days from `first` (or the next trading day) on."""
    out, d = [], D(first)
    while len(out) < count:
        if is_trading_day(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


# --- The scripted episodes ------------------------------------------------------------------------

def pct(p):
    return math.log(1 + p / 100)


# Price returns fixed by the episodes (percent, close over previous close).
fixed_price = {}
# COVID-style crash: -9% then -17% (-24.5% in two days), low on 03-12, +14% the next day.
CRASH1 = {"2020-03-11": -9.0, "2020-03-12": -17.0, "2020-03-13": 14.0}
# May-2021-style crash: three days, -20.6%, low on 05-19, +10.5% the next day.
CRASH2 = {"2021-05-17": -5.5, "2021-05-18": -1.8, "2021-05-19": -14.5, "2021-05-20": 10.5}
# Deleveraging week after the November 2021 high: modest falls, open interest cut 5-8% a day.
DELEVER = {"2021-11-16": (-2.2, -6.1), "2021-11-17": (-1.5, -7.4), "2021-11-18": (-2.8, -5.6),
           "2021-11-19": (-1.2, -8.2), "2021-11-20": (-2.0, -6.5), "2021-11-21": (-1.6, -5.3)}
# Short squeeze after a week of negative funding.
SQUEEZE_DAY = D("2023-03-13")
SQUEEZE_FUNDING = ("2023-03-06", "2023-03-12")
# Quiet stretch: weeks of moves under 1%, neutral funding.
QUIET = (D("2020-06-15"), D("2020-07-21"))
# Slow grind down (new 30-day lows over several weeks), before a LUNA-style capitulation.
GRIND = (D("2022-03-31"), D("2022-05-07"))
# Missing data: funding and open interest not reported.
GAP = (D("2023-11-14"), D("2023-11-17"))
# Euphoric funding boosts (per 8 h, fraction) during the bull runs.
EUPHORIA = [("2020-12-15", "2021-01-10", 0.00025), ("2021-02-05", "2021-02-21", 0.00055),
            ("2021-03-08", "2021-03-13", 0.0005), ("2021-04-09", "2021-04-13", 0.0004),
            ("2021-10-15", "2021-11-09", 0.00015), ("2024-02-26", "2024-03-13", 0.00025),
            ("2024-11-10", "2024-12-17", 0.0002)]
BULL = (D("2020-10-08"), D("2021-04-14"))

# Flow episodes.
ETF_OUTFLOW_RUN = trading_days("2025-02-04", 55)
ETF_INFLOW_AFTER = trading_days((ETF_OUTFLOW_RUN[-1] + dt.timedelta(days=1)).isoformat(), 15)
EXCH_OUTFLOW_WITH_ETF_OUTFLOW = (D("2025-03-03"), D("2025-03-30"))
EXCH_INFLOW_WITH_ETF_INFLOW = (D("2024-11-06"), D("2024-12-06"))
EXCH_INFLOW_LONG = (D("2024-05-20"), D("2024-07-29"))

for k, v in {**CRASH1, **CRASH2}.items():
    fixed_price[D(k)] = pct(v)
for k, (p, _) in DELEVER.items():
    fixed_price[D(k)] = pct(p)
fixed_price[SQUEEZE_DAY] = pct(8.6)
for d in span(*QUIET):
    fixed_price[d] = max(-0.0085, min(0.0085, rng.gauss(0, 0.0045)))
grind = [max(-0.035, min(0.02, rng.gauss(-0.007, 0.011))) for _ in span(*GRIND)]
shift = (-0.30 - sum(grind)) / len(grind)   # a fall of about a quarter over five weeks
for d, r in zip(span(*GRIND), grind):
    fixed_price[d] = r + shift

PRICE_ANCHORS = {
    "2019-01-01": 3800, "2019-02-07": 3400, "2019-04-01": 4150, "2019-05-14": 8000,
    "2019-06-26": 12900, "2019-07-16": 9400, "2019-09-23": 9700, "2019-09-25": 8400,
    "2019-10-24": 7450, "2019-11-03": 9200, "2019-12-17": 6650, "2020-02-12": 10300,
    "2020-03-10": 7900, "2020-04-29": 8800, "2020-06-01": 10200, "2020-06-14": 9400,
    "2020-07-27": 11000, "2020-09-02": 11400, "2020-09-05": 10200, "2020-10-07": 10600,
    "2020-10-21": 12800, "2020-11-24": 19200, "2020-11-26": 17100, "2020-12-16": 21300,
    "2021-01-08": 40600, "2021-01-27": 30400, "2021-02-21": 57500, "2021-02-28": 45200,
    "2021-03-13": 61200, "2021-03-25": 52300, "2021-04-13": 63500, "2021-04-25": 49000,
    "2021-05-07": 57400, "2021-05-10": 56000, "2021-05-12": 49500, "2021-05-16": 46400, "2021-06-22": 32500, "2021-07-20": 29800,
    "2021-09-06": 52700, "2021-09-21": 40700, "2021-10-20": 66000, "2021-11-08": 67500,
    "2021-11-15": 65500, "2021-12-03": 53700, "2021-12-04": 49200, "2021-12-31": 46200,
    "2022-01-22": 35000, "2022-02-10": 44000, "2022-02-24": 38300, "2022-03-04": 42000, "2022-03-30": 46000,
    "2022-05-12": 28900, "2022-06-12": 26600, "2022-06-18": 19000, "2022-08-13": 24400,
    "2022-09-06": 18800, "2022-11-07": 20600, "2022-11-09": 15900, "2022-12-31": 16500,
    "2023-01-31": 23100, "2023-02-16": 24600, "2023-03-09": 20350, "2023-03-12": 20600,
    "2023-04-14": 30400, "2023-06-15": 25100, "2023-07-13": 31400, "2023-08-16": 28700,
    "2023-08-17": 26600, "2023-10-15": 27000, "2023-10-24": 33900, "2023-12-31": 42300,
    "2024-01-11": 46300, "2024-01-22": 39500, "2024-03-13": 73100, "2024-05-01": 58000,
    "2024-06-05": 71000, "2024-07-05": 56600, "2024-08-04": 58100, "2024-08-05": 54000,
    "2024-09-06": 53900, "2024-11-12": 88000, "2024-12-17": 106000, "2025-01-20": 105000,
    "2025-02-28": 84300, "2025-04-08": 76300, "2025-05-22": 111500, "2025-07-14": 121000,
    "2025-08-13": 123300, "2025-08-31": 108300,
}

# Long-run daily volatility by year (GARCH(1,1) targets).
YEAR_VOL = {2019: 0.023, 2020: 0.023, 2021: 0.026, 2022: 0.024, 2023: 0.017, 2024: 0.020, 2025: 0.017}
ALPHA, BETA = 0.07, 0.89
SIGMA_CAP = 0.055


def segments(anchors):
    pts = sorted((D(k), math.log(v)) for k, v in anchors.items())
    assert pts[0][0] == FIRST and pts[-1][0] == LAST
    return pts


def bridged(anchors, fixed, noise_for, phi=1.0):
    """Log-levels that go through every anchor: fixed days take their return; free days take
    the segment's constant drift that lands on the next anchor, plus the change of a deviation
    that follows dev = phi * dev + noise_for(i, mean_drift) (phi < 1 keeps the path near the
    line between anchors, so an anchored high stays the high)."""
    pts = segments(anchors)
    logs = [0.0] * len(DAYS)
    logs[0] = pts[0][1]
    rets = [0.0] * len(DAYS)
    for (d0, v0), (d1, v1) in zip(pts, pts[1:]):
        idx = range(INDEX[d0] + 1, INDEX[d1] + 1)
        free = [i for i in idx if DAYS[i] not in fixed]
        assert free, f"segment {d0}..{d1} has no free day"
        fixed_sum = sum(fixed[DAYS[i]] for i in idx if DAYS[i] in fixed)
        mean = (v1 - v0 - fixed_sum) / len(free)
        noise = {}
        dev = 0.0
        for i in idx:
            if DAYS[i] in fixed:
                rets[i] = fixed[DAYS[i]]
                noise_for(i, None, rets[i])
            else:
                eps = noise_for(i, mean, None)
                noise[i] = (phi - 1) * dev + eps
                dev = phi * dev + eps
        correction = mean - sum(noise.values()) / len(free)
        for i in free:
            rets[i] = noise[i] + correction
        for i in idx:
            logs[i] = logs[i - 1] + rets[i]
        assert abs(logs[idx[-1]] - v1) < 1e-9
    return logs, rets


garch = {"var": YEAR_VOL[2019] ** 2, "prev": 0.0}
sigma = [0.0] * len(DAYS)


def price_noise(i, mean, fixed_return):
    """GARCH(1,1) shock; the variance reacts to the previous day's return (its expected drift
    included), so crashes and fast segments raise volatility for the days after."""
    v_long = YEAR_VOL[DAYS[i].year] ** 2
    var = v_long * (1 - ALPHA - BETA) + ALPHA * garch["prev"] ** 2 + BETA * garch["var"]
    var = min(var, SIGMA_CAP ** 2)
    garch["var"] = var
    sigma[i] = math.sqrt(var)
    if fixed_return is not None:
        garch["prev"] = fixed_return
        return None
    z = rng.gauss(0, 1)
    if rng.random() < 0.04:     # fat tails
        z *= 1.7
    z = max(-3.2, min(3.2, z))
    eps = sigma[i] * z
    garch["prev"] = mean + eps
    return eps


# Anchored highs that stay the highest close of their window (a free close above is pulled
# just under it, as make_sample.py caps its path).
PEAKS = {"2019-06-26": ("2019-05-20", "2019-08-31"), "2021-04-13": ("2021-03-20", "2021-05-10"),
         "2021-11-08": ("2021-10-01", "2021-12-31"), "2024-03-13": ("2024-02-10", "2024-06-30"),
         "2024-12-17": ("2024-11-25", "2025-01-31"), "2025-08-13": ("2025-07-01", "2025-08-31")}

sigma[0] = YEAR_VOL[2019]
log_price, ret = bridged(PRICE_ANCHORS, fixed_price, price_noise, phi=0.8)
close = [round(math.exp(x)) for x in log_price]
anchor_days = {D(k) for k in PRICE_ANCHORS}
for peak, (a, b) in PEAKS.items():
    top = close[INDEX[D(peak)]]
    for d in span(a, b):
        i = INDEX[d]
        nxt = d + dt.timedelta(days=1)
        if d != D(peak) and d not in anchor_days and d not in fixed_price and nxt not in fixed_price \
                and close[i] >= top:
            close[i] = round(top * (1 - 0.005 - 0.03 * rng.random()))
# A range for March 2022, so the grind after it makes new 30-day lows from its second week.
BANDS = [("2022-03-08", "2022-03-29", 43000, 47500)]
for a, b, low, high in BANDS:
    for d in span(a, b):
        i = INDEX[d]
        if d in anchor_days or d in fixed_price or d + dt.timedelta(days=1) in fixed_price:
            continue
        if close[i] < low:
            close[i] = round(low * (1 + 0.004 + 0.025 * rng.random()))
        elif close[i] > high:
            close[i] = round(high * (1 - 0.004 - 0.025 * rng.random()))
ret = [0.0] + [math.log(close[i] / close[i - 1]) for i in range(1, len(DAYS))]
# Returns of the rounded closes (what a brief sees).
move = [0.0] + [close[i] / close[i - 1] - 1 for i in range(1, len(DAYS))]


def mom(i, n):
    return math.log(close[i] / close[max(0, i - n)])


# --- Open interest (coins) ------------------------------------------------------------------------

fixed_oi = {}
for k, v in {"2020-03-11": -12.0, "2020-03-12": -26.0, "2020-03-13": -2.0,
             "2021-05-17": -6.0, "2021-05-18": -3.0, "2021-05-19": -22.0, "2021-05-20": 2.0}.items():
    fixed_oi[D(k)] = pct(v)
for k, (_, o) in DELEVER.items():
    fixed_oi[D(k)] = pct(o)
fixed_oi[SQUEEZE_DAY] = pct(-4.0)

OI_ANCHORS = {
    "2019-01-01": 95000, "2019-06-26": 150000, "2019-12-31": 140000, "2020-03-10": 190000,
    "2020-05-01": 150000, "2020-10-07": 200000, "2021-01-08": 300000, "2021-04-13": 390000,
    "2021-05-16": 340000, "2021-07-20": 280000, "2021-11-15": 450000, "2021-12-31": 330000,
    "2022-03-30": 370000, "2022-11-07": 480000, "2022-11-12": 390000, "2022-12-31": 390000,
    "2023-06-30": 420000, "2023-12-31": 430000, "2024-03-13": 520000, "2024-08-05": 460000,
    "2024-12-17": 600000, "2025-04-08": 560000, "2025-08-13": 720000, "2025-08-31": 680000,
}


def oi_noise(i, mean, fixed_return):
    if fixed_return is not None:
        return None
    r = ret[i]
    response = 0.3 * r + (1.0 * (r + 0.03) if r < -0.03 else 0.0)   # falls flush positions
    return response + rng.gauss(0, 0.012)


log_oi, oi_ret = bridged(OI_ANCHORS, fixed_oi, oi_noise)
oi = [round(math.exp(x)) for x in log_oi]

# --- Funding per 8 h (fraction) -------------------------------------------------------------------

funding_fixed = {D(k): v for k, v in {
    "2020-03-11": -0.00008, "2020-03-12": -0.00042, "2020-03-13": -0.00018,
    "2021-05-17": 0.00002, "2021-05-18": -0.00005, "2021-05-19": -0.00038, "2021-05-20": -0.0001,
    "2023-03-13": 0.00002, "2023-03-14": 0.00006}.items()}
for n, d in enumerate(span(*SQUEEZE_FUNDING)):
    funding_fixed[d] = -0.00004 - 0.000018 * n           # deepening to about -0.015%
euphoria = {}
for a, b, boost in EUPHORIA:
    for d in span(a, b):
        euphoria[d] = boost

funding = [0.0] * len(DAYS)
f = 0.0001
for i, d in enumerate(DAYS):
    m = mom(i, 20)
    target = 0.0001 + (0.0010 * min(m, 0.6) if m >= 0 else 0.0003 * max(m, -0.4))
    target += euphoria.get(d, 0.0)
    f = 0.7 * f + 0.3 * target + rng.gauss(0, 0.000018) + 0.0015 * min(ret[i] + 0.01, 0)
    f = max(-0.0006, min(0.001, f))
    if QUIET[0] <= d <= QUIET[1]:
        f = max(0.00002, min(0.0001, rng.gauss(0.00006, 0.00001)))
    if d in (D("2020-03-10"), D("2021-05-16")):
        f = max(f, 0.00003)          # positive the day before the crash
    if d in funding_fixed:
        f = funding_fixed[d]
    funding[i] = f

# --- Liquidations (USD) ---------------------------------------------------------------------------

liq_override = {D(k): v for k, v in {   # (long, short) as shares of the previous day's OI in USD
    "2020-03-11": (0.05, 0.003), "2020-03-12": (0.2, 0.003), "2020-03-13": (0.006, 0.022),
    "2021-05-17": (0.04, 0.002), "2021-05-18": (0.012, 0.003), "2021-05-19": (0.2, 0.003),
    "2021-05-20": (0.008, 0.02), "2023-03-13": (0.0025, 0.055)}.items()}
liq_long = [0] * len(DAYS)
liq_short = [0] * len(DAYS)
for i, d in enumerate(DAYS):
    j = max(0, i - 1)
    oi_usd_prev = oi[j] * close[j]
    r, fr = ret[i], funding[i]
    base = 0.0011 * max(0.45, min(2.0, (sigma[i] or 0.03) / 0.03))
    lf = base * math.exp(rng.gauss(0, 0.45)) * (1 + max(fr, 0) / 0.0004) + 0.012 * max(-r, 0) + 2.5 * max(-r, 0) ** 2
    sf = base * math.exp(rng.gauss(0, 0.45)) * (1 + max(-fr, 0) / 0.0001) + 0.010 * max(r, 0) + 1.8 * max(r, 0) ** 2
    if d in liq_override:
        lf, sf = liq_override[d]
        lf *= math.exp(rng.gauss(0, 0.03))
        sf *= math.exp(rng.gauss(0, 0.03))
    liq_long[i] = max(1, round(oi_usd_prev * lf))
    liq_short[i] = max(1, round(oi_usd_prev * sf))

# --- Exchange net flows (coins) and spot-ETF flows (USD) ------------------------------------------

netflow_fixed = {D("2020-03-12"): 12480, D("2020-03-11"): 6150, D("2021-05-19"): 9820, D("2021-05-18"): 4310}
netflow = [0] * len(DAYS)
for i, d in enumerate(DAYS):
    if d in netflow_fixed:
        v = netflow_fixed[d]
    elif EXCH_OUTFLOW_WITH_ETF_OUTFLOW[0] <= d <= EXCH_OUTFLOW_WITH_ETF_OUTFLOW[1]:
        v = -(400 + abs(rng.gauss(1400, 900)))
    elif (EXCH_INFLOW_LONG[0] <= d <= EXCH_INFLOW_LONG[1]
          or EXCH_INFLOW_WITH_ETF_INFLOW[0] <= d <= EXCH_INFLOW_WITH_ETF_INFLOW[1]):
        v = 300 + abs(rng.gauss(1100, 800))
    else:
        v = rng.gauss(-250, 1800) - 40000 * ret[i]
    netflow[i] = round(v)

etf = [None] * len(DAYS)
outflow_days, inflow_days = set(ETF_OUTFLOW_RUN), set(ETF_INFLOW_AFTER)
for i, d in enumerate(DAYS):
    if d < ETF_LAUNCH or not is_trading_day(d):
        continue
    if d in outflow_days:
        v = -(30e6 + abs(rng.gauss(150e6, 110e6)))
    elif d in inflow_days or EXCH_INFLOW_WITH_ETF_INFLOW[0] <= d <= EXCH_INFLOW_WITH_ETF_INFLOW[1]:
        v = 40e6 + abs(rng.gauss(220e6, 150e6))
    else:
        v = rng.gauss(60e6 + 2.0e9 * mom(i, 5), 230e6)
    v = round(v / 1e5) * 100000       # to $0.1M, as fund reports are
    etf[i] = v if v != 0 else 100000

# --- Checks of what the episode list claims -------------------------------------------------------

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


def i_of(text):
    return INDEX[D(text)]


def run_around(values, i, sign, days_ok=lambda d: True):
    """The longest run of values of `sign` (reported days only) containing day i: first, last, count."""
    def ok(k):
        return values[k] is not None and (values[k] > 0 if sign > 0 else values[k] < 0)
    a = b = i
    k = i - 1
    while k >= 0:
        if not days_ok(DAYS[k]) or values[k] is None:
            k -= 1
            continue
        if not ok(k):
            break
        a = k
        k -= 1
    k = i + 1
    while k < len(DAYS):
        if not days_ok(DAYS[k]) or values[k] is None:
            k += 1
            continue
        if not ok(k):
            break
        b = k
        k += 1
    count = sum(1 for k in range(a, b + 1) if values[k] is not None and days_ok(DAYS[k]))
    return DAYS[a], DAYS[b], count


check(all(c > 0 for c in close), "a close is not positive")
check(all(abs(x) < 0.05 for x in funding), "funding outside +-0.05")
check(all(x > 0 for x in liq_long + liq_short), "a liquidation total is zero")
for i, d in enumerate(DAYS):
    if etf[i] is not None:
        check(is_trading_day(d) and d >= ETF_LAUNCH, f"ETF flow on closed day {d}")

running_max = []
m = 0
for c in close:
    running_max.append(m)
    m = max(m, c)
records = [d for i, d in enumerate(DAYS) if i > 0 and close[i] > running_max[i]]
bull_records = [d for d in records if BULL[0] <= d <= BULL[1]]
check(len(bull_records) >= 5, "too few record closes in the bull run")
bull_idx = range(INDEX[BULL[0]], INDEX[BULL[1]] + 1)
peak_funding_i = max(bull_idx, key=lambda i: funding[i])
check(funding[peak_funding_i] >= 0.0005, "no euphoric funding in the bull run")
later_records = [d for d in records if d > BULL[1]]


def crash_facts(days, low, rebound):
    first, lo, rb = i_of(days[0]), i_of(low), i_of(rebound)
    fall = close[lo] / close[first - 1] - 1
    check(-0.25 <= fall <= -0.15, f"crash to {low}: {fall:.1%} not within -15..-25%")
    check(0.10 <= move[rb] <= 0.16, f"rebound {rebound}: {move[rb]:.1%}")
    check(liq_long[lo] > max(liq_long[:lo]), f"crash {low}: long liquidations not a record")
    check(funding[first - 1] > 0 and funding[lo] < 0, f"crash {low}: funding does not turn negative")
    check(all(close[k] > close[lo] for k in range(max(0, lo - 60), lo)), f"crash {low}: not a 60-day low")
    return fall


fall1 = crash_facts(["2020-03-11", "2020-03-12"], "2020-03-12", "2020-03-13")
fall2 = crash_facts(["2021-05-17", "2021-05-18", "2021-05-19"], "2021-05-19", "2021-05-20")

delever_idx = [i_of(k) for k in DELEVER]
for i in delever_idx:
    check(oi[i] / oi[i - 1] - 1 < -0.05, f"deleveraging {DAYS[i]}: OI fall under 5%")
    check(-0.035 < move[i] < 0, f"deleveraging {DAYS[i]}: price move {move[i]:.1%} not modest")
delever_oi = oi[delever_idx[-1]] / oi[delever_idx[0] - 1] - 1
delever_px = close[delever_idx[-1]] / close[delever_idx[0] - 1] - 1

sq = INDEX[SQUEEZE_DAY]
check(0.08 <= move[sq] < 0.10, f"squeeze move {move[sq]:.1%}")
check(liq_short[sq] > 10 * liq_long[sq], "squeeze: short liquidations not far larger than longs")
check(all(funding[k] < 0 for k in range(sq - 7, sq)), "squeeze: funding not negative before")

quiet_idx = range(INDEX[QUIET[0]], INDEX[QUIET[1]] + 1)
check(all(abs(move[i]) < 0.01 for i in quiet_idx), "quiet stretch has a move of 1% or more")
check(all(0 <= funding[i] <= 0.0001 for i in quiet_idx), "quiet stretch funding not neutral")
quiet_max = max(abs(move[i]) for i in quiet_idx)

grind_idx = range(INDEX[GRIND[0]], INDEX[GRIND[1]] + 1)
grind_lows = [DAYS[i] for i in grind_idx if close[i] < min(close[i - 30:i])]
check(len(grind_lows) >= 8, "grind: too few new 30-day lows")
check(all(abs(move[i]) < 0.05 for i in grind_idx), "grind has a big day")
grind_fall = close[grind_idx[-1]] / close[grind_idx[0] - 1] - 1

trading = is_trading_day
etf_out = run_around(etf, INDEX[ETF_OUTFLOW_RUN[10]], -1, trading)
etf_in = run_around(etf, INDEX[ETF_INFLOW_AFTER[3]], +1, trading)
check(etf_out[2] >= 50, f"ETF outflow run of {etf_out[2]} trading days only")
check(etf_in[0] > etf_out[1], "ETF inflows do not follow the outflow run")
conflict_a = run_around(netflow, INDEX[EXCH_OUTFLOW_WITH_ETF_OUTFLOW[0]] + 3, -1)
conflict_b_ex = run_around(netflow, INDEX[EXCH_INFLOW_WITH_ETF_INFLOW[0]] + 3, +1)
conflict_b_etf = run_around(etf, INDEX[trading_days(EXCH_INFLOW_WITH_ETF_INFLOW[0].isoformat(), 2)[1]], +1, trading)
long_inflow = run_around(netflow, INDEX[EXCH_INFLOW_LONG[0]] + 3, +1)
check(long_inflow[2] > 60, "exchange inflow run not longer than 60 days")
check(conflict_a[0] >= etf_out[0] and conflict_a[1] <= etf_out[1], "exchange outflows not inside the ETF outflow run")

if problems:
    sys.exit("make_history.py: the generated history does not have its episodes:\n  " + "\n  ".join(problems))

# --- Output ---------------------------------------------------------------------------------------

NOTICE = (
    "# SYNTHETIC history for reading marketbrief's briefs across market regimes: NOT exchange records.\n"
    f"# Made by scripts/make_history.py (seed {SEED}, Python's random, deterministic): GARCH-like daily\n"
    "# returns bridged between anchor closes shaped like BTC's 2019-2025 path, with scripted episodes\n"
    "# (crashes, deleveraging, a squeeze, a quiet stretch, flow runs, a data gap); funding, open interest,\n"
    "# liquidations and flows are modelled from the price. Episode dates: run the script, stderr.\n"
    "# Format: docs/data-format.md\n")
HEADER = ["date", "asset", "close_usd", "close_btc", "funding_rate", "funding_interval_h", "oi_coins",
          "oi_usd", "liq_long_usd", "liq_short_usd", "exchange_netflow", "etf_flow_usd"]


def write(out):
    out.write(NOTICE)
    out.write(",".join(HEADER) + "\n")
    for i, d in enumerate(DAYS):
        gap = GAP[0] <= d <= GAP[1]
        row = [d.isoformat(), ASSET, str(close[i]), "",
               "" if gap else f"{funding[i]:.7f}", "" if gap else "8",
               "" if gap else str(oi[i]), "" if gap else str(oi[i] * close[i]),
               str(liq_long[i]), str(liq_short[i]), str(netflow[i]),
               "" if etf[i] is None else str(etf[i])]
        out.write(",".join(row) + "\n")


def fm(x):
    return f"${x / 1e6:,.0f}M" if abs(x) < 1e9 else f"${x / 1e9:,.2f}B"


def episodes():
    lines = []
    add = lines.append
    add(f"make_history.py: {len(DAYS)} rows ({ASSET}, {FIRST}..{LAST}), seed {SEED}. Scripted episodes:")
    pf = DAYS[peak_funding_i]
    shown = ", ".join(d.isoformat() for d in bull_records[:3]) + ", ..., " + ", ".join(
        d.isoformat() for d in bull_records[-3:])
    add(f"- Bull run {BULL[0]}..{BULL[1]}: {len(bull_records)} record closes ({shown}); "
        f"last {bull_records[-1]} at ${close[INDEX[bull_records[-1]]]:,}; euphoric funding, "
        f"peak {funding[peak_funding_i] * 100:.3f}%/8h on {pf}.")
    groups = []
    for d in later_records:
        if groups and (d - groups[-1][-1]).days <= 45:
            groups[-1].append(d)
        else:
            groups.append([d])
    add("  Later record closes: " + "; ".join(
        f"{g[0]}..{g[-1]} ({len(g)})" if len(g) > 1 else f"{g[0]} (1)" for g in groups) + ".")
    for days, low, rb, fall in ((list(CRASH1)[:2], "2020-03-12", "2020-03-13", fall1),
                                (list(CRASH2)[:3], "2021-05-19", "2021-05-20", fall2)):
        lo, r = i_of(low), i_of(rb)
        add(f"- Crash {days[0]}..{low}: {fall:+.1%} ({', '.join(f'{move[i_of(k)]:+.1%}' for k in days)}), "
            f"record long liquidations {fm(liq_long[lo])} on {low}, funding {funding[lo] * 100:+.3f}%/8h, "
            f"OI {oi[lo] / oi[i_of(days[0]) - 1] - 1:+.0%}; rebound {rb} {move[r]:+.1%}.")
    add(f"- Deleveraging week {DAYS[delever_idx[0]]}..{DAYS[delever_idx[-1]]}: OI "
        f"{', '.join(f'{oi[i] / oi[i - 1] - 1:+.1%}' for i in delever_idx)} a day ({delever_oi:+.0%}), "
        f"price {delever_px:+.1%}, after the November 2021 high.")
    add(f"- Short squeeze {SQUEEZE_DAY}: {move[sq]:+.1%}, short liquidations {fm(liq_short[sq])} vs longs "
        f"{fm(liq_long[sq])}; funding negative {SQUEEZE_FUNDING[0]}..{SQUEEZE_FUNDING[1]} "
        f"(down to {min(funding[sq - 7:sq]) * 100:+.4f}%/8h).")
    add(f"- Quiet stretch {QUIET[0]}..{QUIET[1]} ({len(quiet_idx)} days): every move under {quiet_max:.2%}, "
        f"funding {min(funding[i] for i in quiet_idx) * 100:.4f}..{max(funding[i] for i in quiet_idx) * 100:.4f}%/8h; "
        f"breakout after it ({DAYS[quiet_idx[-1] + 1]}..2020-07-27: ${close[quiet_idx[-1]]:,} to ${close[i_of('2020-07-27')]:,}).")
    add(f"- Slow grind down {GRIND[0]}..{GRIND[1]}: {grind_fall:+.0%}, {len(grind_lows)} new 30-day closing lows "
        f"({grind_lows[0]} first, {grind_lows[-1]} last); capitulation to {LAST_GRIND_ANCHOR}.")
    add(f"- ETF outflow run {etf_out[0]}..{etf_out[1]}: {etf_out[2]} consecutive trading days; "
        f"then inflows {etf_in[0]}..{etf_in[1]} ({etf_in[2]} trading days).")
    add(f"- Conflicting spot signals: exchange net OUTflows {conflict_a[0]}..{conflict_a[1]} "
        f"({conflict_a[2]} days) inside the ETF outflow run; reverse: exchange net INflows "
        f"{conflict_b_ex[0]}..{conflict_b_ex[1]} ({conflict_b_ex[2]} days) while ETF inflows "
        f"{conflict_b_etf[0]}..{conflict_b_etf[1]} ({conflict_b_etf[2]} trading days).")
    add(f"- Exchange inflow run {long_inflow[0]}..{long_inflow[1]}: {long_inflow[2]} days.")
    add(f"- Data gap {GAP[0]}..{GAP[1]}: funding_rate, funding_interval_h, oi_coins, oi_usd empty.")
    add(f"- ETF flows from {ETF_LAUNCH} (launch) on NYSE trading days only; "
        f"{sum(1 for d in HOLIDAYS if ETF_LAUNCH <= d <= LAST and d.weekday() < 5)} weekday closures left empty.")
    return "\n".join(lines)


LAST_GRIND_ANCHOR = "2022-05-12 ($28,900)"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write a synthetic multi-regime BTC history (import CSV).")
    parser.add_argument("--out", help="file to write (default: standard output)")
    args = parser.parse_args()
    if args.out:
        with open(args.out, "w", newline="") as handle:
            write(handle)
    else:
        write(sys.stdout)
    print(episodes(), file=sys.stderr)
