#!/usr/bin/python3
"""Reference vectors for the rolling / causal statistics, the element-wise transforms and the
resampling kernel, written from their pandas/numpy definitions (not ported from the TypeScript):

  rolling_sum        x.rolling(w, min_periods).sum()   (and .mean/.var/.std/.min/.max variants)
  rolling_quantile   x.rolling(w, min_periods).quantile(q, interpolation='linear')
  rolling_rank       x.rolling(w, min_periods).rank(method, pct)
  rolling_robust_z   (x - r.quantile(.5)) / (r.quantile(.75) - r.quantile(.25)); IQR 0 -> NaN
  causal_winsorize   x clipped to x.shift(1).rolling(w, min_periods).quantile(lower / upper)
  causal_zscore      lag 0: (x - m.shift(1)) / s.shift(1);  lag 1: ((x - m) / s).shift(1)
                     m, s = x.rolling(w, min_periods).mean() / .std(ddof=0), s == 0 -> eps
  log1p_pos, asl     np.log1p(np.maximum(x, 0)), np.sign(x) * np.log1p(np.abs(x)); non-finite -> NaN
  resample_ohlcv     row i = the last bin of bars[:i+1].resample(f'{k}T').agg(first/max/min/last/sum/size)

It also checks the CoinGlass spec's Appendix B parity values (z-score and winsorise) against these
definitions and fails if they disagree. A second file holds numpy percentile knots for the
non-registry `percentiles` export.

Run with Debian's python3 (numpy 1.24.2, pandas 1.5.3):
    /usr/bin/python3 test/vectors/gen/rolling.py
It writes test/vectors/rolling.json and test/vectors/exports/percentiles.json.
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd

pd.set_option("compute.use_bottleneck", False)
pd.set_option("compute.use_numexpr", False)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, ".."))
EPS = 2.220446049250313e-16
N = 200


def js(a):
    out = []
    for x in np.asarray(a, dtype=float):
        if math.isnan(x):
            out.append(None)
        elif math.isinf(x):
            out.append("Infinity" if x > 0 else "-Infinity")
        else:
            out.append(float(x))
    return out


def walk(seed, n=N, nan_share=0.0, decimals=4):
    """A seeded log random walk around 100 (rounded, so the JSON stays small), with NaN gaps."""
    rs = np.random.RandomState(seed)
    x = np.round(100.0 * np.exp(np.cumsum(rs.normal(0, 0.003, n))), decimals)
    if nan_share:
        x[rs.uniform(size=n) < nan_share] = np.nan
    return pd.Series(x)


def ties(seed, n=N, nan_share=0.1):
    """Few distinct values (many ties), negative values and zeros, NaN gaps."""
    rs = np.random.RandomState(seed)
    x = rs.randint(-2, 3, size=n).astype(float)
    x[rs.uniform(size=n) < nan_share] = np.nan
    return pd.Series(x)


cases = []


def case(kernel, name, params, inputs, outputs, rel=1e-12, abs_=0.0):
    cases.append({
        "kernel": kernel,
        "name": name,
        "params": params,
        "inputs": {k: js(v) for k, v in inputs.items()},
        "outputs": {k: js(v) for k, v in outputs.items()},
        "rel": rel,
        "abs": abs_,
    })


def roll(x, w, mp):
    return x.rolling(w, min_periods=None if mp == -1 else mp)


# ---------------------------------------------------------------- rolling_sum
for seed, nan, w, mp in [(1, 0.0, 20, -1), (2, 0.1, 7, 3), (3, 0.3, 5, 0), (4, 0.1, 1, -1)]:
    x = walk(seed, nan_share=nan)
    case("rolling_sum", f"sum window {w} min_periods {mp}, NaN share {nan}", {"window": w, "min_periods": mp},
         {"x": x}, {"sum": roll(x, w, mp).sum()}, rel=0.0)

# ---------------------------------------------------------------- rolling_var / std / mean / min / max (variants the fixtures lack)
for seed, nan, w, mp, ddof in [(50, 0.1, 20, -1, 1), (51, 0.2, 7, 2, 0), (52, 0.0, 30, -1, 0)]:
    x = walk(seed, nan_share=nan)
    x[120:140] = x[120]  # a constant stretch: variance exactly 0
    params = {"window": w, "min_periods": mp, "ddof": ddof}
    case("rolling_var", f"var window {w} min_periods {mp} ddof {ddof}, NaN share {nan}, constant stretch", params,
         {"x": x}, {"var": roll(x, w, mp).var(ddof=ddof)}, rel=0.0)
    case("rolling_std", f"std window {w} min_periods {mp} ddof {ddof}, NaN share {nan}, constant stretch", params,
         {"x": x}, {"std": roll(x, w, mp).std(ddof=ddof)}, rel=0.0)
for seed, nan, w, mp in [(53, 0.1, 10, 3), (54, 0.3, 25, 1)]:
    x = walk(seed, nan_share=nan)
    for kernel, fn in (("rolling_mean", "mean"), ("rolling_min", "min"), ("rolling_max", "max")):
        case(kernel, f"{fn} window {w} min_periods {mp}, NaN share {nan}", {"window": w, "min_periods": mp},
             {"x": x}, {fn: getattr(roll(x, w, mp), fn)()}, rel=0.0)

# ---------------------------------------------------------------- rolling_quantile
for seed, nan, w, q, mp in [(5, 0.0, 20, 0.5, -1), (6, 0.1, 20, 0.9, -1), (7, 0.1, 60, 0.25, 10), (8, 0.2, 7, 0.1, 1),
                            (9, 0.05, 3, 0.0, -1), (10, 0.05, 3, 1.0, -1), (11, 0.1, 100, 0.99, 1), (12, 0.0, 1, 0.5, -1)]:
    x = walk(seed, nan_share=nan)
    case("rolling_quantile", f"q {q} window {w} min_periods {mp}, NaN share {nan}", {"window": w, "q": q, "min_periods": mp},
         {"x": x}, {"quantile": roll(x, w, mp).quantile(q, interpolation="linear")}, rel=0.0)
x = ties(13)
case("rolling_quantile", "q 0.3 window 40 on tied values", {"window": 40, "q": 0.3, "min_periods": 1},
     {"x": x}, {"quantile": roll(x, 40, 1).quantile(0.3, interpolation="linear")}, rel=0.0)

# ---------------------------------------------------------------- rolling_rank
METHODS = ["average", "min", "max"]
for seed, gen, w, mp, method, pct in [(14, "walk", 20, -1, 0, 1), (15, "ties", 20, -1, 0, 1), (16, "ties", 50, 5, 1, 1),
                                      (17, "ties", 50, 5, 2, 1), (18, "ties", 30, -1, 0, 0), (19, "walk", 60, 1, 2, 0)]:
    x = walk(seed, nan_share=0.1) if gen == "walk" else ties(seed)
    case("rolling_rank", f"{METHODS[method]} pct={pct} window {w} min_periods {mp} on {gen}",
         {"window": w, "min_periods": mp, "method": method, "pct": pct},
         {"x": x}, {"rank": roll(x, w, mp).rank(method=METHODS[method], pct=bool(pct))}, rel=0.0)

# ---------------------------------------------------------------- rolling_robust_z
for seed, gen, w, mp in [(20, "walk", 20, -1), (21, "ties", 15, 3), (22, "walk", 60, 10)]:
    x = walk(seed, nan_share=0.1) if gen == "walk" else ties(seed)
    r = roll(x, w, mp)
    iqr = r.quantile(0.75, interpolation="linear") - r.quantile(0.25, interpolation="linear")
    z = (x - r.quantile(0.5, interpolation="linear")) / iqr.where(iqr != 0)
    case("rolling_robust_z", f"window {w} min_periods {mp} on {gen}", {"window": w, "min_periods": mp},
         {"x": x}, {"robust_z": z}, rel=1e-12)


# ---------------------------------------------------------------- causal_winsorize / causal_zscore
def winsorize(x, w, lower, upper, mp=1):
    past = x.shift(1).rolling(w, min_periods=mp)
    lo = past.quantile(lower, interpolation="linear")
    hi = past.quantile(upper, interpolation="linear")
    y = x.copy()
    ok = lo.notna() & x.notna()
    y[ok] = np.minimum(np.maximum(x[ok], lo[ok]), hi[ok])
    return y


def zscore(x, w, lag, mp=1):
    m = x.rolling(w, min_periods=mp).mean()
    s = x.rolling(w, min_periods=mp).std(ddof=0)
    s = s.where(~(s == 0), EPS)
    if lag == 1:
        return ((x - m) / s).shift(1)
    return (x - m.shift(1)) / s.shift(1)


# Appendix B of the CoinGlass spec (values of the original code): the lag-1 z-score and winsorise.
zb = zscore(pd.Series(np.arange(100.0)), 10, 1)
assert math.isnan(zb[0]) and zb[1] == 0.0 and zb[2] == 1.0, zb[:3].tolist()
assert zb[3] == 1.224744871391589 and zb[20] == 1.5666989036012806, (zb[3], zb[20])
wb = winsorize(pd.Series(np.linspace(0, 100, 50)), 10, 0.1, 0.9)
assert wb[0] == 0.0 and wb[1] == 0.0 and wb[2] == 1.836734693877551 and wb[20] == 36.93877551020408, wb[:3].tolist()

x = pd.Series(np.arange(100.0))
case("causal_zscore", "CoinGlass Appendix B: x = 0..99, W = 10, lag 1 (the original)", {"window": 10, "lag": 1},
     {"x": x}, {"z": zb}, rel=0.0)
case("causal_zscore", "x = 0..99, W = 10, lag 0 (cgq: x_t against the past window)", {"window": 10, "lag": 0},
     {"x": x}, {"z": zscore(x, 10, 0)}, rel=1e-12)
x = pd.Series(np.linspace(0, 100, 50))
case("causal_winsorize", "CoinGlass Appendix B: linspace(0, 100, 50), W = 10, (0.1, 0.9)",
     {"window": 10, "lower": 0.1, "upper": 0.9}, {"x": x}, {"winsorized": wb}, rel=0.0)
for seed, nan, w, lag, mp in [(23, 0.1, 30, 0, 1), (24, 0.1, 30, 1, 1), (25, 0.2, 50, 0, 5)]:
    x = walk(seed, nan_share=nan)
    x[60:80] = x[60]  # a constant stretch: std 0 -> eps, numerator exactly 0
    case("causal_zscore", f"window {w} lag {lag} min_periods {mp}, NaN share {nan}, constant stretch",
         {"window": w, "lag": lag, "min_periods": mp}, {"x": x}, {"z": zscore(x, w, lag, mp)}, rel=1e-9)
for seed, nan, w, lo, hi, mp in [(26, 0.1, 40, 0.05, 0.95, 1), (27, 0.2, 25, 0.01, 0.99, 3), (28, 0.1, 60, 0.2, 0.8, 1)]:
    x = walk(seed, nan_share=nan)
    case("causal_winsorize", f"window {w} ({lo}, {hi}) min_periods {mp}, NaN share {nan}",
         {"window": w, "lower": lo, "upper": hi, "min_periods": mp}, {"x": x}, {"winsorized": winsorize(x, w, lo, hi, mp)}, rel=0.0)

# ---------------------------------------------------------------- transforms
rs = np.random.RandomState(29)
t = np.concatenate([rs.normal(0, 2, 150) * 10 ** rs.uniform(-3, 3, 150),
                    [0.0, -0.0, 1e-12, -1e-12, 0.5, -0.5, 1.0, -1.0, math.e - 1, -10.0, 1e6, -1e6, 1e300, -1e300,
                     np.nan, np.inf, -np.inf]])
ts = pd.Series(t)
finite = np.isfinite(t)
with np.errstate(invalid="ignore"):
    l1 = np.where(finite, np.log1p(np.maximum(t, 0)), np.nan)
    asl = np.where(finite, np.sign(t) * np.log1p(np.abs(t)), np.nan)
# log1p is not correctly rounded in numpy, glibc or V8: 1-ulp differences (fixtures README item 6).
case("log1p_pos", "ln(1 + max(x, 0)) on signed values over 6 decades and edge values", {}, {"x": ts}, {"log1p_pos": l1}, rel=1e-15)
case("asl", "sign(x)·ln(1 + |x|) on signed values over 6 decades and edge values", {}, {"x": ts}, {"asl": asl}, rel=1e-15)


# ---------------------------------------------------------------- resample_ohlcv
def bars_1m(seed, n=N):
    """1-minute bars with gaps (missing minutes), a duplicate minute and some NaN prices/volumes."""
    rs = np.random.RandomState(seed)
    minutes = np.cumsum(rs.choice([1, 1, 1, 1, 2, 5], size=n))
    minutes[50] = minutes[49]  # a duplicate timestamp: merged into its bin
    start = pd.Timestamp("2024-03-09T22:47:00Z")
    ts = start + pd.to_timedelta(minutes, unit="min")
    c = np.round(100.0 * np.exp(np.cumsum(rs.normal(0, 0.002, n))), 3)
    o = np.round(np.concatenate([[c[0]], c[:-1]]), 3)
    h = np.round(np.maximum(o, c) * (1 + rs.uniform(0, 0.002, n)), 3)
    l = np.round(np.minimum(o, c) * (1 - rs.uniform(0, 0.002, n)), 3)
    v = np.round(rs.uniform(0, 50, n), 6)
    for arr, share in ((o, 0.03), (h, 0.03), (l, 0.03), (c, 0.03), (v, 0.05)):
        arr[rs.uniform(size=n) < share] = np.nan
    return pd.DataFrame({"open": o, "high": h, "low": l, "close": c, "volume": v}, index=ts)


AGG = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
for seed, k in [(30, 1), (31, 3), (32, 5), (33, 60), (34, 7)]:
    df = bars_1m(seed)
    outs = {name: np.full(len(df), np.nan) for name in ["bin", "open", "high", "low", "close", "volume", "count"]}
    for i in range(len(df)):
        pre = df.iloc[: i + 1]
        r = pre.resample(f"{k}T", origin="epoch")
        last = r.agg(AGG).iloc[-1]
        outs["bin"][i] = r.agg(AGG).index[-1].value // 10**6
        for name in AGG:
            outs[name][i] = last[name]
        outs["count"][i] = r.size().iloc[-1]
    ms = (df.index.view("int64") // 10**6).astype(float)
    case("resample_ohlcv", f"{k}-minute bins (epoch-aligned) of gappy 1m bars with a duplicate minute and NaNs",
         {"minutes": k},
         {"ts": ms, "open": df.open, "high": df.high, "low": df.low, "close": df.close, "volume": df.volume},
         outs, rel=0.0)

doc = {
    "provenance": {
        "generator": "test/vectors/gen/rolling.py",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "input": "seeded numpy RandomState log random walks (n=200, rounded to 4 decimals) with NaN gaps; "
                 "tied integer series in [-2, 2]; CoinGlass Appendix B inputs; 1-minute bars with gaps, "
                 "a duplicate minute and NaN prices (resample); as built in the script",
        "definition": "pandas 1.5.3 rolling/resample expressions and numpy functions, see the script docstring",
    },
    "cases": cases,
}
with open(os.path.join(OUT_DIR, "rolling.json"), "w") as f:
    json.dump(doc, f, allow_nan=False, separators=(",", ":"))
    f.write("\n")

# ---------------------------------------------------------------- percentile knots (non-registry export)
LEVELS = [1, 5, 10, 20, 25, 40, 50, 60, 75, 80, 90, 95, 99]
knots = []
for seed, n, nan in [(40, 1, 0.0), (41, 2, 0.0), (42, 7, 0.0), (43, 720, 0.1), (44, 50, 0.5), (45, 30, 0.0)]:
    rs = np.random.RandomState(seed)
    x = rs.normal(0, 1, n) * 10 ** rs.uniform(-2, 2, n)
    if seed == 45:
        x = np.round(x)  # ties
    x[rs.uniform(size=n) < nan] = np.nan
    if seed == 44:
        x[:3] = [np.inf, -np.inf, np.nan]
    fin = x[np.isfinite(x)]
    want = np.percentile(fin, LEVELS) if len(fin) else np.full(len(LEVELS), np.nan)
    knots.append({"name": f"n={n}, NaN share {nan}, seed {seed}", "x": js(x), "levels": LEVELS, "knots": js(want)})
knots.append({"name": "no finite value", "x": [None, "Infinity"], "levels": LEVELS, "knots": [None] * len(LEVELS)})
os.makedirs(os.path.join(OUT_DIR, "exports"), exist_ok=True)
with open(os.path.join(OUT_DIR, "exports", "percentiles.json"), "w") as f:
    json.dump({
        "provenance": {
            "generator": "test/vectors/gen/rolling.py",
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "input": "seeded numpy RandomState normal values scaled over 4 decades, NaN/inf mixed in",
            "definition": "np.percentile(finite values, levels) (method 'linear'); all NaN when nothing is finite",
        },
        "cases": knots,
    }, f, allow_nan=False, separators=(",", ":"))
    f.write("\n")
print(f"{len(cases)} kernel cases, {len(knots)} knot cases", file=sys.stderr)
