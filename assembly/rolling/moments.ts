// Rolling mean and variance/std over a fixed window with pandas' online algorithms (pandas
// `roll_mean` / `roll_var`), so results match pandas bit for bit (fixtures README items 2-3):
//  * mean: Kahan-compensated running sum with separate compensations for adds and removals;
//    NaNs are skipped; a run of identical values returns that value exactly; the sign clamp.
//  * var: Welford update with a Kahan-compensated mean; 0 when nobs == 1 or all values equal.
// State carries the window's last `window` inputs in a ring, so chunked calls equal one batch call.
import { STATUS_OK, badParam, col, intParam, param, ld, st, sget, sset, MAX_WINDOW } from '../abi';

const S_SEEN = 0;
const S_NOBS = 1;
const S_A = 2; // mean: sum_x     | var: mean_x
const S_B = 3; // mean: neg_ct    | var: ssqdm_x
const S_COMP_ADD = 4;
const S_COMP_REM = 5;
const S_NCONSEC = 6;
const S_PREV = 7;
export const MOMENTS_HEADER: i32 = 8;

/**
 * Parameter k as min_periods for `window`: -1 means "= window" (pandas' default). Returns -1 when
 * invalid (NaN, not an integer, negative or larger than the window).
 */
@inline export function minPeriodsParam(params: usize, k: i32, window: i32): i32 {
  const v = param(params, k);
  if (v == -1.0) return window;
  if (!isFinite(v) || v != Math.floor(v) || v < 0.0 || v > <f64>window) return -1;
  return <i32>v;
}

/** Resolve min_periods: -1 means "= window" (pandas' default); returns -1 when invalid. */
@inline export function resolveMinPeriods(mp: i32, window: i32): i32 {
  if (mp == -1) return window;
  return mp <= window ? mp : -1;
}

export function k_rolling_mean(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const minp = minPeriodsParam(params, 1, w);
  if (minp < 0) return badParam(1);
  rollingSumMean(col(ins, 0), col(outs, 0), n, w, minp, state, false);
  return STATUS_OK;
}

/** Rolling sum, pandas `roll_sum`: the same Kahan running sum as the mean; 0 for an empty window when min_periods is 0. */
export function k_rolling_sum(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const minp = minPeriodsParam(params, 1, w);
  if (minp < 0) return badParam(1);
  rollingSumMean(col(ins, 0), col(outs, 0), n, w, minp, state, true);
  return STATUS_OK;
}

/**
 * The pandas roll_mean / roll_sum loop over n rows with carried state (MOMENTS_HEADER + w slots);
 * `asSum` selects calc_sum's result instead of calc_mean's. Shared by the kernels here and by
 * composite kernels (causal z-score).
 */
export function rollingSumMean(x: usize, out: usize, n: i32, w: i32, minp: i32, state: usize, asSum: bool): void {
  const ring = state + (<usize>MOMENTS_HEADER << 3);

  let seen = <i64>sget(state, S_SEEN);
  let nobs = sget(state, S_NOBS);
  let sum = sget(state, S_A);
  let neg = sget(state, S_B);
  let cAdd = sget(state, S_COMP_ADD);
  let cRem = sget(state, S_COMP_REM);
  let nsame = sget(state, S_NCONSEC);
  let prev = seen == 0 ? NaN : sget(state, S_PREV);

  for (let i = 0; i < n; i++) {
    const slot = <i32>(seen % <i64>w);
    if (seen >= <i64>w) {
      const old = ld(ring, slot);
      if (old == old) {
        nobs -= 1.0;
        const y = -old - cRem;
        const t = sum + y;
        cRem = t - sum - y;
        sum = t;
        if (Math.signbit(old)) neg -= 1.0;
      }
    }
    const v = ld(x, i);
    st(ring, slot, v);
    seen++;
    if (v == v) {
      nobs += 1.0;
      const y = v - cAdd;
      const t = sum + y;
      cAdd = t - sum - y;
      sum = t;
      if (Math.signbit(v)) neg += 1.0;
      if (v == prev) nsame += 1.0;
      else nsame = 1.0;
      prev = v;
    }
    let r: f64 = NaN;
    if (asSum) {
      if (nobs == 0.0 && minp == 0) r = 0.0;
      else if (nobs >= <f64>minp) r = nsame >= nobs ? prev * nobs : sum;
    } else if (nobs >= <f64>minp && nobs > 0.0) {
      r = sum / nobs;
      if (nsame >= nobs) r = prev;
      else if (neg == 0.0 && r < 0.0) r = 0.0;
      else if (neg == nobs && r > 0.0) r = 0.0;
    }
    st(out, i, r);
  }
  sset(state, S_SEEN, <f64>seen);
  sset(state, S_NOBS, nobs);
  sset(state, S_A, sum);
  sset(state, S_B, neg);
  sset(state, S_COMP_ADD, cAdd);
  sset(state, S_COMP_REM, cRem);
  sset(state, S_NCONSEC, nsame);
  sset(state, S_PREV, prev);
}

/** Shared body of rolling var/std; params: window, min_periods, ddof. */
function rollingVar(ins: usize, outs: usize, n: i32, params: usize, state: usize, takeSqrt: bool): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const minp = minPeriodsParam(params, 1, w);
  if (minp < 0) return badParam(1);
  const ddof = intParam(params, 2, 0, MAX_WINDOW);
  if (ddof < 0) return badParam(2);
  rollingVarLoop(col(ins, 0), col(outs, 0), n, w, minp, ddof, state, takeSqrt);
  return STATUS_OK;
}

/** The pandas roll_var loop (std when `takeSqrt`) over n rows with carried state (MOMENTS_HEADER + w slots). */
export function rollingVarLoop(x: usize, out: usize, n: i32, w: i32, minp: i32, ddof: i32, state: usize, takeSqrt: bool): void {
  const ring = state + (<usize>MOMENTS_HEADER << 3);

  let seen = <i64>sget(state, S_SEEN);
  let nobs = sget(state, S_NOBS);
  let mean = sget(state, S_A);
  let ssq = sget(state, S_B);
  let cAdd = sget(state, S_COMP_ADD);
  let cRem = sget(state, S_COMP_REM);
  let nsame = sget(state, S_NCONSEC);
  let prev = seen == 0 ? NaN : sget(state, S_PREV);
  const fddof = <f64>ddof;

  for (let i = 0; i < n; i++) {
    const slot = <i32>(seen % <i64>w);
    if (seen >= <i64>w) {
      const old = ld(ring, slot);
      if (old == old) {
        nobs -= 1.0;
        if (nobs != 0.0) {
          const prevMean = mean - cRem;
          const y = old - cRem;
          const t = y - mean;
          cRem = t + mean - y;
          mean -= t / nobs;
          ssq -= (old - prevMean) * (old - mean);
        } else {
          mean = 0.0;
          ssq = 0.0;
        }
      }
    }
    const v = ld(x, i);
    st(ring, slot, v);
    seen++;
    if (v == v) {
      if (v == prev) nsame += 1.0;
      else nsame = 1.0;
      prev = v;
      nobs += 1.0;
      const prevMean = mean - cAdd;
      const y = v - cAdd;
      const t = y - mean;
      cAdd = t + mean - y;
      mean += t / nobs;
      ssq += (v - prevMean) * (v - mean);
    }
    let r: f64 = NaN;
    if (nobs >= <f64>minp && nobs > fddof) {
      r = nobs == 1.0 || nsame >= nobs ? 0.0 : ssq / (nobs - fddof);
      if (takeSqrt) r = r < 0.0 ? 0.0 : Math.sqrt(r);
    }
    st(out, i, r);
  }
  sset(state, S_SEEN, <f64>seen);
  sset(state, S_NOBS, nobs);
  sset(state, S_A, mean);
  sset(state, S_B, ssq);
  sset(state, S_COMP_ADD, cAdd);
  sset(state, S_COMP_REM, cRem);
  sset(state, S_NCONSEC, nsame);
  sset(state, S_PREV, prev);
}

export function k_rolling_var(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return rollingVar(ins, outs, n, params, state, false);
}

export function k_rolling_std(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return rollingVar(ins, outs, n, params, state, true);
}
