/** Registry entries of the rolling and causal statistics (assembly/rolling). */
import type { KernelParams, KernelSpec } from '../types.js';
import { rollingExtreme, rollingMean, rollingStd, rollingSum, rollingVar } from '../reference/rolling.js';
import { causalWinsorize, causalZscore, rollingQuantile, rollingRank, rollingRobustZ } from '../reference/orderstat.js';
import { DDOF_PARAM, MAX_WINDOW, MIN_PERIODS_AUTO, windowLookback, windowParam } from './common.js';
import { orderStatScratchBytes, orderStatStateLen } from './orderstat.js';

/** Carried state of the rolling moments: 8 header slots plus a ring of the window's inputs. */
const momentsState = (p: KernelParams) => 8 + p.window!;
/** Min/max: 4 header slots, the input ring, the deque's values and positions. */
const extremeState = (p: KernelParams) => 4 + 3 * p.window!;
/** Order-statistics kernels: the sorted window in the state, the block's work area in scratch. */
const osState = (p: KernelParams) => orderStatStateLen(p.window!);
const osScratch = (_n: number, p: KernelParams) => orderStatScratchBytes(p.window!);
/** The CoinGlass P2 window: 30 days of 5-minute bars (its --warmup default). */
const CAUSAL_WINDOW = 8640;
/** Causal z-score: 4 header slots, then the rolling mean's and the rolling std's state blocks. */
const zscoreState = (p: KernelParams) => 4 + 2 * (8 + p.window!);
/** Causal z-score scratch: means and stds of one 4096-row pass. */
const ZSCORE_SCRATCH = 2 * 4096 * 8;

export const ROLLING_KERNELS: readonly KernelSpec[] = [
  {
    name: 'rolling_mean',
    summary: 'Rolling mean over a fixed window (pandas roll_mean: Kahan sum, NaNs skipped)',
    group: 'rolling',
    inputs: ['x'],
    params: [windowParam(20), MIN_PERIODS_AUTO],
    outputs: ['mean'],
    stateLen: momentsState,
    lookback: windowLookback,
    reference: ([x], p) => [rollingMean(x!, p.window!, p.min_periods!)],
  },
  {
    name: 'rolling_var',
    summary: 'Rolling variance (pandas roll_var: Welford with compensated mean)',
    group: 'rolling',
    inputs: ['x'],
    params: [windowParam(20), MIN_PERIODS_AUTO, DDOF_PARAM],
    outputs: ['var'],
    stateLen: momentsState,
    lookback: windowLookback,
    reference: ([x], p) => [rollingVar(x!, p.window!, p.min_periods!, p.ddof!)],
  },
  {
    name: 'rolling_std',
    summary: 'Rolling standard deviation, sqrt(max(var, 0)) of rolling_var',
    group: 'rolling',
    inputs: ['x'],
    params: [windowParam(20), MIN_PERIODS_AUTO, DDOF_PARAM],
    outputs: ['std'],
    stateLen: momentsState,
    lookback: windowLookback,
    reference: ([x], p) => [rollingStd(x!, p.window!, p.min_periods!, p.ddof!)],
  },
  {
    name: 'rolling_min',
    summary: 'Rolling minimum (monotone deque, NaNs skipped)',
    group: 'rolling',
    inputs: ['x'],
    params: [windowParam(20), MIN_PERIODS_AUTO],
    outputs: ['min'],
    stateLen: extremeState,
    lookback: windowLookback,
    reference: ([x], p) => [rollingExtreme(x!, p.window!, p.min_periods!, false)],
  },
  {
    name: 'rolling_max',
    summary: 'Rolling maximum (monotone deque, NaNs skipped)',
    group: 'rolling',
    inputs: ['x'],
    params: [windowParam(20), MIN_PERIODS_AUTO],
    outputs: ['max'],
    stateLen: extremeState,
    lookback: windowLookback,
    reference: ([x], p) => [rollingExtreme(x!, p.window!, p.min_periods!, true)],
  },
  {
    name: 'rolling_sum',
    summary: 'Rolling sum over a fixed window (pandas roll_sum: Kahan sum, NaNs skipped)',
    group: 'rolling',
    inputs: ['x'],
    params: [windowParam(20), MIN_PERIODS_AUTO],
    outputs: ['sum'],
    stateLen: momentsState,
    lookback: windowLookback,
    reference: ([x], p) => [rollingSum(x!, p.window!, p.min_periods!)],
  },
  {
    name: 'rolling_quantile',
    summary: "Rolling quantile, pandas rolling(window).quantile(q, interpolation='linear'); O(log w) per row",
    group: 'rolling',
    inputs: ['x'],
    params: [
      windowParam(20),
      { name: 'q', default: 0.5, min: 0, max: 1, integer: false, doc: 'quantile level in [0, 1] (0.5 = median)' },
      MIN_PERIODS_AUTO,
    ],
    outputs: ['quantile'],
    stateLen: osState,
    scratchBytes: osScratch,
    lookback: windowLookback,
    benchParams: { window: 1440 },
    reference: ([x], p) => [rollingQuantile(x!, p.window!, p.q!, p.min_periods!)],
  },
  {
    name: 'rolling_rank',
    summary: 'Rank of x_t in its window, pandas rolling(window).rank(method, pct); pct=1 gives the percentile rank',
    group: 'rolling',
    inputs: ['x'],
    params: [
      windowParam(20),
      MIN_PERIODS_AUTO,
      { name: 'method', default: 0, min: 0, max: 2, integer: true, doc: 'ties: 0 average (pandas default), 1 min, 2 max (2 = share of window values ≤ x_t)' },
      { name: 'pct', default: 1, min: 0, max: 1, integer: true, doc: '1: rank / valid values in the window (percentile rank in (0, 1]); 0: the rank' },
    ],
    outputs: ['rank'],
    stateLen: osState,
    scratchBytes: osScratch,
    lookback: windowLookback,
    reference: ([x], p) => [rollingRank(x!, p.window!, p.min_periods!, p.method!, p.pct === 1)],
  },
  {
    name: 'rolling_robust_z',
    summary: '(x_t − rolling median) / rolling IQR (linear quantiles); NaN when the IQR is 0',
    group: 'rolling',
    inputs: ['x'],
    params: [windowParam(20), MIN_PERIODS_AUTO],
    outputs: ['robust_z'],
    stateLen: osState,
    scratchBytes: osScratch,
    lookback: windowLookback,
    reference: ([x], p) => [rollingRobustZ(x!, p.window!, p.min_periods!)],
  },
  {
    name: 'causal_winsorize',
    summary: 'Clamp x_t to the [lower, upper] linear quantiles of the strictly-past window (CoinGlass P2)',
    group: 'rolling',
    inputs: ['x'],
    params: [
      windowParam(CAUSAL_WINDOW, 'past rows x_{t−window} .. x_{t−1} (8640 = 30 days of 5m bars)'),
      { name: 'lower', default: 0.01, min: 0, max: 1, integer: false, doc: 'lower quantile level' },
      { name: 'upper', default: 0.99, min: 0, max: 1, integer: false, doc: 'upper quantile level (≥ lower)' },
      { name: 'min_periods', default: 1, min: 1, max: MAX_WINDOW, integer: true, doc: 'valid past values needed to clip (fewer: x_t unclipped)' },
    ],
    outputs: ['winsorized'],
    stateLen: osState,
    scratchBytes: osScratch,
    lookback: () => 0,
    checkLength: (_n, p) => (p.lower! > p.upper! ? `parameter lower must be ≤ upper (${p.lower} > ${p.upper})` : undefined),
    reference: ([x], p) => [causalWinsorize(x!, p.window!, p.lower!, p.upper!, p.min_periods!)],
  },
  {
    name: 'causal_zscore',
    summary: 'x_t against the mean / population std of the strictly-past window (std 0 → 2^-52); lag=1 = the original',
    group: 'rolling',
    inputs: ['x'],
    params: [
      windowParam(CAUSAL_WINDOW, 'past rows x_{t−window} .. x_{t−1} (8640 = 30 days of 5m bars)'),
      { name: 'lag', default: 0, min: 0, max: 1, integer: true, doc: 'numerator x_{t−lag}: 0 = x_t (cgq), 1 = x_{t−1} (the original, one bar stale)' },
      { name: 'min_periods', default: 1, min: 1, max: MAX_WINDOW, integer: true, doc: 'valid past values needed for a result' },
    ],
    outputs: ['z'],
    stateLen: zscoreState,
    scratchBytes: () => ZSCORE_SCRATCH,
    lookback: (p) => p.min_periods!,
    reference: ([x], p) => [causalZscore(x!, p.window!, p.lag!, p.min_periods!)],
  },
];
