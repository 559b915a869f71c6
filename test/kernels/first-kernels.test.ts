/**
 * The first registry kernels (EMA, rolling mean/std/min/max) against the original tool's reference
 * vectors (../shared/fixtures/indicators, values from data_pipeline@ff4cbd9 on real BTCUSDT and
 * ETHUSDT-with-gaps minute bars), against their TS references, and chunked vs batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalKernels } from '../../src/kernels/local.js';
import { KERNELS, getKernel, resolveParams } from '../../src/kernels/registry.js';
import { CgqError } from '../../src/errors.js';
import { assertClose, assertIdentical, randomSeries } from '../helpers/compare.js';
import { loadBtc3000, loadEth1T, loadIndicatorFixture } from '../helpers/fixtures.js';
import { toF64 } from '../helpers/shared.js';

const local = new LocalKernels();

test('ema matches core._ema (BTC, and ETH 1T with NaN bins) bit for bit', (t) => {
  const fx = loadIndicatorFixture(t, 'core._ema.json');
  const btc = loadBtc3000(t);
  const eth = loadEth1T(t);
  if (!fx || !btc || !eth) return;
  for (const span of [12, 26, 9]) {
    assertIdentical(local.run('ema', [btc.close], { span })[0]!, toF64(fx.output[`span${span}.ema`]!), `BTC ema${span}`);
    assertIdentical(local.run('ema', [eth.close], { span })[0]!, toF64(fx.extra_cases[0]!.output[`span${span}.ema`]!), `ETH ema${span}`);
  }
});

test('rolling_mean / rolling_std match _bollinger internals ma, sd (pandas rolling 20, ddof 1)', (t) => {
  const fx = loadIndicatorFixture(t, 'core._bollinger.json');
  const btc = loadBtc3000(t);
  const eth = loadEth1T(t);
  if (!fx || !btc || !eth) return;
  assertIdentical(local.run('rolling_mean', [btc.close], { window: 20 })[0]!, toF64(fx.internal_series.ma!), 'BTC ma');
  assertIdentical(local.run('rolling_std', [btc.close], { window: 20 })[0]!, toF64(fx.internal_series.sd!), 'BTC sd');
  const ethCase = fx.extra_cases[0]!.internal_series!;
  assertIdentical(local.run('rolling_mean', [eth.close], { window: 20 })[0]!, toF64(ethCase.ma!), 'ETH ma');
  assertIdentical(local.run('rolling_std', [eth.close], { window: 20 })[0]!, toF64(ethCase.sd!), 'ETH sd');
});

test('rolling_min / rolling_max match _stochastic_kd internals ll, hh (rolling 14 of low/high)', (t) => {
  const fx = loadIndicatorFixture(t, 'core._stochastic_kd.json');
  const btc = loadBtc3000(t);
  const eth = loadEth1T(t);
  if (!fx || !btc || !eth) return;
  assertIdentical(local.run('rolling_min', [btc.low], { window: 14 })[0]!, toF64(fx.internal_series.ll!), 'BTC ll');
  assertIdentical(local.run('rolling_max', [btc.high], { window: 14 })[0]!, toF64(fx.internal_series.hh!), 'BTC hh');
  const e = fx.extra_cases[0]!.internal_series!;
  assertIdentical(local.run('rolling_min', [eth.low], { window: 14 })[0]!, toF64(e.ll!), 'ETH ll');
  assertIdentical(local.run('rolling_max', [eth.high], { window: 14 })[0]!, toF64(e.hh!), 'ETH hh');
});

test('every kernel equals its TS reference on seeded random data with NaN gaps', () => {
  for (const spec of KERNELS) {
    for (const [seed, nan] of [[1, 0], [2, 0.05], [3, 0.5]] as const) {
      const inputs = spec.inputs.map((_, k) => randomSeries(2000, seed * 10 + k, nan));
      for (const given of [{}, ...(spec.params.some((p) => p.name === 'window') ? [{ window: 1 }, { window: 7, min_periods: 3 }, { window: 3000 }] : [])]) {
        const p = resolveParams(spec, given);
        const got = local.run(spec.name, inputs, p);
        const want = spec.reference(inputs, p);
        got.forEach((g, i) => assertClose(g, want[i]!, 1e-12, 0, `${spec.name} ${JSON.stringify(given)} seed ${seed} out ${spec.outputs[i]}`));
      }
    }
  }
});

test('stateful kernels: chunked input gives exactly the batch result', () => {
  const x = randomSeries(997, 42, 0.03);
  for (const spec of KERNELS.filter((k) => k.stateLen)) {
    const inputs = spec.inputs.map(() => x);
    const batch = local.run(spec.name, inputs, {});
    for (const chunk of [1, 2, 3, 7, 100, x.length]) {
      const got = local.run(spec.name, inputs, {}, { chunk });
      got.forEach((g, i) => assertIdentical(g, batch[i]!, `${spec.name} chunk ${chunk}`));
    }
  }
});

test('bad parameters are typed errors naming the kernel and the parameter', () => {
  const x = randomSeries(50, 1);
  const cases: [string, Record<string, number>, RegExp][] = [
    ['rolling_mean', { window: 0 }, /kernel rolling_mean: parameter window must be in \[1,/],
    ['rolling_std', { window: NaN }, /kernel rolling_std: parameter window is NaN/],
    ['rolling_max', { window: 2.5 }, /kernel rolling_max: parameter window must be an integer/],
    ['rolling_min', { window: 5, min_periods: 9 }, /min_periods must be ≤ window/],
    ['ema', { span: 0.5 }, /kernel ema: parameter span must be in \[1,/],
    ['ema', { bogus: 1 }, /kernel ema: unknown parameter 'bogus'/],
  ];
  for (const [name, p, re] of cases) {
    assert.throws(() => local.run(name, [x], p), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM' && re.test(e.message));
  }
  assert.throws(() => getKernel('nope'), (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_UNKNOWN');
});

test('the kernel itself rejects a bad parameter that bypasses the TS validation', () => {
  const spec = getKernel('rolling_mean');
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const x = arena.putF64(randomSeries(10, 3));
    const out = arena.allocF64(10);
    const state = arena.allocF64(64);
    assert.throws(
      () => local.runtime.invoke({ kernel: spec.name, n: 10, ins: [x], outs: [out], params: [-3, -1], state, scratch: 0 }),
      (e: unknown) => e instanceof CgqError && e.code === 'KERNEL_PARAM' && /rolling_mean: parameter window rejected \(got -3\)/.test(e.message),
    );
  } finally {
    arena.release(mark);
  }
});
