/**
 * `cgq bench distance`: the Euclidean distance matrices of the clustering inner loops (f64x2 SIMD
 * wasm exports) against their plain-TS reference, in M pair-dims/s (pairs computed × dimensions).
 * Cases: a symmetric pairwise matrix (HDBSCAN / DBSCAN: n = 2000 points, d = 64) and a points ×
 * centroids matrix (KMeans: 50 000 points, 16 centroids, d = 16). Results are cross-checked
 * (bit-identical) before timing; inputs are staged in the arena once, so the wasm case times the
 * kernel alone.
 */
import { SharedArena } from '../src/engine/arena.js';
import { LocalKernels } from '../src/kernels/local.js';
import { crossAt, pairwiseAt } from '../src/kernels/distance.js';
import { crossRef, pairwiseRef } from '../src/kernels/reference/distance.js';
import { makeReport, runCases, writeReport, type BenchCase, type BenchSuite } from './harness.js';

function points(n: number, d: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 4294967296 - 0.5) * 10;
  }
  return x;
}

function assertSame(a: Float64Array, b: Float64Array, what: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`bench distance: ${what} differs from the TS reference at ${i} (${a[i]} vs ${b[i]})`);
  }
}

export const suite: BenchSuite = {
  name: 'distance',
  usesPool: false,
  describe: 'Euclidean distance matrices (wasm f64x2) vs the TS reference (M pair-dims/s)',
  async run({ quick, log, outDir }) {
    const pw = quick ? { n: 200, d: 64 } : { n: 2000, d: 64 };
    const cr = quick ? { n: 2000, k: 16, d: 16 } : { n: 50_000, k: 16, d: 16 };
    const arena = new SharedArena(undefined, (pw.n * pw.n + pw.n * pw.d + cr.n * (cr.k + cr.d) + cr.k * cr.d) * 8 + (1 << 20));
    const local = new LocalKernels(arena);
    const rt = local.runtime;

    const x = points(pw.n, pw.d, 3);
    const xo = arena.putF64(x);
    const po = arena.allocF64(pw.n * pw.n);
    const a = points(cr.n, cr.d, 5);
    const c = points(cr.k, cr.d, 7);
    const ao = arena.putF64(a);
    const co = arena.putF64(c);
    const oo = arena.allocF64(cr.n * cr.k);

    // Cross-check before timing.
    pairwiseAt(rt, xo, pw.n, pw.d, po);
    assertSame(arena.f64(po, pw.n * pw.n), pairwiseRef(x, pw.n, pw.d), 'pairwise');
    crossAt(rt, ao, cr.n, co, cr.k, cr.d, oo, true);
    assertSame(arena.f64(oo, cr.n * cr.k), crossRef(a, cr.n, c, cr.k, cr.d, true), 'cross squared');

    const pairWork = ((pw.n * (pw.n - 1)) / 2) * pw.d / 1e6;
    const crossWork = (cr.n * cr.k * cr.d) / 1e6;
    const unit = 'M pair-dims/s';
    const pwGroup = `pairwise n=${pw.n} d=${pw.d}`;
    const crGroup = `cross ${cr.n}×${cr.k} d=${cr.d} squared`;
    const cases: BenchCase[] = [
      { name: `${pwGroup} wasm`, group: pwGroup, impl: 'cgq', unit, work: pairWork, fn: () => pairwiseAt(rt, xo, pw.n, pw.d, po) },
      { name: `${pwGroup} ts-reference`, group: pwGroup, impl: 'ts-reference', unit, work: pairWork, fn: () => pairwiseRef(x, pw.n, pw.d) },
      { name: `${crGroup} wasm`, group: crGroup, impl: 'cgq', unit, work: crossWork, fn: () => crossAt(rt, ao, cr.n, co, cr.k, cr.d, oo, true) },
      { name: `${crGroup} ts-reference`, group: crGroup, impl: 'ts-reference', unit, work: crossWork, fn: () => crossRef(a, cr.n, c, cr.k, cr.d, true) },
    ];
    const results = await runCases(cases, log);
    const rep = makeReport('distance', results, {
      params: { pairwise: pw, cross: cr },
      goals: { 'ts-reference': 1.0 },
      notes: ['pair-dims = pairs computed × dimensions; the pairwise matrix computes each unordered pair once and mirrors it'],
    });
    if (!quick) writeReport(rep, outDir);
    return rep;
  },
};
