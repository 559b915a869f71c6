/**
 * Plain-TS reference of the fused `window_metrics` kernel: the per-window metric block of spec
 * data_pipeline.md §4.5-4.6 (54 keys minus the coverage and validity flags, which the caller
 * derives) for the bins of one window, and the series driver that evaluates it at window ends.
 * Written as calls of the individual definitions, so it is also the "individual kernels" meaning
 * of every output.
 */
import { adx, atr, bandPosition, macd, obv, rsi, stochastic } from './indicators.js';
import { ema } from './ewm.js';
import { rollingMean, rollingStd } from './rolling.js';
import { EPS, nanMean, nanStd, nanSum, pairwiseSum } from './numeric.js';
import {
  cciOf, closeStatsOf, garmanKlassOf, parkinsonOf, quoteVolumeOf, rangeIntensityOf, retSharePosOf, runMaxOf, rvCloseOf,
  volSpikeShareOf, volumeSharesOf, vwapDeviation, vwapOf, vwapPosShareOf, windowLogReturns, windowRoc, yangZhangOf,
} from './window-stats.js';
import { WINDOW_METRIC_NAMES, type WindowMetricSettings } from '../window-metrics.js';

export type WindowMetricParams = WindowMetricSettings;

const last = (x: Float64Array): number => (x.length ? x[x.length - 1]! : NaN);

/** The original's Bollinger scalar: last rolling value, each falling back to the whole window. */
function bollingerScalar(c: Float64Array, period: number, k: number): [number, number, number] {
  if (c.length === 0) return [NaN, NaN, NaN];
  let mu = last(rollingMean(c, period));
  let sd = last(rollingStd(c, period));
  if (mu !== mu) mu = nanMean(c);
  if (sd !== sd) sd = nanStd(c);
  const up = mu + k * sd;
  const lo = mu - k * sd;
  return [up, lo, up - lo];
}

/** All metrics of one window (bins [off, off+len)), in WINDOW_METRIC_NAMES order. */
export function windowMetricsBlock(
  o: Float64Array, h: Float64Array, l: Float64Array, c: Float64Array, v: Float64Array, off: number, len: number, p: WindowMetricParams,
): Float64Array {
  const sl = (x: Float64Array) => x.subarray(off, off + len);
  const [so, sh, sL, sc, sv] = [sl(o), sl(h), sl(l), sl(c), sl(v)];
  const lastC = last(sc);
  const [cMean, cStd, cMin, cMax] = closeStatsOf(sc, 0, len);
  const vwap = vwapOf(sh, sL, sc, sv, 0, len);
  const dev = vwapDeviation(lastC, vwap);
  const [mLine, mSig, mHist] = macd(sc, p.macd_fast, p.macd_slow, p.macd_signal).map(last) as [number, number, number];
  const emaF = last(ema(sc, p.macd_fast));
  const emaS = last(ema(sc, p.macd_slow));
  const [bbU, bbL, bbW] = bollingerScalar(sc, p.bb_period, p.bb_num_std);
  const rsiV = last(rsi(sc, p.rsi_period, p.legacy));
  const atrV = last(atr(sh, sL, sc, p.atr_period));
  const [stK, stD] = stochastic(sh, sL, sc, p.stoch_period, p.stoch_d).map(last) as [number, number];
  const adxV = last(adx(sh, sL, sc, p.adx_period)[0]!);
  const [upShare, dnShare] = volumeSharesOf(sc, sv, 0, len, p.legacy);
  const [runUp, runDn] = runMaxOf(sc, 0, len);
  const squeeze = Number.isFinite(bbW) && Number.isFinite(atrV) ? bbW / (4 * atrV + EPS) : NaN;
  const distOk = Number.isFinite(atrV) && Number.isFinite(lastC);
  const dHi = distOk ? (lastC - cMax) / (atrV + EPS) : NaN;
  const dLo = distOk ? (lastC - cMin) / (atrV + EPS) : NaN;
  const values: Record<string, number> = {
    close_mean: cMean,
    close_stddev: cStd,
    close_min: cMin,
    close_max: cMax,
    volume_sum: nanSum(sv),
    vwap,
    price_deviation_vwap: dev,
    roc: windowRoc(sc, 0, len),
    returns_log: pairwiseSum(windowLogReturns(sc, 0, len).map((x) => (x === x ? x : 0))),
    sma: cMean,
    ema_fast: emaF,
    ema_slow: emaS,
    macd: mLine,
    macd_signal: mSig,
    macd_histogram: mHist,
    bollinger_upper: bbU,
    bollinger_lower: bbL,
    bollinger_width: bbW,
    rsi: rsiV,
    atr: atrV,
    stochastic_k: stK,
    stochastic_d: stD,
    obv: last(obv(sc, sv)),
    cci: cciOf(sh, sL, sc, 0, len),
    adx: adxV,
    quote_volume_sum: quoteVolumeOf(sc, sv, 0, len),
    up_volume_share: upShare,
    down_volume_share: dnShare,
    vol_spike_share: volSpikeShareOf(sv, 0, len),
    rv_close: rvCloseOf(sc, 0, len),
    parkinson_vol: parkinsonOf(sh, sL, 0, len, p.legacy),
    garman_klass: garmanKlassOf(so, sh, sL, sc, 0, len, p.legacy),
    yang_zhang: yangZhangOf(so, sh, sL, sc, 0, len, p.legacy),
    squeeze_index: squeeze,
    range_intensity: rangeIntensityOf(sh, sL, sc, sv, 0, len, 0),
    vwap_deviation_abs: Math.abs(dev),
    bb_position: bandPosition(lastC, bbU, bbL),
    dist_to_window_high: dHi,
    dist_to_window_low: dLo,
    dist_to_window_high_abs: Math.abs(dHi),
    dist_to_window_low_abs: Math.abs(dLo),
    ret_share_pos: retSharePosOf(sc, 0, len, p.legacy),
    run_up_max: runUp,
    run_dn_max: runDn,
    vwap_pos_share: vwapPosShareOf(sh, sL, sc, sv, 0, len, p.legacy),
  };
  return Float64Array.from(WINDOW_METRIC_NAMES, (name) => values[name]!);
}

/**
 * The kernel's series form: windows of `window` bins ending at bar e = window-1, window-1+stride,
 * ... (stride 0 = window: non-overlapping); output[k][e] = metric k of that window, NaN elsewhere.
 */
export function windowMetricsSeries(inputs: readonly Float64Array[], window: number, stride: number, p: WindowMetricParams): Float64Array[] {
  const [o, h, l, c, v] = inputs as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const n = c.length;
  const outs = WINDOW_METRIC_NAMES.map(() => new Float64Array(n).fill(NaN));
  const step = stride === 0 ? window : stride;
  for (let e = window - 1; e < n; e += step) {
    const block = windowMetricsBlock(o, h, l, c, v, e - window + 1, window, p);
    for (let k = 0; k < block.length; k++) outs[k]![e] = block[k]!;
  }
  return outs;
}

