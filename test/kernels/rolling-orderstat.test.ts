/**
 * The order-statistics kernels (rolling_quantile, rolling_rank, rolling_robust_z,
 * causal_winsorize) and the causal z-score: against their independent TS references on hard inputs
 * (ties, ±0, ±inf, mostly-NaN, trends, constants) for windows on both sides of the direct/block
 * switch and around block boundaries, chunked = batch, the CoinGlass spec's Appendix B parity
 * values, and typed errors for bad parameters. (pandas vectors: test/vectors/rolling.json.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalKernels } from '../../src/kernels/local.js';
import { getKernel, resolveParams } from '../../src/kernels/registry.js';
import { orderStatScratchBytes, OS_MIN_BLOCK } from '../../src/kernels/specs/orderstat.js';
import { CgqError } from '../../src/errors.js';
import { assertClose, assertIdentical, seededRandom } from '../helpers/compare.js';

const local = new LocalKernels();
const ORDER_STAT = ['rolling_quantile', 'rolling_rank', 'rolling_robust_z', 'causal_winsorize'] as const;

function series(kind: string, n: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  const x = new Float64Array(n);
  let v = 100;
  for (let i = 0; i < n; i++) {
    const u = r();
    v *= Math.exp((r() - 0.5) * 0.01);
    switch (kind) {
      case 'ties':
        x[i] = Math.floor(u * 4) - 1;
        break;
      case 'zeros':
        x[i] = u < 0.3 ? 0 : u < 0.5 ? -0 : u < 0.6 ? NaN : u - 0.8;
        break;
      case 'inf':
        x[i] = u < 0.05 ? Infinity : u < 0.1 ? -Infinity : u < 0.2 ? NaN : (u - 0.5) * 1e6;
        break;
      case 'mostly-nan':
        x[i] = u < 0.9 ? NaN : v;
        break;
      case 'trend':
        x[i] = i + (u < 0.1 ? 0.5 : 0);
        break;
      case 'const':
        x[i] = 3.25;
        break;
      default:
        x[i] = u < 0.05 ? NaN : v;
    }
  }
  return x;
}

/** Parameter sets per kernel besides the window. */
function extras(name: string): Record<string, number>[] {
  switch (name) {
    case 'rolling_quantile':
      return [{ q: 0 }, { q: 1 }, { q: 0.1 }, { q: 0.5 }, { q: 0.999 }];
    case 'rolling_rank':
      return [{ method: 0 }, { method: 1, pct: 0 }, { method: 2 }];
    case 'causal_winsorize':
      return [{ lower: 0, upper: 1 }, { lower: 0.2, upper: 0.7 }, { lower: 0.01, upper: 0.99, min_periods: 5 }];
    default:
      return [{}];
  }
}

test('order-statistics kernels equal their TS references on hard inputs, across the direct/block switch', () => {
  const n = 1500;
  // 32 is the largest direct-mode window, 33 the smallest block-mode one; 700 makes a block of
  // 2800 rows, so the 1500-row input ends mid-block; 2000 > n.
  const windows = [1, 2, 5, 32, 33, 100, 700, 2000];
  for (const kind of ['walk', 'ties', 'zeros', 'inf', 'mostly-nan', 'trend', 'const']) {
    const x = series(kind, n, kind.length * 7);
    for (const name of ORDER_STAT) {
      const spec = getKernel(name);
      for (const window of windows) {
        for (const e of extras(name)) {
          const given = { window, ...e };
          if (name !== 'causal_winsorize' && window >= 5) Object.assign(given, { min_periods: Math.min(3, window) });
          if ('min_periods' in given && (given as { min_periods: number }).min_periods > window) continue;
          const p = resolveParams(spec, given);
          const want = spec.reference([x], p)[0]!;
          const got = local.run(name, [x], p)[0]!;
          // The same definition and arithmetic: identical values (±0 compare equal).
          assertClose(got, want, 0, 0, `${name} ${kind} ${JSON.stringify(given)}`);
        }
      }
    }
  }
});

test('order-statistics kernels: chunked input (1, 2, 3, 7, 100, all) gives exactly the batch result', () => {
  const x = series('walk', 2500, 11);
  x.fill(NaN, 300, 340);
  for (const name of ORDER_STAT) {
    for (const window of [4, 50, 400]) {
      const p = resolveParams(getKernel(name), { window });
      const batch = local.run(name, [x], p)[0]!;
      for (const chunk of [1, 2, 3, 7, 100, x.length]) {
        assertIdentical(local.run(name, [x], p, { chunk })[0]!, batch, `${name} window ${window} chunk ${chunk}`);
      }
    }
  }
  for (const lag of [0, 1]) {
    const p = resolveParams(getKernel('causal_zscore'), { window: 60, lag, min_periods: 2 });
    const batch = local.run('causal_zscore', [x], p)[0]!;
    // 4096-row passes inside one call: a chunk of 5000 spans two.
    for (const chunk of [1, 2, 3, 7, 100, 5000]) {
      assertIdentical(local.run('causal_zscore', [x], p, { chunk })[0]!, batch, `causal_zscore lag ${lag} chunk ${chunk}`);
    }
  }
});

test('the registry declares the scratch the wasm order-statistics engine uses', () => {
  const f = local.runtime.export<(w: number) => number>('orderstat_scratch_bytes');
  for (const w of [1, 2, 31, 32, 33, 63, 64, 65, 100, 1023, 1440, 8640, 100_000]) {
    assert.equal(orderStatScratchBytes(w), f(w), `window ${w}`);
  }
  assert.ok(orderStatScratchBytes(1) >= OS_MIN_BLOCK * 8);
});

test('causal_zscore with lag 1 reproduces the CoinGlass Appendix B values; lag 0 standardises x_t', () => {
  const x = Float64Array.from({ length: 100 }, (_, i) => i);
  const z1 = local.run('causal_zscore', [x], { window: 10, lag: 1 })[0]!;
  assert.ok(Number.isNaN(z1[0]!));
  assert.equal(z1[1], 0);
  assert.equal(z1[2], 1.0);
  assert.equal(z1[3], 1.224744871391589);
  assert.equal(z1[20], 1.5666989036012806);
  // cgq: x_20 = 20 against x_10..x_19 (mean 14.5, population std sqrt(99/12)).
  const z0 = local.run('causal_zscore', [x], { window: 10, lag: 0 })[0]!;
  assertClose([z0[20]!], [5.5 / Math.sqrt(99 / 12)], 1e-12);
  // One past value: std 0 → ε, so the z-score is (1 − 0) / 2^-52.
  assert.equal(z0[1], 1 / 2.220446049250313e-16);
  assert.ok(Number.isNaN(z0[0]!));
});

test('causal_zscore: the P2 ramp parity (W = 100 → 1.7147 with lag 1) and NaN handling', () => {
  const x = Float64Array.from({ length: 400 }, (_, i) => 1000 + 3 * i);
  const z1 = local.run('causal_zscore', [x], { window: 100, lag: 1 })[0]!;
  const n = 100;
  const ramp = (n - 1) / 2 / Math.sqrt((n * n - 1) / 12);
  assert.equal(ramp.toFixed(4), '1.7148');
  for (let t = 101; t < 400; t++) assertClose([z1[t]!], [ramp], 1e-9, 0, `z[${t}]`);
  assert.equal(z1[200]!.toFixed(4), '1.7148');
  x[250] = NaN;
  const z0 = local.run('causal_zscore', [x], { window: 100, lag: 0 })[0]!;
  assert.ok(Number.isNaN(z0[250]!), 'a NaN value has no z-score');
  assert.ok(Number.isFinite(z0[251]!), 'the next row is standardised against the 99 valid past values');
  const z1b = local.run('causal_zscore', [x], { window: 100, lag: 1 })[0]!;
  assert.ok(Number.isNaN(z1b[251]!), 'lag 1: the numerator x_250 is NaN');
});

test('causal_winsorize reproduces the CoinGlass Appendix B values and clamps to the strictly-past window', () => {
  const x = Float64Array.from({ length: 50 }, (_, i) => (100 * i) / 49);
  const y = local.run('causal_winsorize', [x], { window: 10, lower: 0.1, upper: 0.9 })[0]!;
  assert.equal(y[0], 0);
  assert.equal(y[1], 0);
  assert.equal(y[2], 1.836734693877551);
  assert.equal(y[20], 36.93877551020408);
  // A spike is clipped by the past only: the spike itself never widens its own bounds.
  const s = Float64Array.from({ length: 30 }, (_, i) => (i % 2 ? 1 : 2));
  s[20] = 1e9;
  s[21] = NaN;
  const w = local.run('causal_winsorize', [s], { window: 10, lower: 0, upper: 1 })[0]!;
  assert.equal(w[20], 2);
  assert.ok(Number.isNaN(w[21]!));
  assert.equal(w[22], s[22]);
});

test('rolling_rank: the percentile rank and tie methods on a small example', () => {
  const x = Float64Array.of(3, NaN, 1, 3, 2, NaN, 3);
  const max = local.run('rolling_rank', [x], { window: 7, min_periods: 1, method: 2 })[0]!;
  // Share of valid window values ≤ x_t (the CoinGlass percentile over valid values).
  assertIdentical(max, Float64Array.of(1, NaN, 0.5, 1, 0.5, NaN, 1));
  const avg = local.run('rolling_rank', [x], { window: 7, min_periods: 1, method: 0, pct: 0 })[0]!;
  assertIdentical(avg, Float64Array.of(1, NaN, 1, 2.5, 2, NaN, 4));
});

test('bad parameters of the rolling kernels are typed errors naming the kernel and the parameter', () => {
  const x = series('walk', 50, 3);
  const cases: [string, Record<string, number>, RegExp][] = [
    ['rolling_quantile', { window: 0 }, /kernel rolling_quantile: parameter window must be in \[1,/],
    ['rolling_quantile', { q: 1.5 }, /kernel rolling_quantile: parameter q must be in \[0, 1\]/],
    ['rolling_quantile', { q: NaN }, /kernel rolling_quantile: parameter q is NaN/],
    ['rolling_rank', { method: 3 }, /kernel rolling_rank: parameter method must be in \[0, 2\]/],
    ['rolling_rank', { window: 5, min_periods: 6 }, /kernel rolling_rank: parameter min_periods must be ≤ window/],
    ['rolling_sum', { window: -1 }, /kernel rolling_sum: parameter window must be in/],
    ['causal_winsorize', { lower: 0.9, upper: 0.1 }, /kernel causal_winsorize: parameter lower must be ≤ upper/],
    ['causal_zscore', { lag: 2 }, /kernel causal_zscore: parameter lag must be in \[0, 1\]/],
    ['causal_zscore', { window: 10, min_periods: 0 }, /kernel causal_zscore: parameter min_periods must be in \[1,/],
    ['resample_ohlcv', { minutes: 0 }, /kernel resample_ohlcv: parameter minutes must be in \[1,/],
  ];
  for (const [name, p, re] of cases) {
    const inputs = getKernel(name).inputs.map(() => x);
    assert.throws(() => local.run(name, inputs, p), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM' && re.test(e.message), `${name} ${JSON.stringify(p)}`);
  }
});

test('the order-statistics kernels reject bad parameters themselves (bypassing the TS checks)', () => {
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const x = arena.putF64(series('walk', 10, 3));
    const out = arena.allocF64(10);
    const state = arena.allocF64(64);
    const scratch = arena.alloc(orderStatScratchBytes(8));
    const bad: [string, number[], RegExp][] = [
      ['rolling_quantile', [8, 1.5, -1], /rolling_quantile: parameter q rejected \(got 1.5\)/],
      ['rolling_rank', [8, -1, 0, 7], /rolling_rank: parameter pct rejected \(got 7\)/],
      ['causal_winsorize', [8, 0.5, 0.4, 1], /causal_winsorize: parameter upper rejected \(got 0.4\)/],
      ['causal_zscore', [8, 0, 9], /causal_zscore: parameter min_periods rejected \(got 9\)/],
    ];
    for (const [kernel, params, re] of bad) {
      assert.throws(
        () => local.runtime.invoke({ kernel, n: 10, ins: [x], outs: [out], params, state, scratch }),
        (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM' && re.test(e.message),
        kernel,
      );
    }
  } finally {
    arena.release(mark);
  }
});
