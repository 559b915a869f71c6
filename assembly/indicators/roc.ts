// Rate of change in percent: (c_i - c_{i-period}) / c_{i-period} · 100, NaN when the base is NaN
// or 0. period = 0 anchors the base at the series' first bar (the original's whole-window roc,
// evaluated on expanding prefixes).
import { STATUS_OK, badParam, col, intParam, ld, st, sget, sset, MAX_WINDOW } from '../abi';

// State: [0] bars seen, [1] next ring slot, [2] first close, then a ring of `period` closes.
export function k_roc(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 0, MAX_WINDOW);
  if (period < 0) return badParam(0);
  const c = col(ins, 0), out = col(outs, 0);
  let seen = sget(state, 0);
  let slot = <i32>sget(state, 1);
  let first = sget(state, 2);
  const ring = state + 24;
  const p = <f64>period;
  for (let i = 0; i < n; i++) {
    const x = ld(c, i);
    if (seen == 0.0) first = x;
    let base: f64 = NaN;
    if (period == 0) base = first;
    else {
      if (seen >= p) base = ld(ring, slot);
      st(ring, slot, x);
      slot = slot + 1 == period ? 0 : slot + 1;
    }
    st(out, i, base == base && base != 0.0 ? ((x - base) / base) * 100.0 : NaN);
    seen += 1.0;
  }
  sset(state, 0, seen); sset(state, 1, <f64>slot); sset(state, 2, first);
  return STATUS_OK;
}
