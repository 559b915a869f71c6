/** Registry entries of the rolling and causal statistics (assembly/rolling). */
import type { KernelParams, KernelSpec } from '../types.js';
import { rollingExtreme, rollingMean, rollingStd, rollingVar } from '../reference/rolling.js';
import { DDOF_PARAM, MIN_PERIODS_AUTO, windowLookback, windowParam } from './common.js';

/** Carried state of the rolling moments: 8 header slots plus a ring of the window's inputs. */
const momentsState = (p: KernelParams) => 8 + p.window!;
/** Min/max: 4 header slots, the input ring, the deque's values and positions. */
const extremeState = (p: KernelParams) => 4 + 3 * p.window!;

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
];
