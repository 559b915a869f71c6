/** Registry entries of the bar resampling kernels (assembly/resample). */
import type { KernelSpec } from '../types.js';
import { resampleRunning } from '../reference/resample.js';

/** Output names of resample_ohlcv; `bin` first marks a bin kernel (see src/kernels/resample.ts). */
export const RESAMPLE_OUTPUTS = ['bin', 'open', 'high', 'low', 'close', 'volume', 'count'] as const;

export const RESAMPLE_KERNELS: readonly KernelSpec[] = [
  {
    name: 'resample_ohlcv',
    summary: 'k-minute OHLCV on UTC-aligned bins; row i = running aggregate of its bin up to row i (last row of a bin = the bar)',
    group: 'resample',
    inputs: ['ts', 'open', 'high', 'low', 'close', 'volume'],
    params: [{ name: 'minutes', default: 5, min: 1, max: 527040, integer: true, doc: 'bin length in minutes; bins start at floor(ts / minutes) (epoch-aligned, UTC)' }],
    outputs: RESAMPLE_OUTPUTS,
    stateLen: () => 9,
    lookback: () => 0,
    reference: ([ts, o, h, l, c, v], p) => {
      const r = resampleRunning(ts!, o!, h!, l!, c!, v!, p.minutes!);
      return [r.bin, r.open, r.high, r.low, r.close, r.volume, r.count];
    },
  },
];
