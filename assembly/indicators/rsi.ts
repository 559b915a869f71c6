// Wilder RSI (spec §4.5): up/down moves of diff(close) (NaN kept), each smoothed by EWM(1/period,
// adjust=False, min_periods = period), RSI = 100 - 100/(1 + up/down). A window without losses
// (down = 0) gives 100 (DECISIONS B14) or, with legacy = 1, the original's NaN.
import { STATUS_OK, badParam, col, intParam, param, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { ewmMean } from './ema';

// State: [0] has previous close, [1] previous close, [2..4] up EWM (nobs, mean, old weight), [5..7] down.
export function k_rsi(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 1, MAX_WINDOW);
  if (period < 0) return badParam(0);
  const lg = param(params, 1);
  if (lg != 0.0 && lg != 1.0) return badParam(1);
  const legacy = lg == 1.0;
  const c = col(ins, 0), out = col(outs, 0);
  const alpha = 1.0 / <f64>period;
  const decay = 1.0 - alpha;
  const minp = <f64>period;
  let pc = sget(state, 0) > 0.0 ? sget(state, 1) : NaN;
  let nU = sget(state, 2), wU = sget(state, 3), owU = sget(state, 4);
  let nD = sget(state, 5), wD = sget(state, 6), owD = sget(state, 7);
  for (let i = 0; i < n; i++) {
    const x = ld(c, i);
    const d = x - pc;
    pc = x;
    let up: f64 = NaN, dn: f64 = NaN;
    if (d == d) {
      up = d > 0.0 ? d : 0.0;
      dn = -d > 0.0 ? -d : 0.0;
    }
    if (nU == 0.0) {
      if (up == up) { wU = up; owU = 1.0; nU = 1.0; }
    } else {
      owU *= decay;
      if (up == up) { wU = ewmMean(wU, owU, alpha, up); owU = 1.0; nU += 1.0; }
    }
    if (nD == 0.0) {
      if (dn == dn) { wD = dn; owD = 1.0; nD = 1.0; }
    } else {
      owD *= decay;
      if (dn == dn) { wD = ewmMean(wD, owD, alpha, dn); owD = 1.0; nD += 1.0; }
    }
    let r: f64 = NaN;
    if (nU >= minp && nD >= minp) {
      if (wD == 0.0) r = legacy ? NaN : 100.0;
      else r = 100.0 - 100.0 / (1.0 + wU / wD);
    }
    st(out, i, r);
  }
  if (n > 0) { sset(state, 0, 1.0); sset(state, 1, pc); }
  sset(state, 2, nU); sset(state, 3, wU); sset(state, 4, owU);
  sset(state, 5, nD); sset(state, 6, wD); sset(state, 7, owD);
  return STATUS_OK;
}
