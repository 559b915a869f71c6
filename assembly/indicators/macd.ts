// MACD (12, 26, 9 by default): line = EMA(fast) - EMA(slow) of the close, signal = EMA(signal) of
// the line, histogram = line - signal; every EMA pandas ewm(span, adjust=False), min_periods 0.
import { STATUS_OK, badParam, col, param, ld, st, sget, sset } from '../abi';
import { ewmMean } from './ema';

@inline function spanOk(s: f64): bool {
  return s >= 1.0 && isFinite(s);
}

// State: 3 EWMs (nobs, mean, old weight): [0..2] fast, [3..5] slow, [6..8] signal.
export function k_macd(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const fs = param(params, 0), ss = param(params, 1), gs = param(params, 2);
  if (!spanOk(fs)) return badParam(0);
  if (!spanOk(ss)) return badParam(1);
  if (!spanOk(gs)) return badParam(2);
  const c = col(ins, 0), oLine = col(outs, 0), oSig = col(outs, 1), oHist = col(outs, 2);
  const aF = 2.0 / (fs + 1.0), aS = 2.0 / (ss + 1.0), aG = 2.0 / (gs + 1.0);
  const dF = 1.0 - aF, dS = 1.0 - aS, dG = 1.0 - aG;
  let nF = sget(state, 0), wF = sget(state, 1), oF = sget(state, 2);
  let nS = sget(state, 3), wS = sget(state, 4), oS = sget(state, 5);
  let nG = sget(state, 6), wG = sget(state, 7), oG = sget(state, 8);
  for (let i = 0; i < n; i++) {
    const x = ld(c, i);
    if (nF == 0.0) {
      if (x == x) { wF = x; oF = 1.0; nF = 1.0; wS = x; oS = 1.0; nS = 1.0; }
    } else {
      oF *= dF;
      oS *= dS;
      if (x == x) {
        wF = ewmMean(wF, oF, aF, x); oF = 1.0; nF += 1.0;
        wS = ewmMean(wS, oS, aS, x); oS = 1.0; nS += 1.0;
      }
    }
    const line: f64 = nF > 0.0 ? wF - wS : NaN;
    if (nG == 0.0) {
      if (line == line) { wG = line; oG = 1.0; nG = 1.0; }
    } else {
      oG *= dG;
      if (line == line) { wG = ewmMean(wG, oG, aG, line); oG = 1.0; nG += 1.0; }
    }
    const sig: f64 = nG > 0.0 ? wG : NaN;
    st(oLine, i, line);
    st(oSig, i, sig);
    st(oHist, i, line - sig);
  }
  sset(state, 0, nF); sset(state, 1, wF); sset(state, 2, oF);
  sset(state, 3, nS); sset(state, 4, wS); sset(state, 5, oS);
  sset(state, 6, nG); sset(state, 7, wG); sset(state, 8, oG);
  return STATUS_OK;
}
