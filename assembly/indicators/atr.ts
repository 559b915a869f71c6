// Wilder ATR of the original's `_atr` (spec §4.5): NaN true ranges are dropped before the EWM
// (they neither update nor decay it; their positions hold the last value), EWM(1/period,
// adjust=False, min_periods = period) seeded with the first TR; NaN at the first bar (n < 2).
import { STATUS_OK, badParam, col, intParam, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { ewmMean } from './ema';
import { trueRangeAt } from './true_range';

// State: [0] bars seen, [1] previous close, [2] TRs seen (nobs), [3] mean.
export function k_atr(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 1, MAX_WINDOW);
  if (period < 0) return badParam(0);
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), out = col(outs, 0);
  const alpha = 1.0 / <f64>period;
  const decay = 1.0 - alpha;
  const minp = <f64>period;
  let seen = sget(state, 0);
  let pc = seen > 0.0 ? sget(state, 1) : NaN;
  let nobs = sget(state, 2), w = sget(state, 3);
  for (let i = 0; i < n; i++) {
    const tr = trueRangeAt(ld(h, i), ld(l, i), pc);
    pc = ld(c, i);
    if (tr == tr) {
      w = nobs == 0.0 ? tr : ewmMean(w, decay, alpha, tr);
      nobs += 1.0;
    }
    st(out, i, seen >= 1.0 && nobs >= minp ? w : NaN);
    seen += 1.0;
  }
  sset(state, 0, seen); sset(state, 1, pc); sset(state, 2, nobs); sset(state, 3, w);
  return STATUS_OK;
}
