/**
 * `cgq bench hilbert`: the numerics under the IMF stage.
 *  - Hilbert: analytic signal (amplitude, unwrapped phase, frequency) at n = 129,600 (mixed radix
 *    2^6·3^4·5^2) and 2^17, in M samples/s, wasm (plan reused, as the engine runs it) vs the
 *    plain-TS reference (FFT plan reused too).
 *  - Theil–Sen: the exact O(n log n) selection at n = 129,600 in its own row, and both it and the
 *    scipy-style O(n²) brute force at a size the brute force can still do (rows of one group).
 *  - numpy RandomState normal draws (the CEEMDAN noise source): wasm vs the TS reference.
 * Every case is cross-checked against its baseline before timing.
 */
import { loadavg } from 'node:os';
import { SharedArena } from '../src/engine/arena.js';
import { LocalKernels } from '../src/kernels/local.js';
import { hilbertFeatures, hilbertScratchBytes, planHilbert } from '../src/emd/hilbert.js';
import { analyticSignalReference } from '../src/emd/hilbert-reference.js';
import { FftReference } from '../src/emd/fft-reference.js';
import { TheilSenScratch, theilSen } from '../src/emd/theilsen.js';
import { theilSenBruteForce } from '../src/emd/theilsen-reference.js';
import { RNG_STATE_BYTES, fillNumpyNormal, seedNumpyRng } from '../src/emd/rng.js';
import { NumpyRandomStateReference } from '../src/emd/rng-reference.js';
import { CgqError } from '../src/errors.js';
import { makeReport, runCases, writeReport, type BenchCase, type BenchSuite } from './harness.js';
import { syntheticBars } from './data.js';

/** A series with several cycles, like an IMF mix: carriers of 60, 720 and 4320 samples. */
function cycles(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 60) + 0.5 * Math.sin((2 * Math.PI * i) / 720 + 1) + 0.25 * Math.cos((2 * Math.PI * i) / 4320));
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new CgqError('INTERNAL', `bench hilbert: cross-check failed: ${what}`);
}

export const suite: BenchSuite = {
  name: 'hilbert',
  usesPool: false,
  describe: 'Hilbert analytic signal (M samples/s), exact Theil–Sen and numpy normal draws vs plain-TS baselines',
  async run({ quick, log, outDir }) {
    const hilbertSizes = quick ? [4096, 4050] : [129_600, 2 ** 17];
    const tsBig = quick ? 4000 : 129_600;
    const tsSmall = quick ? 400 : 3000;
    const draws = quick ? 100_000 : 2_000_000;
    const arena = new SharedArena(undefined, 64 * 2 ** 20);
    const local = new LocalKernels(arena);
    const rt = local.runtime;
    const cases: BenchCase[] = [];

    for (const n of hilbertSizes) {
      const x = cycles(n);
      const scratch = arena.alloc(hilbertScratchBytes(rt, n));
      const xOff = arena.putF64(x);
      const out = arena.allocF64(3 * n);
      planHilbert(rt, n, scratch);
      const offs = { x: xOff, n, amplitude: out, phase: out + 8 * n, frequency: out + 16 * n, scratch };
      const plan = new FftReference(n);
      hilbertFeatures(rt, offs);
      const ref = analyticSignalReference(x, plan);
      const amp = arena.f64(out, n);
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(amp[i]! - ref.amplitude[i]!));
      check(err < 1e-9, `amplitude n=${n} differs from the reference by ${err}`);
      const group = `hilbert n=${n}`;
      cases.push({ name: `${group} wasm`, group, impl: 'cgq', unit: 'M samples/s', work: n / 1e6, fn: () => hilbertFeatures(rt, offs) });
      cases.push({ name: `${group} ts-reference`, group, impl: 'ts-reference', unit: 'M samples/s', work: n / 1e6, fn: () => analyticSignalReference(x, plan) });
    }

    // Theil–Sen on log prices of a synthetic random walk.
    const bars = syntheticBars(tsBig, 11);
    const yBig = bars.close.map(Math.log);
    const ySmall = yBig.slice(0, tsSmall);
    const scratchBig = new TheilSenScratch(tsBig);
    const fast = theilSen(ySmall);
    const brute = theilSenBruteForce(ySmall);
    check(Object.is(fast.slope, brute.slope) && Object.is(fast.intercept, brute.intercept), `theilsen n=${tsSmall} differs from the brute force`);
    cases.push({ name: `theilsen n=${tsBig} exact selection`, group: `theilsen n=${tsBig}`, impl: 'cgq', unit: 'M points/s', work: tsBig / 1e6, fn: () => theilSen(yBig, { scratch: scratchBig }), maxTime: 6 });
    cases.push({ name: `theilsen n=${tsSmall} exact selection`, group: `theilsen n=${tsSmall}`, impl: 'cgq', unit: 'M points/s', work: tsSmall / 1e6, fn: () => theilSen(ySmall) });
    cases.push({ name: `theilsen n=${tsSmall} O(n²) brute force`, group: `theilsen n=${tsSmall}`, impl: 'brute-force', unit: 'M points/s', work: tsSmall / 1e6, fn: () => theilSenBruteForce(ySmall), maxTime: 6 });

    // numpy legacy normal draws.
    const state = arena.alloc(RNG_STATE_BYTES);
    const noise = arena.allocF64(draws);
    seedNumpyRng(rt, state, 1337);
    fillNumpyNormal(rt, state, noise, draws);
    const refDraws = new NumpyRandomStateReference(1337).normal(draws);
    const got = arena.f64(noise, draws);
    for (let i = 0; i < draws; i++) check(Object.is(got[i], refDraws[i]), `normal draw ${i} differs from the reference`);
    cases.push({
      name: 'numpy normal wasm',
      group: 'numpy normal',
      impl: 'cgq',
      unit: 'M draws/s',
      work: draws / 1e6,
      fn: () => {
        seedNumpyRng(rt, state, 1337);
        fillNumpyNormal(rt, state, noise, draws);
      },
    });
    cases.push({ name: 'numpy normal ts-reference', group: 'numpy normal', impl: 'ts-reference', unit: 'M draws/s', work: draws / 1e6, fn: () => new NumpyRandomStateReference(1337).normal(draws) });

    const loadBefore = loadavg()[0]!;
    const results = await runCases(cases, log);
    const rep = makeReport('hilbert', results, {
      params: { hilbertSizes, theilSenSizes: [tsBig, tsSmall], normalDraws: draws },
      extra: {
        'theilsen scratch MiB at the large n': scratchBig.buffer.byteLength / 2 ** 20,
        'load average (1 min) before / after': `${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`,
      },
      notes: [
        `Theil–Sen rows: the exact selection at n = ${tsBig} has no baseline row (the O(n²) brute force would need ${((tsBig * (tsBig - 1)) / 2 * 8 / 2 ** 30).toFixed(0)} GiB of slopes); the same-size comparison is at n = ${tsSmall}.`,
        'Hilbert wasm rows reuse the FFT plan held in scratch, as the IMF stage does; the TS reference reuses its plan too.',
      ],
    });
    if (!quick) writeReport(rep, outDir);
    return rep;
  },
};
