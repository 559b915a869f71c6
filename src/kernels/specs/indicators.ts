/**
 * Registry entries of the technical indicators, the opportunity primitives and the fused per-window
 * metrics kernel (assembly/indicators). Defaults are the original tool's (data_pipeline@ff4cbd9:
 * RSI/ATR/ADX 14, MACD 12/26/9, Bollinger 20/2, Stochastic 14/3, 60-bar windows).
 */
import type { KernelParams, KernelSpec, ParamSpec } from '../types.js';
import { ema } from '../reference/ewm.js';
import { adx, atr, bollinger, logReturn, macd, obv, roc, rsi, sma, stochastic, trueRange, wilder } from '../reference/indicators.js';
import {
  cciRef, garmanKlassRef, parkinsonRef, quoteVolumeRef, rangeIntensityRef, retShareRef, runMaxRef, rvCloseRef, volSpikeRef,
  volumeSharesRef, vwapPosShareRef, vwapRef, yangZhangRef,
} from '../reference/trailing.js';
import { windowMetricsSeries } from '../reference/window-metrics.js';
import { WINDOW_METRIC_NAMES } from '../window-metrics.js';
import { MAX_WINDOW, periodParam, windowParam } from './common.js';

/** f64 slots of the call frame a delegating kernel reserves (assembly/indicators/frame.ts). */
const FRAME_SLOTS = 6;
const movingState = (w: number) => 8 + w;
const extremeState = (w: number) => 4 + 3 * w;

const LEGACY: ParamSpec = {
  name: 'legacy',
  default: 0,
  min: 0,
  max: 1,
  integer: true,
  doc: '1 = the original (data_pipeline@ff4cbd9) exactly; 0 = cgq decisions (README "Kernels: indicators")',
};

const MIN_BARS: ParamSpec = {
  name: 'min_bars',
  default: -1,
  min: 1,
  max: MAX_WINDOW,
  integer: true,
  special: [-1],
  doc: 'bars the window must hold for a value; -1 = the full window, 1 = partial windows from the first bar',
};

const span = (name: string, def: number, doc: string): ParamSpec => ({ name, default: def, min: 1, max: 1e9, integer: false, doc });

/** Warm-up of a trailing-window kernel (NaN before min_bars bars). */
const trailingLookback = (len: string) => (p: KernelParams) => (p.min_bars === -1 ? p[len]! : p.min_bars!) - 1;
const checkMinBars = (len: string) => (_n: number, p: KernelParams) =>
  p.min_bars !== -1 && p.min_bars! > p[len]! ? `parameter min_bars must be ≤ ${len} (${p.min_bars} > ${p[len]})` : undefined;

/** A trailing-window kernel: state = 2 header slots (+ carries) and a mirrored ring per term. */
function trailingSpec(o: {
  name: string;
  summary: string;
  inputs: string[];
  outputs: string[];
  terms: number;
  carries?: number;
  legacy?: boolean;
  extra?: ParamSpec[];
  lengthName?: 'window' | 'period';
  scratch?: boolean;
  reference: KernelSpec['reference'];
}): KernelSpec {
  const len = o.lengthName ?? 'window';
  const lenParam = len === 'window' ? windowParam(60, 'bars per trailing window') : periodParam(20, 'bars per trailing window');
  return {
    name: o.name,
    summary: o.summary,
    group: 'indicators',
    inputs: o.inputs,
    params: [lenParam, MIN_BARS, ...(o.legacy ? [LEGACY] : []), ...(o.extra ?? [])],
    outputs: o.outputs,
    stateLen: (p) => 2 + (o.carries ?? 0) + 2 * o.terms * p[len]!,
    ...(o.scratch ? { scratchBytes: (_n: number, p: KernelParams) => 8 * p[len]! } : {}),
    lookback: trailingLookback(len),
    checkLength: checkMinBars(len),
    reference: o.reference,
  };
}

/** Scratch bytes of window_metrics (assembly/indicators/window_metrics.ts, windowMetricsScratchSlots). */
export function windowMetricsScratchBytes(p: KernelParams): number {
  const slots = 17 * p.window! + FRAME_SLOTS + 2 * movingState(p.bb_period!) + 2 * extremeState(p.stoch_period!) + movingState(p.stoch_d!);
  return slots * 8;
}

export const INDICATOR_KERNELS: readonly KernelSpec[] = [
  {
    name: 'ema',
    summary: 'Exponential moving average, pandas ewm(span, adjust=False): seeded with the first value',
    group: 'indicators',
    inputs: ['x'],
    params: [
      { name: 'span', default: 12, min: 1, max: 1e9, integer: false, doc: 'span s; alpha = 2/(s+1)' },
      { name: 'min_periods', default: 0, min: 0, max: MAX_WINDOW, integer: true, doc: 'minimum non-NaN values seen before output' },
    ],
    outputs: ['ema'],
    stateLen: () => 4,
    lookback: (p) => Math.max(p.min_periods! - 1, 0),
    reference: ([x], p) => [ema(x!, p.span!, p.min_periods!)],
  },
  {
    name: 'sma',
    summary: 'Simple moving average, pandas rolling(period).mean() (the rolling_mean code path)',
    group: 'indicators',
    inputs: ['x'],
    params: [periodParam(20), { name: 'min_periods', default: -1, min: 0, max: MAX_WINDOW, integer: true, special: [-1], doc: 'minimum non-NaN values in the window; -1 = period' }],
    outputs: ['sma'],
    stateLen: (p) => FRAME_SLOTS + movingState(p.period!),
    lookback: (p) => (p.min_periods === -1 ? p.period! : Math.max(p.min_periods!, 1)) - 1,
    checkLength: (_n, p) => (p.min_periods! > p.period! ? `parameter min_periods must be ≤ period (${p.min_periods} > ${p.period})` : undefined),
    reference: ([x], p) => [sma(x!, p.period!, p.min_periods!)],
  },
  {
    name: 'wilder',
    summary: "Wilder smoothing, pandas ewm(alpha=1/period, adjust=False) (RSI/ATR/ADX's smoothing)",
    group: 'indicators',
    inputs: ['x'],
    params: [periodParam(14), { name: 'min_periods', default: -1, min: 0, max: MAX_WINDOW, integer: true, special: [-1], doc: 'minimum non-NaN values seen before output; -1 = period' }],
    outputs: ['wilder'],
    stateLen: () => 4,
    lookback: (p) => Math.max((p.min_periods === -1 ? p.period! : p.min_periods!) - 1, 0),
    reference: ([x], p) => [wilder(x!, p.period!, p.min_periods!)],
  },
  {
    name: 'rsi',
    summary: 'Wilder RSI; no losses gives 100 (legacy=1: NaN, as the original)',
    group: 'indicators',
    inputs: ['close'],
    params: [periodParam(14), LEGACY],
    outputs: ['rsi'],
    stateLen: () => 8,
    lookback: (p) => p.period!,
    reference: ([c], p) => [rsi(c!, p.period!, p.legacy!)],
  },
  {
    name: 'true_range',
    summary: 'True range: max of the non-NaN terms h-l, |h-c_prev|, |l-c_prev|',
    group: 'indicators',
    inputs: ['high', 'low', 'close'],
    params: [],
    outputs: ['tr'],
    stateLen: () => 2,
    lookback: () => 0,
    reference: ([h, l, c]) => [trueRange(h!, l!, c!)],
  },
  {
    name: 'atr',
    summary: 'Wilder ATR of the original: NaN true ranges dropped, EWM(1/period) seeded with the first TR',
    group: 'indicators',
    inputs: ['high', 'low', 'close'],
    params: [periodParam(14)],
    outputs: ['atr'],
    stateLen: () => 4,
    lookback: (p) => Math.max(p.period! - 1, 1),
    reference: ([h, l, c], p) => [atr(h!, l!, c!, p.period!)],
  },
  {
    name: 'adx',
    summary: 'Classic Wilder ADX with +DI / -DI (NaN true ranges decay the smoothing)',
    group: 'indicators',
    inputs: ['high', 'low', 'close'],
    params: [periodParam(14)],
    outputs: ['adx', 'plus_di', 'minus_di'],
    stateLen: () => 16,
    lookback: (p) => 2 * p.period! - 2,
    reference: ([h, l, c], p) => adx(h!, l!, c!, p.period!),
  },
  {
    name: 'macd',
    summary: 'MACD line, signal and histogram (EMA spans fast/slow/signal, adjust=False)',
    group: 'indicators',
    inputs: ['close'],
    params: [span('fast', 12, 'fast EMA span'), span('slow', 26, 'slow EMA span'), span('signal', 9, 'signal EMA span (of the MACD line)')],
    outputs: ['macd', 'signal', 'histogram'],
    stateLen: () => 9,
    lookback: () => 0,
    reference: ([c], p) => macd(c!, p.fast!, p.slow!, p.signal!),
  },
  {
    name: 'bollinger',
    summary: 'Bollinger bands (rolling mean ± num_std·sample std) with the original whole-window fallback',
    group: 'indicators',
    inputs: ['close'],
    params: [
      periodParam(20),
      { name: 'num_std', default: 2, min: 0, max: 1e9, integer: false, doc: 'band half-width in standard deviations' },
      { name: 'fallback', default: 1, min: 0, max: 1, integer: true, doc: '1 = where the rolling mean/std is NaN use the expanding one (the original); 0 = NaN' },
    ],
    outputs: ['mid', 'upper', 'lower', 'width', 'position'],
    stateLen: (p) => 9 + FRAME_SLOTS + 2 * movingState(p.period!),
    lookback: (p) => (p.fallback ? 1 : p.period! - 1),
    reference: ([c], p) => bollinger(c!, p.period!, p.num_std!, p.fallback!),
  },
  {
    name: 'stochastic',
    summary: 'Stochastic %K (period) and %D = rolling(d_period, min_periods 1) mean of %K',
    group: 'indicators',
    inputs: ['high', 'low', 'close'],
    params: [periodParam(14), { ...periodParam(3, '%D smoothing bars'), name: 'd_period' }],
    outputs: ['k', 'd'],
    stateLen: (p) => FRAME_SLOTS + 2 * extremeState(p.period!) + movingState(p.d_period!),
    lookback: (p) => p.period! - 1,
    reference: ([h, l, c], p) => stochastic(h!, l!, c!, p.period!, p.d_period!),
  },
  {
    name: 'obv',
    summary: 'On-balance volume: cumulative sign(diff close)·volume, NaN diff = 0',
    group: 'indicators',
    inputs: ['close', 'volume'],
    params: [],
    outputs: ['obv'],
    stateLen: () => 3,
    lookback: () => 0,
    reference: ([c, v]) => [obv(c!, v!)],
  },
  {
    name: 'roc',
    summary: 'Rate of change in percent over period bars (0 = since the first bar)',
    group: 'indicators',
    inputs: ['close'],
    params: [{ name: 'period', default: 10, min: 0, max: MAX_WINDOW, integer: true, doc: 'lookback in bars; 0 = anchored at the first bar' }],
    outputs: ['roc'],
    stateLen: (p) => 3 + p.period!,
    lookback: (p) => p.period!,
    reference: ([c], p) => [roc(c!, p.period!)],
  },
  {
    name: 'log_return',
    summary: 'Log return diff(log(max(close, 1e-9)))',
    group: 'indicators',
    inputs: ['close'],
    params: [],
    outputs: ['log_return'],
    stateLen: () => 2,
    lookback: () => 1,
    reference: ([c]) => [logReturn(c!)],
  },
  trailingSpec({
    name: 'cci',
    summary: 'CCI over a trailing window: (tp - mean tp)/(0.015·mean deviation), the original whole-window form',
    inputs: ['high', 'low', 'close'],
    outputs: ['cci'],
    terms: 1,
    lengthName: 'period',
    reference: ([h, l, c], p) => cciRef(h!, l!, c!, p.period!, p.min_bars!),
  }),
  trailingSpec({
    name: 'vwap',
    summary: 'Trailing-window VWAP Σ(tp·v)/Σv and the close deviation (c - vwap)/vwap',
    inputs: ['high', 'low', 'close', 'volume'],
    outputs: ['vwap', 'deviation'],
    terms: 2,
    reference: ([h, l, c, v], p) => vwapRef(h!, l!, c!, v!, p.window!, p.min_bars!),
  }),
  trailingSpec({
    name: 'vwap_pos_share',
    summary: 'Share of the window\'s bars closing above the window VWAP',
    inputs: ['high', 'low', 'close', 'volume'],
    outputs: ['vwap_pos_share'],
    terms: 3,
    legacy: true,
    reference: ([h, l, c, v], p) => vwapPosShareRef(h!, l!, c!, v!, p.window!, p.min_bars!, p.legacy!),
  }),
  trailingSpec({
    name: 'range_intensity',
    summary: '(max high - min low) / (vwap + EPS) of the window (basis 1: / (|last close| + EPS), regime form)',
    inputs: ['high', 'low', 'close', 'volume'],
    outputs: ['range_intensity'],
    terms: 4,
    extra: [{ name: 'basis', default: 0, min: 0, max: 1, integer: true, doc: '0 = window VWAP (intraday metric), 1 = |last close| (regime metric)' }],
    reference: ([h, l, c, v], p) => rangeIntensityRef(h!, l!, c!, v!, p.window!, p.min_bars!, p.basis!),
  }),
  trailingSpec({
    name: 'quote_volume',
    summary: 'Quote volume Σ(close·volume) of the window',
    inputs: ['close', 'volume'],
    outputs: ['quote_volume'],
    terms: 1,
    reference: ([c, v], p) => quoteVolumeRef(c!, v!, p.window!, p.min_bars!),
  }),
  trailingSpec({
    name: 'rv_close',
    summary: 'Close-to-close realized volatility: sample std of the window\'s log returns (per bar)',
    inputs: ['close'],
    outputs: ['rv_close'],
    terms: 1,
    carries: 1,
    reference: ([c], p) => rvCloseRef(c!, p.window!, p.min_bars!),
  }),
  trailingSpec({
    name: 'parkinson',
    summary: 'Parkinson volatility sqrt(mean(ln(h/l)²)/(4 ln 2)) of the window',
    inputs: ['high', 'low'],
    outputs: ['parkinson'],
    terms: 1,
    legacy: true,
    reference: ([h, l], p) => parkinsonRef(h!, l!, p.window!, p.min_bars!, p.legacy!),
  }),
  trailingSpec({
    name: 'garman_klass',
    summary: 'Garman-Klass volatility of the window',
    inputs: ['open', 'high', 'low', 'close'],
    outputs: ['garman_klass'],
    terms: 2,
    legacy: true,
    reference: ([o, h, l, c], p) => garmanKlassRef(o!, h!, l!, c!, p.window!, p.min_bars!, p.legacy!),
  }),
  trailingSpec({
    name: 'yang_zhang',
    summary: 'Yang-Zhang volatility of the window: standard estimator (legacy=1: the original variant)',
    inputs: ['open', 'high', 'low', 'close'],
    outputs: ['yang_zhang'],
    terms: 5,
    carries: 2,
    legacy: true,
    reference: ([o, h, l, c], p) => yangZhangRef(o!, h!, l!, c!, p.window!, p.min_bars!, p.legacy!),
  }),
  trailingSpec({
    name: 'volume_shares',
    summary: 'Up / down volume shares of the window (volume on bars with a positive / negative log return)',
    inputs: ['close', 'volume'],
    outputs: ['up_share', 'down_share'],
    terms: 2,
    carries: 1,
    legacy: true,
    scratch: true,
    reference: ([c, v], p) => volumeSharesRef(c!, v!, p.window!, p.min_bars!, p.legacy!),
  }),
  trailingSpec({
    name: 'vol_spike',
    summary: 'Share of the window\'s bars with volume > median + 3·1.4826·MAD',
    inputs: ['volume'],
    outputs: ['vol_spike_share'],
    // a ring of the inputs and the sorted valid values (not a mirrored ring)
    terms: 1,
    carries: 1,
    reference: ([v], p) => volSpikeRef(v!, p.window!, p.min_bars!),
  }),
  trailingSpec({
    name: 'ret_share',
    summary: 'Share of positive log returns in the window',
    inputs: ['close'],
    outputs: ['ret_share_pos'],
    terms: 1,
    carries: 1,
    legacy: true,
    reference: ([c], p) => retShareRef(c!, p.window!, p.min_bars!, p.legacy!),
  }),
  trailingSpec({
    name: 'run_max',
    summary: 'Longest runs of consecutive positive / negative log returns in the window',
    inputs: ['close'],
    outputs: ['run_up', 'run_dn'],
    terms: 1,
    carries: 1,
    reference: ([c], p) => runMaxRef(c!, p.window!, p.min_bars!),
  }),
  {
    name: 'window_metrics',
    summary: 'Fused per-window metric block of the original (45 metrics) at window ends, NaN elsewhere',
    group: 'indicators',
    inputs: ['open', 'high', 'low', 'close', 'volume'],
    params: [
      windowParam(60, 'bins per window'),
      { name: 'stride', default: 0, min: 1, max: MAX_WINDOW, integer: true, special: [0], doc: 'bars between window ends; 0 = window (back-to-back windows)' },
      LEGACY,
      { ...periodParam(14, 'RSI period'), name: 'rsi_period' },
      { ...periodParam(14, 'ATR period'), name: 'atr_period' },
      { ...periodParam(14, 'ADX period'), name: 'adx_period' },
      span('macd_fast', 12, 'MACD fast EMA span (also ema_fast)'),
      span('macd_slow', 26, 'MACD slow EMA span (also ema_slow)'),
      span('macd_signal', 9, 'MACD signal EMA span'),
      { ...periodParam(20, 'Bollinger period'), name: 'bb_period' },
      { name: 'bb_num_std', default: 2, min: 0, max: 1e9, integer: false, doc: 'Bollinger half-width in standard deviations' },
      { ...periodParam(14, 'Stochastic %K period'), name: 'stoch_period' },
      { ...periodParam(3, 'Stochastic %D period'), name: 'stoch_d' },
    ],
    outputs: WINDOW_METRIC_NAMES,
    stateLen: (p) => 3 + 10 * p.window!,
    scratchBytes: (_n, p) => windowMetricsScratchBytes(p),
    lookback: (p) => p.window! - 1,
    reference: (inputs, p) =>
      windowMetricsSeries(inputs, p.window!, p.stride!, {
        legacy: p.legacy!,
        rsi_period: p.rsi_period!,
        atr_period: p.atr_period!,
        adx_period: p.adx_period!,
        macd_fast: p.macd_fast!,
        macd_slow: p.macd_slow!,
        macd_signal: p.macd_signal!,
        bb_period: p.bb_period!,
        bb_num_std: p.bb_num_std!,
        stoch_period: p.stoch_period!,
        stoch_d: p.stoch_d!,
      }),
  },
];
