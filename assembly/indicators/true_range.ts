// True range (spec §4.5): the max of the non-NaN terms h - l, |h - c_prev|, |l - c_prev|; NaN only
// when all three are NaN; TR_0 = h_0 - l_0. Shared by ATR and ADX.
import { STATUS_OK, col, ld, st, sget, sset } from '../abi';

@inline export function trueRangeAt(h: f64, l: f64, prevClose: f64): f64 {
  let r = h - l;
  const b = Math.abs(h - prevClose);
  const c = Math.abs(l - prevClose);
  if (b == b && !(b <= r)) r = b;
  if (c == c && !(c <= r)) r = c;
  return r;
}

/** No params. State: [0] bars seen, [1] previous close. */
export function k_true_range(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), out = col(outs, 0);
  let pc = sget(state, 0) > 0.0 ? sget(state, 1) : NaN;
  for (let i = 0; i < n; i++) {
    st(out, i, trueRangeAt(ld(h, i), ld(l, i), pc));
    pc = ld(c, i);
  }
  if (n > 0) {
    sset(state, 0, 1.0);
    sset(state, 1, pc);
  }
  return STATUS_OK;
}
