/**
 * Reference vectors of every registry kernel, in one shape (`VectorCase`), from two kinds of
 * source (convention: /work/briefs/vectors-convention.md):
 *  - fixture adapters (`FIXTURE_SOURCES`): cases built from ../shared/fixtures/indicators (values
 *    of the original Python functions, data_pipeline@ff4cbd9, on real BTCUSDT / ETHUSDT bars);
 *  - JSON vector files under test/vectors/*.json, made by the generator scripts in
 *    test/vectors/gen/ with Debian's python3 (numpy 1.24.2, pandas 1.5.3), provenance inside.
 * test/kernels/vectors.test.ts runs every case and fails for any registry kernel no source covers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { getKernel } from '../../src/kernels/registry.js';
import { WINDOW_METRIC_NAMES, windowMetricKey } from '../../src/kernels/window-metrics.js';
import { loadBtc3000, loadEth1T, parseBarsCsv, type Bars } from '../helpers/fixtures.js';
import { readSharedJson, sharedFile, toF64 } from '../helpers/shared.js';
import { ROLLING_FIXTURE_SOURCES } from './rolling-sources.js';

export interface VectorCase {
  kernel: string;
  name: string;
  /** Given to resolveParams (omitted ones take their defaults). */
  params: Record<string, number>;
  /** In the registry's input order. */
  inputs: Float64Array[];
  /** Expected values by output name: the whole series, or one value per `at` position. */
  outputs: Record<string, Float64Array>;
  /** Compare only these positions. */
  at?: readonly number[];
  /** |a-b| ≤ rel·max(|a|,|b|) + abs; NaN positions must match. */
  rel: number;
  abs: number;
  /** Per-output [rel, abs] overrides. */
  tolerance?: Record<string, readonly [number, number]>;
}

export interface VectorSource {
  name: string;
  /** The kernels this source has cases for (read by the coverage test without loading). */
  kernels: readonly string[];
  load(t: TestContext): VectorCase[] | undefined;
}

/**
 * Values derived from logarithms: numpy's vectorised log differs from JS / wasm by 1 ulp on ~20 %
 * of inputs (fixtures README item 6), so these compare with |a-b| ≤ 1e-10·max + 1e-13.
 */
export const LOG_TOL = [1e-10, 1e-13] as const;
/** Whole-window statistics that are not bit-exact by construction (online vs two-pass). */
export const STAT_TOL = [1e-9, 0] as const;

type Json = Record<string, unknown>;
type Series = (number | null)[];
const FX = 'fixtures/indicators/';

const cache = new Map<string, unknown>();
function fixture<T = Json>(t: TestContext, file: string): T | undefined {
  if (cache.has(file)) return cache.get(file) as T;
  const j = readSharedJson<T>(t, FX + file);
  if (j !== undefined) cache.set(file, j);
  return j;
}

function barsInputs(kernel: string, b: Bars): Float64Array[] {
  const byName: Record<string, Float64Array> = { open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, x: b.close };
  return getKernel(kernel).inputs.map((name) => byName[name]!);
}

/** BTC (3,000 gap-free 1-minute bars) and ETH (500 1T bins, 32 of them empty) with their fixture case. */
function bothInputs(t: TestContext): { name: string; bars: Bars; pick: (j: Json) => Json }[] | undefined {
  const btc = loadBtc3000(t);
  const eth = loadEth1T(t);
  if (!btc || !eth) return undefined;
  return [
    { name: 'BTC', bars: btc, pick: (j) => j },
    { name: 'ETH 1T', bars: eth, pick: (j) => (j.extra_cases as Json[])[0]! },
  ];
}

interface Trailing {
  length: number;
  stride: number;
  end_index: number[];
  values: Record<string, Series>;
}

/** Cases of a scalar-helper fixture: `output` is the prefix series; `windows` the trailing 60-row values. */
function helperSource(o: {
  name: string;
  file: string;
  kernel: string;
  params: Record<string, number>;
  prefix: Record<string, string>;
  prefixParams?: (n: number) => Record<string, number>;
  windowsParams?: Record<string, number>;
  input?: (b: Bars, j: Json) => Float64Array[];
  rel?: number;
  abs?: number;
}): VectorSource {
  return {
    name: o.name,
    kernels: [o.kernel],
    load(t) {
      const fx = fixture<Json>(t, o.file);
      const both = bothInputs(t);
      if (!fx || !both) return undefined;
      const cases: VectorCase[] = [];
      for (const { name, bars, pick } of both) {
        const c = pick(fx);
        const inputs = o.input ? o.input(bars, c) : barsInputs(o.kernel, bars);
        const out = c.output as Record<string, Series>;
        const n = inputs[0]!.length;
        cases.push({
          kernel: o.kernel,
          name: `${o.name} ${name} prefix`,
          params: { ...o.params, ...(o.prefixParams?.(n) ?? {}) },
          inputs,
          outputs: Object.fromEntries(Object.entries(o.prefix).map(([k, v]) => [k, toF64(out[v]!)])),
          rel: o.rel ?? 0,
          abs: o.abs ?? 0,
        });
        const w = c.windows as Trailing | undefined;
        if (o.windowsParams && w) {
          cases.push({
            kernel: o.kernel,
            name: `${o.name} ${name} trailing ${w.length}-row windows`,
            params: { ...o.params, ...o.windowsParams },
            inputs,
            outputs: Object.fromEntries(Object.entries(o.prefix).map(([k, v]) => [k, toF64(w.values[v]!)])),
            at: w.end_index,
            rel: o.rel ?? 0,
            abs: o.abs ?? 0,
          });
        }
      }
      return cases;
    },
  };
}

/** Cases from one fixture's `internal_series` (locals of one call on the whole input). */
function internalSource(o: {
  name: string;
  file: string;
  kernel: string;
  params: Record<string, number>;
  outputs: Record<string, string>;
  input?: (b: Bars, s: Record<string, Series>) => Float64Array[];
  rel?: number;
  abs?: number;
}): VectorSource {
  return {
    name: o.name,
    kernels: [o.kernel],
    load(t) {
      const fx = fixture<Json>(t, o.file);
      const both = bothInputs(t);
      if (!fx || !both) return undefined;
      return both.map(({ name, bars, pick }) => {
        const s = pick(fx).internal_series as Record<string, Series>;
        return {
          kernel: o.kernel,
          name: `${o.name} ${name}`,
          params: o.params,
          inputs: o.input ? o.input(bars, s) : barsInputs(o.kernel, bars),
          outputs: Object.fromEntries(Object.entries(o.outputs).map(([k, v]) => [k, toF64(s[v]!)])),
          rel: o.rel ?? 0,
          abs: o.abs ?? 0,
        };
      });
    },
  };
}

// ---------------------------------------------------------------- the fused window metrics

/** Metrics derived from logarithms (compared with LOG_TOL). */
const LOG_METRICS = new Set(['returns_log', 'rv_close', 'parkinson_vol', 'garman_klass', 'yang_zhang']);
const metricTolerance = Object.fromEntries(
  WINDOW_METRIC_NAMES.map((m) => [m, LOG_METRICS.has(m) ? LOG_TOL : STAT_TOL] as const),
) as Record<string, readonly [number, number]>;

/**
 * Trailing-window kernels whose value at a window's last bar is one of the original's 1h metrics:
 * kernel output → metric name (without suffix/tag), and the kernel params.
 */
const PRIMITIVE_METRICS: { kernel: string; params: Record<string, number>; outputs: Record<string, string> }[] = [
  { kernel: 'vwap', params: { window: 60 }, outputs: { vwap: 'vwap', deviation: 'price_deviation_vwap' } },
  { kernel: 'vwap_pos_share', params: { window: 60, legacy: 1 }, outputs: { vwap_pos_share: 'vwap_pos_share' } },
  { kernel: 'range_intensity', params: { window: 60 }, outputs: { range_intensity: 'range_intensity' } },
  { kernel: 'quote_volume', params: { window: 60 }, outputs: { quote_volume: 'quote_volume_sum' } },
  { kernel: 'volume_shares', params: { window: 60, legacy: 1 }, outputs: { up_share: 'up_volume_share', down_share: 'down_volume_share' } },
  { kernel: 'vol_spike', params: { window: 60 }, outputs: { vol_spike_share: 'vol_spike_share' } },
  { kernel: 'rv_close', params: { window: 60 }, outputs: { rv_close: 'rv_close' } },
  { kernel: 'parkinson', params: { window: 60, legacy: 1 }, outputs: { parkinson: 'parkinson_vol' } },
  { kernel: 'garman_klass', params: { window: 60, legacy: 1 }, outputs: { garman_klass: 'garman_klass' } },
  { kernel: 'yang_zhang', params: { window: 60, legacy: 1 }, outputs: { yang_zhang: 'yang_zhang' } },
  { kernel: 'ret_share', params: { window: 60, legacy: 1 }, outputs: { ret_share_pos: 'ret_share_pos' } },
  { kernel: 'run_max', params: { window: 60 }, outputs: { run_up: 'run_up_max', run_dn: 'run_dn_max' } },
  { kernel: 'cci', params: { period: 60 }, outputs: { cci: 'cci' } },
  { kernel: 'roc', params: { period: 59 }, outputs: { roc: 'roc' } },
];

/**
 * The 1h windows of core.compute_window_metrics (rows (T-60min, T]) that are exactly the trailing
 * 60 bins of the regular 1-minute grid: coverage ok and both edge bins present (the original's
 * resample starts at the first and ends at the last present row). BTC: every 5th minute, all of
 * them; ETH: every minute, gaps excluded.
 */
function fullWindows(t: TestContext): { name: string; bars: Bars; ends: number[]; rows: number[]; out: Record<string, Series> }[] | undefined {
  const fx = fixture<Json>(t, 'core.compute_window_metrics.json');
  const both = bothInputs(t);
  if (!fx || !both) return undefined;
  return both.map(({ name, bars, pick }) => {
    const c = pick(fx);
    const out = c.output as Record<string, Series>;
    const ends: number[] = [];
    const rows: number[] = [];
    (c.windows_end_timestamp as string[]).forEach((ts, j) => {
      const e = bars.ts.indexOf(Date.parse(ts));
      if (out.window_ok_1h![j] && e >= 59 && bars.close[e] === bars.close[e] && bars.close[e - 59] === bars.close[e - 59]) {
        ends.push(e);
        rows.push(j);
      }
    });
    return { name, bars, ends, rows, out };
  });
}

const windowMetricsSources: VectorSource[] = [
  {
    name: 'core.compute_window_metrics 1h windows → window_metrics (window 60, stride 1, legacy)',
    kernels: ['window_metrics'],
    load(t) {
      const fw = fullWindows(t);
      if (!fw) return undefined;
      return fw.map(({ name, bars, ends, rows, out }) => ({
        kernel: 'window_metrics',
        name: `compute_window_metrics ${name} (${ends.length} windows)`,
        params: { window: 60, stride: 1, legacy: 1 },
        inputs: barsInputs('window_metrics', bars),
        outputs: Object.fromEntries(WINDOW_METRIC_NAMES.map((m) => [m, Float64Array.from(rows, (j) => out[windowMetricKey(m, '1h')]![j] ?? NaN)])),
        at: ends,
        rel: 0,
        abs: 0,
        tolerance: metricTolerance,
      }));
    },
  },
  {
    name: 'core.compute_metrics_series (1h/4h/12h/24h, resampled) → window_metrics back-to-back windows',
    kernels: ['window_metrics'],
    load(t) {
      const ms = fixture<Json>(t, 'core.compute_metrics_series.json');
      const rs = fixture<Json>(t, 'core._resample_ohlcv.json');
      const btc = loadBtc3000(t);
      if (!ms || !rs || !btc) return undefined;
      const cases: VectorCase[] = [];
      const specs: [string, string | null, number][] = [['1h', null, 60], ['4h', '3T', 80], ['12h', '10T', 72], ['24h', '20T', 72]];
      for (const [suffix, rule, bins] of specs) {
        let bars = btc;
        let stamps = Array.from(btc.ts);
        if (rule) {
          const r = (rs.output as Record<string, Record<string, Series | string[]>>)[rule]!;
          stamps = (r.timestamp as string[]).map((s) => Date.parse(s));
          bars = { ts: Float64Array.from(stamps), open: toF64(r.open as Series), high: toF64(r.high as Series), low: toF64(r.low as Series), close: toF64(r.close as Series), volume: toF64(r.volume as Series) };
        }
        const o = (ms.output as Record<string, Record<string, Series | string[]>>)[suffix]!;
        const starts = (o.window_start as string[]).map((s) => stamps.indexOf(Date.parse(s)));
        // Back-to-back windows from the first one: every window of the series is a fixture row here.
        const first = starts[0]!;
        const sl = (x: Float64Array) => x.slice(first, first + starts.length * bins);
        const b2: Bars = { ts: sl(bars.ts), open: sl(bars.open), high: sl(bars.high), low: sl(bars.low), close: sl(bars.close), volume: sl(bars.volume) };
        starts.forEach((s, j) => {
          if (s !== first + j * bins) throw new Error(`compute_metrics_series ${suffix}: window ${j} is not back-to-back`);
        });
        cases.push({
          kernel: 'window_metrics',
          name: `compute_metrics_series ${suffix} (${starts.length} windows of ${bins} bins)`,
          params: { window: bins, stride: 0, legacy: 1 },
          inputs: barsInputs('window_metrics', b2),
          outputs: Object.fromEntries(WINDOW_METRIC_NAMES.map((m) => [m, toF64(o[windowMetricKey(m, suffix)] as Series)])),
          at: starts.map((_, j) => j * bins + bins - 1),
          rel: 0,
          abs: 0,
          tolerance: metricTolerance,
        });
      }
      return cases;
    },
  },
  {
    name: 'core.compute_symbol_metrics window internals (60/81/73/73 and ETH 60/80 bins) → window_metrics one window',
    kernels: ['window_metrics'],
    load(t) {
      const sm = fixture<Json>(t, 'core.compute_symbol_metrics.json');
      if (!sm) return undefined;
      const cases: VectorCase[] = [];
      for (const c of [sm, ...(sm.extra_cases as Json[])]) {
        const out = c.output as Record<string, number | boolean | null>;
        for (const [suffix, wi] of Object.entries((c.window_internals ?? {}) as Record<string, Json>)) {
          const b = wi.bars as Record<string, Series> | undefined;
          if (!b?.close || out[`window_ok_${suffix}`] !== true) continue;
          const L = b.close.length;
          const bars: Bars = { ts: new Float64Array(L), open: toF64(b.open!), high: toF64(b.high!), low: toF64(b.low!), close: toF64(b.close), volume: toF64(b.volume!) };
          cases.push({
            kernel: 'window_metrics',
            name: `compute_symbol_metrics ${(c.case as string | undefined) ?? 'BTC as-of 2021-05-20'} ${suffix} (${L} bins)`,
            params: { window: L, legacy: 1 },
            inputs: barsInputs('window_metrics', bars),
            outputs: Object.fromEntries(WINDOW_METRIC_NAMES.map((m) => [m, Float64Array.of((out[windowMetricKey(m, suffix)] as number | null) ?? NaN)])),
            at: [L - 1],
            rel: 0,
            abs: 0,
            tolerance: metricTolerance,
          });
        }
      }
      return cases;
    },
  },
];

// ---------------------------------------------------------------- primitives

const LOG_KERNELS = new Set(['rv_close', 'parkinson', 'garman_klass', 'yang_zhang']);

const primitiveSources: VectorSource[] = [
  {
    name: 'core.compute_window_metrics 1h windows → trailing-window primitives (window 60)',
    kernels: PRIMITIVE_METRICS.map((p) => p.kernel),
    load(t) {
      const fw = fullWindows(t);
      if (!fw) return undefined;
      const cases: VectorCase[] = [];
      for (const { name, bars, ends, rows, out } of fw) {
        for (const pm of PRIMITIVE_METRICS) {
          const [rel, abs] = LOG_KERNELS.has(pm.kernel) ? LOG_TOL : STAT_TOL;
          cases.push({
            kernel: pm.kernel,
            name: `${pm.kernel} vs compute_window_metrics ${name}`,
            params: pm.params,
            inputs: barsInputs(pm.kernel, bars),
            outputs: Object.fromEntries(Object.entries(pm.outputs).map(([k, m]) => [k, Float64Array.from(rows, (j) => out[windowMetricKey(m, '1h')]![j] ?? NaN)])),
            at: ends,
            rel,
            abs,
          });
        }
      }
      return cases;
    },
  },
  {
    name: 'core.compute_window_metrics prefix (expanding windows) → vwap, roc, rv_close, parkinson, garman_klass, yang_zhang, macd',
    kernels: ['vwap', 'roc', 'rv_close', 'parkinson', 'garman_klass', 'yang_zhang', 'macd'],
    load(t) {
      const fx = fixture<Json>(t, 'core.compute_window_metrics.json');
      const both = bothInputs(t);
      if (!fx || !both) return undefined;
      const cases: VectorCase[] = [];
      for (const { name, bars, pick } of both) {
        const pre = pick(fx).prefix as Record<string, Series>;
        const n = bars.close.length;
        // A trailing window longer than the series with min_bars 1 is the expanding prefix.
        const expanding = { window: n, min_bars: 1 };
        const add = (kernel: string, params: Record<string, number>, outputs: Record<string, string>, tol: readonly [number, number]) =>
          cases.push({
            kernel,
            name: `${kernel} vs compute_window_metrics prefix ${name}`,
            params,
            inputs: barsInputs(kernel, bars),
            outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, toF64(pre[v]!)])),
            rel: tol[0],
            abs: tol[1],
          });
        add('vwap', expanding, { vwap: 'vwap_x' }, STAT_TOL);
        add('roc', { period: 0 }, { roc: 'roc_x' }, [0, 0]);
        add('rv_close', expanding, { rv_close: 'rv_close_x_mag' }, LOG_TOL);
        add('parkinson', { ...expanding, legacy: 1 }, { parkinson: 'parkinson_vol_x_mag' }, LOG_TOL);
        add('garman_klass', { ...expanding, legacy: 1 }, { garman_klass: 'garman_klass_x_mag' }, LOG_TOL);
        add('yang_zhang', { ...expanding, legacy: 1 }, { yang_zhang: 'yang_zhang_x_mag' }, LOG_TOL);
        add('macd', {}, { macd: 'macd_x', signal: 'macd_signal_x', histogram: 'macd_histogram_x' }, [0, 0]);
      }
      return cases;
    },
  },
  {
    name: 'regime.compute_regime_window_metrics (daily bars, windows 3..90 d) → range_intensity basis 1, parkinson, garman_klass, rv_close, atr, adx',
    kernels: ['range_intensity', 'parkinson', 'garman_klass', 'rv_close', 'atr', 'adx'],
    load(t) {
      const fx = fixture<Json>(t, 'regime.compute_regime_window_metrics.json');
      const p = sharedFile(t, FX + 'btcusdt_1d_2021-04-02_2021-05-20_resample_to_daily.csv');
      if (!fx || !p) return undefined;
      const daily = parseBarsCsv(readFileSync(p, 'utf8'));
      const cases: VectorCase[] = [];
      for (const [d, keys] of Object.entries(fx.output as Record<string, Record<string, Series>>)) {
        const w = Number.parseInt(d, 10);
        // As-of day k uses the last d of daily rows 0..k-1: the trailing window ending at k-1.
        const add = (kernel: string, params: Record<string, number>, output: string, key: string, tol: readonly [number, number]) =>
          cases.push({
            kernel,
            name: `${kernel} vs regime ${key}`,
            params: { window: w, min_bars: 1, ...params },
            inputs: barsInputs(kernel, daily),
            outputs: { [output]: toF64(keys[key]!) },
            rel: tol[0],
            abs: tol[1],
          });
        add('range_intensity', { basis: 1 }, 'range_intensity', `range_intensity_${d}_mag`, STAT_TOL);
        add('parkinson', { legacy: 1 }, 'parkinson', `parkinson_vol_${d}_mag`, LOG_TOL);
        add('garman_klass', { legacy: 1 }, 'garman_klass', `garman_klass_${d}_mag`, LOG_TOL);
        add('rv_close', {}, 'rv_close', `rv_close_${d}_mag`, LOG_TOL);
        // ATR / ADX (14) of the window W itself: the series kernels run on W, last value.
        for (const [kernel, key] of [['atr', `atr_${d}_mag`], ['adx', `adx_${d}_mag`]] as const) {
          const want = toF64(keys[key]!);
          for (let k = 1; k <= want.length; k++) {
            const s0 = Math.max(0, k - w);
            const sl = (x: Float64Array) => x.slice(s0, k);
            const win: Bars = { ts: sl(daily.ts), open: sl(daily.open), high: sl(daily.high), low: sl(daily.low), close: sl(daily.close), volume: sl(daily.volume) };
            cases.push({ kernel, name: `${kernel} vs regime ${key} as-of day ${k}`, params: { period: 14 }, inputs: barsInputs(kernel, win), outputs: { [kernel]: want.subarray(k - 1, k) }, at: [k - s0 - 1], rel: 0, abs: 0 });
          }
        }
      }
      return cases;
    },
  },
];

// ---------------------------------------------------------------- series indicators

const seriesSources: VectorSource[] = [
  helperSource({ name: 'core._ema span 12', file: 'core._ema.json', kernel: 'ema', params: { span: 12 }, prefix: { ema: 'span12.ema' } }),
  helperSource({ name: 'core._ema span 26', file: 'core._ema.json', kernel: 'ema', params: { span: 26 }, prefix: { ema: 'span26.ema' } }),
  helperSource({ name: 'core._ema span 9', file: 'core._ema.json', kernel: 'ema', params: { span: 9 }, prefix: { ema: 'span9.ema' } }),
  helperSource({ name: 'core._rsi', file: 'core._rsi.json', kernel: 'rsi', params: { period: 14, legacy: 1 }, prefix: { rsi: 'rsi' } }),
  helperSource({ name: 'core._atr', file: 'core._atr.json', kernel: 'atr', params: { period: 14 }, prefix: { atr: 'atr' } }),
  helperSource({ name: 'core._adx', file: 'core._adx.json', kernel: 'adx', params: { period: 14 }, prefix: { adx: 'adx' } }),
  helperSource({ name: 'core._stochastic_kd', file: 'core._stochastic_kd.json', kernel: 'stochastic', params: { period: 14, d_period: 3 }, prefix: { k: 'k', d: 'd' } }),
  helperSource({ name: 'core._obv', file: 'core._obv.json', kernel: 'obv', params: {}, prefix: { obv: 'obv' } }),
  helperSource({
    name: 'core._bollinger (whole-window fallback)',
    file: 'core._bollinger.json',
    kernel: 'bollinger',
    params: { period: 20, num_std: 2, fallback: 1 },
    prefix: { upper: 'upper', lower: 'lower', width: 'width' },
    // The fallback is expanding-online here, two-pass in the original: ≤ 5e-16 relative on the bands.
    rel: 1e-9,
    abs: 1e-9,
  }),
  helperSource({
    name: 'core._cci (whole window: expanding prefix and trailing 60 rows)',
    file: 'core._cci.json',
    kernel: 'cci',
    params: {},
    prefix: { cci: 'cci' },
    prefixParams: (n) => ({ period: n, min_bars: 1 }),
    windowsParams: { period: 60 },
  }),
  helperSource({ name: 'core._true_range', file: 'core._true_range.json', kernel: 'true_range', params: {}, prefix: { tr: 'tr' } }),
  internalSource({ name: 'core._adx internals +DI/-DI', file: 'core._adx.json', kernel: 'adx', params: { period: 14 }, outputs: { plus_di: 'plus_di', minus_di: 'minus_di' } }),
  internalSource({ name: 'core._bollinger internals ma → sma', file: 'core._bollinger.json', kernel: 'sma', params: { period: 20 }, outputs: { sma: 'ma' } }),
  internalSource({ name: 'core._bollinger internals ma → bollinger mid without fallback', file: 'core._bollinger.json', kernel: 'bollinger', params: { fallback: 0 }, outputs: { mid: 'ma' } }),
  internalSource({ name: 'core._bollinger internals ma → rolling_mean', file: 'core._bollinger.json', kernel: 'rolling_mean', params: { window: 20 }, outputs: { mean: 'ma' } }),
  internalSource({ name: 'core._bollinger internals sd → rolling_std', file: 'core._bollinger.json', kernel: 'rolling_std', params: { window: 20 }, outputs: { std: 'sd' } }),
  internalSource({ name: 'core._stochastic_kd internals ll → rolling_min', file: 'core._stochastic_kd.json', kernel: 'rolling_min', params: { window: 14 }, outputs: { min: 'll' }, input: (b) => [b.low] }),
  internalSource({ name: 'core._stochastic_kd internals hh → rolling_max', file: 'core._stochastic_kd.json', kernel: 'rolling_max', params: { window: 14 }, outputs: { max: 'hh' }, input: (b) => [b.high] }),
  internalSource({ name: 'core._rsi internals up → roll_up (wilder)', file: 'core._rsi.json', kernel: 'wilder', params: { period: 14 }, outputs: { wilder: 'roll_up' }, input: (_b, s) => [toF64(s.up!)] }),
  internalSource({ name: 'core._rsi internals down → roll_down (wilder)', file: 'core._rsi.json', kernel: 'wilder', params: { period: 14 }, outputs: { wilder: 'roll_down' }, input: (_b, s) => [toF64(s.down!)] }),
  {
    name: 'core.compute_window_metrics whole-input call → log_return, macd line',
    kernels: ['log_return', 'macd'],
    load(t) {
      const fx = fixture<Json>(t, 'core.compute_window_metrics.json');
      const both = bothInputs(t);
      if (!fx || !both) return undefined;
      return both.flatMap(({ name, bars, pick }): VectorCase[] => {
        const s = (pick(fx).whole_input_call as Json).internal_series as Record<string, Series>;
        return [
          { kernel: 'log_return', name: `log_rets ${name}`, params: {}, inputs: [bars.close], outputs: { log_return: toF64(s.log_rets!) }, rel: LOG_TOL[0], abs: LOG_TOL[1] },
          { kernel: 'macd', name: `macd_series ${name}`, params: {}, inputs: [bars.close], outputs: { macd: toF64(s.macd_series!) }, rel: 0, abs: 0 },
        ];
      });
    },
  },
];

export const FIXTURE_SOURCES: readonly VectorSource[] = [...seriesSources, ...primitiveSources, ...windowMetricsSources, ...ROLLING_FIXTURE_SOURCES];

// ---------------------------------------------------------------- JSON vector files

export const VECTORS_DIR = join(PACKAGE_ROOT, 'test', 'vectors');

interface JsonCase {
  kernel: string;
  name: string;
  params?: Record<string, number>;
  inputs: Record<string, Series>;
  outputs: Record<string, Series>;
  at?: number[];
  rel?: number;
  abs?: number;
}

/** One source per test/vectors/*.json file; its kernels are read from the file (small files). */
export function jsonVectorSources(): VectorSource[] {
  let files: string[];
  try {
    files = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const doc = JSON.parse(readFileSync(join(VECTORS_DIR, f), 'utf8')) as { provenance?: Json; cases: JsonCase[] };
    return {
      name: `test/vectors/${f}`,
      kernels: [...new Set(doc.cases.map((c) => c.kernel))],
      load: () =>
        doc.cases.map((c) => {
          const spec = getKernel(c.kernel);
          return {
            kernel: c.kernel,
            name: `${f}: ${c.name}`,
            params: c.params ?? {},
            inputs: spec.inputs.map((name) => {
              const x = c.inputs[name];
              if (!x) throw new Error(`${f}: case '${c.name}' lacks input '${name}' of kernel ${c.kernel}`);
              return toF64(x);
            }),
            outputs: Object.fromEntries(Object.entries(c.outputs).map(([k, v]) => [k, toF64(v)])),
            at: c.at,
            rel: c.rel ?? 1e-9,
            abs: c.abs ?? 0,
          };
        }),
    };
  });
}

export function allVectorSources(): VectorSource[] {
  return [...FIXTURE_SOURCES, ...jsonVectorSources()];
}

