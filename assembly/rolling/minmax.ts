// Rolling min / max over a fixed window with a monotone deque (O(1) amortised per step), NaNs
// skipped and counted out of nobs, NaN when fewer than min_periods valid values — pandas
// `roll_min`/`roll_max`. State: a ring of the last `window` inputs plus the deque.
import { STATUS_OK, badParam, col, intParam, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { minPeriodsParam } from './moments';

const S_SEEN = 0;
const S_NOBS = 1;
const S_HEAD = 2;
const S_LEN = 3;
export const MINMAX_HEADER: i32 = 4;

function rollingExtreme(ins: usize, outs: usize, n: i32, params: usize, state: usize, isMax: bool): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const minp = minPeriodsParam(params, 1, w);
  if (minp < 0) return badParam(1);
  const x = col(ins, 0);
  const out = col(outs, 0);
  const ring = state + (<usize>MINMAX_HEADER << 3);
  const dqVal = ring + (<usize>w << 3);
  const dqPos = dqVal + (<usize>w << 3);

  let seen = <i64>sget(state, S_SEEN);
  let nobs = <i32>sget(state, S_NOBS);
  let head = <i32>sget(state, S_HEAD);
  let len = <i32>sget(state, S_LEN);

  for (let i = 0; i < n; i++) {
    const slot = <i32>(seen % <i64>w);
    if (seen >= <i64>w) {
      const old = ld(ring, slot);
      if (old == old) nobs--;
      // Drop the front if it just left the window.
      if (len > 0 && <i64>ld(dqPos, head) <= seen - <i64>w) {
        head = head + 1 == w ? 0 : head + 1;
        len--;
      }
    }
    const v = ld(x, i);
    st(ring, slot, v);
    if (v == v) {
      nobs++;
      // Pop dominated entries from the back.
      while (len > 0) {
        let back = head + len - 1;
        if (back >= w) back -= w;
        const bv = ld(dqVal, back);
        if (isMax ? v >= bv : v <= bv) len--;
        else break;
      }
      let tail = head + len;
      if (tail >= w) tail -= w;
      st(dqVal, tail, v);
      st(dqPos, tail, <f64>seen);
      len++;
    }
    seen++;
    st(out, i, len > 0 && nobs >= minp ? ld(dqVal, head) : NaN);
  }
  sset(state, S_SEEN, <f64>seen);
  sset(state, S_NOBS, <f64>nobs);
  sset(state, S_HEAD, <f64>head);
  sset(state, S_LEN, <f64>len);
  return STATUS_OK;
}

export function k_rolling_min(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return rollingExtreme(ins, outs, n, params, state, false);
}

export function k_rolling_max(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return rollingExtreme(ins, outs, n, params, state, true);
}
