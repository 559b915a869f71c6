/** Registry entries of the element-wise transforms (assembly/transforms). */
import type { KernelSpec } from '../types.js';
import { asl, log1pPos } from '../reference/transforms.js';

export const TRANSFORM_KERNELS: readonly KernelSpec[] = [
  {
    name: 'log1p_pos',
    summary: 'ln(1 + max(x, 0)): the baselines\' log1p transform and CoinGlass log1p_pos; non-finite → NaN',
    group: 'transforms',
    inputs: ['x'],
    params: [],
    outputs: ['log1p_pos'],
    lookback: () => 0,
    reference: ([x]) => [log1pPos(x!)],
  },
  {
    name: 'asl',
    summary: 'Signed log sign(x)·ln(1 + |x|) (core._asl); asl(±0) = 0; non-finite → NaN',
    group: 'transforms',
    inputs: ['x'],
    params: [],
    outputs: ['asl'],
    lookback: () => 0,
    reference: ([x]) => [asl(x!)],
  },
];
