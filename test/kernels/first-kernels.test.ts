/**
 * Generic checks of every registry kernel (the reference vectors are in vectors.test.ts):
 *  - the wasm kernel equals its plain-TS reference on seeded random bars with NaN gaps, at the
 *    default parameters and at variants built from the registry's parameter specs;
 *  - every stateful kernel gives exactly the batch result when fed in chunks of 1, 2, 3, 7, 100;
 *  - bad parameters are typed errors naming the kernel and the parameter, in TS and in the kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalKernels } from '../../src/kernels/local.js';
import { KERNELS, getKernel, resolveParams } from '../../src/kernels/registry.js';
import type { KernelSpec } from '../../src/kernels/types.js';
import { CgqError } from '../../src/errors.js';
import { assertClose, assertIdentical, randomSeries } from '../helpers/compare.js';
import { randomBars } from '../helpers/bars.js';

const local = new LocalKernels();

/** Kernels whose values come from logarithms: wasm's and V8's Math.log may differ by 1 ulp. */
const LOG_KERNELS = new Set(['log_return', 'rv_close', 'parkinson', 'garman_klass', 'yang_zhang', 'window_metrics']);

/** Registry inputs by name from consistent OHLCV bars (any other input name gets the close). */
function inputsFor(spec: KernelSpec, n: number, seed: number, nanShare: number): Float64Array[] {
  const b = randomBars(n, seed, nanShare) as unknown as Record<string, Float64Array>;
  return spec.inputs.map((name) => b[name] ?? b.close!);
}

/** Parameter variants worth checking, derived from the registry's parameter specs. */
function variants(spec: KernelSpec): Record<string, number>[] {
  const names = new Set(spec.params.map((p) => p.name));
  const out: Record<string, number>[] = [{}];
  if (names.has('window') && spec.name !== 'window_metrics') out.push({ window: 1 }, { window: 7, ...(names.has('min_periods') ? { min_periods: 3 } : {}) }, { window: 3000 });
  if (names.has('period') && !names.has('span')) out.push({ period: 1 }, { period: 5 });
  if (names.has('min_bars')) out.push({ min_bars: 1 });
  if (names.has('legacy')) out.push({ legacy: 1 });
  if (names.has('fallback')) out.push({ fallback: 0 });
  if (names.has('basis')) out.push({ basis: 1 });
  if (spec.name === 'window_metrics') out.push({ window: 25, stride: 1 }, { window: 40, stride: 7, legacy: 1 }, { window: 14, stride: 3, rsi_period: 5, bb_period: 6, stoch_period: 4 });
  if (spec.name === 'roc') out.push({ period: 0 });
  return out;
}

test('every kernel equals its TS reference on seeded random bars with NaN gaps', () => {
  for (const spec of KERNELS) {
    const [rel, abs] = LOG_KERNELS.has(spec.name) ? [1e-10, 1e-13] : [1e-12, 0];
    for (const [seed, nan] of [[1, 0], [2, 0.05], [3, 0.5]] as const) {
      const inputs = inputsFor(spec, 2000, seed, nan);
      for (const given of variants(spec)) {
        const p = resolveParams(spec, given);
        if (spec.checkLength?.(2000, p)) continue;
        const got = local.run(spec.name, inputs, p);
        const want = spec.reference(inputs, p);
        assert.equal(got.length, spec.outputs.length);
        got.forEach((g, i) => assertClose(g, want[i]!, rel, abs, `${spec.name} ${JSON.stringify(given)} seed ${seed} out ${spec.outputs[i]}`));
      }
    }
  }
});

test('stateful kernels: chunked input gives exactly the batch result (chunks 1, 2, 3, 7, 100, all)', () => {
  for (const spec of KERNELS.filter((k) => k.stateLen)) {
    const inputs = inputsFor(spec, 997, 42, 0.03);
    for (const given of variants(spec).slice(0, spec.name === 'window_metrics' ? 4 : 3)) {
      const p = resolveParams(spec, given);
      if (spec.checkLength?.(997, p)) continue;
      const batch = local.run(spec.name, inputs, p);
      for (const chunk of [1, 2, 3, 7, 100, 997]) {
        const got = local.run(spec.name, inputs, p, { chunk });
        got.forEach((g, i) => assertIdentical(g, batch[i]!, `${spec.name} ${JSON.stringify(given)} chunk ${chunk} out ${spec.outputs[i]}`));
      }
    }
  }
});

const isParamError = (re: RegExp) => (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM' && re.test(e.message);

test('bad parameters are typed errors naming the kernel and the parameter', () => {
  const x = randomSeries(50, 1);
  const cases: [string, Record<string, number>, RegExp][] = [
    ['rolling_mean', { window: 0 }, /kernel rolling_mean: parameter window must be in \[1,/],
    ['rolling_std', { window: NaN }, /kernel rolling_std: parameter window is NaN/],
    ['rolling_max', { window: 2.5 }, /kernel rolling_max: parameter window must be an integer/],
    ['rolling_min', { window: 5, min_periods: 9 }, /min_periods must be ≤ window/],
    ['ema', { span: 0.5 }, /kernel ema: parameter span must be in \[1,/],
    ['ema', { bogus: 1 }, /kernel ema: unknown parameter 'bogus'/],
    ['rsi', { period: 0 }, /kernel rsi: parameter period must be in \[1,/],
    ['rsi', { legacy: 2 }, /kernel rsi: parameter legacy must be in \[0, 1\]/],
    ['cci', { period: 10, min_bars: 11 }, /kernel cci: parameter min_bars must be ≤ period/],
    ['vwap', { window: -3 }, /kernel vwap: parameter window must be in \[1,/],
    ['window_metrics', { stride: -1 }, /kernel window_metrics: parameter stride must be in \[1, \d+\] or 0/],
    ['sma', { period: 5, min_periods: 6 }, /kernel sma: parameter min_periods must be ≤ period/],
  ];
  for (const [name, p, re] of cases) {
    const spec = getKernel(name);
    const inputs = spec.inputs.map(() => x);
    assert.throws(() => local.run(name, inputs, p), isParamError(re), `${name} ${JSON.stringify(p)}`);
  }
  assert.throws(() => getKernel('nope'), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_UNKNOWN');
  // Every parameter of every kernel: NaN and (for lengths) 0 are rejected by name.
  for (const spec of KERNELS) {
    const inputs = spec.inputs.map(() => x);
    for (const q of spec.params) {
      assert.throws(() => local.run(spec.name, inputs, { [q.name]: NaN }), isParamError(new RegExp(`^kernel ${spec.name}: parameter ${q.name} is NaN$`)));
      if (q.integer && q.min >= 1 && !q.special?.includes(0)) {
        assert.throws(() => local.run(spec.name, inputs, { [q.name]: 0 }), isParamError(new RegExp(`^kernel ${spec.name}: parameter ${q.name} must be in`)));
      }
    }
  }
});

test('the kernel itself rejects a bad parameter that bypasses the TS validation', () => {
  const arena = local.arena;
  // Every kernel checks each of its parameters in wasm: NaN in slot k names parameter k.
  for (const spec of KERNELS) {
    const p = resolveParams(spec);
    for (let k = 0; k < spec.params.length; k++) {
      const mark = arena.mark();
      try {
        const ins = spec.inputs.map(() => arena.putF64(randomSeries(10, 3)));
        const outs = spec.outputs.map(() => arena.allocF64(10));
        const stateLen = spec.stateLen?.(p) ?? 0;
        const state = stateLen ? arena.allocF64(stateLen) : 0;
        const scratchBytes = spec.scratchBytes?.(10, p) ?? 0;
        const scratch = scratchBytes ? arena.alloc(scratchBytes) : 0;
        const params = spec.params.map((q) => p[q.name]!);
        params[k] = NaN;
        const name = spec.params[k]!.name;
        assert.throws(
          () => local.runtime.invoke({ kernel: spec.name, n: 10, ins, outs, params, state, scratch }),
          isParamError(new RegExp(`^kernel ${spec.name}: parameter ${name} rejected \\(got NaN\\)$`)),
          `${spec.name} ${name}`,
        );
      } finally {
        arena.release(mark);
      }
    }
  }
  const spec = getKernel('rolling_mean');
  const mark = arena.mark();
  try {
    const x = arena.putF64(randomSeries(10, 3));
    const out = arena.allocF64(10);
    const state = arena.allocF64(64);
    assert.throws(
      () => local.runtime.invoke({ kernel: spec.name, n: 10, ins: [x], outs: [out], params: [-3, -1], state, scratch: 0 }),
      isParamError(/rolling_mean: parameter window rejected \(got -3\)/),
    );
  } finally {
    arena.release(mark);
  }
});
