// On-balance volume (spec §4.5): cumulative sum of sign(diff close)·volume, a NaN diff counting as
// 0 (so a NaN bin zeroes its own move and the next one); the first bar contributes 0. A NaN term
// (NaN volume) outputs NaN and leaves the running sum alone, like pandas cumsum.
import { STATUS_OK, col, ld, st, sget, sset } from '../abi';

// State: [0] has previous close, [1] previous close, [2] running sum.
export function k_obv(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const c = col(ins, 0), v = col(ins, 1), out = col(outs, 0);
  let pc = sget(state, 0) > 0.0 ? sget(state, 1) : NaN;
  let acc = sget(state, 2);
  for (let i = 0; i < n; i++) {
    const x = ld(c, i);
    const d = x - pc;
    pc = x;
    // sign(d) without branches (a NaN d compares false both ways: 0); the moves are unpredictable
    const s = <f64>(<i32>(d > 0.0)) - <f64>(<i32>(d < 0.0));
    const term = s * ld(v, i);
    if (term == term) {
      acc += term;
      st(out, i, acc);
    } else {
      st(out, i, NaN);
    }
  }
  if (n > 0) { sset(state, 0, 1.0); sset(state, 1, pc); }
  sset(state, 2, acc);
  return STATUS_OK;
}
