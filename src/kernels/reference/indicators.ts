/**
 * Plain-TS references of the series indicators (assembly/indicators): output[i] is the indicator
 * at bar i, i.e. what the original's scalar helper returns for rows 0..i (spec data_pipeline.md
 * §4.5; fixtures README items 1, 7-11). Same algorithms as the kernels, written plainly.
 */
import { ema, ewmAdjustFalse } from './ewm.js';
import { rollingExtreme, rollingMean, rollingStd } from './rolling.js';
import { EPS, flooredLog } from './numeric.js';

/** Simple moving average = pandas rolling(period, min_periods).mean(). */
export function sma(x: Float64Array, period: number, minPeriods = -1): Float64Array {
  return rollingMean(x, period, minPeriods);
}

/** Wilder smoothing: EWM with alpha = 1/period, adjust=False, seeded with the first value. */
export function wilder(x: Float64Array, period: number, minPeriods = -1): Float64Array {
  return ewmAdjustFalse(x, 1 / period, minPeriods === -1 ? period : minPeriods);
}

/**
 * EWM that drops NaN inputs (pandas `ignore_na=True` with adjust=False): a NaN neither updates
 * nor decays the mean; its position outputs the held value. This is `_atr`'s
 * `tr.dropna().ewm(...)` re-aligned to the input.
 */
export function ewmIgnoreNa(x: Float64Array, alpha: number, minPeriods: number): Float64Array {
  const out = new Float64Array(x.length);
  let seeded = false;
  let w = NaN;
  let nobs = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v === v) {
      if (!seeded) {
        seeded = true;
        w = v;
      } else if (v !== w) {
        const ow = 1 - alpha;
        w = (ow * w + alpha * v) / (ow + alpha);
      }
      nobs++;
    }
    out[i] = seeded && nobs >= minPeriods ? w : NaN;
  }
  return out;
}

/**
 * Wilder RSI. up/down moves of diff(c) (NaN kept), each smoothed with EWM(1/period, min_periods
 * period); RSI = 100 - 100/(1 + up/down). No losses (down = 0): NaN when `legacy` (the original),
 * else 100 (DECISIONS B14).
 */
export function rsi(c: Float64Array, period: number, legacy = 0): Float64Array {
  const n = c.length;
  const up = new Float64Array(n);
  const dn = new Float64Array(n);
  up[0] = NaN;
  dn[0] = NaN;
  for (let i = 1; i < n; i++) {
    const d = c[i]! - c[i - 1]!;
    up[i] = d === d ? (d > 0 ? d : 0) : NaN;
    dn[i] = d === d ? (-d > 0 ? -d : 0) : NaN;
  }
  const au = ewmAdjustFalse(up, 1 / period, period);
  const ad = ewmAdjustFalse(dn, 1 / period, period);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = au[i]!;
    const d = ad[i]!;
    if (d === 0 && u === u) out[i] = legacy ? NaN : 100;
    else out[i] = 100 - 100 / (1 + u / d);
  }
  return out;
}

/** True range: max of the non-NaN terms h-l, |h-c_prev|, |l-c_prev|; TR_0 = h_0 - l_0. */
export function trueRange(h: Float64Array, l: Float64Array, c: Float64Array): Float64Array {
  const n = h.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pc = i > 0 ? c[i - 1]! : NaN;
    out[i] = maxSkipNaN(h[i]! - l[i]!, Math.abs(h[i]! - pc), Math.abs(l[i]! - pc));
  }
  return out;
}

function maxSkipNaN(a: number, b: number, c: number): number {
  let r = a;
  if (b === b && !(b <= r)) r = b;
  if (c === c && !(c <= r)) r = c;
  return r;
}

/** Wilder ATR of `_atr`: NaN TRs dropped, EWM(1/period, min_periods period); NaN at bar 0. */
export function atr(h: Float64Array, l: Float64Array, c: Float64Array, period: number): Float64Array {
  const out = ewmIgnoreNa(trueRange(h, l, c), 1 / period, period);
  if (out.length > 0) out[0] = NaN;
  return out;
}

/**
 * Classic ADX of `_adx` with +DI/-DI: TR kept with its NaNs (so ATR' decays across gaps), DM by the
 * NaN-comparisons-are-false rules, every smoothing EWM(1/period, min_periods period); NaN before
 * bar `period` (the original's n < period + 1 rule).
 */
export function adx(h: Float64Array, l: Float64Array, c: Float64Array, period: number): Float64Array[] {
  const n = h.length;
  const a = 1 / period;
  const tr = trueRange(h, l, c);
  const pdm = new Float64Array(n);
  const mdm = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const up = h[i]! - h[i - 1]!;
    const down = l[i - 1]! - l[i]!;
    pdm[i] = up > 0 && up > down ? up : 0;
    mdm[i] = down > 0 && down > up ? down : 0;
  }
  const atrP = ewmAdjustFalse(tr, a, period);
  const sp = ewmAdjustFalse(pdm, a, period);
  const sm = ewmAdjustFalse(mdm, a, period);
  const pdi = new Float64Array(n);
  const mdi = new Float64Array(n);
  const dx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pdi[i] = (100 * sp[i]!) / atrP[i]!;
    mdi[i] = (100 * sm[i]!) / atrP[i]!;
    const v = (100 * Math.abs(pdi[i]! - mdi[i]!)) / (pdi[i]! + mdi[i]!);
    dx[i] = Number.isFinite(v) ? v : NaN;
  }
  const adxS = ewmAdjustFalse(dx, a, period);
  for (let i = 0; i < Math.min(n, period); i++) adxS[i] = NaN;
  return [adxS, pdi, mdi];
}

/** MACD line (EMA fast - EMA slow), signal (EMA of the line), histogram. */
export function macd(c: Float64Array, fast: number, slow: number, signal: number): Float64Array[] {
  const f = ema(c, fast);
  const s = ema(c, slow);
  const line = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) line[i] = f[i]! - s[i]!;
  const sig = ema(line, signal);
  const hist = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) hist[i] = line[i]! - sig[i]!;
  return [line, sig, hist];
}

/**
 * Bollinger bands of `_bollinger`: mid = rolling(period) mean, sd = rolling sample std; when
 * `fallback` is 1 and either is NaN it falls back (independently) to the expanding mean / sample
 * std of all bars so far (the original's whole-window fallback), computed online (pandas
 * expanding: Kahan sum, Welford). position = clip((c - lower)/(width + EPS), 0, 1).
 */
export function bollinger(c: Float64Array, period: number, k: number, fallback = 1): Float64Array[] {
  const n = c.length;
  const mu = rollingMean(c, period);
  const sd = rollingStd(c, period);
  const em = fallback ? rollingMean(c, n || 1, 1) : mu;
  const es = fallback ? rollingStd(c, n || 1, 1) : sd;
  const mid = new Float64Array(n), up = new Float64Array(n), lo = new Float64Array(n), width = new Float64Array(n), pos = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = mu[i]! === mu[i]! ? mu[i]! : em[i]!;
    const s = sd[i]! === sd[i]! ? sd[i]! : es[i]!;
    mid[i] = m;
    up[i] = m + k * s;
    lo[i] = m - k * s;
    width[i] = up[i]! - lo[i]!;
    pos[i] = bandPosition(c[i]!, up[i]!, lo[i]!);
  }
  return [mid, up, lo, width, pos];
}

/** The original's bb_position: clip((last - lower)/((upper - lower) + EPS), 0, 1), finite bands only. */
export function bandPosition(last: number, upper: number, lower: number): number {
  if (!Number.isFinite(upper) || !Number.isFinite(lower) || last !== last) return NaN;
  const p = (last - lower) / (upper - lower + EPS);
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** Stochastic %K (period) and %D = rolling(dPeriod, min_periods 1) mean of %K. */
export function stochastic(h: Float64Array, l: Float64Array, c: Float64Array, period: number, dPeriod: number): Float64Array[] {
  const ll = rollingExtreme(l, period, period, false);
  const hh = rollingExtreme(h, period, period, true);
  const k = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const den = hh[i]! - ll[i]!;
    k[i] = den === 0 ? NaN : ((c[i]! - ll[i]!) / den) * 100;
  }
  return [k, rollingMean(k, dPeriod, 1)];
}

/** On-balance volume: cumulative sign(diff c)·v, a NaN diff counting as 0; NaN terms skipped. */
export function obv(c: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(c.length);
  let acc = 0;
  for (let i = 0; i < c.length; i++) {
    const d = i > 0 ? c[i]! - c[i - 1]! : NaN;
    const s = d > 0 ? 1 : d < 0 ? -1 : 0;
    const term = s * v[i]!;
    if (term === term) {
      acc += term;
      out[i] = acc;
    } else out[i] = NaN;
  }
  return out;
}

/** Log return diff(log(max(c, 1e-9))); NaN at bar 0 and next to NaN closes. */
export function logReturn(c: Float64Array): Float64Array {
  const out = new Float64Array(c.length);
  let prev = NaN;
  for (let i = 0; i < c.length; i++) {
    const lc = flooredLog(c[i]!);
    out[i] = lc - prev;
    prev = lc;
  }
  return out;
}

/**
 * Rate of change in percent: (c_i - c_{i-period}) / c_{i-period} · 100, NaN when the base is NaN
 * or 0. period 0 = anchored at the first bar (the original's whole-window roc on a prefix).
 */
export function roc(c: Float64Array, period: number): Float64Array {
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const j = period === 0 ? 0 : i - period;
    const base = j >= 0 ? c[j]! : NaN;
    out[i] = base === base && base !== 0 ? ((c[i]! - base) / base) * 100 : NaN;
  }
  return out;
}
