/** Registry entries of the technical indicators (assembly/indicators). */
import type { KernelSpec } from '../types.js';
import { ema } from '../reference/ewm.js';
import { MAX_WINDOW } from './common.js';

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
];
