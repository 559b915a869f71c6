// Rolling quantile and rolling rank over the last `window` rows (pandas `rolling(w).quantile(q,
// interpolation='linear')` and `rolling(w).rank(method, pct)`), NaNs skipped and counted out of
// nobs, NaN while fewer than min_periods valid values. O(log w) per row via ./orderstat.ts.
import { STATUS_OK, badParam, col, intParam, param, ld, st, MAX_WINDOW } from '../abi';
import { minPeriodsParam } from './moments';
import {
  osBegin, osEnd, osSlide, osQuantile, osCount, osBlockLen, osRowRanks, osRankLo, osRankHi,
} from './orderstat';

/** params: window, q ∈ [0, 1], min_periods (-1 = window). */
export function k_rolling_quantile(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const q = param(params, 1);
  if (!(q >= 0.0 && q <= 1.0)) return badParam(1);
  const minp = minPeriodsParam(params, 2, w);
  if (minp < 0) return badParam(2);
  const x = col(ins, 0);
  const out = col(outs, 0);
  const block = osBlockLen(w);
  for (let done = 0; done < n; done += block) {
    const len = min(block, n - done);
    const xb = x + (<usize>done << 3);
    const ob = out + (<usize>done << 3);
    osBegin(state, scratch, w, xb, len, false, 1);
    for (let i = 0; i < len; i++) {
      osSlide(i);
      const cnt = osCount;
      st(ob, i, cnt >= minp && cnt > 0 ? osQuantile(0, q) : NaN);
    }
    osEnd(state, len);
  }
  return STATUS_OK;
}

/** Tie methods of rolling_rank, as pandas names them. */
const RANK_AVERAGE: i32 = 0;
const RANK_MIN: i32 = 1;
const RANK_MAX: i32 = 2;

/**
 * params: window, min_periods, method (0 average, 1 min, 2 max), pct (1: rank / nobs).
 * The rank of x_t among the window's valid values (itself included); NaN when x_t is NaN.
 */
export function k_rolling_rank(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const minp = minPeriodsParam(params, 1, w);
  if (minp < 0) return badParam(1);
  const method = intParam(params, 2, 0, 2);
  if (method < 0) return badParam(2);
  const pct = intParam(params, 3, 0, 1);
  if (pct < 0) return badParam(3);
  const x = col(ins, 0);
  const out = col(outs, 0);
  const block = osBlockLen(w);
  for (let done = 0; done < n; done += block) {
    const len = min(block, n - done);
    const xb = x + (<usize>done << 3);
    const ob = out + (<usize>done << 3);
    osBegin(state, scratch, w, xb, len, true, 0);
    for (let i = 0; i < len; i++) {
      osSlide(i);
      const cnt = osCount;
      let res: f64 = NaN;
      if (cnt >= minp && osRowRanks(i)) {
        // 1-based ranks of the run of window values equal to x_t.
        const hi = <f64>osRankHi;
        const lo = <f64>osRankLo;
        let rank = hi;
        if (method == RANK_AVERAGE) rank = (hi * (hi + 1.0) / 2.0 - (lo - 1.0) * lo / 2.0) / (hi - lo + 1.0);
        else if (method == RANK_MIN) rank = lo;
        res = pct ? rank / <f64>cnt : rank;
      }
      st(ob, i, res);
    }
    osEnd(state, len);
  }
  return STATUS_OK;
}

/**
 * Rolling robust z: (x_t − median) / IQR of the window's valid values (x_t included), quantiles
 * as rolling_quantile. NaN when x_t is NaN, below min_periods, or when the IQR is 0 (DECISIONS B13).
 * params: window, min_periods.
 */
export function k_rolling_robust_z(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const minp = minPeriodsParam(params, 1, w);
  if (minp < 0) return badParam(1);
  const x = col(ins, 0);
  const out = col(outs, 0);
  const block = osBlockLen(w);
  for (let done = 0; done < n; done += block) {
    const len = min(block, n - done);
    const xb = x + (<usize>done << 3);
    const ob = out + (<usize>done << 3);
    osBegin(state, scratch, w, xb, len, false, 3);
    for (let i = 0; i < len; i++) {
      osSlide(i);
      const v = ld(xb, i);
      let res: f64 = NaN;
      if (v == v && osCount >= minp) {
        const iqr = osQuantile(0, 0.75) - osQuantile(1, 0.25);
        if (iqr != 0.0) res = (v - osQuantile(2, 0.5)) / iqr;
      }
      st(ob, i, res);
    }
    osEnd(state, len);
  }
  return STATUS_OK;
}

/**
 * Causal winsorise (CoinGlass P2, DECISIONS #24): y_t = clamp(x_t, q_lower, q_upper) where the
 * quantiles are over the raw values of the strictly-past window x_{t−w} .. x_{t−1}; x_t unclipped
 * when that window holds fewer than min_periods (default 1) valid values; NaN stays NaN.
 * params: window, lower, upper, min_periods.
 */
export function k_causal_winsorize(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const lower = param(params, 1);
  if (!(lower >= 0.0 && lower <= 1.0)) return badParam(1);
  const upper = param(params, 2);
  if (!(upper >= lower && upper <= 1.0)) return badParam(2);
  const minp = intParam(params, 3, 1, w);
  if (minp < 0) return badParam(3);
  const x = col(ins, 0);
  const out = col(outs, 0);
  const block = osBlockLen(w);
  for (let done = 0; done < n; done += block) {
    const len = min(block, n - done);
    const xb = x + (<usize>done << 3);
    const ob = out + (<usize>done << 3);
    osBegin(state, scratch, w, xb, len, false, 2);
    for (let i = 0; i < len; i++) {
      // The tree holds x_{t−w} .. x_{t−1} here: query first, then slide.
      const v = ld(xb, i);
      let y = v;
      if (v == v && osCount >= minp) {
        const lo = osQuantile(0, lower);
        const hi = osQuantile(1, upper);
        y = v < lo ? lo : v > hi ? hi : v;
      }
      st(ob, i, y);
      osSlide(i);
    }
    osEnd(state, len);
  }
  return STATUS_OK;
}
