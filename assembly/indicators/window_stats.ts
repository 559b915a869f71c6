// Whole-window statistics of the original (spec §4.5-4.6, §7.3) over the per-bar terms of one
// window of L bars (contiguous f64 arrays). The trailing-window kernels (./trailing.ts) evaluate
// them at every bar on mirrored rings of terms; the fused window_metrics kernel evaluates them at
// window ends on terms it computes in one pass. Terms that need the previous bar (log returns,
// overnight moves) are passed with their window's first entry masked to NaN by the caller, or as
// (ptr + 8, L - 1) where the original drops that NaN before reducing — sums match numpy's
// pairwise layout either way.
//
// legacy = true reproduces the original; false applies DECISIONS B17 (NaN bins skipped by the
// volatility estimators), B18 (share denominators count valid bars), B19 (standard Yang-Zhang).
// Term markers: NaN = empty bin (skipped or poisoning per variant), +Infinity = a finite price
// that is not positive (always NaN).
import { ld, st } from '../abi';
import { EPS, countValid, meanAbsDevNz, meanNz, medianNz, sumNz, varNz } from './numeric';

/** Second result of the two-valued statistics (a wasm global: per instance, so per worker). */
export let second: f64 = NaN;

/** Σ(tp·v)/Σv (NaN products skipped); NaN when Σv = 0. */
export function vwapStat(tpv: usize, v: usize, L: i32): f64 {
  const vs = sumNz(v, L);
  return vs == 0.0 ? NaN : sumNz(tpv, L) / vs;
}

/** (last - vwap)/vwap; NaN when vwap is 0 or not finite. */
@inline export function vwapDeviation(last: f64, vwap: f64): f64 {
  return isFinite(vwap) && vwap != 0.0 ? (last - vwap) / vwap : NaN;
}

/** (tp_last - mean tp)/(0.015 · mean|tp - mean|); NaN when the mean deviation is 0 or tp_last is NaN. */
export function cciStat(tp: usize, L: i32): f64 {
  const m = meanNz(tp, L);
  const mad = meanAbsDevNz(tp, L, m);
  const last = ld(tp, L - 1);
  return mad == 0.0 || last != last ? NaN : (last - m) / (0.015 * mad);
}

/**
 * Pairwise sum of v[j] over bins whose return r[j] passes `sel` (0: > 0, 1: < 0, 2: finite),
 * compacted into tmp (numpy sums a boolean-indexed copy). Inlined with a constant `sel`.
 */
@inline function sumWhere(r: usize, v: usize, L: i32, sel: i32, tmp: usize): f64 {
  let m = 0;
  for (let j = 0; j < L; j++) {
    const x = ld(r, j);
    if (sel == 0 ? x > 0.0 : sel == 1 ? x < 0.0 : x == x) st(tmp, m++, ld(v, j));
  }
  return sumNz(tmp, m);
}

/**
 * Up / down volume shares (r = the window's returns, r[0] masked). legacy: up = Σv[r>0]/Σv and
 * down = 1 - up; cgq: Σv[r>0] and Σv[r<0] over Σv of bars with a finite return. Down in `second`.
 */
export function volumeSharesStat(r: usize, v: usize, L: i32, legacy: bool, tmp: usize): f64 {
  const upV = sumWhere(r, v, L, 0, tmp);
  if (legacy) {
    const vs = sumNz(v, L);
    const up = vs == 0.0 ? NaN : upV / vs;
    second = 1.0 - up;
    return up;
  }
  const den = sumWhere(r, v, L, 2, tmp);
  if (den == 0.0 || den != den) {
    second = NaN;
    return NaN;
  }
  second = sumWhere(r, v, L, 1, tmp) / den;
  return upV / den;
}

/** Share of bins with v > median + 3·(1.4826·MAD); the denominator is every bin. */
export function volSpikeStat(v: usize, L: i32, tmp: usize): f64 {
  const med = medianNz(v, L, tmp, 0.0, false);
  const mad = medianNz(v, L, tmp, med, true);
  const thr = med + 3.0 * (1.4826 * mad);
  let k = 0;
  for (let j = 0; j < L; j++) if (ld(v, j) > thr) k++;
  return <f64>k / <f64>L;
}

/** Sample std of the window's returns (r[0] masked): pandas std over all L positions. */
export function rvCloseStat(r: usize, L: i32): f64 {
  return Math.sqrt(varNz(r, L, 1));
}

/** Mean of a marked per-bin term: NaN on a +Inf marker; legacy: NaN on any NaN, else over all bins. */
export function termMean(t: usize, L: i32, legacy: bool): f64 {
  let nNaN = 0;
  for (let j = 0; j < L; j++) {
    const x = ld(t, j);
    if (x == Infinity) return NaN;
    if (x != x) nNaN++;
  }
  if (legacy) return nNaN > 0 ? NaN : sumNz(t, L) / <f64>L;
  return nNaN == L ? NaN : sumNz(t, L) / <f64>(L - nNaN);
}

/** Parkinson from t = ln(h/l)^2 (marked). */
export function parkinsonStat(t: usize, L: i32, legacy: bool): f64 {
  return Math.sqrt(termMean(t, L, legacy) / (4.0 * Math.LN2));
}

/** Garman-Klass from t1 = ln(h/l)^2 and t2 = ln(c/o)^2 (marked together). */
export function garmanKlassStat(t1: usize, t2: usize, L: i32, legacy: bool): f64 {
  const v = 0.5 * termMean(t1, L, legacy) - (2.0 * Math.LN2 - 1.0) * termMean(t2, L, legacy);
  return v == v ? Math.sqrt(v > 0.0 ? v : 0.0) : NaN;
}

/**
 * The original's Yang-Zhang variant (spec §4.6). oc2 = ln(c/o)^2, +Inf when o or c is not > 0
 * (every bin must pass); hl2 = ln(h/l)^2; oo, cc, co2 = ln(o/o_prev), ln(c/c_prev), ln(o/c_prev)^2
 * from the window's second bin on (passed as ptr + 8, L - 1, as the original drops their NaN).
 */
export function yangZhangLegacyStat(oo: usize, cc: usize, co2: usize, oc2: usize, hl2: usize, L: i32): f64 {
  for (let j = 0; j < L; j++) if (ld(oc2, j) == Infinity) return NaN;
  if (L < 2) return NaN;
  const fl = <f64>L;
  const k = 0.34 / (1.34 + (fl + 1.0) / (fl - 1.0));
  const m = L - 1;
  const s2o: f64 = m > 1 ? varNz(oo, m, 1) : 0.0;
  const s2c: f64 = m > 1 ? varNz(cc, m, 1) : 0.0;
  const rs = sumNz(hl2, L) / fl - meanNz(co2, m) - meanNz(oc2, L);
  if (rs != rs || countValid(hl2, L) < L) return NaN;
  const v = s2o + k * s2c + (1.0 - k) * (rs > 0.0 ? rs : 0.0);
  return Math.sqrt(v > 0.0 ? v : 0.0);
}

/**
 * Standard Yang-Zhang over the window's complete periods (bars 2..L with the previous close): co =
 * ln(o/c_prev), oc = ln(c/o), rs = ln(h/c)ln(h/o) + ln(l/c)ln(l/o), NaN for a skipped period and
 * +Inf (in co) for a non-positive price; passed as (ptr + 8, L - 1). N ≥ 2 periods needed.
 */
export function yangZhangStat(co: usize, oc: usize, rs: usize, m: i32): f64 {
  let nn = 0;
  for (let j = 0; j < m; j++) {
    const x = ld(co, j);
    if (x == Infinity) return NaN;
    if (x == x) nn++;
  }
  if (nn < 2) return NaN;
  const N = <f64>nn;
  const k = 0.34 / (1.34 + (N + 1.0) / (N - 1.0));
  const v = varNz(co, m, 1) + k * varNz(oc, m, 1) + (1.0 - k) * (sumNz(rs, m) / N);
  return Math.sqrt(v > 0.0 ? v : 0.0);
}

/** Share of positive returns (r[0] masked): legacy over all L bins, cgq over finite returns. */
export function retShareStat(r: usize, L: i32, legacy: bool): f64 {
  let pos = 0, valid = 0;
  for (let j = 0; j < L; j++) {
    const x = ld(r, j);
    if (x > 0.0) pos++;
    if (x == x) valid++;
  }
  if (legacy) return <f64>pos / <f64>L;
  return valid > 0 ? <f64>pos / <f64>valid : NaN;
}

/** Longest runs of positive (returned) and negative (`second`) returns; NaN or 0 breaks a run. */
export function runMaxStat(r: usize, L: i32): f64 {
  let up = 0, dn = 0, bu = 0, bd = 0;
  for (let j = 0; j < L; j++) {
    const x = ld(r, j);
    up = x > 0.0 ? up + 1 : 0;
    dn = x < 0.0 ? dn + 1 : 0;
    if (up > bu) bu = up;
    if (dn > bd) bd = dn;
  }
  second = <f64>bd;
  return <f64>bu;
}

/** Share of bins with c > vwap: legacy over all bins; cgq over finite closes, NaN without a vwap. */
export function vwapPosShareStat(c: usize, L: i32, vwap: f64, legacy: bool): f64 {
  let above = 0, valid = 0;
  for (let j = 0; j < L; j++) {
    const x = ld(c, j);
    if (x > vwap) above++;
    if (x == x) valid++;
  }
  if (legacy) return <f64>above / <f64>L;
  return valid > 0 && vwap == vwap ? <f64>above / <f64>valid : NaN;
}

/** (span)/(denominator + EPS) of range intensity. */
@inline export function rangeIntensity(span: f64, denom: f64): f64 {
  return span / (denom + EPS);
}
