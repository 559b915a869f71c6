/**
 * Fixture adapters for the rolling statistics, transforms and resampling kernels: cases built from
 * ../shared/fixtures/indicators (values of the original functions, data_pipeline@ff4cbd9):
 *  - core._asl → asl;
 *  - core._resample_ohlcv (BTC 3T..2H, ETH-with-gaps 1T..2H) → resample_ohlcv: the last row of each
 *    non-empty bin holds the finished bin (its empty bins are checked in test/kernels/resample.test.ts);
 *  - core._mad's median of the whole volume series → rolling_quantile (q 0.5, window = length).
 * Spread into FIXTURE_SOURCES by ./sources.ts (type-only import back, so no cycle at load time).
 */
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import type { VectorCase, VectorSource } from './sources.js';
import { loadBtc3000, loadEth1T, parseBarsCsv, type Bars } from '../helpers/fixtures.js';
import { readSharedJson, sharedFile, toF64 } from '../helpers/shared.js';

type Series = (number | null | string)[];
const FX = 'fixtures/indicators/';
/** Log-derived values: numpy's log1p differs from wasm's by 1 ulp on some inputs (fixtures README item 6). */
const LOG_TOL = [1e-10, 1e-13] as const;

/** pandas rule ('3T', '1H', ...) → minutes. */
export function ruleMinutes(rule: string): number {
  const m = /^(\d+)([TH])$/.exec(rule);
  if (!m) throw new Error(`unexpected resample rule ${rule}`);
  return Number(m[1]) * (m[2] === 'H' ? 60 : 1);
}

interface BinsFixture {
  timestamp: string[];
  open: Series;
  high: Series;
  low: Series;
  close: Series;
  volume: Series;
}

/** Cases comparing the rows that end each non-empty fixture bin. */
function resampleCases(label: string, bars: Bars, rules: Record<string, BinsFixture>): VectorCase[] {
  const cases: VectorCase[] = [];
  for (const [rule, b] of Object.entries(rules)) {
    const minutes = ruleMinutes(rule);
    const span = minutes * 60_000;
    const lastRow = new Map<number, number>();
    bars.ts.forEach((t, i) => lastRow.set(Math.floor(t / span) * span, i));
    const at: number[] = [];
    const keep: number[] = [];
    b.timestamp.forEach((s, j) => {
      const row = lastRow.get(Date.parse(s));
      if (row !== undefined) {
        at.push(row);
        keep.push(j);
      }
    });
    const pick = (x: Series) => toF64(keep.map((j) => x[j] ?? null));
    cases.push({
      kernel: 'resample_ohlcv',
      name: `core._resample_ohlcv ${label} ${rule} (${keep.length} of ${b.timestamp.length} bins non-empty)`,
      params: { minutes },
      inputs: [bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume],
      outputs: {
        bin: Float64Array.from(keep, (j) => Date.parse(b.timestamp[j]!)),
        open: pick(b.open),
        high: pick(b.high),
        low: pick(b.low),
        close: pick(b.close),
        volume: pick(b.volume),
      },
      at,
      rel: 0,
      abs: 0,
    });
  }
  return cases;
}

export const ROLLING_FIXTURE_SOURCES: readonly VectorSource[] = [
  {
    name: 'core._asl (BTC 1-minute %-changes and edge values) → asl',
    kernels: ['asl'],
    load(t: TestContext) {
      const fx = readSharedJson<{ x: Series; output: { asl: Series } }>(t, FX + 'core._asl.json');
      if (!fx) return undefined;
      return [{ kernel: 'asl', name: 'core._asl', params: {}, inputs: [toF64(fx.x)], outputs: { asl: toF64(fx.output.asl) }, rel: LOG_TOL[0], abs: LOG_TOL[1] }];
    },
  },
  {
    name: 'core._resample_ohlcv (BTC 3T..2H; ETH with gaps 1T..2H) → resample_ohlcv, last row of each bin',
    kernels: ['resample_ohlcv'],
    load(t: TestContext) {
      const fx = readSharedJson<{ output: Record<string, BinsFixture>; extra_cases: { output: Record<string, BinsFixture> }[] }>(t, FX + 'core._resample_ohlcv.json');
      const btc = loadBtc3000(t);
      const ethPath = sharedFile(t, FX + 'ethusdt_1m_2021-05-19T1100Z_500_gaps.csv');
      if (!fx || !btc || !ethPath) return undefined;
      const eth = parseBarsCsv(readFileSync(ethPath, 'utf8'));
      return [...resampleCases('BTC', btc, fx.output), ...resampleCases('ETH gaps', eth, fx.extra_cases[0]!.output)];
    },
  },
  {
    name: "core._mad's whole-series volume median (BTC; ETH 1T with empty bins as 0) → rolling_quantile q 0.5",
    kernels: ['rolling_quantile'],
    load(t: TestContext) {
      type Mad = { internal_scalars: { med: number }; extra_cases: { internal_scalars: { med: number } }[] };
      const fx = readSharedJson<Mad>(t, FX + 'core._mad.json');
      const btc = loadBtc3000(t);
      const eth = loadEth1T(t);
      if (!fx || !btc || !eth) return undefined;
      // np.median averages the two middle values, (a+b)/2; pandas' quantile interpolates a+(b−a)/2.
      const med = (name: string, x: Float64Array, want: number): VectorCase => ({
        kernel: 'rolling_quantile',
        name: `core._mad med ${name}`,
        params: { window: x.length, q: 0.5 },
        inputs: [x],
        outputs: { quantile: Float64Array.of(want) },
        at: [x.length - 1],
        rel: 1e-15,
        abs: 0,
      });
      return [med('BTC volume', btc.volume, fx.internal_scalars.med), med('ETH 1T volume', eth.volume, fx.extra_cases[0]!.internal_scalars.med)];
    },
  },
];
