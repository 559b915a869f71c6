/**
 * Plain-TS references of the order-statistics kernels (assembly/rolling/quantile.ts), written
 * independently of the wasm algorithm: a sorted array of the window's valid values kept by binary
 * search and `copyWithin` (O(w) per row), with pandas' formulas for the results.
 */
import { resolveMinPeriods, rollingMean, rollingStd } from './rolling.js';

/** The window's valid values, sorted ascending. */
class SortedWindow {
  private readonly a: Float64Array;
  n = 0;

  constructor(capacity: number) {
    this.a = new Float64Array(Math.max(capacity, 1));
  }

  /** Number of values < v. */
  lowerBound(v: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.a[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of values ≤ v. */
  upperBound(v: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.a[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(v: number): void {
    const p = this.upperBound(v);
    this.a.copyWithin(p + 1, p, this.n);
    this.a[p] = v;
    this.n++;
  }

  remove(v: number): void {
    const p = this.lowerBound(v);
    this.a.copyWithin(p, p + 1, this.n);
    this.n--;
  }

  at(k: number): number {
    return this.a[k]!;
  }

  /** pandas roll_quantile, linear interpolation; needs n ≥ 1. */
  quantile(q: number): number {
    if (this.n === 1) return this.a[0]!;
    const idxf = q * (this.n - 1);
    const idx = Math.trunc(idxf);
    const lo = this.a[idx]!;
    if (idxf === idx) return lo;
    const hi = this.a[idx + 1]!;
    return lo + (hi - lo) * (idxf - idx);
  }
}

/** Slide a window of `window` rows over x, calling `at(i, win)` after row i entered (or before, when `causal`). */
function slide(x: Float64Array, window: number, causal: boolean, at: (i: number, win: SortedWindow) => number): Float64Array {
  const out = new Float64Array(x.length);
  const win = new SortedWindow(window);
  for (let i = 0; i < x.length; i++) {
    if (causal) out[i] = at(i, win);
    const old = i >= window ? x[i - window]! : NaN;
    if (old === old) win.remove(old);
    const v = x[i]!;
    if (v === v) win.insert(v);
    if (!causal) out[i] = at(i, win);
  }
  return out;
}

/** pandas `rolling(window, min_periods).quantile(q, interpolation='linear')`. */
export function rollingQuantile(x: Float64Array, window: number, q: number, minPeriods = -1): Float64Array {
  const minp = resolveMinPeriods(minPeriods, window);
  return slide(x, window, false, (_i, w) => (w.n >= minp && w.n > 0 ? w.quantile(q) : NaN));
}

export const RANK_METHODS = ['average', 'min', 'max'] as const;

/** pandas `rolling(window, min_periods).rank(method, pct)`; method 0 average, 1 min, 2 max. */
export function rollingRank(x: Float64Array, window: number, minPeriods: number, method: number, pct: boolean): Float64Array {
  const minp = resolveMinPeriods(minPeriods, window);
  return slide(x, window, false, (i, w) => {
    const v = x[i]!;
    if (v !== v || w.n < minp) return NaN;
    const lo = w.lowerBound(v) + 1;
    const hi = w.upperBound(v);
    const rank = method === 0 ? (hi * (hi + 1) / 2 - (lo - 1) * lo / 2) / (hi - lo + 1) : method === 1 ? lo : hi;
    return pct ? rank / w.n : rank;
  });
}

/** (x_t − median) / IQR over the window (x_t included); NaN when the IQR is 0 (DECISIONS B13). */
export function rollingRobustZ(x: Float64Array, window: number, minPeriods = -1): Float64Array {
  const minp = resolveMinPeriods(minPeriods, window);
  return slide(x, window, false, (i, w) => {
    const v = x[i]!;
    if (v !== v || w.n < minp || w.n === 0) return NaN;
    const iqr = w.quantile(0.75) - w.quantile(0.25);
    return iqr !== 0 ? (v - w.quantile(0.5)) / iqr : NaN;
  });
}

/** CoinGlass causal winsorise: clamp x_t to the [lower, upper] quantiles of x_{t−w} .. x_{t−1}. */
export function causalWinsorize(x: Float64Array, window: number, lower: number, upper: number, minPeriods = 1): Float64Array {
  return slide(x, window, true, (i, w) => {
    const v = x[i]!;
    if (v !== v || w.n === 0 || w.n < minPeriods) return v;
    const lo = w.quantile(lower);
    const hi = w.quantile(upper);
    return v < lo ? lo : v > hi ? hi : v;
  });
}

export const ZSCORE_EPS = 2.220446049250313e-16;

/**
 * CoinGlass causal z-score against the strictly-past window: (x_{t−lag} − mean) / std, mean and
 * population std being pandas' rolling values of the window that ends at t−1 (std 0 → ε).
 */
export function causalZscore(x: Float64Array, window: number, lag: number, minPeriods = 1): Float64Array {
  const mean = rollingMean(x, window, minPeriods);
  const std = rollingStd(x, window, minPeriods, 0);
  const out = new Float64Array(x.length).fill(NaN);
  for (let t = 1; t < x.length; t++) {
    const num = x[t - lag]!;
    const m = mean[t - 1]!;
    if (num !== num || m !== m) continue;
    const s = std[t - 1]!;
    out[t] = (num - m) / (s > 0 ? s : ZSCORE_EPS);
  }
  return out;
}
