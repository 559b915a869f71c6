/** Encoding one symbol-day of validated bars as a lake day file (pure: bytes in memory, no I/O). */
import type { SymbolBars } from '../../sources/types.js';
import { encodeParquet } from '../parquet.js';
import { LAKE_WRITE_SPEC, lakeTable } from './schema.js';

/** An encoded day, ready to be put in place. */
export interface EncodedDay {
  symbol: string;
  day: string;
  rows: number;
  parquet: Uint8Array;
  minTs: number;
  maxTs: number;
}

/** Encode rows [from, to) of validated bars (one UTC day). Same bars → same bytes. */
export function encodeDay(bars: SymbolBars, day: string, from: number, to: number): EncodedDay {
  return {
    symbol: bars.symbol,
    day,
    rows: to - from,
    parquet: encodeParquet(lakeTable(bars, from, to), LAKE_WRITE_SPEC),
    minTs: bars.ts[from]!,
    maxTs: bars.ts[to - 1]!,
  };
}
