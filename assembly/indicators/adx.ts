// Classic Wilder ADX with +DI/-DI of the original's `_adx` (spec §4.5): true range kept with its
// NaNs (so ATR' decays across gaps), +DM = up if up > 0 and up > down else 0 (NaN comparisons are
// false), every smoothing EWM(1/period, adjust=False, min_periods = period), DX = 100·|+DI - -DI| /
// (+DI + -DI) with ±inf → NaN; ADX is NaN before bar `period` (the original's n < period + 1).
import { STATUS_OK, badParam, col, intParam, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { ewmMean } from './ema';
import { trueRangeAt } from './true_range';

// State: [0] bars seen, [1..3] previous high, low, close, then 4 EWMs (nobs, mean, old weight):
// [4..6] ATR', [7..9] +DM, [10..12] -DM, [13..15] DX.
export function k_adx(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 1, MAX_WINDOW);
  if (period < 0) return badParam(0);
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2);
  const oAdx = col(outs, 0), oPdi = col(outs, 1), oMdi = col(outs, 2);
  const alpha = 1.0 / <f64>period;
  const decay = 1.0 - alpha;
  const minp = <f64>period;
  let seen = sget(state, 0);
  let ph = NaN, pl = NaN, pc = NaN;
  if (seen > 0.0) { ph = sget(state, 1); pl = sget(state, 2); pc = sget(state, 3); }
  let nT = sget(state, 4), wT = sget(state, 5), oT = sget(state, 6);
  let nP = sget(state, 7), wP = sget(state, 8), oP = sget(state, 9);
  let nM = sget(state, 10), wM = sget(state, 11), oM = sget(state, 12);
  let nX = sget(state, 13), wX = sget(state, 14), oX = sget(state, 15);
  for (let i = 0; i < n; i++) {
    const hi = ld(h, i), lo = ld(l, i);
    const tr = trueRangeAt(hi, lo, pc);
    const up = hi - ph;
    const down = pl - lo;
    const pdm: f64 = up > 0.0 && up > down ? up : 0.0;
    const mdm: f64 = down > 0.0 && down > up ? down : 0.0;
    ph = hi; pl = lo; pc = ld(c, i);
    // ATR' (NaN TRs decay the old weight)
    if (nT == 0.0) {
      if (tr == tr) { wT = tr; oT = 1.0; nT = 1.0; }
    } else {
      oT *= decay;
      if (tr == tr) { wT = ewmMean(wT, oT, alpha, tr); oT = 1.0; nT += 1.0; }
    }
    // ±DM are never NaN
    if (nP == 0.0) { wP = pdm; oP = 1.0; nP = 1.0; } else { oP *= decay; wP = ewmMean(wP, oP, alpha, pdm); oP = 1.0; nP += 1.0; }
    if (nM == 0.0) { wM = mdm; oM = 1.0; nM = 1.0; } else { oM *= decay; wM = ewmMean(wM, oM, alpha, mdm); oM = 1.0; nM += 1.0; }
    const atrP: f64 = nT >= minp ? wT : NaN;
    const pdi = (100.0 * (nP >= minp ? wP : NaN)) / atrP;
    const mdi = (100.0 * (nM >= minp ? wM : NaN)) / atrP;
    let dx = (100.0 * Math.abs(pdi - mdi)) / (pdi + mdi);
    if (!isFinite(dx)) dx = NaN;
    if (nX == 0.0) {
      if (dx == dx) { wX = dx; oX = 1.0; nX = 1.0; }
    } else {
      oX *= decay;
      if (dx == dx) { wX = ewmMean(wX, oX, alpha, dx); oX = 1.0; nX += 1.0; }
    }
    st(oAdx, i, seen >= minp && nX >= minp ? wX : NaN);
    st(oPdi, i, pdi);
    st(oMdi, i, mdi);
    seen += 1.0;
  }
  sset(state, 0, seen); sset(state, 1, ph); sset(state, 2, pl); sset(state, 3, pc);
  sset(state, 4, nT); sset(state, 5, wT); sset(state, 6, oT);
  sset(state, 7, nP); sset(state, 8, wP); sset(state, 9, oP);
  sset(state, 10, nM); sset(state, 11, wM); sset(state, 12, oM);
  sset(state, 13, nX); sset(state, 14, wX); sset(state, 15, oX);
  return STATUS_OK;
}
