/**
 * Indicator-specific properties beyond the reference vectors: the fused window_metrics kernel
 * equals the individual kernels window by window (both variants), its outputs map to the original's
 * key order, trailing-window kernels are NaN (not errors) when the window exceeds the data, and the
 * cgq decisions hold on hand-made inputs (RSI 100 without losses, standard Yang-Zhang on a
 * hand-computed window).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalKernels } from '../../src/kernels/local.js';
import { getKernel, resolveParams } from '../../src/kernels/registry.js';
import { WINDOW_METRIC_NAMES, WINDOW_METRICS, windowMetricKey, windowMetricsFromKernels, type WindowMetricSettings } from '../../src/kernels/window-metrics.js';
import { assertClose } from '../helpers/compare.js';
import { randomBars } from '../helpers/bars.js';
import { readSharedJson } from '../helpers/shared.js';

const local = new LocalKernels();

const LOG_METRICS = new Set(['returns_log', 'rv_close', 'parkinson_vol', 'garman_klass', 'yang_zhang']);

test('window_metrics equals the individual kernels window by window (cgq and legacy)', () => {
  const b = randomBars(400, 11, 0.08);
  const cols = [b.open, b.high, b.low, b.close, b.volume];
  for (const legacy of [0, 1]) {
    for (const [window, stride] of [[60, 0], [33, 17], [14, 40]] as const) {
      const p = resolveParams(getKernel('window_metrics'), { window, stride, legacy });
      const fused = local.run('window_metrics', cols, p);
      const step = stride || window;
      let windows = 0;
      for (let e = window - 1; e < 400; e += step) {
        const s = e - window + 1;
        const slice = (x: Float64Array) => x.slice(s, e + 1);
        const byName: Record<string, Float64Array> = { open: slice(b.open), high: slice(b.high), low: slice(b.low), close: slice(b.close), volume: slice(b.volume) };
        const last = (kernel: string, params: Readonly<Record<string, number>>, source?: string) => {
          const spec = getKernel(kernel);
          let inputs = spec.inputs.map((n) => byName[n] ?? byName.close!);
          if (source) inputs = [byName[source] ?? local.run(source, getKernel(source).inputs.map((n) => byName[n]!))[0]!];
          return local.run(kernel, inputs, params).map((o) => o[window - 1]!);
        };
        const want = windowMetricsFromKernels(last, window, byName.close![window - 1]!, p as unknown as WindowMetricSettings);
        WINDOW_METRIC_NAMES.forEach((m, k) => {
          const [rel, abs] = LOG_METRICS.has(m) ? [1e-10, 1e-13] : [1e-9, 1e-12];
          assertClose([fused[k]![e]!], [want[k]!], rel, abs, `legacy ${legacy} window ${window} ending ${e}: ${m}`);
        });
        windows++;
      }
      assert.ok(windows >= 6, 'enough windows compared');
      // Everywhere else the outputs are NaN.
      for (const out of fused) out.forEach((v, i) => assert.ok((i - (window - 1)) % step === 0 && i >= window - 1 ? true : Number.isNaN(v)));
    }
  }
});

test('window_metrics outputs follow the original key order (normal path, without coverage and validity flags)', (t) => {
  const fx = readSharedJson<{ extra_cases: { key_orders_seen: string[][] }[] }>(t, 'fixtures/indicators/core.compute_window_metrics.json');
  if (!fx) return;
  const normal = fx.extra_cases[0]!.key_orders_seen.find((o) => o[0] === 'window_coverage_1h')!;
  const metrics = normal.filter((k) => !k.startsWith('window_') && !k.startsWith('metrics_valid_'));
  assert.deepEqual(WINDOW_METRIC_NAMES.map((m) => windowMetricKey(m, '1h')), metrics);
  assert.equal(WINDOW_METRICS.length, 45);
  assert.deepEqual(getKernel('window_metrics').outputs, WINDOW_METRIC_NAMES);
});

test('trailing windows longer than the data give NaN, not an error', () => {
  const b = randomBars(50, 5);
  for (const [name, p] of [['cci', { period: 100 }], ['vwap', { window: 80 }], ['yang_zhang', { window: 51 }], ['window_metrics', { window: 60 }]] as const) {
    const spec = getKernel(name);
    const inputs = spec.inputs.map((n) => (b as unknown as Record<string, Float64Array>)[n]!);
    for (const out of local.run(name, inputs, p)) assert.ok(out.every(Number.isNaN), `${name} ${JSON.stringify(p)}`);
  }
});

test('RSI without losses is 100 (legacy: NaN, as the original)', () => {
  const up = Float64Array.from({ length: 30 }, (_, i) => 100 + i);
  const [cgq] = local.run('rsi', [up], { period: 14 });
  const [legacy] = local.run('rsi', [up], { period: 14, legacy: 1 });
  for (let i = 0; i < 30; i++) {
    assert.ok(i < 14 ? Number.isNaN(cgq![i]!) : cgq![i] === 100, `cgq rsi[${i}] = ${cgq![i]}`);
    assert.ok(Number.isNaN(legacy![i]!), `legacy rsi[${i}] = ${legacy![i]}`);
  }
});

test('standard Yang-Zhang on a hand-computed 4-bar window', () => {
  // Periods 2..4 (the first bar only supplies the previous close): N = 3, k = 0.34/(1.34 + 4/2).
  const open = Float64Array.of(100, 101.5, 102.5, 102.2);
  const high = Float64Array.of(102, 104, 105, 104);
  const low = Float64Array.of(99, 100, 101, 100);
  const close = Float64Array.of(101, 103, 102, 103);
  const co = [Math.log(101.5 / 101), Math.log(102.5 / 103), Math.log(102.2 / 102)];
  const oc = [Math.log(103 / 101.5), Math.log(102 / 102.5), Math.log(103 / 102.2)];
  const rs = [1, 2, 3].map((j) => Math.log(high[j]! / close[j]!) * Math.log(high[j]! / open[j]!) + Math.log(low[j]! / close[j]!) * Math.log(low[j]! / open[j]!));
  const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
  const svar = (x: number[]) => x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1);
  const k = 0.34 / (1.34 + 4 / 2);
  const want = Math.sqrt(svar(co) + k * svar(oc) + (1 - k) * mean(rs));
  const [yz] = local.run('yang_zhang', [open, high, low, close], { window: 4 });
  assertClose([yz![3]!], [want], 1e-12, 1e-15, 'standard YZ');
  assert.ok(Number.isNaN(yz![2]!), 'a full window is required by default');
});
