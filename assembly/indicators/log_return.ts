// Log return diff(log(max(close, 1e-9))) (the original's `log_rets`): NaN at the first bar and on
// both sides of a NaN close.
import { STATUS_OK, col, ld, st, sget, sset } from '../abi';
import { flooredLog } from './numeric';

// State: [0] has previous bar, [1] log of the previous (floored) close.
export function k_log_return(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const c = col(ins, 0), out = col(outs, 0);
  let prev = sget(state, 0) > 0.0 ? sget(state, 1) : NaN;
  for (let i = 0; i < n; i++) {
    const lc = flooredLog(ld(c, i));
    st(out, i, lc - prev);
    prev = lc;
  }
  if (n > 0) { sset(state, 0, 1.0); sset(state, 1, prev); }
  return STATUS_OK;
}
