/**
 * numpy's legacy RandomState stream (assembly/util/rng.ts, src/emd/rng.ts) against numpy itself:
 * ../shared/fixtures/numpy_randomstate_1337* (numpy 1.24.2: the first 10,000 `normal` and 1,000
 * `random_sample` draws of RandomState(1337), and a 3×5 `normal` matrix), plus draws and log values
 * from numpy 2.4.6 on Debian glibc 2.36, x86-64 with FMA, at the stream positions where a non-FMA
 * log (musl / AssemblyScript `Math.log`) gives a different last bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LocalKernels } from '../../src/kernels/local.js';
import { RNG_STATE_BYTES, fillNumpyNormal, fillNumpyUniform, numpyNormal, numpyUniform, seedNumpyRng } from '../../src/emd/rng.js';
import { NumpyRandomStateReference } from '../../src/emd/rng-reference.js';
import { fmaRN, glibcLogFma } from '../../src/emd/glibc-log.js';
import { CgqError } from '../../src/errors.js';
import { assertIdentical, seededRandom } from '../helpers/compare.js';
import { readSharedJson, sharedFile } from '../helpers/shared.js';

const local = new LocalKernels();

function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function fromBits(h: bigint): number {
  return new Float64Array(new BigUint64Array([h]).buffer)[0]!;
}

test('normal: the first 10,000 draws of RandomState(1337) equal numpy bit for bit', (t) => {
  const p = sharedFile(t, 'fixtures/numpy_randomstate_1337_normal_10000.f64');
  if (!p) return;
  const want = readF64(p);
  assert.equal(want.length, 10_000);
  assertIdentical(numpyNormal(1337, 10_000, local), want, 'wasm normal');
  assertIdentical(new NumpyRandomStateReference(1337).normal(10_000), want, 'TS reference normal');
});

test('random_sample: the first 1,000 draws of RandomState(1337) equal numpy bit for bit', (t) => {
  const p = sharedFile(t, 'fixtures/numpy_randomstate_1337_random_sample_1000.f64');
  if (!p) return;
  const want = readF64(p);
  assert.equal(want.length, 1_000);
  assertIdentical(numpyUniform(1337, 1_000, local), want, 'wasm random_sample');
  assertIdentical(new NumpyRandomStateReference(1337).randomSample(1_000), want, 'TS reference random_sample');
});

test('normal(size=(3, 5)) is the row-major stream (the PyEMD noise-matrix layout)', (t) => {
  const j = readSharedJson<{ normal_matrix_3x5_row_major_check: number[][] }>(t, 'fixtures/numpy_randomstate_1337.json');
  if (!j) return;
  const m = j.normal_matrix_3x5_row_major_check;
  assert.equal(m.length, 3);
  assertIdentical(numpyNormal(1337, 15, local), Float64Array.from(m.flat()), '3x5 matrix');
});

test('draws past the fixture where only an FMA-exact log is right (numpy 2.4.6, glibc 2.36 x86-64 FMA)', () => {
  // A musl/no-FMA log gives 0.15256097273691746, -0.038336414465002695, -0.5503732304333574, ...
  const want: [number, number][] = [
    [90610, 0.15256097273691743],
    [90611, -0.03833641446500269],
    [125919, -0.5503732304333573],
    [147135, -0.5954479376241614],
    [158978, 0.16035776767265805],
  ];
  const wasm = numpyNormal(1337, 160_000, local);
  const ref = new NumpyRandomStateReference(1337).normal(160_000);
  for (const [i, v] of want) {
    assert.ok(Object.is(wasm[i], v), `wasm draw ${i}: got ${wasm[i]}, numpy ${v}`);
    assert.ok(Object.is(ref[i], v), `reference draw ${i}: got ${ref[i]}, numpy ${v}`);
  }
  assertIdentical(wasm, ref, 'wasm vs reference, 160,000 draws');
});

test('glibc FMA log: equals glibc where musl differs; wasm equals the TS twin everywhere', () => {
  // (x, glibc 2.36 __log_fma(x)) for r² values of RandomState(1337) where musl's log is one ulp off.
  const cases: [bigint, bigint][] = [
    [0x3fe47646e4e3a578n, 0xbfdc9e5bda668537n],
    [0x3fe58112c87d565en, 0xbfd9707161f0c1e6n],
    [0x3fef9b4553c9dd95n, 0xbf8956a15ee9c289n], // near-1 branch
    [0x3fec8424b4b10ff4n, 0xbfbd81f2597b601dn],
    [0x3fe7cf451fcc2d30n, 0xbfd2ebd906f86bd3n],
    [0x3fe9a472cb142536n, 0xbfcc59c54b2b1236n],
    [0x3fec7c57a691345an, 0xbfbdc80436f03c0bn],
    [0x3fedcc0cfd457c6cn, 0xbfb2426728a7d5bdn],
    [0x3fe7036b446bf675n, 0xbfd5192b356fb119n],
  ];
  const wasmLog = local.runtime.export<(x: number) => number>('rng_log');
  for (const [xb, yb] of cases) {
    const x = fromBits(xb);
    assert.ok(Object.is(wasmLog(x), fromBits(yb)), `wasm log(${x})`);
    assert.ok(Object.is(glibcLogFma(x), fromBits(yb)), `TS log(${x})`);
  }
  const specials = [0, -0, -1, Infinity, -Infinity, NaN, 1, 2, 0.5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308];
  for (const x of specials) assert.ok(Object.is(wasmLog(x), glibcLogFma(x)), `special log(${x})`);
  assert.equal(glibcLogFma(0), -Infinity);
  assert.ok(Number.isNaN(glibcLogFma(-1)));
  assert.equal(glibcLogFma(1), 0);
  const r = seededRandom(11);
  for (let i = 0; i < 60_000; i++) {
    const x = i % 3 === 0 ? Math.exp((r() - 0.5) * 1400) : i % 3 === 1 ? 1 + (r() - 0.5) * 0.14 : r();
    const a = wasmLog(x);
    const b = glibcLogFma(x);
    assert.ok(Object.is(a, b), `log(${x}): wasm ${a}, TS ${b}`);
    assert.ok(Math.abs(a - Math.log(x)) <= 2.3e-16 * Math.abs(a), `log(${x}) = ${a} is not within an ulp of ${Math.log(x)}`);
  }
});

/** fma by exact BigInt arithmetic, rounded once (Number(bigint) rounds to nearest even). */
function exactFma(a: number, b: number, c: number): number {
  const parts = (x: number): [bigint, number] => {
    if (x === 0) return [0n, 0];
    let e = Math.floor(Math.log2(Math.abs(x))) - 52;
    let m = x / 2 ** e;
    while (!Number.isInteger(m)) {
      e -= 1;
      m = x / 2 ** e;
    }
    return [BigInt(m), e];
  };
  const [ma, ea] = parts(a);
  const [mb, eb] = parts(b);
  const [mc, ec] = parts(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  const s = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e));
  return Number(s) * 2 ** e;
}

test('the emulated fma is correctly rounded (random and near-tie operands)', () => {
  const r = seededRandom(3);
  const ulp = 2 ** -52;
  for (let i = 0; i < 20_000; i++) {
    let a: number, b: number, c: number;
    if (i % 2 === 0) {
      a = (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
      b = (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
      c = (r() - 0.5) * 2 ** Math.floor(r() * 60 - 30);
    } else {
      // Small-integer significands: products with exact half-ulp tails, cancellations and ties.
      a = 1 + Math.floor(r() * 8) * ulp;
      b = (1 + Math.floor(r() * 8) * ulp) * (r() < 0.5 ? -1 : 1);
      c = -(a * b) + (Math.floor(r() * 9) - 4) * ulp * ulp * (r() < 0.5 ? 1 : 2 ** 50);
    }
    const got = fmaRN(a, b, c);
    const want = exactFma(a, b, c);
    assert.ok(Object.is(got, want) || (got === 0 && want === 0), `fma(${a}, ${b}, ${c}): got ${got}, exact ${want}`);
  }
});

test('chunked fills equal one fill (state and the cached Gaussian carry over)', () => {
  const whole = numpyNormal(2024, 10_000, local);
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const state = arena.alloc(RNG_STATE_BYTES);
    const out = arena.allocF64(10_000);
    for (const chunks of [[7, 9993], [1, 1, 1, 9997], [2, 3, 9995], [4999, 5001], [623, 625, 1247, 7505]]) {
      arena.f64(out, 10_000).fill(NaN);
      seedNumpyRng(local.runtime, state, 2024);
      let at = 0;
      for (const c of chunks) {
        fillNumpyNormal(local.runtime, state, out + at * 8, c);
        at += c;
      }
      assertIdentical(arena.f64(out, 10_000), whole, `chunks ${chunks.join('+')}`);
    }
    // Uniform draws interleaved with normals consume the same word stream as numpy would.
    seedNumpyRng(local.runtime, state, 5);
    fillNumpyNormal(local.runtime, state, out, 3);
    fillNumpyUniform(local.runtime, state, out + 3 * 8, 4);
    fillNumpyNormal(local.runtime, state, out + 7 * 8, 2);
    const ref = new NumpyRandomStateReference(5);
    const want = [...ref.normal(3), ...ref.randomSample(4), ...ref.normal(2)];
    assertIdentical(arena.f64(out, 9), Float64Array.from(want), 'interleaved normal/uniform');
  } finally {
    arena.release(mark);
  }
});

test('TS reference equals wasm for several seeds, including 0 and 2^32 - 1', () => {
  for (const seed of [0, 1, 42, 1337, 0x7fffffff, 0xffffffff]) {
    assertIdentical(numpyNormal(seed, 5_000, local), new NumpyRandomStateReference(seed).normal(5_000), `normal seed ${seed}`);
    assertIdentical(numpyUniform(seed, 2_000, local), new NumpyRandomStateReference(seed).randomSample(2_000), `uniform seed ${seed}`);
  }
  // Known first draws: RandomState(0).random_sample() and RandomState(0).normal() (numpy docs/tests).
  assert.equal(numpyUniform(0, 1, local)[0], 0.5488135039273248);
  assert.equal(numpyNormal(0, 1, local)[0], 1.764052345967664);
});

test('bad seeds, counts and blocks are typed errors', () => {
  for (const seed of [-1, 2 ** 32, 1.5, NaN]) {
    assert.throws(() => numpyNormal(seed, 3, local), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM' && /seed/.test(e.message));
  }
  assert.throws(() => numpyNormal(1, -2, local), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM' && /count/.test(e.message));
  assert.throws(() => seedNumpyRng(local.runtime, 65_540, 1), (e: unknown) => e instanceof CgqError && /aligned/.test(e.message));
  assert.deepEqual([...numpyNormal(1, 0, local)], []);
});
