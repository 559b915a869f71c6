/**
 * Whole-window statistics of the original (spec data_pipeline.md §4.5-4.6, §7.3), each a function
 * of the bars [off, off+len) of one window — the per-window definitions that the trailing-window
 * kernels evaluate at every bar and the fused window_metrics kernel evaluates at window ends.
 * Terms that need the previous bar (log returns, overnight moves) start inside the window: the
 * window's first bar has none, exactly as the original's diff() over the window's bins.
 *
 * `legacy` = 1 reproduces the original (data_pipeline@ff4cbd9); 0 applies cgq's decisions:
 * empty (NaN) bins are skipped by the volatility estimators instead of making them NaN (B17),
 * share denominators count only valid bars (B18), Yang-Zhang is the standard estimator (B19).
 */
import { EPS, countValid, flooredLog, nanMax, nanMean, nanMeanAbsDev, nanMedian, nanMin, nanStd, nanSum, nanVar, pairwiseSum } from './numeric.js';

type A = ArrayLike<number>;

const sq = (x: number): number => x * x;

/** Log returns inside the window: r[0] = NaN, r[j] = log(max(c_j,1e-9)) - log(max(c_{j-1},1e-9)). */
export function windowLogReturns(c: A, off: number, len: number): Float64Array {
  const r = new Float64Array(len);
  let prev = NaN;
  for (let j = 0; j < len; j++) {
    const lc = flooredLog(c[off + j]!);
    r[j] = lc - prev;
    prev = lc;
  }
  return r;
}

/** Σ(tp·v)/Σv with tp = (h+l+c)/3, NaN products skipped; NaN when Σv = 0. */
export function vwapOf(h: A, l: A, c: A, v: A, off: number, len: number): number {
  const tpv = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    const i = off + j;
    tpv[j] = ((h[i]! + l[i]! + c[i]!) / 3) * v[i]!;
  }
  const vs = nanSum(v, off, len);
  return vs === 0 ? NaN : nanSum(tpv) / vs;
}

/** (last - vwap)/vwap; NaN when vwap is 0 or not finite. */
export function vwapDeviation(last: number, vwap: number): number {
  return Number.isFinite(vwap) && vwap !== 0 ? (last - vwap) / vwap : NaN;
}

/** (last - first)/first · 100; NaN when first is NaN or 0. */
export function windowRoc(c: A, off: number, len: number): number {
  const first = c[off]!;
  const last = c[off + len - 1]!;
  return first === first && first !== 0 ? ((last - first) / first) * 100 : NaN;
}

/** Whole-window CCI: (tp_last - mean(tp))/(0.015 · mean|tp - mean|); NaN when the MAD is 0. */
export function cciOf(h: A, l: A, c: A, off: number, len: number): number {
  const tp = new Float64Array(len);
  for (let j = 0; j < len; j++) tp[j] = (h[off + j]! + l[off + j]! + c[off + j]!) / 3;
  const m = nanMean(tp);
  const mad = nanMeanAbsDev(tp, m);
  const last = tp[len - 1]!;
  return mad === 0 || last !== last ? NaN : (last - m) / (0.015 * mad);
}

/** Σ(c·v), NaN skipped. */
export function quoteVolumeOf(c: A, v: A, off: number, len: number): number {
  const cv = new Float64Array(len);
  for (let j = 0; j < len; j++) cv[j] = c[off + j]! * v[off + j]!;
  return nanSum(cv);
}

/** pandas sum of the selected values (numpy sums a boolean-indexed copy). */
function sumWhere(v: A, off: number, len: number, keep: (j: number) => boolean): number {
  const sel: number[] = [];
  for (let j = 0; j < len; j++) if (keep(j)) sel.push(v[off + j]!);
  return nanSum(sel);
}

/**
 * Up/down volume shares. legacy: up = Σv[r>0]/Σv, down = 1 - up (flat, first and NaN-return bars
 * count as down). cgq: both over Σv of the bars with a finite return.
 */
export function volumeSharesOf(c: A, v: A, off: number, len: number, legacy: number): [number, number] {
  const r = windowLogReturns(c, off, len);
  const upV = sumWhere(v, off, len, (j) => r[j]! > 0);
  if (legacy) {
    const vs = nanSum(v, off, len);
    const up = vs === 0 ? NaN : upV / vs;
    return [up, 1 - up];
  }
  const den = sumWhere(v, off, len, (j) => r[j]! === r[j]!);
  if (den === 0 || den !== den) return [NaN, NaN];
  return [upV / den, sumWhere(v, off, len, (j) => r[j]! < 0) / den];
}

/** Share of bins with v > median + 3·(1.4826·MAD); the denominator is every bin. */
export function volSpikeShareOf(v: A, off: number, len: number): number {
  const med = nanMedian(v, off, len);
  const dev = new Float64Array(len);
  for (let j = 0; j < len; j++) dev[j] = Math.abs(v[off + j]! - med);
  const thr = med + 3 * (1.4826 * nanMedian(dev));
  let k = 0;
  for (let j = 0; j < len; j++) if (v[off + j]! > thr) k++;
  return k / len;
}

/** Sample std of the window's log returns. */
export function rvCloseOf(c: A, off: number, len: number): number {
  return nanStd(windowLogReturns(c, off, len));
}

/**
 * Mean of a per-bin term over the window. legacy: NaN unless every bin is valid (the original's
 * "every h>0 and l>0" guard), mean over all bins. cgq: NaN bins skipped, a finite non-positive
 * price still gives NaN.
 */
function termMean(terms: Float64Array, bad: Uint8Array, legacy: number): number {
  let nBad = 0, nNaN = 0;
  for (let j = 0; j < terms.length; j++) {
    if (bad[j] === 1) nBad++;
    else if (bad[j] === 2) nNaN++;
  }
  if (nBad > 0 || (legacy && nNaN > 0)) return NaN;
  return legacy ? pairwiseSum(terms) / terms.length : nanMean(terms);
}

/** Classify prices: 0 ok (all > 0), 2 some NaN (empty bin), 1 a finite non-positive price. */
export function priceState(...p: number[]): number {
  let nan = false;
  for (const x of p) {
    if (x !== x) nan = true;
    else if (!(x > 0)) return 1;
  }
  return nan ? 2 : 0;
}

export function parkinsonOf(h: A, l: A, off: number, len: number, legacy: number): number {
  const t = new Float64Array(len);
  const bad = new Uint8Array(len);
  for (let j = 0; j < len; j++) {
    const i = off + j;
    bad[j] = priceState(h[i]!, l[i]!);
    t[j] = bad[j] === 0 ? sq(Math.log(h[i]! / l[i]!)) : NaN;
  }
  return Math.sqrt(termMean(t, bad, legacy) / (4 * Math.LN2));
}

export function garmanKlassOf(o: A, h: A, l: A, c: A, off: number, len: number, legacy: number): number {
  const hl = new Float64Array(len), co = new Float64Array(len);
  const bad = new Uint8Array(len);
  for (let j = 0; j < len; j++) {
    const i = off + j;
    bad[j] = priceState(o[i]!, h[i]!, l[i]!, c[i]!);
    hl[j] = bad[j] === 0 ? sq(Math.log(h[i]! / l[i]!)) : NaN;
    co[j] = bad[j] === 0 ? sq(Math.log(c[i]! / o[i]!)) : NaN;
  }
  const v = 0.5 * termMean(hl, bad, legacy) - (2 * Math.log(2) - 1) * termMean(co, bad, legacy);
  return v === v ? Math.sqrt(Math.max(0, v)) : NaN;
}

/**
 * Yang-Zhang. legacy (the original's variant, spec §4.6): k from the bin count n, open-to-open and
 * close-to-close variances, rs = mean(ln(h/l)²) - mean(co²) - mean(oc²). cgq (standard): over the
 * window's N complete periods j (bar j and the previous close valid), σ² = var(co) + k·var(oc) +
 * (1-k)·mean(RS) with co = ln(o_j/c_{j-1}), oc = ln(c_j/o_j), RS = ln(h/c)ln(h/o) + ln(l/c)ln(l/o),
 * k = 0.34/(1.34 + (N+1)/(N-1)), N ≥ 2.
 */
export function yangZhangOf(o: A, h: A, l: A, c: A, off: number, len: number, legacy: number): number {
  return legacy ? yangZhangLegacy(o, h, l, c, off, len) : yangZhangStandard(o, h, l, c, off, len);
}

function yangZhangLegacy(o: A, h: A, l: A, c: A, off: number, len: number): number {
  for (let j = 0; j < len; j++) if (!(o[off + j]! > 0) || !(c[off + j]! > 0)) return NaN;
  const n = len;
  const k = n > 1 ? 0.34 / (1.34 + (n + 1) / (n - 1)) : 0;
  if (n < 2) return NaN;
  const oo = new Float64Array(n - 1), cc = new Float64Array(n - 1), co2 = new Float64Array(n - 1);
  const oc2 = new Float64Array(n), hl2 = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const i = off + j;
    if (j > 0) {
      oo[j - 1] = Math.log(o[i]! / o[i - 1]!);
      cc[j - 1] = Math.log(c[i]! / c[i - 1]!);
      co2[j - 1] = sq(Math.log(o[i]! / c[i - 1]!));
    }
    oc2[j] = sq(Math.log(c[i]! / o[i]!));
    hl2[j] = sq(Math.log(h[i]! / l[i]!));
  }
  const s2o = n - 1 > 1 ? nanVar(oo) : 0;
  const s2c = n - 1 > 1 ? nanVar(cc) : 0;
  const rs = pairwiseSum(hl2) / n - nanMean(co2) - nanMean(oc2);
  const v = s2o + k * s2c + (1 - k) * Math.max(rs, 0);
  return rs === rs ? Math.sqrt(Math.max(0, v)) : NaN;
}

function yangZhangStandard(o: A, h: A, l: A, c: A, off: number, len: number): number {
  // Periods j = 1..len-1 of the window; a skipped period (a NaN price) stays NaN in all three.
  const m = Math.max(len - 1, 0);
  const co = new Float64Array(m).fill(NaN), oc = new Float64Array(m).fill(NaN), rs = new Float64Array(m).fill(NaN);
  let N = 0;
  for (let j = 1; j < len; j++) {
    const i = off + j;
    const st = priceState(o[i]!, h[i]!, l[i]!, c[i]!, c[i - 1]!);
    if (st === 1) return NaN;
    if (st === 2) continue;
    co[j - 1] = Math.log(o[i]! / c[i - 1]!);
    oc[j - 1] = Math.log(c[i]! / o[i]!);
    rs[j - 1] = Math.log(h[i]! / c[i]!) * Math.log(h[i]! / o[i]!) + Math.log(l[i]! / c[i]!) * Math.log(l[i]! / o[i]!);
    N++;
  }
  if (N < 2) return NaN;
  const k = 0.34 / (1.34 + (N + 1) / (N - 1));
  const v = nanVar(co) + k * nanVar(oc) + (1 - k) * (nanSum(rs) / N);
  return Math.sqrt(Math.max(0, v));
}

/** (max h - min l) / (denominator + EPS); basis 0: vwap (intraday §4.6), 1: |last close| (regime §7.3). */
export function rangeIntensityOf(h: A, l: A, c: A, v: A, off: number, len: number, basis: number): number {
  const span = nanMax(h, off, len) - nanMin(l, off, len);
  if (basis === 1) return span / (Math.abs(c[off + len - 1]!) + EPS);
  const vw = vwapOf(h, l, c, v, off, len);
  return Number.isFinite(vw) ? span / (vw + EPS) : NaN;
}

/** Share of positive log returns. legacy: over all bins; cgq: over bins with a finite return. */
export function retSharePosOf(c: A, off: number, len: number, legacy: number): number {
  const r = windowLogReturns(c, off, len);
  let pos = 0;
  for (let j = 0; j < len; j++) if (r[j]! > 0) pos++;
  if (legacy) return pos / len;
  const valid = countValid(r);
  return valid > 0 ? pos / valid : NaN;
}

/** Longest runs of consecutive positive / negative log returns (a NaN or zero breaks a run). */
export function runMaxOf(c: A, off: number, len: number): [number, number] {
  const r = windowLogReturns(c, off, len);
  let up = 0, dn = 0, bestUp = 0, bestDn = 0;
  for (let j = 0; j < len; j++) {
    up = r[j]! > 0 ? up + 1 : 0;
    dn = r[j]! < 0 ? dn + 1 : 0;
    if (up > bestUp) bestUp = up;
    if (dn > bestDn) bestDn = dn;
  }
  return [bestUp, bestDn];
}

/** Share of bins with c > vwap. legacy: over all bins; cgq: over finite closes, NaN without a vwap. */
export function vwapPosShareOf(h: A, l: A, c: A, v: A, off: number, len: number, legacy: number): number {
  const vw = vwapOf(h, l, c, v, off, len);
  let above = 0;
  for (let j = 0; j < len; j++) if (c[off + j]! > vw) above++;
  if (legacy) return above / len;
  const valid = countValid(c, off, len);
  return valid > 0 && vw === vw ? above / valid : NaN;
}

/** Close statistics of the window: mean, sample std, min, max. */
export function closeStatsOf(c: A, off: number, len: number): [number, number, number, number] {
  return [nanMean(c, off, len), len > 1 ? nanStd(c, off, len) : NaN, nanMin(c, off, len), nanMax(c, off, len)];
}
