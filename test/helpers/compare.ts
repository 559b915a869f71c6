/** Numeric comparison helpers with exact NaN-position checks and useful failure messages. */
import assert from 'node:assert/strict';

/**
 * Assert same length, identical NaN positions, and |a-b| ≤ rel·max(|a|,|b|) + abs elsewhere.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9, abs = 0, what = 'series'): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      assert.ok(Number.isNaN(a) && Number.isNaN(e), `${what}[${i}]: NaN position differs (got ${a}, want ${e})`);
      continue;
    }
    if (a === e) continue;
    const tol = rel * Math.max(Math.abs(a), Math.abs(e)) + abs;
    assert.ok(Math.abs(a - e) <= tol, `${what}[${i}]: got ${a}, want ${e} (|diff| ${Math.abs(a - e)} > ${tol})`);
  }
}

/** Assert bit-identical arrays (NaN equals NaN). */
export function assertIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>, what = 'series'): void {
  assert.equal(actual.length, expected.length, `${what}: length differs`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: got ${actual[i]}, want ${expected[i]}`);
  }
}

/** Seeded uniform [0,1) generator for test data (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random walk with optional NaN gaps (share `nanShare`). */
export function randomSeries(n: number, seed: number, nanShare = 0): Float64Array {
  const r = seededRandom(seed);
  const x = new Float64Array(n);
  let v = 100;
  for (let i = 0; i < n; i++) {
    v *= Math.exp((r() - 0.5) * 0.01);
    x[i] = nanShare > 0 && r() < nanShare ? NaN : v;
  }
  return x;
}
