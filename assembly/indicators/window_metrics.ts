// The fused per-window metrics kernel: the original's per-window metric block (spec §4.5-4.6: 54
// keys minus the 2 coverage and 7 validity flags, which the caller derives) for every window of
// `window` bins, in one call. Windows end at bar window-1 of the series and then every `stride`
// bars (0 = window: back-to-back windows, as compute_metrics_series); output k at a window's last
// bar holds metric k of that window, NaN elsewhere. The bins are the (resampled) bars of the
// window, NaN bins included, exactly as the original sees them.
//
// Per window: one sequential pass computes every EWM-family value (EMA 12/26, MACD signal, Wilder
// RSI, ATR, ADX with its DI smoothings), OBV and all per-bin terms (typical price, tp·v, c·v, log
// return, the volatility estimators' log terms); the rolling pieces (Bollinger's rolling mean/std,
// Stochastic's rolling min/max and %D) reuse the rolling kernels' code paths; the whole-window
// reductions (pairwise sums, two-pass variances, medians) then run on the term arrays with the
// same functions the trailing-window kernels use (./window_stats.ts), so every output equals the
// individual kernel's value for that window.
//
// State: [0] bars seen, [1] ring slot, [2] bars left until the next window end, then mirrored rings
// (2·window f64) of open, high, low, close, volume. Scratch: see windowMetricsScratchSlots.
import { STATUS_OK, badParam, col, intParam, param, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { ewmMean } from './ema';
import { FRAME_SLOTS, ROLL_MAX, ROLL_MEAN, ROLL_MIN, ROLL_STD, callRolling, rollingStateSlots } from './frame';
import { BAD, EPS, flooredLog, meanNz, nanMax, nanMin, priceCode2, sumNz, varNz } from './numeric';
import { bandPosition } from './bollinger';
import { trueRangeAt } from './true_range';
import { flagParam } from './trailing';
import {
  cciStat, garmanKlassStat, parkinsonStat, rangeIntensity, retShareStat, runMaxStat, rvCloseStat, second,
  volSpikeStat, volumeSharesStat, vwapDeviation, vwapPosShareStat, vwapStat, yangZhangLegacyStat, yangZhangStat,
} from './window_stats';

/** Output indices (registry order = src/kernels/window-metrics.ts). */
const O_CLOSE_MEAN = 0, O_CLOSE_STD = 1, O_CLOSE_MIN = 2, O_CLOSE_MAX = 3, O_VOLUME_SUM = 4, O_VWAP = 5, O_DEV_VWAP = 6;
const O_ROC = 7, O_RETURNS_LOG = 8, O_SMA = 9, O_EMA_FAST = 10, O_EMA_SLOW = 11, O_MACD = 12, O_MACD_SIGNAL = 13;
const O_MACD_HIST = 14, O_BB_UPPER = 15, O_BB_LOWER = 16, O_BB_WIDTH = 17, O_RSI = 18, O_ATR = 19, O_STOCH_K = 20;
const O_STOCH_D = 21, O_OBV = 22, O_CCI = 23, O_ADX = 24, O_QUOTE_VOLUME = 25, O_UP_SHARE = 26, O_DOWN_SHARE = 27;
const O_VOL_SPIKE = 28, O_RV_CLOSE = 29, O_PARKINSON = 30, O_GK = 31, O_YZ = 32, O_SQUEEZE = 33, O_RANGE_INT = 34;
const O_DEV_ABS = 35, O_BB_POS = 36, O_DIST_HIGH = 37, O_DIST_LOW = 38, O_DIST_HIGH_ABS = 39, O_DIST_LOW_ABS = 40;
const O_RET_SHARE = 41, O_RUN_UP = 42, O_RUN_DN = 43, O_VWAP_POS = 44;
export const WINDOW_METRICS_OUTPUTS: i32 = 45;

// Scratch arrays (window f64 each).
const A_TP = 0, A_TPV = 1, A_CV = 2, A_R = 3, A_PK = 4, A_G1 = 5, A_G2 = 6, A_Y0 = 7; // A_Y0..A_Y0+4: Yang-Zhang terms
const A_TMP = 12, A_K = 13, A_D = 14, A_BBM = 15, A_BBS = 16;
const N_ARRAYS = 17;

/** Scratch f64 slots for windows of W bins: 17 term arrays, a frame, 5 rolling sub-states. */
export function windowMetricsScratchSlots(W: i32, bbPeriod: i32, stochPeriod: i32, stochD: i32): i32 {
  return N_ARRAYS * W + FRAME_SLOTS + 2 * rollingStateSlots(ROLL_MEAN, bbPeriod) + 2 * rollingStateSlots(ROLL_MIN, stochPeriod) + rollingStateSlots(ROLL_MEAN, stochD);
}

/**
 * Indicator settings of the current call: module globals, i.e. wasm globals of this instance
 * (one instance per worker), set by k_window_metrics before its windows run.
 */
class Settings {
  static legacy: bool = false;
  static rsiP: i32 = 14;
  static atrP: i32 = 14;
  static adxP: i32 = 14;
  static fast: f64 = 12;
  static slow: f64 = 26;
  static sig: f64 = 9;
  static bbP: i32 = 20;
  static bbK: f64 = 2;
  static stP: i32 = 14;
  static stD: i32 = 3;
}

/** Scratch array k (L f64 each). */
@inline function arrAt(scr: usize, L: i32, k: i32): usize {
  return scr + ((<usize>k * <usize>L) << 3);
}

@inline function wr(outs: usize, k: i32, at: i32, v: f64): void {
  st(col(outs, k), at, v);
}

/** Fill out[0..n) with NaN (two lanes at a time). */
function fillNaN(p: usize, n: i32): void {
  const v = f64x2.splat(NaN);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(p + (<usize>i << 3), v);
  if (i < n) st(p, i, NaN);
}

/** Everything of one window (bins o..v[0..L)) into the outputs at row `at`. */
function windowBlock(o: usize, h: usize, l: usize, c: usize, v: usize, L: i32, outs: usize, at: i32, scr: usize): void {
  const tp = arrAt(scr, L, A_TP), tpv = arrAt(scr, L, A_TPV), cv = arrAt(scr, L, A_CV), r = arrAt(scr, L, A_R);
  const pk = arrAt(scr, L, A_PK), g1 = arrAt(scr, L, A_G1), g2 = arrAt(scr, L, A_G2);
  const y0 = arrAt(scr, L, A_Y0);
  const yS = (<usize>L) << 3;
  const legacy = Settings.legacy;

  // ---- pass A: EWM family, OBV and the per-bin terms
  const aF = 2.0 / (Settings.fast + 1.0), aS = 2.0 / (Settings.slow + 1.0), aG = 2.0 / (Settings.sig + 1.0);
  const dF = 1.0 - aF, dS = 1.0 - aS, dG = 1.0 - aG;
  const aR = 1.0 / <f64>Settings.rsiP, dR = 1.0 - aR;
  const aA = 1.0 / <f64>Settings.atrP, dA = 1.0 - aA;
  const aX = 1.0 / <f64>Settings.adxP, dX = 1.0 - aX;
  let nF: f64 = 0, wF: f64 = NaN, oF: f64 = 1, wS: f64 = NaN, oS: f64 = 1;
  let nG: f64 = 0, wG: f64 = NaN, oG: f64 = 1;
  let nU: f64 = 0, wU: f64 = NaN, oU: f64 = 1, nD: f64 = 0, wD: f64 = NaN, oD: f64 = 1;
  let nA: f64 = 0, wA: f64 = NaN;
  let nT: f64 = 0, wT: f64 = NaN, oT: f64 = 1, nP: f64 = 0, wP: f64 = NaN, oP: f64 = 1, nM: f64 = 0, wM: f64 = NaN, oM: f64 = 1;
  let nX: f64 = 0, wX: f64 = NaN, oX: f64 = 1;
  let obv: f64 = 0, obvLast: f64 = NaN;
  let po: f64 = NaN, ph: f64 = NaN, pl: f64 = NaN, pc: f64 = NaN, plc: f64 = NaN;
  const fRsi = <f64>Settings.rsiP, fAtr = <f64>Settings.atrP, fAdx = <f64>Settings.adxP;
  for (let j = 0; j < L; j++) {
    const oo = ld(o, j), hi = ld(h, j), lo = ld(l, j), x = ld(c, j), vol = ld(v, j);
    // terms
    const t = (hi + lo + x) / 3.0;
    st(tp, j, t);
    st(tpv, j, t * vol);
    st(cv, j, x * vol);
    const lc = flooredLog(x);
    st(r, j, lc - plc);
    plc = lc;
    // ln(h/l) and ln(c/o) once, shared by Parkinson, Garman-Klass and Yang-Zhang (same values
    // as each estimator's own term; markers: NaN = empty bin, +Inf = a price not > 0).
    const a = Math.log(hi / lo);
    const b = Math.log(x / oo);
    const cHL = priceCode2(hi, lo);
    const cOC = priceCode2(oo, x);
    st(pk, j, cHL == 0 ? a * a : cHL == 1 ? NaN : BAD);
    const code = cHL > cOC ? cHL : cOC;
    if (code == 0) {
      st(g1, j, a * a);
      st(g2, j, b * b);
    } else {
      const m: f64 = code == 1 ? NaN : BAD;
      st(g1, j, m);
      st(g2, j, m);
    }
    if (legacy) {
      st(y0, j, Math.log(oo / po));
      st(y0 + yS, j, Math.log(x / pc));
      const co = Math.log(oo / pc);
      st(y0 + 2 * yS, j, co * co);
      st(y0 + 3 * yS, j, oo > 0.0 && x > 0.0 ? b * b : BAD);
      st(y0 + 4 * yS, j, a * a);
    } else {
      const c2 = priceCode2(pc, 1.0);
      const yc = code > c2 ? code : c2;
      let co: f64 = NaN, oc: f64 = NaN, rs: f64 = NaN;
      if (yc == 0) {
        co = Math.log(oo / pc);
        oc = b;
        rs = Math.log(hi / x) * Math.log(hi / oo) + Math.log(lo / x) * Math.log(lo / oo);
      } else if (yc == 2) co = BAD;
      st(y0, j, co);
      st(y0 + yS, j, oc);
      st(y0 + 2 * yS, j, rs);
    }
    // EMA fast / slow and the MACD signal
    if (nF == 0.0) {
      if (x == x) { wF = x; oF = 1.0; wS = x; oS = 1.0; nF = 1.0; }
    } else {
      oF *= dF;
      oS *= dS;
      if (x == x) { wF = ewmMean(wF, oF, aF, x); oF = 1.0; wS = ewmMean(wS, oS, aS, x); oS = 1.0; nF += 1.0; }
    }
    const line: f64 = nF > 0.0 ? wF - wS : NaN;
    if (nG == 0.0) {
      if (line == line) { wG = line; oG = 1.0; nG = 1.0; }
    } else {
      oG *= dG;
      if (line == line) { wG = ewmMean(wG, oG, aG, line); oG = 1.0; nG += 1.0; }
    }
    // RSI
    const d = x - pc;
    let up: f64 = NaN, dn: f64 = NaN;
    if (d == d) { up = d > 0.0 ? d : 0.0; dn = -d > 0.0 ? -d : 0.0; }
    if (nU == 0.0) {
      if (up == up) { wU = up; oU = 1.0; nU = 1.0; wD = dn; oD = 1.0; nD = 1.0; }
    } else {
      oU *= dR;
      oD *= dR;
      if (up == up) { wU = ewmMean(wU, oU, aR, up); oU = 1.0; nU += 1.0; wD = ewmMean(wD, oD, aR, dn); oD = 1.0; nD += 1.0; }
    }
    // true range: ATR drops NaN TRs, ADX keeps them
    const tr = trueRangeAt(hi, lo, pc);
    if (tr == tr) { wA = nA == 0.0 ? tr : ewmMean(wA, dA, aA, tr); nA += 1.0; }
    const upm = hi - ph, downm = pl - lo;
    const pdm: f64 = upm > 0.0 && upm > downm ? upm : 0.0;
    const mdm: f64 = downm > 0.0 && downm > upm ? downm : 0.0;
    if (nT == 0.0) {
      if (tr == tr) { wT = tr; oT = 1.0; nT = 1.0; }
    } else {
      oT *= dX;
      if (tr == tr) { wT = ewmMean(wT, oT, aX, tr); oT = 1.0; nT += 1.0; }
    }
    if (nP == 0.0) { wP = pdm; oP = 1.0; nP = 1.0; wM = mdm; oM = 1.0; nM = 1.0; }
    else { oP *= dX; wP = ewmMean(wP, oP, aX, pdm); oP = 1.0; nP += 1.0; oM *= dX; wM = ewmMean(wM, oM, aX, mdm); oM = 1.0; nM += 1.0; }
    const atrP: f64 = nT >= fAdx ? wT : NaN;
    const pdi = (100.0 * (nP >= fAdx ? wP : NaN)) / atrP;
    const mdi = (100.0 * (nM >= fAdx ? wM : NaN)) / atrP;
    let dx = (100.0 * Math.abs(pdi - mdi)) / (pdi + mdi);
    if (!isFinite(dx)) dx = NaN;
    if (nX == 0.0) {
      if (dx == dx) { wX = dx; oX = 1.0; nX = 1.0; }
    } else {
      oX *= dX;
      if (dx == dx) { wX = ewmMean(wX, oX, aX, dx); oX = 1.0; nX += 1.0; }
    }
    // OBV
    const sgn = <f64>(<i32>(d > 0.0)) - <f64>(<i32>(d < 0.0));
    const term = sgn * vol;
    if (term == term) { obv += term; obvLast = obv; } else obvLast = NaN;
    po = oo; ph = hi; pl = lo; pc = x;
  }
  const fl = <f64>L;
  const lastC = ld(c, L - 1);

  // ---- close statistics, VWAP, returns
  const cMean = meanNz(c, L);
  const cStd: f64 = L > 1 ? Math.sqrt(varNz(c, L, 1)) : NaN;
  const cMin = nanMin(c, L), cMax = nanMax(c, L);
  wr(outs, O_CLOSE_MEAN, at, cMean);
  wr(outs, O_CLOSE_STD, at, cStd);
  wr(outs, O_CLOSE_MIN, at, cMin);
  wr(outs, O_CLOSE_MAX, at, cMax);
  wr(outs, O_SMA, at, cMean);
  wr(outs, O_VOLUME_SUM, at, sumNz(v, L));
  const vw = vwapStat(tpv, v, L);
  const dev = vwapDeviation(lastC, vw);
  wr(outs, O_VWAP, at, vw);
  wr(outs, O_DEV_VWAP, at, dev);
  wr(outs, O_DEV_ABS, at, Math.abs(dev));
  const first = ld(c, 0);
  wr(outs, O_ROC, at, first == first && first != 0.0 ? ((lastC - first) / first) * 100.0 : NaN);
  wr(outs, O_RETURNS_LOG, at, sumNz(r, L));

  // ---- EWM family (last values)
  const emaF: f64 = nF > 0.0 ? wF : NaN;
  const emaS: f64 = nF > 0.0 ? wS : NaN;
  const line: f64 = emaF - emaS;
  const sig: f64 = nG > 0.0 ? wG : NaN;
  wr(outs, O_EMA_FAST, at, emaF);
  wr(outs, O_EMA_SLOW, at, emaS);
  wr(outs, O_MACD, at, line);
  wr(outs, O_MACD_SIGNAL, at, sig);
  wr(outs, O_MACD_HIST, at, line - sig);
  let rsi: f64 = NaN;
  if (nU >= fRsi && nD >= fRsi) rsi = wD == 0.0 ? (legacy ? NaN : 100.0) : 100.0 - 100.0 / (1.0 + wU / wD);
  wr(outs, O_RSI, at, rsi);
  const atr: f64 = L >= 2 && nA >= fAtr ? wA : NaN;
  wr(outs, O_ATR, at, atr);
  wr(outs, O_ADX, at, L > Settings.adxP && nX >= fAdx ? wX : NaN);
  wr(outs, O_OBV, at, obvLast);

  // ---- Bollinger: last rolling mean / std, each falling back to the whole window
  const frame = arrAt(scr, L, N_ARRAYS);
  const sub1 = frame + (<usize>FRAME_SLOTS << 3);
  const bbSlots = rollingStateSlots(ROLL_MEAN, Settings.bbP);
  const sub2 = sub1 + (<usize>bbSlots << 3);
  memory.fill(sub1, 0, <usize>(2 * bbSlots) << 3);
  callRolling(ROLL_MEAN, frame, c, arrAt(scr, L, A_BBM), L, Settings.bbP, -1, sub1);
  callRolling(ROLL_STD, frame, c, arrAt(scr, L, A_BBS), L, Settings.bbP, -1, sub2);
  let mu = ld(arrAt(scr, L, A_BBM), L - 1);
  let sd = ld(arrAt(scr, L, A_BBS), L - 1);
  if (mu != mu) mu = cMean;
  if (sd != sd) sd = cStd;
  const bbU = mu + Settings.bbK * sd, bbL = mu - Settings.bbK * sd, bbW = bbU - bbL;
  wr(outs, O_BB_UPPER, at, bbU);
  wr(outs, O_BB_LOWER, at, bbL);
  wr(outs, O_BB_WIDTH, at, bbW);
  wr(outs, O_BB_POS, at, bandPosition(lastC, bbU, bbL));
  wr(outs, O_SQUEEZE, at, isFinite(bbW) && isFinite(atr) ? bbW / (4.0 * atr + EPS) : NaN);

  // ---- Stochastic: rolling min/max, %K, %D = rolling(stoch_d, min 1) mean of %K
  const mmSlots = rollingStateSlots(ROLL_MIN, Settings.stP);
  const sub3 = sub2 + (<usize>bbSlots << 3);
  const sub4 = sub3 + (<usize>mmSlots << 3);
  const sub5 = sub4 + (<usize>mmSlots << 3);
  memory.fill(sub3, 0, <usize>(2 * mmSlots + rollingStateSlots(ROLL_MEAN, Settings.stD)) << 3);
  const kk = arrAt(scr, L, A_K), dd = arrAt(scr, L, A_D);
  callRolling(ROLL_MIN, frame, l, kk, L, Settings.stP, Settings.stP, sub3);
  callRolling(ROLL_MAX, frame, h, dd, L, Settings.stP, Settings.stP, sub4);
  for (let j = 0; j < L; j++) {
    const ll = ld(kk, j);
    const den = ld(dd, j) - ll;
    st(kk, j, den == 0.0 ? NaN : ((ld(c, j) - ll) / den) * 100.0);
  }
  callRolling(ROLL_MEAN, frame, kk, dd, L, Settings.stD, 1, sub5);
  wr(outs, O_STOCH_K, at, ld(kk, L - 1));
  wr(outs, O_STOCH_D, at, ld(dd, L - 1));

  // ---- whole-window statistics on the term arrays
  wr(outs, O_CCI, at, cciStat(tp, L));
  wr(outs, O_QUOTE_VOLUME, at, sumNz(cv, L));
  const tmp = arrAt(scr, L, A_TMP);
  wr(outs, O_UP_SHARE, at, volumeSharesStat(r, v, L, legacy, tmp));
  wr(outs, O_DOWN_SHARE, at, second);
  wr(outs, O_VOL_SPIKE, at, volSpikeStat(v, L, tmp));
  wr(outs, O_RV_CLOSE, at, rvCloseStat(r, L));
  wr(outs, O_PARKINSON, at, parkinsonStat(pk, L, legacy));
  wr(outs, O_GK, at, garmanKlassStat(g1, g2, L, legacy));
  const yz: f64 = legacy
    ? yangZhangLegacyStat(y0 + 8, y0 + yS + 8, y0 + 2 * yS + 8, y0 + 3 * yS, y0 + 4 * yS, L)
    : yangZhangStat(y0 + 8, y0 + yS + 8, y0 + 2 * yS + 8, L - 1);
  wr(outs, O_YZ, at, yz);
  const span = nanMax(h, L) - nanMin(l, L);
  wr(outs, O_RANGE_INT, at, isFinite(vw) ? rangeIntensity(span, vw) : NaN);
  const distOk = isFinite(atr) && isFinite(lastC);
  const dHi: f64 = distOk ? (lastC - cMax) / (atr + EPS) : NaN;
  const dLo: f64 = distOk ? (lastC - cMin) / (atr + EPS) : NaN;
  wr(outs, O_DIST_HIGH, at, dHi);
  wr(outs, O_DIST_LOW, at, dLo);
  wr(outs, O_DIST_HIGH_ABS, at, Math.abs(dHi));
  wr(outs, O_DIST_LOW_ABS, at, Math.abs(dLo));
  wr(outs, O_RET_SHARE, at, retShareStat(r, L, legacy));
  wr(outs, O_RUN_UP, at, runMaxStat(r, L));
  wr(outs, O_RUN_DN, at, second);
  wr(outs, O_VWAP_POS, at, vwapPosShareStat(c, L, vw, legacy));
}

/**
 * params: window, stride (0 = window), legacy, rsi_period, atr_period, adx_period, macd_fast,
 * macd_slow, macd_signal, bb_period, bb_num_std, stoch_period, stoch_d.
 */
export function k_window_metrics(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  let stride = intParam(params, 1, 0, MAX_WINDOW);
  if (stride < 0) return badParam(1);
  if (stride == 0) stride = W;
  const lg = flagParam(params, 2);
  if (lg < 0) return badParam(2);
  const rsiP = intParam(params, 3, 1, MAX_WINDOW);
  if (rsiP < 0) return badParam(3);
  const atrP = intParam(params, 4, 1, MAX_WINDOW);
  if (atrP < 0) return badParam(4);
  const adxP = intParam(params, 5, 1, MAX_WINDOW);
  if (adxP < 0) return badParam(5);
  const fast = param(params, 6);
  if (!(fast >= 1.0) || !isFinite(fast)) return badParam(6);
  const slow = param(params, 7);
  if (!(slow >= 1.0) || !isFinite(slow)) return badParam(7);
  const sig = param(params, 8);
  if (!(sig >= 1.0) || !isFinite(sig)) return badParam(8);
  const bbP = intParam(params, 9, 1, MAX_WINDOW);
  if (bbP < 0) return badParam(9);
  const bbK = param(params, 10);
  if (!(bbK >= 0.0) || !isFinite(bbK)) return badParam(10);
  const stP = intParam(params, 11, 1, MAX_WINDOW);
  if (stP < 0) return badParam(11);
  const stD = intParam(params, 12, 1, MAX_WINDOW);
  if (stD < 0) return badParam(12);
  Settings.legacy = lg == 1;
  Settings.rsiP = rsiP;
  Settings.atrP = atrP;
  Settings.adxP = adxP;
  Settings.fast = fast;
  Settings.slow = slow;
  Settings.sig = sig;
  Settings.bbP = bbP;
  Settings.bbK = bbK;
  Settings.stP = stP;
  Settings.stD = stD;

  for (let k = 0; k < WINDOW_METRICS_OUTPUTS; k++) fillNaN(col(outs, k), n);
  const ring = state + 24;
  const rs = (<usize>W) << 4;
  let seen = sget(state, 0);
  let slot = <i32>sget(state, 1);
  let left = seen == 0.0 ? W - 1 : <i32>sget(state, 2);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 5; k++) {
      const x = ld(col(ins, k), i);
      const rk = ring + <usize>k * rs;
      st(rk, slot, x);
      st(rk, slot + W, x);
    }
    seen += 1.0;
    if (left == 0) {
      const start = <usize>(slot + 1) << 3;
      windowBlock(ring + start, ring + rs + start, ring + 2 * rs + start, ring + 3 * rs + start, ring + 4 * rs + start, W, outs, i, scratch);
      left = stride - 1;
    } else {
      left--;
    }
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, 0, seen);
  sset(state, 1, <f64>slot);
  sset(state, 2, <f64>left);
  return STATUS_OK;
}
