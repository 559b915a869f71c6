#!/usr/bin/python3
"""Reference vectors for the indicator kernels' cgq variants and for behaviour the shared fixtures
(data_pipeline@ff4cbd9 outputs) do not exercise: RSI with no losses (DECISIONS B14), the volatility
estimators skipping empty bins (B17), valid-bar share denominators (B18), the standard Yang-Zhang
estimator (B19), Bollinger's expanding fallback next to gaps and its band position, a volume-spike
window with MAD 0, and the standard ROC. Each expected value is written directly from its
definition with pandas/numpy (not ported from the TypeScript).

Run with Debian's python3 (numpy 1.24.2, pandas 1.5.3):
    /usr/bin/python3 test/vectors/gen/indicators_cgq.py > test/vectors/indicators_cgq.json
"""
import json
import math
import sys

import numpy as np
import pandas as pd

pd.set_option("compute.use_bottleneck", False)
pd.set_option("compute.use_numexpr", False)

EPS = 1e-9
SEED = 20240601
N = 240


def bars(seed, n, empty_every=None, flat_at=None):
    """A log random walk with OHLCV; empty bins (NaN prices, volume 0) and flat stretches optional."""
    rs = np.random.RandomState(seed)
    c = 100.0 * np.exp(np.cumsum(rs.normal(0, 0.004, n)))
    o = np.concatenate([[c[0]], c[:-1]]) * np.exp(rs.normal(0, 0.001, n))
    h = np.maximum(o, c) * (1 + rs.uniform(0, 0.003, n))
    l = np.minimum(o, c) * (1 - rs.uniform(0, 0.003, n))
    v = rs.uniform(5, 100, n)
    if flat_at is not None:
        a, b = flat_at
        c[a:b] = c[a]
    if empty_every:
        idx = np.arange(7, n, empty_every)
        for arr in (o, h, l, c):
            arr[idx] = np.nan
        v[idx] = 0.0
    # a few rounded closes repeat exactly, so some returns are exactly 0 (flat bars)
    c = np.where(np.isnan(c), np.nan, np.round(c, 2))
    return pd.DataFrame({"open": o, "high": h, "low": l, "close": c, "volume": v})


def js(a):
    return [None if (x is None or (isinstance(x, float) and math.isnan(x))) else float(x) for x in np.asarray(a, dtype=float)]


def trailing(n, window, fn, min_bars=None):
    mb = window if min_bars is None else min_bars
    out = np.full(n, np.nan)
    for i in range(n):
        ln = min(i + 1, window)
        if ln >= mb:
            out[i] = fn(i - ln + 1, i + 1)
    return out


def log_returns(c):
    return np.diff(np.log(np.maximum(c, 1e-9)), prepend=np.nan)


cases = []


def case(kernel, name, params, df, outputs, rel=1e-12, abs_=0.0):
    spec_inputs = {
        "rsi": ["close"], "roc": ["close"], "bollinger": ["close"], "ret_share": ["close"],
        "parkinson": ["high", "low"], "garman_klass": ["open", "high", "low", "close"],
        "yang_zhang": ["open", "high", "low", "close"], "volume_shares": ["close", "volume"],
        "vwap_pos_share": ["high", "low", "close", "volume"], "vol_spike": ["volume"],
    }[kernel]
    cases.append({
        "kernel": kernel, "name": name, "params": params,
        "inputs": {k: js(df[k].values) for k in spec_inputs},
        "outputs": {k: js(v) for k, v in outputs.items()},
        "rel": rel, "abs": abs_,
    })


# ---- RSI: no losses since the seed → avg_down = 0: cgq 100, the original NaN (flat start: both 0)
for label, df in [
    ("rising start", bars(SEED, N).assign(close=lambda d: np.concatenate([100 + np.arange(25) * 0.5, d.close.values[25:]]))),
    ("flat start", bars(SEED + 1, N).assign(close=lambda d: np.concatenate([np.full(25, 100.0), d.close.values[25:]]))),
    ("empty bins", bars(SEED + 2, N, empty_every=17)),
]:
    c = df.close
    delta = c.diff()
    up = delta.clip(lower=0)
    down = (-delta).clip(lower=0)
    ru = up.ewm(alpha=1 / 14, adjust=False, min_periods=14).mean()
    rd = down.ewm(alpha=1 / 14, adjust=False, min_periods=14).mean()
    legacy = 100 - 100 / (1 + ru / rd.replace(0, np.nan))
    cgq = legacy.where(~((rd == 0) & ru.notna()), 100.0)
    case("rsi", f"RSI 14 {label}, cgq: no losses = 100", {"period": 14, "legacy": 0}, df, {"rsi": cgq})
    case("rsi", f"RSI 14 {label}, legacy: no losses = NaN", {"period": 14, "legacy": 1}, df, {"rsi": legacy})

# ---- ROC over 10 bars: NaN base or base 0 → NaN
df = bars(SEED + 3, N, empty_every=23)
df.loc[50, "close"] = 0.0
base = df.close.shift(10)
roc = ((df.close - base) / base * 100).where(base.notna() & (base != 0))
case("roc", "ROC 10 with empty bins and a zero close", {"period": 10}, df, {"roc": roc})

# ---- Bollinger 20/2 with the expanding fallback next to gaps, and the band position
df = bars(SEED + 4, N, empty_every=29)
c = df.close
ma, sd = c.rolling(20).mean(), c.rolling(20).std()
mu = ma.where(ma.notna(), c.expanding().mean())
sg = sd.where(sd.notna(), c.expanding().std())
upper, lower = mu + 2 * sg, mu - 2 * sg
pos = ((c - lower) / ((upper - lower) + EPS)).clip(0, 1).where(np.isfinite(upper) & np.isfinite(lower) & c.notna())
case("bollinger", "Bollinger 20/2, expanding fallback next to empty bins, position",
     {"period": 20, "num_std": 2, "fallback": 1}, df,
     {"mid": mu, "upper": upper, "lower": lower, "width": upper - lower, "position": pos}, rel=1e-9, abs_=1e-12)

# ---- volatility estimators over 30-bar windows with empty bins
W = 30
df = bars(SEED + 5, N, empty_every=13)
o, h, l, c = (df[k].values for k in ("open", "high", "low", "close"))


def parkinson(s, e, legacy):
    hh, ll = h[s:e], l[s:e]
    ok = (hh > 0) & (ll > 0)
    if legacy:
        if not ok.all():
            return np.nan
        return math.sqrt(np.mean(np.log(hh / ll) ** 2) / (4 * math.log(2)))
    if ok.sum() == 0:
        return np.nan
    return math.sqrt(np.mean(np.log(hh[ok] / ll[ok]) ** 2) / (4 * math.log(2)))


def garman_klass(s, e, legacy):
    oo, hh, ll, cc = o[s:e], h[s:e], l[s:e], c[s:e]
    ok = (oo > 0) & (hh > 0) & (ll > 0) & (cc > 0)
    if legacy and not ok.all():
        return np.nan
    if ok.sum() == 0:
        return np.nan
    var = 0.5 * np.mean(np.log(hh[ok] / ll[ok]) ** 2) - (2 * math.log(2) - 1) * np.mean(np.log(cc[ok] / oo[ok]) ** 2)
    return math.sqrt(max(0.0, var))


def yang_zhang_standard(s, e):
    """Textbook Yang-Zhang (2000): overnight, open-to-close and Rogers-Satchell terms per period."""
    co, oc, rs = [], [], []
    for j in range(s + 1, e):
        if np.isnan([o[j], h[j], l[j], c[j], c[j - 1]]).any():
            continue
        co.append(math.log(o[j] / c[j - 1]))
        oc.append(math.log(c[j] / o[j]))
        rs.append(math.log(h[j] / c[j]) * math.log(h[j] / o[j]) + math.log(l[j] / c[j]) * math.log(l[j] / o[j]))
    n = len(co)
    if n < 2:
        return np.nan
    k = 0.34 / (1.34 + (n + 1) / (n - 1))
    var = np.var(co, ddof=1) + k * np.var(oc, ddof=1) + (1 - k) * np.mean(rs)
    return math.sqrt(max(var, 0.0))


def yang_zhang_legacy(s, e):
    """The original's variant (spec data_pipeline.md §4.6)."""
    oo, hh, ll, cc = o[s:e], h[s:e], l[s:e], c[s:e]
    if not ((oo > 0) & (cc > 0)).all():
        return np.nan
    n = e - s
    if n < 2:
        return np.nan
    k = 0.34 / (1.34 + (n + 1) / (n - 1))
    r_oo = np.log(oo[1:] / oo[:-1])
    r_cc = np.log(cc[1:] / cc[:-1])
    r_co = np.log(oo[1:] / cc[:-1])
    r_oc = np.log(cc / oo)
    s2o = np.var(r_oo, ddof=1) if len(r_oo) > 1 else 0.0
    s2c = np.var(r_cc, ddof=1) if len(r_cc) > 1 else 0.0
    rs = np.mean(np.log(hh / ll) ** 2) - np.mean(r_co ** 2) - np.mean(r_oc ** 2)
    return math.sqrt(max(0.0, s2o + k * s2c + (1 - k) * max(rs, 0.0)))


n = len(df)
LOG = dict(rel=1e-10, abs_=1e-13)
for legacy in (0, 1):
    tag = "legacy (any empty bin → NaN)" if legacy else "cgq (empty bins skipped)"
    case("parkinson", f"Parkinson 30, {tag}", {"window": W, "legacy": legacy}, df,
         {"parkinson": trailing(n, W, lambda s, e: parkinson(s, e, legacy))}, **LOG)
    case("garman_klass", f"Garman-Klass 30, {tag}", {"window": W, "legacy": legacy}, df,
         {"garman_klass": trailing(n, W, lambda s, e: garman_klass(s, e, legacy))}, **LOG)
case("yang_zhang", "Yang-Zhang 30, standard estimator, empty bins skipped", {"window": W, "legacy": 0}, df,
     {"yang_zhang": trailing(n, W, yang_zhang_standard)}, **LOG)
case("yang_zhang", "Yang-Zhang expanding (min_bars 2), standard estimator", {"window": n, "min_bars": 2, "legacy": 0}, df,
     {"yang_zhang": trailing(n, n, yang_zhang_standard, min_bars=2)}, **LOG)
df_full = bars(SEED + 6, N)
o, h, l, c = (df_full[k].values for k in ("open", "high", "low", "close"))
case("yang_zhang", "Yang-Zhang 30, the original's variant (no gaps)", {"window": W, "legacy": 1}, df_full,
     {"yang_zhang": trailing(n, W, yang_zhang_legacy)}, **LOG)
case("yang_zhang", "Yang-Zhang 30, standard estimator (no gaps)", {"window": W, "legacy": 0}, df_full,
     {"yang_zhang": trailing(n, W, yang_zhang_standard)}, **LOG)

# ---- shares with empty bins and flat bars: legacy denominators = all bins, cgq = valid bars
df = bars(SEED + 7, N, empty_every=11, flat_at=(100, 112))
c, v, h, l = (df[k].values for k in ("close", "volume", "high", "low"))


def window_returns(s, e):
    r = log_returns(c[s:e])
    return r


def vol_shares(s, e, legacy):
    r, vv = window_returns(s, e), v[s:e]
    up = vv[r > 0].sum()
    if legacy:
        tot = vv.sum()
        u = up / tot if tot != 0 else np.nan
        return u, 1 - u
    ok = ~np.isnan(r)
    den = vv[ok].sum()
    if den == 0:
        return np.nan, np.nan
    return up / den, vv[r < 0].sum() / den


def ret_share(s, e, legacy):
    r = window_returns(s, e)
    pos = (r > 0).sum()
    if legacy:
        return pos / (e - s)
    valid = (~np.isnan(r)).sum()
    return pos / valid if valid else np.nan


def vwap_pos_share(s, e, legacy):
    cc, hh, ll, vv = c[s:e], h[s:e], l[s:e], v[s:e]
    tpv = np.nansum((hh + ll + cc) / 3 * vv)
    tot = np.nansum(vv)
    vwap = tpv / tot if tot != 0 else np.nan
    above = (cc > vwap).sum()
    if legacy:
        return above / (e - s)
    valid = (~np.isnan(cc)).sum()
    return above / valid if valid and not np.isnan(vwap) else np.nan


for legacy in (0, 1):
    tag = "legacy (all bins)" if legacy else "cgq (valid bars)"
    up = trailing(n, W, lambda s, e: vol_shares(s, e, legacy)[0])
    dn = trailing(n, W, lambda s, e: vol_shares(s, e, legacy)[1])
    case("volume_shares", f"volume shares 30, {tag}", {"window": W, "legacy": legacy}, df, {"up_share": up, "down_share": dn}, rel=1e-12)
    case("ret_share", f"positive-return share 30, {tag}", {"window": W, "legacy": legacy}, df,
         {"ret_share_pos": trailing(n, W, lambda s, e: ret_share(s, e, legacy))})
    case("vwap_pos_share", f"share above VWAP 30, {tag}", {"window": W, "legacy": legacy}, df,
         {"vwap_pos_share": trailing(n, W, lambda s, e: vwap_pos_share(s, e, legacy))})

# ---- volume spikes, including windows whose MAD is 0 (fraction strictly above the median)
df = bars(SEED + 8, N)
vv = df.volume.values.copy()
vv[60:110] = 42.0
vv[[70, 80, 95]] = [50.0, 41.0, 99.0]
df["volume"] = vv


def vol_spike(s, e):
    x = vv[s:e]
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    thr = med + 3 * (1.4826 * mad)
    return float((x > thr).mean())


case("vol_spike", "volume spike share 30, with MAD-0 windows", {"window": W}, df, {"vol_spike_share": trailing(n, W, vol_spike)})

json.dump({
    "provenance": {
        "generator": "test/vectors/gen/indicators_cgq.py",
        "python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
        "input": f"seeded log random walks (numpy RandomState({SEED}..{SEED + 8}), n={N}) with empty bins "
                 "(NaN OHLC, volume 0), flat stretches and rounded closes, as built in the script",
        "definition": "pandas/numpy expressions of each kernel's definition, see the script",
    },
    "cases": cases,
}, sys.stdout, allow_nan=False, indent=None)
sys.stdout.write("\n")
