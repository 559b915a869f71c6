/** Loading the indicator reference vectors in ../shared/fixtures/indicators (see its README). */
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { sharedFile, toF64 } from './shared.js';
import type { OhlcvColumns } from '../../src/sources/types.js';

export type Bars = OhlcvColumns;

/** Parse a small bars CSV (symbol,timestamp,open,high,low,close,volume). */
export function parseBarsCsv(text: string): Bars {
  const lines = text.trim().split('\n').slice(1);
  const cols = lines.map((l) => l.split(','));
  const num = (k: number) => Float64Array.from(cols, (c) => Number(c[k]));
  return { ts: Float64Array.from(cols, (c) => Date.parse(c[1]!)), open: num(2), high: num(3), low: num(4), close: num(5), volume: num(6) };
}

export const BTC_3000 = 'fixtures/indicators/btcusdt_1m_2021-05-18T0000Z_3000.csv';

export function loadBtc3000(t: TestContext): Bars | undefined {
  const p = sharedFile(t, BTC_3000);
  return p ? parseBarsCsv(readFileSync(p, 'utf8')) : undefined;
}

/** The ETH 500-minute slice after core._resample_ohlcv(rows, '1T'): 32 empty (NaN) bins, volume 0. */
export function loadEth1T(t: TestContext): Bars | undefined {
  const p = sharedFile(t, 'fixtures/indicators/core._resample_ohlcv.json');
  if (!p) return undefined;
  const j = JSON.parse(readFileSync(p, 'utf8')) as { extra_cases: { output: Record<string, Record<string, (number | null | string)[]>> }[] };
  const o = j.extra_cases[0]!.output['1T']!;
  return {
    ts: Float64Array.from(o.timestamp as string[], (s) => Date.parse(s)),
    open: toF64(o.open!),
    high: toF64(o.high!),
    low: toF64(o.low!),
    close: toF64(o.close!),
    volume: toF64(o.volume!),
  };
}

export interface IndicatorFixture {
  output: Record<string, (number | null)[]>;
  internal_series: Record<string, (number | null)[]>;
  extra_cases: { case: string; output: Record<string, (number | null)[]>; internal_series?: Record<string, (number | null)[]> }[];
}

export function loadIndicatorFixture(t: TestContext, name: string): IndicatorFixture | undefined {
  const p = sharedFile(t, `fixtures/indicators/${name}`);
  return p ? (JSON.parse(readFileSync(p, 'utf8')) as IndicatorFixture) : undefined;
}
