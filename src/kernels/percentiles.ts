/**
 * Percentile knots of a whole series (the baselines' p01 … p99, data_pipeline §4.11) and the
 * enrichment's robust z (§4.12). Knots are one set per series, not one value per row, so they are
 * a non-registry wasm export (`percentiles`, assembly/rolling/percentiles.ts) rather than a
 * registry kernel; the per-row robust z over a rolling window is the registry's `rolling_robust_z`.
 *
 * Knots follow numpy `percentile(finite values, levels)` (method 'linear') bit for bit.
 */
import { CgqError } from '../errors.js';
import type { KernelRuntime } from './runtime.js';
import type { LocalKernels } from './local.js';

/** The baseline levels (percent): p01 p05 p10 p20 p25 p40 p50 p60 p75 p80 p90 p95 p99. */
export const BASELINE_LEVELS: readonly number[] = [1, 5, 10, 20, 25, 40, 50, 60, 75, 80, 90, 95, 99];

type PercentilesFn = (x: number, n: number, qs: number, nq: number, out: number, scratch: number) => number;

/** Scratch bytes the export needs for a series of n values. */
export const percentilesScratchBytes = (n: number) => 16 * Math.max(n, 1);

/**
 * The export on raw offsets (for workers that own shared-memory columns): knots of the finite
 * values of x[0..n) at fractions qs[0..nq) into out; returns the count of finite values.
 */
export function percentilesAt(runtime: KernelRuntime, x: number, n: number, qs: number, nq: number, out: number, scratch: number): number {
  return runtime.export<PercentilesFn>('percentiles')(x, n, qs, nq, out, scratch);
}

export interface Knots {
  /** One knot per level; all NaN when the series has no finite value. */
  values: Float64Array;
  /** Count of finite values the knots come from (the baseline's `n`). */
  n: number;
}

/** Knots of the finite values of x at `levels` (percent, each in [0, 100]). */
export function percentileKnots(local: LocalKernels, x: Float64Array, levels: readonly number[] = BASELINE_LEVELS): Knots {
  for (const l of levels) {
    if (!(l >= 0 && l <= 100)) throw new CgqError('USAGE', `percentile level ${l} is outside [0, 100]`);
  }
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const xo = arena.putF64(x);
    // numpy divides the percent levels by 100 before interpolating; so do we.
    const qo = arena.putF64(Float64Array.from(levels, (l) => l / 100));
    const out = arena.allocF64(levels.length);
    const scratch = arena.alloc(percentilesScratchBytes(x.length));
    const n = percentilesAt(local.runtime, xo, x.length, qo, levels.length, out, scratch);
    return { values: arena.f64(out, levels.length).slice(), n };
  } finally {
    arena.release(mark);
  }
}

/**
 * The enrichment's robust z of a value against its baseline knots: (value − p50) / (IQR + eps)
 * with the original's eps = 1e-9, but missing (NaN) when the IQR is 0 — the original divided by
 * 1e-9 there and produced enormous z-scores (DECISIONS B13) — or when any input is not finite.
 */
export function robustZ(value: number, p25: number, p50: number, p75: number, eps = 1e-9): number {
  if (!Number.isFinite(value) || !Number.isFinite(p25) || !Number.isFinite(p50) || !Number.isFinite(p75)) return NaN;
  const iqr = p75 - p25;
  return iqr === 0 ? NaN : (value - p50) / (iqr + eps);
}
