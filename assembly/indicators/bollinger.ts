// Bollinger bands of the original's `_bollinger` (spec §4.5): mid = rolling(period) mean, sd =
// rolling sample std (the rolling_mean / rolling_std kernels' code paths, pandas-exact); with
// fallback = 1 either one, when NaN (warm-up, next to gaps), falls back independently to the
// expanding mean / sample std of every bar so far (the original's whole-window fallback, computed
// online like pandas expanding(): Kahan sum and Welford, the add-only halves of roll_mean/roll_var).
// upper/lower = mid ± num_std·sd, width = upper - lower, position = clip((c - lower) /
// (width + EPS), 0, 1) with finite bands (the original's bb_position).
import { STATUS_OK, badParam, col, intParam, param, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { FRAME_SLOTS, ROLL_MEAN, ROLL_STD, callRolling, rollingStateSlots } from './frame';
import { EPS } from './numeric';

// State: [0..5] expanding (nobs, sum, sum compensation, negatives, mean, ssq), [6] mean
// compensation, [7] run of equal values, [8] previous value, then the frame, then the rolling
// mean's and rolling std's states.
const E_NOBS = 0, E_SUM = 1, E_CSUM = 2, E_NEG = 3, E_MEAN = 4, E_SSQ = 5, E_CMEAN = 6, E_NSAME = 7, E_PREV = 8;
export const BOLLINGER_HEADER: i32 = 9;

@inline export function bandPosition(last: f64, upper: f64, lower: f64): f64 {
  if (!isFinite(upper) || !isFinite(lower) || last != last) return NaN;
  const p = (last - lower) / (upper - lower + EPS);
  return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}

export function k_bollinger(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 1, MAX_WINDOW);
  if (period < 0) return badParam(0);
  const k = param(params, 1);
  if (!(k >= 0.0) || !isFinite(k)) return badParam(1);
  const fb = param(params, 2);
  if (fb != 0.0 && fb != 1.0) return badParam(2);
  const c = col(ins, 0);
  const oMid = col(outs, 0), oUp = col(outs, 1), oLo = col(outs, 2), oWidth = col(outs, 3), oPos = col(outs, 4);
  const frame = state + (<usize>BOLLINGER_HEADER << 3);
  const subMean = frame + (<usize>FRAME_SLOTS << 3);
  const subStd = subMean + (<usize>rollingStateSlots(ROLL_MEAN, period) << 3);
  // Rolling mean into mid, rolling std into width (overwritten below).
  callRolling(ROLL_MEAN, frame, c, oMid, n, period, -1, subMean);
  callRolling(ROLL_STD, frame, c, oWidth, n, period, -1, subStd);

  let nobs = sget(state, E_NOBS), sum = sget(state, E_SUM), cSum = sget(state, E_CSUM), neg = sget(state, E_NEG);
  let mean = sget(state, E_MEAN), ssq = sget(state, E_SSQ), cMean = sget(state, E_CMEAN);
  let nsame = sget(state, E_NSAME);
  let prev = nobs == 0.0 ? NaN : sget(state, E_PREV);
  const fallback = fb == 1.0;
  for (let i = 0; i < n; i++) {
    const v = ld(c, i);
    if (fallback && v == v) {
      nobs += 1.0;
      if (v == prev) nsame += 1.0;
      else nsame = 1.0;
      prev = v;
      // expanding mean (roll_mean's add)
      const y = v - cSum;
      const t = sum + y;
      cSum = t - sum - y;
      sum = t;
      if (Math.signbit(v)) neg += 1.0;
      // expanding var (roll_var's add)
      const prevMean = mean - cMean;
      const y2 = v - cMean;
      const t2 = y2 - mean;
      cMean = t2 + mean - y2;
      mean += t2 / nobs;
      ssq += (v - prevMean) * (v - mean);
    }
    let m = ld(oMid, i);
    let s = ld(oWidth, i);
    if (fallback) {
      if (m != m && nobs > 0.0) {
        m = sum / nobs;
        if (nsame >= nobs) m = prev;
        else if (neg == 0.0 && m < 0.0) m = 0.0;
        else if (neg == nobs && m > 0.0) m = 0.0;
      }
      if (s != s && nobs > 1.0) {
        const var_ = nsame >= nobs ? 0.0 : ssq / (nobs - 1.0);
        s = var_ < 0.0 ? 0.0 : Math.sqrt(var_);
      }
    }
    const up = m + k * s;
    const lo = m - k * s;
    st(oMid, i, m);
    st(oUp, i, up);
    st(oLo, i, lo);
    st(oWidth, i, up - lo);
    st(oPos, i, bandPosition(v, up, lo));
  }
  sset(state, E_NOBS, nobs); sset(state, E_SUM, sum); sset(state, E_CSUM, cSum); sset(state, E_NEG, neg);
  sset(state, E_MEAN, mean); sset(state, E_SSQ, ssq); sset(state, E_CMEAN, cMean);
  sset(state, E_NSAME, nsame); sset(state, E_PREV, prev);
  return STATUS_OK;
}
