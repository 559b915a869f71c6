/** Parameter specs and helpers shared by the registry's kernel groups. */
import type { KernelParams, ParamSpec } from '../types.js';

export const MAX_WINDOW = 1 << 24;

/** `window`: the rolling-statistics parameter name. */
export function windowParam(def: number, doc = 'window length in bars'): ParamSpec {
  return { name: 'window', default: def, min: 1, max: MAX_WINDOW, integer: true, doc };
}

/** `period`: the indicator lookback parameter name (RSI, ATR, CCI, ADX, Stochastic, ...). */
export function periodParam(def: number, doc = 'lookback period in bars'): ParamSpec {
  return { name: 'period', default: def, min: 1, max: MAX_WINDOW, integer: true, doc };
}

/** `min_periods`: -1 = same as the window (pandas' default). */
export const MIN_PERIODS_AUTO: ParamSpec = {
  name: 'min_periods',
  default: -1,
  min: 0,
  max: MAX_WINDOW,
  integer: true,
  special: [-1],
  doc: 'minimum non-NaN values for a result; -1 = the window',
};

export const DDOF_PARAM: ParamSpec = { name: 'ddof', default: 1, min: 0, max: MAX_WINDOW, integer: true, doc: 'delta degrees of freedom (1 = sample, 0 = population)' };

/** Warm-up of a windowed kernel with min_periods. */
export const windowLookback = (p: KernelParams) => (p.min_periods === -1 ? p.window! : Math.max(p.min_periods!, 1)) - 1;
