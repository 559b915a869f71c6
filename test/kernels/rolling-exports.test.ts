/**
 * The non-registry exports of the rolling-statistics area and the transforms' edge values:
 * percentile knots (numpy `percentile`, vectors in test/vectors/exports/percentiles.json), the
 * enrichment's robust z, and the Euclidean distance matrices (f64x2 SIMD) against their TS
 * reference, which mirrors the kernel's summation order so the values are bit-identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalKernels } from '../../src/kernels/local.js';
import { BASELINE_LEVELS, percentileKnots, robustZ } from '../../src/kernels/percentiles.js';
import { crossDistances, pairwiseDistances } from '../../src/kernels/distance.js';
import { crossRef, pairwiseRef } from '../../src/kernels/reference/distance.js';
import { percentileKnotsRef } from '../../src/kernels/reference/percentiles.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { CgqError } from '../../src/errors.js';
import { assertClose, assertIdentical, seededRandom } from '../helpers/compare.js';
import { toF64 } from '../helpers/shared.js';

const local = new LocalKernels();

interface KnotCase {
  name: string;
  x: (number | null | string)[];
  levels: number[];
  knots: (number | null)[];
}

test('percentile knots equal numpy percentile (linear) exactly, NaN/inf skipped', () => {
  const doc = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test', 'vectors', 'exports', 'percentiles.json'), 'utf8')) as { cases: KnotCase[] };
  assert.ok(doc.cases.length >= 5);
  for (const c of doc.cases) {
    const x = toF64(c.x);
    const k = percentileKnots(local, x, c.levels);
    // Exact values; ±0 may differ, as numpy's partition leaves equal -0/+0 in any order.
    assertClose(k.values, toF64(c.knots), 0, 0, c.name);
    assert.equal(k.n, Array.from(x).filter(Number.isFinite).length, `${c.name}: n`);
    assertClose(percentileKnotsRef(x, c.levels.map((l) => l / 100)), toF64(c.knots), 0, 0, `${c.name} (TS reference)`);
  }
  assert.deepEqual(BASELINE_LEVELS, [1, 5, 10, 20, 25, 40, 50, 60, 75, 80, 90, 95, 99]);
  assert.throws(() => percentileKnots(local, new Float64Array(3), [101]), (e: unknown) => e instanceof CgqError && /level 101/.test(e.message));
});

test('robustZ: (value − p50) / (IQR + 1e-9); missing when the IQR is 0 or an input is missing (B13)', () => {
  assert.equal(robustZ(3, 1, 2, 3), 1 / (2 + 1e-9));
  assert.ok(Number.isNaN(robustZ(5, 2, 2, 2)));
  assert.ok(Number.isNaN(robustZ(NaN, 1, 2, 3)));
  assert.ok(Number.isNaN(robustZ(1, 1, NaN, 3)));
  assert.equal(robustZ(2, 1, 2, 3), 0);
});

test('transform edge values: log1p_pos (CoinGlass Appendix B) and asl', () => {
  const l = local.run('log1p_pos', [Float64Array.of(-5, 0, Math.E - 1, NaN, Infinity, -Infinity)])[0]!;
  assertClose(l, Float64Array.of(0, 0, 0.9999999999999999, NaN, NaN, NaN), 1e-15);
  const a = local.run('asl', [Float64Array.of(-0, 0, -1, 1, NaN, -Infinity, 1e300)])[0]!;
  assertIdentical(a.subarray(0, 2), Float64Array.of(0, 0)); // sign(-0) is +0 in numpy
  assertClose(a, Float64Array.of(0, 0, -Math.LN2, Math.LN2, NaN, NaN, 690.7755278982137), 1e-15);
});

function points(n: number, d: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  return Float64Array.from({ length: n * d }, () => (r() - 0.5) * 10);
}

test('pairwise and cross distances equal the TS reference bit for bit (d = 1 .. 65, squared or not)', () => {
  for (const d of [1, 2, 3, 4, 5, 7, 8, 9, 16, 63, 64, 65]) {
    for (const n of [0, 1, 2, 17]) {
      const x = points(n, d, d * 31 + n);
      for (const squared of [false, true]) {
        const got = pairwiseDistances(local, x, n, d, { squared });
        assertIdentical(got, pairwiseRef(x, n, d, squared), `pairwise n=${n} d=${d} squared=${squared}`);
        for (let i = 0; i < n; i++) {
          assert.equal(got[i * n + i], 0);
          for (let j = 0; j < n; j++) assert.equal(got[i * n + j], got[j * n + i]);
        }
      }
      const y = points(5, d, d);
      assertIdentical(crossDistances(local, x, n, y, 5, d), crossRef(x, n, y, 5, d), `cross n=${n} d=${d}`);
      assertIdentical(crossDistances(local, x, n, y, 5, d, { squared: true }), crossRef(x, n, y, 5, d, true), `cross squared n=${n} d=${d}`);
    }
  }
  // And they are Euclidean distances: 3-4-5.
  assertIdentical(pairwiseDistances(local, Float64Array.of(0, 0, 3, 4), 2, 2), Float64Array.of(0, 5, 5, 0));
});

test('distance inputs with a wrong shape are usage errors', () => {
  assert.throws(() => pairwiseDistances(local, new Float64Array(7), 2, 4), (e: unknown) => e instanceof CgqError && e.code === 'USAGE' && /7 values do not make 2 rows of 4/.test(e.message));
  assert.throws(() => crossDistances(local, new Float64Array(4), 2, new Float64Array(4), 2, 0), (e: unknown) => e instanceof CgqError && /dimension must be a positive integer/.test(e.message));
  assert.throws(() => pairwiseDistances(local, new Float64Array(0), 20_000, 0), (e: unknown) => e instanceof CgqError);
});
