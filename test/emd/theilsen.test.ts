/**
 * Theil–Sen (src/emd/theilsen.ts) must equal scipy.stats.theilslopes' answer exactly: checked
 * against an O(n²) brute force written the way scipy computes it, on random and adversarial series
 * (ties, flat, exactly linear, slopes equal to the last ulp, NaN gaps, even and odd pair counts),
 * against scipy values, and by an exact streaming count at n = 8,002; plus its O(n) scratch formula
 * at n = 129,600.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { THEILSEN_DEFAULT_SEED, TheilSenScratch, theilSen, theilSenCapacity, theilSenDetrend, theilSenScratchBytes } from '../../src/emd/theilsen.js';
import { theilSenBruteForce } from '../../src/emd/theilsen-reference.js';
import { CgqError } from '../../src/errors.js';
import { seededRandom } from '../helpers/compare.js';

type Gen = (n: number, r: () => number) => Float64Array;

const GENERATORS: Record<string, Gen> = {
  'random walk': (n, r) => {
    let v = 10;
    return Float64Array.from({ length: n }, () => (v += r() - 0.5));
  },
  'trend + noise': (n, r) => Float64Array.from({ length: n }, (_, i) => 0.01 * i + (r() - 0.5)),
  'negative trend, outliers': (n, r) => Float64Array.from({ length: n }, (_, i) => -0.3 * i + (r() < 0.05 ? 1e6 * (r() - 0.5) : r())),
  'integers 0..4 (massive ties)': (n, r) => Float64Array.from({ length: n }, () => Math.floor(r() * 5)),
  flat: (n) => new Float64Array(n).fill(3.25),
  'mostly flat (stablecoin)': (n, r) => Float64Array.from({ length: n }, () => (r() < 0.9 ? 0 : r() < 0.5 ? 1e-4 : -1e-4)),
  'exactly linear': (n) => Float64Array.from({ length: n }, (_, i) => 2 * i + 1),
  'linear to the last ulp': (n) => Float64Array.from({ length: n }, (_, i) => 0.5 + 0.001 * i),
  'steps (exact slope ties off zero)': (n) => Float64Array.from({ length: n }, (_, i) => Math.floor(i / 7) * 0.1),
  'NaN gaps': (n, r) => Float64Array.from({ length: n }, (_, i) => (r() < 0.2 ? NaN : Math.sin(i / 9) + r())),
  'signed zeros and tiny values': (n, r) => Float64Array.from({ length: n }, () => (r() < 0.3 ? -0 : r() < 0.5 ? 0 : (r() - 0.5) * 1e-300)),
};

function assertSameFit(y: Float64Array, what: string, seed?: number): void {
  const got = theilSen(y, seed === undefined ? {} : { seed });
  const want = theilSenBruteForce(y);
  assert.ok(Object.is(got.slope, want.slope), `${what}: slope ${got.slope}, brute force ${want.slope}`);
  assert.ok(Object.is(got.intercept, want.intercept), `${what}: intercept ${got.intercept}, brute force ${want.intercept}`);
  assert.equal(got.points, want.points, `${what}: points`);
}

test('equals the O(n²) brute force on random and adversarial series, n = 0 to 1,500', () => {
  // n = 2, 3 → 1, 3 pairs (odd); n = 4, 5 → 6, 10 (even); n ≥ 100 runs the sampling path (pairs > 4n + 4096).
  const sizes = [0, 1, 2, 3, 4, 5, 6, 17, 100, 101, 250, 777, 1500];
  let seed = 1;
  for (const [name, gen] of Object.entries(GENERATORS)) {
    for (const n of sizes) {
      const y = gen(n, seededRandom(seed++));
      assertSameFit(y, `${name}, n=${n}`);
    }
  }
});

test('scipy.stats.theilslopes values (scipy 1.17.1)', () => {
  const cases: [number[], number, number][] = [
    [[1, 3, 2, 5, 4, 7, 9, 8], 1.1, 0.6499999999999995],
    [[0.5, 0.25, 3.0, -1.0, 2.0, 2.0, 7.5], 0.5833333333333334, 0.25],
    [[10, 10, 10, 9], -0.16666666666666666, 10.25],
  ];
  for (const [y, slope, intercept] of cases) {
    const fit = theilSen(Float64Array.from(y));
    assert.equal(fit.slope, slope, `slope of ${y}`);
    assert.equal(fit.intercept, intercept, `intercept of ${y}`);
  }
});

test('the seed changes the work, never the result', () => {
  const r = seededRandom(5);
  let v = 0;
  const y = Float64Array.from({ length: 3000 }, () => (v += r() - 0.49));
  const ref = theilSen(y);
  for (const seed of [0, 1, 42, THEILSEN_DEFAULT_SEED, 0xffffffff]) {
    const fit = theilSen(y, { seed });
    assert.ok(Object.is(fit.slope, ref.slope) && Object.is(fit.intercept, ref.intercept), `seed ${seed}`);
  }
  assertSameFit(y, 'n=3000', 99);
  assert.throws(() => theilSen(y, { seed: -1 }), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM');
});

test('exact at n = 8,002 by a streaming count (odd pair count: the median is one pair slope)', () => {
  const n = 8002;
  const r = seededRandom(21);
  let v = 100;
  const y = Float64Array.from({ length: n }, (_, i) => (v += (r() - 0.5) * 0.01 + (i % 500 === 0 ? 0.3 : 0)));
  const pairs = (n * (n - 1)) / 2;
  assert.equal(pairs % 2, 1);
  const k = (pairs - 1) / 2;
  const t = theilSen(y).slope;
  let less = 0;
  let lessEq = 0;
  let hit = false;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = (y[j]! - y[i]!) / (j - i);
      if (s < t) less++;
      if (s <= t) lessEq++;
      if (s === t) hit = true;
    }
  }
  assert.ok(hit, 'the slope is one of the pairwise slopes');
  assert.ok(less <= k && k < lessEq, `order statistic ${k}: ${less} slopes below, ${lessEq} at or below ${t}`);
});

test('NaN is missing (dropped with its index); ±Inf and huge values are typed errors', () => {
  const y = Float64Array.of(1, NaN, 3, NaN, NaN, 6, 8);
  const fit = theilSen(y);
  assert.equal(fit.points, 4);
  assertSameFit(y, 'NaN gaps');
  // The 4 points at their own x, (0,1) (2,3) (5,6) (6,8): slopes 1, 1, 1, 7/6, 5/4, 2.
  assert.equal(fit.slope, (1 + 7 / 6) / 2);
  const { detrended } = theilSenDetrend(y);
  assert.ok(Number.isNaN(detrended[1]!) && Number.isNaN(detrended[3]!));
  assert.equal(detrended[0], 1 - fit.intercept);
  for (const bad of [Infinity, -Infinity, 2 ** 1001]) {
    assert.throws(() => theilSen(Float64Array.of(1, bad, 2)), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_NONFINITE' && /y\[1\]/.test(e.message));
  }
  const one = theilSen(Float64Array.of(NaN, 5, NaN));
  assert.ok(Number.isNaN(one.slope) && Number.isNaN(one.intercept) && one.points === 1, 'fewer than 2 points: NaN line');
});

test('detrending removes an exact line and keeps the residual of a noisy one', () => {
  const lin = Float64Array.from({ length: 500 }, (_, i) => 3 - 0.25 * i);
  const d = theilSenDetrend(lin);
  assert.equal(d.fit.slope, -0.25);
  assert.equal(d.fit.intercept, 3);
  assert.ok(d.detrended.every((v) => v === 0));
  const r = seededRandom(8);
  const noisy = Float64Array.from({ length: 1000 }, (_, i) => 0.5 * i + (r() - 0.5));
  const dn = theilSenDetrend(noisy);
  for (let i = 0; i < noisy.length; i++) assert.equal(dn.detrended[i], noisy[i]! - (dn.fit.intercept + dn.fit.slope * i));
  assert.ok(Math.abs(dn.fit.slope - 0.5) < 1e-3);
});

test('n = 129,600 runs in O(n) scratch: 68 B per point + 64 B per capacity slot + the histogram', () => {
  const n = 129_600;
  // 4 f64 + 9 i32 per point; candidates and ranks: 2 f64 per slot of CAP = 4n + 4096; histogram 8,193 f64.
  assert.equal(theilSenCapacity(n), 4 * n + 4096);
  assert.equal(theilSenScratchBytes(n), 68 * n + 16 * (4 * n + 4096) + 8 * 8193);
  assert.equal(theilSenScratchBytes(2 * n) - 2 * theilSenScratchBytes(n), -(16 * 4096 + 8 * 8193), 'linear in n');
  const scratch = new TheilSenScratch(n);
  assert.equal(scratch.buffer.byteLength, theilSenScratchBytes(n));
  assert.ok(scratch.buffer.byteLength < 18 * 2 ** 20, 'under 18 MiB where the n × n matrix needs 134 GB');
  const r = seededRandom(77);
  let v = Math.log(30_000);
  const y = Float64Array.from({ length: n }, () => (v += (r() - 0.5) * 0.002));
  const a = theilSen(y, { scratch });
  const b = theilSen(y, { scratch, seed: 7 });
  assert.ok(Number.isFinite(a.slope) && a.points === n);
  assert.ok(Object.is(a.slope, b.slope) && Object.is(a.intercept, b.intercept), 'same line for another seed');
});
