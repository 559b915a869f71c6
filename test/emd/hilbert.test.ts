/**
 * FFT (assembly/emd/fft.ts) against a naive O(n²) DFT and the plain-TS reference, and the Hilbert
 * transform (assembly/emd/hilbert.ts) against scipy.signal.hilbert values, closed forms (Hilbert of
 * cos is sin) and its purpose: recovering the period of pure and amplitude-modulated sinusoids.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalKernels } from '../../src/kernels/local.js';
import { fft, fftForward, fftScratchBytes, planFft } from '../../src/emd/fft.js';
import { FftReference, fftRadices } from '../../src/emd/fft-reference.js';
import { analyticComplex, analyticSignal, dominantPeriod, finiteMedian, hilbertScratchBytes, instantaneousPeriod } from '../../src/emd/hilbert.js';
import { analyticSignalReference } from '../../src/emd/hilbert-reference.js';
import { CgqError } from '../../src/errors.js';
import { assertClose, seededRandom } from '../helpers/compare.js';

const local = new LocalKernels();

function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(a);
      const s = Math.sin(a);
      sr += re[j]! * c - im[j]! * s;
      si += re[j]! * s + im[j]! * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return { re: outRe, im: outIm };
}

/** max |a − b| over max |b| (complex), the usual relative error of a transform. */
function relError(a: { re: Float64Array; im: Float64Array }, b: { re: Float64Array; im: Float64Array }): number {
  let scale = 0;
  let err = 0;
  for (let k = 0; k < b.re.length; k++) {
    scale = Math.max(scale, Math.hypot(b.re[k]!, b.im[k]!));
    err = Math.max(err, Math.hypot(a.re[k]! - b.re[k]!, a.im[k]! - b.im[k]!));
  }
  return scale === 0 ? err : err / scale;
}

function randomComplex(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const r = seededRandom(seed);
  return { re: Float64Array.from({ length: n }, () => r() - 0.5), im: Float64Array.from({ length: n }, () => r() - 0.5) };
}

const DFT_LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 25, 49, 59, 61, 67, 97, 121, 134, 360, 1000, 1009, 1024];

test('FFT equals a naive DFT on many lengths (radix 2/3/4/5, generic primes, Bluestein)', () => {
  // 67, 97, 134 and 1009 have a prime factor > 61: Bluestein. 7, 49, 59, 61, 121: generic radix.
  assert.equal(fftRadices(1009), undefined);
  assert.deepEqual(fftRadices(129_600), [4, 4, 4, 3, 3, 3, 3, 5, 5]);
  for (const n of DFT_LENGTHS) {
    const x = randomComplex(n, n);
    const want = naiveDft(x.re, x.im);
    const got = fft(x.re, x.im, {}, local);
    assert.ok(relError(got, want) < 1e-12, `wasm fft n=${n}: relative error ${relError(got, want)}`);
    const ref = { re: x.re.slice(), im: x.im.slice() };
    new FftReference(n).forward(ref.re, ref.im);
    assert.ok(relError(ref, want) < 1e-12, `TS reference fft n=${n}: relative error ${relError(ref, want)}`);
  }
});

test('inverse(forward(x)) = x, and the inverse is numpy’s (scaled by 1/n)', () => {
  for (const n of [...DFT_LENGTHS, 4096, 10_007, 129_600]) {
    const x = randomComplex(n, 7 * n);
    const X = fft(x.re, x.im, {}, local);
    const back = fft(X.re, X.im, { inverse: true }, local);
    assertClose(back.re, x.re, 0, 1e-13, `re n=${n}`);
    assertClose(back.im, x.im, 0, 1e-13, `im n=${n}`);
  }
  // ifft of a unit impulse at 0 is 1/n everywhere.
  const imp = fft(Float64Array.of(1, 0, 0, 0, 0), new Float64Array(5), { inverse: true }, local);
  assertClose(imp.re, new Float64Array(5).fill(0.2), 1e-15, 0, 'ifft impulse');
});

test('large lengths agree with the TS reference (129,600 mixed radix; 10,007 and 129,607 Bluestein)', () => {
  for (const n of [129_600, 10_007, 129_607, 2 ** 17]) {
    const x = randomComplex(n, n + 1);
    const got = fft(x.re, x.im, {}, local);
    const ref = { re: x.re.slice(), im: x.im.slice() };
    new FftReference(n).forward(ref.re, ref.im);
    assert.ok(relError(got, ref) < 1e-12, `n=${n}: relative error ${relError(got, ref)}`);
  }
});

test('a transform without a plan, and bad lengths, are typed errors', () => {
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const scratch = arena.alloc(fftScratchBytes(local.runtime, 16));
    arena.u8(scratch, 64).fill(0);
    const data = arena.allocF64(32);
    assert.throws(() => fftForward(local.runtime, data, 16, scratch), (e: unknown) => e instanceof CgqError && /no plan/.test(e.message));
    planFft(local.runtime, 16, scratch);
    assert.throws(() => fftForward(local.runtime, data, 8, scratch), (e: unknown) => e instanceof CgqError && /no plan for length 8/.test(e.message));
    fftForward(local.runtime, data, 16, scratch);
  } finally {
    arena.release(mark);
  }
  for (const n of [0, -1, 1.5, 2 ** 24 + 1]) {
    assert.throws(() => fftScratchBytes(local.runtime, n), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM');
  }
  assert.throws(() => analyticSignal(Float64Array.of(1, NaN, 2), local), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_NONFINITE' && /x\[1\]/.test(e.message));
  // Near the overflow bound: the largest accepted magnitude stays finite even for a long prime
  // length (Bluestein); one past it is refused rather than returned as NaN.
  const big = Float64Array.from({ length: 100003 }, (_, i) => 2 ** 960 * (i % 3 === 0 ? 1 : -0.5) * (i % 7 === 0 ? -1 : 1));
  const ok = analyticComplex(big, local);
  assert.ok(ok.re.every(Number.isFinite) && ok.im.every(Number.isFinite), '|x| = 2^960 at n = 100,003: finite');
  big[5] = 2 ** 961;
  assert.throws(() => analyticSignal(big, local), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_RANGE' && /x\[5\]/.test(e.message));
});

test('scratch sizes: 48 B per point plus a 2 KiB header for 129,600; the Hilbert buffer adds 16 B per point', () => {
  // Twiddles (n − 1 entries of 32 B, 64-aligned) + work buffer (16 B per point) + header.
  const n = 129_600;
  const fftBytes = 2048 + Math.ceil((32 * (n - 1)) / 64) * 64 + 16 * n;
  assert.equal(fftScratchBytes(local.runtime, n), fftBytes);
  assert.equal(hilbertScratchBytes(local.runtime, n), 16 * n + fftBytes);
});

test('hilbert matches scipy.signal.hilbert (scipy 1.17.1) on odd and even lengths', () => {
  const odd = analyticComplex(Float64Array.of(1, 2, 3, 4, 5), local);
  assertClose(odd.re, Float64Array.of(1, 2, 3, 4, 5), 1e-14, 1e-14, 'odd re');
  assertClose(odd.im, Float64Array.of(1.7013016167040798, -1.3763819204711736, -0.6498393924658127, -1.3763819204711734, 1.70130161670408), 1e-13, 1e-14, 'odd im');
  const even = analyticComplex(Float64Array.of(1, -2, 0.5, 4, 3, -1), local);
  assertClose(even.im, Float64Array.of(0.5773502691896258, 0.28867513459481275, -3.4641016151377544, -1.443375672974064, 2.886751345948128, 1.1547005383792515), 1e-13, 1e-14, 'even im');
  const s = analyticSignal(Float64Array.of(1, -2, 0.5, 4, 3, -1), local);
  // numpy.unwrap(numpy.angle(z)) from scipy/numpy.
  assertClose(s.phase, Float64Array.of(0.5235987755982989, 2.9982450846844277, 4.8557365492900555, 5.936882832854622, 7.04934795687337, 8.567706012919249), 1e-13, 1e-14, 'even phase');
  assertClose(s.frequency.subarray(0, 5), Float64Array.from({ length: 5 }, (_, i) => (s.phase[i + 1]! - s.phase[i]!) / (2 * Math.PI)), 1e-15, 0, 'frequency = diff(phase)/2π');
  assert.equal(s.frequency[5], s.frequency[4], 'last frequency repeats the last difference');
});

test('wasm Hilbert equals the TS reference (amplitude, phase, frequency), lengths 1 to 129,600', () => {
  const r = seededRandom(99);
  for (const n of [1, 2, 3, 10, 97, 1000, 1009, 4096, 129_600]) {
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 37.3) * (1 + 0.3 * Math.sin(i / 500)) + 0.05 * (r() - 0.5));
    const got = analyticSignal(x, local);
    const want = analyticSignalReference(x);
    assertClose(got.amplitude, want.amplitude, 1e-10, 1e-12, `amplitude n=${n}`);
    assertClose(got.phase, want.phase, 1e-10, 1e-9, `phase n=${n}`);
    assertClose(got.frequency, want.frequency, 1e-8, 1e-10, `frequency n=${n}`);
  }
  const one = analyticSignal(Float64Array.of(-3), local);
  assert.equal(one.amplitude[0], 3);
  assert.ok(Number.isNaN(one.frequency[0]!), 'n = 1 has no frequency');
});

test('hilbert(cos) = sin: exactly for whole periods, in the interior otherwise', () => {
  const n = 4320;
  for (const [period, tol, edge] of [
    [60, 1e-11, 0], // 72 whole periods: the FFT sees a periodic signal
    [61.7, 2e-3, 0.1], // not periodic in the window: end effects decay inward
  ] as const) {
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * i) / period));
    const z = analyticComplex(x, local);
    const from = Math.floor(edge * n);
    for (let i = from; i < n - from; i++) {
      const want = Math.sin((2 * Math.PI * i) / period);
      assert.ok(Math.abs(z.im[i]! - want) <= tol, `period ${period}, i=${i}: ${z.im[i]} vs sin ${want}`);
    }
  }
});

test('the dominant period of pure and amplitude-modulated sinusoids is recovered within 0.5 % (n = 129,600)', () => {
  const n = 129_600;
  for (const period of [60, 720, 4320, 97.3, 1500.5]) {
    const pure = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * i) / period + 0.4));
    // AM: a slower envelope (7.3 carrier periods) at 60 % depth; Bedrosian keeps the phase exact.
    const am = Float64Array.from({ length: n }, (_, i) => (1 + 0.6 * Math.cos((2 * Math.PI * i) / (7.3 * period))) * Math.sin((2 * Math.PI * i) / period));
    for (const [name, x] of [['pure', pure], ['AM', am]] as const) {
      const h = analyticSignal(x, local);
      const p = dominantPeriod(h.frequency);
      assert.ok(Math.abs(p / period - 1) < 0.005, `${name} period ${period}: estimated ${p}`);
      // The phase slope says the same over the interior.
      const a = Math.floor(n / 10);
      const b = n - a;
      const slope = (h.phase[b]! - h.phase[a]!) / (b - a);
      assert.ok(Math.abs((2 * Math.PI) / slope / period - 1) < 0.005, `${name} period ${period}: phase slope gives ${(2 * Math.PI) / slope}`);
      if (name === 'AM') {
        // The amplitude follows the envelope in the interior.
        const i = Math.floor(n / 2);
        const env = 1 + 0.6 * Math.cos((2 * Math.PI * i) / (7.3 * period));
        assert.ok(Math.abs(h.amplitude[i]! - env) < 0.02, `AM ${period}: amplitude ${h.amplitude[i]} vs envelope ${env}`);
      }
    }
  }
});

test('the two-lane atan2 of the phase is within 2 ulps of Math.atan2, with IEEE signs of zero', () => {
  const r = seededRandom(4);
  const ys: number[] = [0, -0, 0, -0, 1, -1, 0, 0, 1e-300, -1e300, 3, -3, 5e-324, 1, Infinity, -Infinity, 2, NaN];
  const xs: number[] = [0, 0, -0, -0, 0, 0, 1, -1, -1e300, 1e-300, 3, 3, 1, -5e-324, 1, Infinity, -Infinity, 1];
  for (let i = 0; i < 100_000; i++) {
    const scale = 10 ** Math.floor(r() * 20 - 10);
    ys.push((r() - 0.5) * scale);
    xs.push((r() - 0.5) * scale * (r() < 0.1 ? 1e-6 : 1));
  }
  const n = ys.length;
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const y = arena.putF64(Float64Array.from(ys));
    const x = arena.putF64(Float64Array.from(xs));
    const out = arena.allocF64(n);
    local.runtime.export<(y: number, x: number, o: number, n: number) => void>('hilbert_atan2')(y, x, out, n);
    const got = arena.f64(out, n);
    for (let i = 0; i < n; i++) {
      const want = Math.atan2(ys[i]!, xs[i]!);
      if (Number.isNaN(want) || want === 0 || !Number.isFinite(ys[i]!) || !Number.isFinite(xs[i]!)) {
        assert.ok(Object.is(got[i], want), `atan2(${ys[i]}, ${xs[i]}): got ${got[i]}, want ${want}`);
      } else {
        assert.ok(Math.abs(got[i]! - want) <= 4.5e-16 * Math.abs(want), `atan2(${ys[i]}, ${xs[i]}): got ${got[i]}, want ${want}`);
      }
    }
  } finally {
    arena.release(mark);
  }
});

test('period helpers: instantaneous period floor, median of finite values, empty slices', () => {
  assertClose(instantaneousPeriod(Float64Array.of(0.1, -0.25, 0)), Float64Array.of(10, 4, (2 * Math.PI) / 1e-9), 1e-15, 0, 'instantaneous period');
  assert.equal(finiteMedian(Float64Array.of(3, NaN, 1, 2, Infinity)), 2);
  assert.equal(finiteMedian(Float64Array.of(4, 1, 3, 2)), 2.5);
  assert.ok(Number.isNaN(finiteMedian(Float64Array.of(NaN))));
  // Selection equals the sorted median on seeded random slices (ties, NaN/±Inf, constants, even and odd counts).
  const sortedMedian = (v: Float64Array, from: number, to: number): number => {
    const a = Array.from(v.subarray(from, to)).filter(Number.isFinite).sort((p, q) => p - q);
    const m = a.length >> 1;
    return a.length === 0 ? NaN : a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
  };
  let seed = 12345;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let t = 0; t < 1500; t++) {
    const n = 1 + Math.floor(rnd() * (t < 1000 ? 40 : 3000));
    const kind = t % 4;
    const v = Float64Array.from({ length: n }, () =>
      kind === 0 ? rnd() : kind === 1 ? Math.floor(rnd() * 5) : kind === 2 ? (rnd() < 0.1 ? NaN : rnd() < 0.1 ? -Infinity : rnd() * 1e6) : 7,
    );
    const from = Math.floor((rnd() * n) / 3);
    const to = n - Math.floor((rnd() * n) / 3);
    assert.ok(Object.is(finiteMedian(v, from, to), sortedMedian(v, from, to)), `case ${t}: n ${n}, [${from}, ${to})`);
  }
  // Period 10 over 12 samples: guard g = round(2.5) = 2 (half to even), slice [2, 10).
  assert.equal(dominantPeriod(new Float64Array(12).fill(0.1)), 10);
  // Period 40 over 20 samples: g = 10, nothing left.
  assert.ok(Number.isNaN(dominantPeriod(new Float64Array(20).fill(0.025))));
});
