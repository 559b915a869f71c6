/**
 * CEEMDAN's per-stage arithmetic on whole arrays, in PyEMD's operation order. Both schedulers use
 * it (the coordinator in ./ceemdan.ts on the calling thread, the worker team in ./team-op.ts on
 * whichever worker closes a stage), so their outputs are the same bits.
 */
import { CgqError } from '../errors.js';
import type { CeemdanRunStats } from './ceemdan.js';
import type { CeemdanSettings } from './settings.js';

/** acc += one trial's row: Σ row at stage 0 (divided by trials when the stage closes), Σ row/trials later. */
export function commitTrialRow(acc: Float64Array, row: Float64Array, stage: number, trials: number): void {
  const n = acc.length;
  if (stage === 0) for (let j = 0; j < n; j++) acc[j] = acc[j]! + row[j]!;
  else for (let j = 0; j < n; j++) acc[j] = acc[j]! + row[j]! / trials;
}

/**
 * Turn a stage's committed sum into the component `c` (written in place) and the next residue
 * `prev`; sumC += c.
 */
export function closeStageInto(stage: number, trials: number, acc: Float64Array, prev: Float64Array, S: Float64Array, sumC: Float64Array, c: Float64Array): void {
  const n = acc.length;
  if (stage === 0) {
    for (let j = 0; j < n; j++) c[j] = acc[j]! / trials;
    for (let j = 0; j < n; j++) prev[j] = S[j]! - c[j]!;
    sumC.set(c);
  } else {
    for (let j = 0; j < n; j++) c[j] = prev[j]! - acc[j]!;
    for (let j = 0; j < n; j++) sumC[j] = sumC[j]! + c[j]!;
    prev.set(acc);
  }
}

/**
 * The cheap half of PyEMD's end condition before a stage: max_imf reached, or on R = S − Σc
 * (written to R) range(R) < range_thr or sum|R| < total_power_thr. `sumAbsR` is numpy's pairwise
 * sum|R| of the array just written (a kernel on the shared copy of R).
 */
export function residueEnds(s: CeemdanSettings, components: number, S: Float64Array, sumC: Float64Array, R: Float64Array, sumAbsR: () => number): boolean {
  if (s.maxImf > 0 && components >= s.maxImf) return true;
  let mx = -Infinity;
  let mn = Infinity;
  for (let j = 0; j < R.length; j++) {
    const r = S[j]! - sumC[j]!;
    R[j] = r;
    if (r > mx) mx = r;
    if (r < mn) mn = r;
  }
  if (mx - mn < s.rangeThr) return true;
  return sumAbsR() < s.totalPowerThr;
}

/**
 * The output rows: the components then S − Σc, all times the input's scale. The components are
 * scaled in place and become the rows (callers hand over arrays they no longer read), so a length
 * group's outputs are held once at the end of its run, not twice.
 */
export function componentRows(components: Float64Array[], S: Float64Array, sumC: Float64Array, scale: number): Float64Array[] {
  const n = S.length;
  const res = new Float64Array(n);
  for (let j = 0; j < n; j++) res[j] = S[j]! - sumC[j]!;
  const rows = [...components, res];
  for (const r of rows) for (let j = 0; j < n; j++) r[j] = r[j]! * scale;
  return rows;
}

/**
 * CEEMDAN's normalising scale, np.std of the series (callers pass varying series only: a constant
 * one is answered without a run). A std that underflows to 0 or overflows would turn the whole
 * decomposition into NaN or ±Inf, as it does in PyEMD; cgq refuses the series instead.
 */
export function checkedScale(std: number, key: string): number {
  if (std > 0 && Number.isFinite(std)) return std;
  const what = std === 0 ? 'underflows to 0' : `is ${std}`;
  throw new CgqError('INPUT_RANGE', `ceemdan: series ${key}: its standard deviation ${what} in float64, so it cannot be normalised (PyEMD would return NaN); rescale the series`);
}

/** Run statistics of a run that decomposed nothing (every series constant), and the start of every run's. */
export function emptyRunStats(): CeemdanRunStats {
  return { noiseSifts: 0, noiseUnusedSifts: 0, noiseKnots: 0, seriesKnots: 0, noiseMs: 0, seriesMs: 0, tasks: 0, arenaBytes: 0, noiseCache: 'off' };
}
