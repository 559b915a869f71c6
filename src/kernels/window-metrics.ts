/**
 * The outputs of the fused `window_metrics` kernel and how they map to the original's per-window
 * metric keys (spec data_pipeline.md §4.8): the legacy block is `<name>_<suffix>`, the opportunity
 * primitives carry their taxonomy tag after the suffix (`<name>_<suffix>_<tag>`). The coverage
 * and validity flags are the caller's (they need the raw row count and the family rules of §4.7).
 */
import { CgqError } from '../errors.js';

export type MetricTag = '' | 'mag' | 'pos' | 'dir';

/** Output name → taxonomy tag, in the original's normal-path key order. */
export const WINDOW_METRICS: readonly { name: string; tag: MetricTag }[] = [
  ...[
    'close_mean', 'close_stddev', 'close_min', 'close_max', 'volume_sum', 'vwap', 'price_deviation_vwap', 'roc',
    'returns_log', 'sma', 'ema_fast', 'ema_slow', 'macd', 'macd_signal', 'macd_histogram', 'bollinger_upper',
    'bollinger_lower', 'bollinger_width', 'rsi', 'atr', 'stochastic_k', 'stochastic_d', 'obv', 'cci', 'adx',
  ].map((name) => ({ name, tag: '' as MetricTag })),
  { name: 'quote_volume_sum', tag: 'mag' },
  { name: 'up_volume_share', tag: 'pos' },
  { name: 'down_volume_share', tag: 'pos' },
  { name: 'vol_spike_share', tag: 'pos' },
  { name: 'rv_close', tag: 'mag' },
  { name: 'parkinson_vol', tag: 'mag' },
  { name: 'garman_klass', tag: 'mag' },
  { name: 'yang_zhang', tag: 'mag' },
  { name: 'squeeze_index', tag: 'mag' },
  { name: 'range_intensity', tag: 'mag' },
  { name: 'vwap_deviation_abs', tag: 'mag' },
  { name: 'bb_position', tag: 'pos' },
  { name: 'dist_to_window_high', tag: 'dir' },
  { name: 'dist_to_window_low', tag: 'dir' },
  { name: 'dist_to_window_high_abs', tag: 'mag' },
  { name: 'dist_to_window_low_abs', tag: 'mag' },
  { name: 'ret_share_pos', tag: 'pos' },
  { name: 'run_up_max', tag: 'mag' },
  { name: 'run_dn_max', tag: 'mag' },
  { name: 'vwap_pos_share', tag: 'pos' },
];

export const WINDOW_METRIC_NAMES: readonly string[] = WINDOW_METRICS.map((m) => m.name);

/** The original's key for output `name` of a window with suffix `s` (e.g. rv_close, 1h → rv_close_1h_mag). */
export function windowMetricKey(name: string, suffix: string): string {
  const m = WINDOW_METRICS.find((x) => x.name === name);
  if (!m) throw new CgqError('INTERNAL', `not a window_metrics output: ${name}`);
  return m.tag ? `${name}_${suffix}_${m.tag}` : `${name}_${suffix}`;
}

/**
 * The last value of each output of `kernel` run with `params` on the current window's bins. A
 * single-input kernel (input `x`) reads the close unless `source` names another bar column
 * (`volume`) or a kernel whose first output, run on the window, is the input (`log_return`).
 */
export type LastValues = (kernel: string, params: Readonly<Record<string, number>>, source?: string) => readonly number[];

/** Indicator settings of a window_metrics call (its resolved parameters). */
export interface WindowMetricSettings {
  legacy: number;
  rsi_period: number;
  atr_period: number;
  adx_period: number;
  macd_fast: number;
  macd_slow: number;
  macd_signal: number;
  bb_period: number;
  bb_num_std: number;
  stoch_period: number;
  stoch_d: number;
}

const EPS = 1e-9;

/**
 * The metric block of one window of L bins computed with the individual registry kernels (each run
 * on the window's bins, its last value taken) — what window_metrics fuses into one call. Used by
 * the tests (fused = individual) and by `cgq bench kernels` (fused vs individual speed).
 */
export function windowMetricsFromKernels(last: LastValues, L: number, lastC: number, s: WindowMetricSettings): Float64Array {
  const legacy = s.legacy;
  const win = { window: L, min_bars: 1 };
  const [cMean] = last('rolling_mean', { window: L, min_periods: 1 });
  const [cStd] = last('rolling_std', { window: L, min_periods: 1 });
  const [cMin] = last('rolling_min', { window: L, min_periods: 1 });
  const [cMax] = last('rolling_max', { window: L, min_periods: 1 });
  const [vSum] = last('rolling_sum', { window: L, min_periods: 0 }, 'volume');
  const [vwap, dev] = last('vwap', win);
  const [roc] = last('roc', { period: L - 1 });
  const [retLog] = last('rolling_sum', { window: L, min_periods: 0 }, 'log_return');
  const [emaF] = last('ema', { span: s.macd_fast });
  const [emaS] = last('ema', { span: s.macd_slow });
  const [macd, sig, hist] = last('macd', { fast: s.macd_fast, slow: s.macd_slow, signal: s.macd_signal });
  const [, bbU, bbL, bbW, bbPos] = last('bollinger', { period: s.bb_period, num_std: s.bb_num_std, fallback: 1 });
  const [rsi] = last('rsi', { period: s.rsi_period, legacy });
  const [atr] = last('atr', { period: s.atr_period });
  const [stK, stD] = last('stochastic', { period: s.stoch_period, d_period: s.stoch_d });
  const [obv] = last('obv', {});
  const [cci] = last('cci', { period: L, min_bars: 1 });
  const [adx] = last('adx', { period: s.adx_period });
  const [qv] = last('quote_volume', win);
  const [up, down] = last('volume_shares', { ...win, legacy });
  const [spike] = last('vol_spike', win);
  const [rv] = last('rv_close', win);
  const [pk] = last('parkinson', { ...win, legacy });
  const [gk] = last('garman_klass', { ...win, legacy });
  const [yz] = last('yang_zhang', { ...win, legacy });
  const [ri] = last('range_intensity', { ...win, basis: 0 });
  const [retShare] = last('ret_share', { ...win, legacy });
  const [runUp, runDn] = last('run_max', win);
  const [vwapPos] = last('vwap_pos_share', { ...win, legacy });
  const distOk = Number.isFinite(atr) && Number.isFinite(lastC);
  const dHi = distOk ? (lastC - cMax!) / (atr! + EPS) : NaN;
  const dLo = distOk ? (lastC - cMin!) / (atr! + EPS) : NaN;
  const values: Record<string, number | undefined> = {
    close_mean: cMean, close_stddev: cStd, close_min: cMin, close_max: cMax, volume_sum: vSum, vwap, price_deviation_vwap: dev,
    roc, returns_log: retLog, sma: cMean, ema_fast: emaF, ema_slow: emaS, macd, macd_signal: sig, macd_histogram: hist,
    bollinger_upper: bbU, bollinger_lower: bbL, bollinger_width: bbW, rsi, atr, stochastic_k: stK, stochastic_d: stD, obv, cci, adx,
    quote_volume_sum: qv, up_volume_share: up, down_volume_share: down, vol_spike_share: spike, rv_close: rv, parkinson_vol: pk,
    garman_klass: gk, yang_zhang: yz,
    squeeze_index: Number.isFinite(bbW) && Number.isFinite(atr) ? bbW! / (4 * atr! + EPS) : NaN,
    range_intensity: ri, vwap_deviation_abs: Math.abs(dev!), bb_position: bbPos, dist_to_window_high: dHi, dist_to_window_low: dLo,
    dist_to_window_high_abs: Math.abs(dHi), dist_to_window_low_abs: Math.abs(dLo), ret_share_pos: retShare, run_up_max: runUp,
    run_dn_max: runDn, vwap_pos_share: vwapPos,
  };
  return Float64Array.from(WINDOW_METRIC_NAMES, (m) => values[m] ?? NaN);
}
