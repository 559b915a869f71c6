/**
 * The kernels' extrema scan (8 points per step, flat runs and zeros handed to the scalar rules)
 * against a line-by-line TS port of PyEMD 1.10.2's EMD._find_extrema_simple (the positions of
 * maxima and minima, and len(indzer)), on random arrays built to hit every path: ties and
 * plateaus at the start, in the middle and at the end, zeros and runs of zeros, sign changes,
 * plain noise, and lengths around the 8-point blocks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emdKernels } from '../../src/emd/kernels.js';
import { inThread } from './emd-helpers.js';

/** np.round(x) for x = k / 2 (half to even). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const r = x - f;
  if (r < 0.5) return f;
  if (r > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** PyEMD 1.10.2 `_find_extrema_simple` (T = indices), ported statement by statement. */
function pyemdSimpleExtrema(S: Float64Array): { maxima: number[]; minima: number[]; zeroCrossings: number } {
  const n = S.length;
  // Zero crossings: indzer = nonzero(S[:-1] * S[1:] < 0), plus the zeros (or the middles of runs of zeros).
  let indzer = 0;
  for (let i = 0; i + 1 < n; i++) if (S[i]! * S[i + 1]! < 0) indzer++;
  const zeros: number[] = [];
  for (let i = 0; i < n; i++) if (S[i] === 0) zeros.push(i);
  if (zeros.length > 0) {
    let adjacent = false;
    for (let k = 1; k < zeros.length; k++) if (zeros[k]! - zeros[k - 1]! === 1) adjacent = true;
    if (adjacent) {
      let runs = 0;
      for (let i = 0; i < n; i++) if (S[i] === 0 && (i === 0 || S[i - 1] !== 0)) runs++;
      indzer += runs;
    } else {
      indzer += zeros.length;
    }
  }
  // Strict extrema: d1 * d2 < 0.
  const d = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i + 1 < n; i++) d[i] = S[i + 1]! - S[i]!;
  const maxima: number[] = [];
  const minima: number[] = [];
  for (let i = 0; i + 1 < d.length; i++) {
    if (d[i]! * d[i + 1]! < 0) {
      if (d[i]! < 0) minima.push(i + 1);
      if (d[i]! > 0) maxima.push(i + 1);
    }
  }
  // Flat runs (d == 0).
  if (d.some((v) => v === 0)) {
    let debs: number[] = [];
    let fins: number[] = [];
    for (let k = 0; k <= d.length; k++) {
      const cur = k < d.length && d[k] === 0 ? 1 : 0;
      const prev = k > 0 && d[k - 1] === 0 ? 1 : 0;
      if (cur - prev === 1) debs.push(k);
      if (cur - prev === -1) fins.push(k);
    }
    if (debs[0] === 1) {
      if (debs.length > 1) {
        debs = debs.slice(1);
        fins = fins.slice(1);
      } else {
        debs = [];
        fins = [];
      }
    }
    if (debs.length > 0 && fins[fins.length - 1] === n - 1) {
      if (debs.length > 1) {
        debs = debs.slice(0, -1);
        fins = fins.slice(0, -1);
      } else {
        debs = [];
        fins = [];
      }
    }
    for (let k = 0; k < debs.length; k++) {
      const before = d.at(debs[k]! - 1)!; // d[-1] is the last slope, as in numpy
      const mid = roundHalfEven((fins[k]! + debs[k]!) / 2);
      if (before > 0) {
        if (d[fins[k]!]! < 0) maxima.push(mid);
      } else if (d[fins[k]!]! > 0) {
        minima.push(mid);
      }
    }
    maxima.sort((a, b) => a - b);
    minima.sort((a, b) => a - b);
  }
  return { maxima, minima, zeroCrossings: indzer };
}

/** Deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

function randomSeries(r: () => number, n: number, kind: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case 0: // plain noise: the vector path almost everywhere
        x[i] = r() - 0.5;
        break;
      case 1: // small integers: ties, plateaus, zeros, runs of zeros
        x[i] = Math.floor(r() * 5) - 2;
        break;
      case 2: // a walk that often stays put: long plateaus between strict extrema
        x[i] = (i > 0 ? x[i - 1]! : 0) + (r() < 0.4 ? 0 : r() < 0.5 ? 1 : -1);
        break;
      default: // noise with rare exact zeros and rare plateaus
        x[i] = r() < 0.03 ? 0 : r() < 0.03 && i > 0 ? x[i - 1]! : Math.sin(i * 0.7) + r() - 0.5;
    }
  }
  // Plateaus at the very start or end now and then (PyEMD's quirky edge rules).
  if (n > 4 && r() < 0.3) x[1] = x[0]!;
  if (n > 4 && r() < 0.3) x[n - 1] = x[n - 2]!;
  return x;
}

test('the extrema scan equals PyEMD\'s _find_extrema_simple on 4,000 random arrays (ties, plateaus, zeros, noise)', () => {
  const { kernels } = inThread();
  const k = emdKernels(kernels.runtime);
  const arena = kernels.arena;
  const r = rng(20261121);
  const maxN = 700;
  const mark = arena.mark();
  try {
    const scratch = arena.alloc(k.scratchBytes(maxN));
    const out = arena.alloc(4 * (maxN + 3));
    for (let t = 0; t < 4000; t++) {
      const n = 1 + Math.floor(r() ** 2 * maxN);
      const x = randomSeries(r, n, t % 4);
      const off = arena.putF64(x);
      const got = k.findExtrema(off, n, out, scratch);
      const want = pyemdSimpleExtrema(x);
      assert.deepEqual(got, want, `case ${t} (kind ${t % 4}, n = ${n}): ${JSON.stringify(Array.from(x))}`);
    }
  } finally {
    arena.release(mark);
  }
});
