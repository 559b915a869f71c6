// Causal z-score (CoinGlass P2 `z(x, W)`; DECISIONS #24/#26/#40): x_t standardised against the
// strictly-past window x_{t−w} .. x_{t−1} — its pandas rolling mean and population std, computed
// with the exact online algorithms of ./moments.ts — with std 0 replaced by ε = 2^-52. `lag` 1
// reproduces the original tool, which standardised x_{t−1} against the same window (one bar stale).
// NaN when the numerator is NaN or the past window has fewer than min_periods valid values.
import { STATUS_OK, badParam, col, intParam, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { MOMENTS_HEADER, rollingSumMean, rollingVarLoop } from './moments';

const S_SEEN = 0;
const S_PREV_MEAN = 1;
const S_PREV_STD = 2;
const S_PREV_X = 3;
export const ZSCORE_HEADER: i32 = 4;
/** Rows per pass: the mean and std of a sub-block live in scratch (2 · SUB f64). */
export const ZSCORE_SUB: i32 = 4096;
const EPS: f64 = 2.220446049250313e-16;

/** params: window, lag (0 = x_t, 1 = x_{t−1} as the original), min_periods (≥ 1). */
export function k_causal_zscore(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const lag = intParam(params, 1, 0, 1);
  if (lag < 0) return badParam(1);
  const minp = intParam(params, 2, 1, w);
  if (minp < 0) return badParam(2);
  const x = col(ins, 0);
  const out = col(outs, 0);
  const meanState = state + (<usize>ZSCORE_HEADER << 3);
  const varState = meanState + (<usize>(MOMENTS_HEADER + w) << 3);
  const meanBuf = scratch;
  const stdBuf = scratch + (<usize>ZSCORE_SUB << 3);

  const fresh = sget(state, S_SEEN) == 0.0;
  let pm = fresh ? NaN : sget(state, S_PREV_MEAN);
  let ps = fresh ? NaN : sget(state, S_PREV_STD);
  let px = fresh ? NaN : sget(state, S_PREV_X);
  for (let done = 0; done < n; done += ZSCORE_SUB) {
    const len = min(ZSCORE_SUB, n - done);
    const xb = x + (<usize>done << 3);
    const ob = out + (<usize>done << 3);
    // Stats of the windows ending at each row of the sub-block (row included) ...
    rollingSumMean(xb, meanBuf, len, w, minp, meanState, false);
    rollingVarLoop(xb, stdBuf, len, w, minp, 0, varState, true);
    // ... so the past window of row i is the one that ended at row i − 1.
    for (let i = 0; i < len; i++) {
      const v = ld(xb, i);
      const num = lag ? px : v;
      let z: f64 = NaN;
      if (num == num && pm == pm) {
        const sd = ps > 0.0 ? ps : EPS;
        z = (num - pm) / sd;
      }
      st(ob, i, z);
      pm = ld(meanBuf, i);
      ps = ld(stdBuf, i);
      px = v;
    }
  }
  sset(state, S_SEEN, sget(state, S_SEEN) + <f64>n);
  sset(state, S_PREV_MEAN, pm);
  sset(state, S_PREV_STD, ps);
  sset(state, S_PREV_X, px);
  return STATUS_OK;
}
