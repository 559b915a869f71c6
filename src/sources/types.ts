/**
 * One interface for every source of 1-minute bars (the lake, MySQL, CSV): stream one symbol at a
 * time for (symbols, [start, end), columns). Bars come sorted by timestamp with unique timestamps.
 */

/** Value columns a query may ask for (`ts` always comes). */
export const BAR_COLUMNS = ['open', 'high', 'low', 'close', 'volume', 'trades'] as const;
export type BarColumn = (typeof BAR_COLUMNS)[number];

/** The required columns of a minute bar (trades is optional everywhere). */
export const REQUIRED_BAR_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** One symbol's bars. Absent columns were not requested. */
export interface SymbolBars {
  symbol: string;
  /** Bar open time, epoch milliseconds, UTC; ascending and unique. */
  ts: Float64Array;
  open?: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
  close?: Float64Array;
  volume?: Float64Array;
  /** Trade counts; NaN where the source has no value (null). */
  trades?: Float64Array;
}

/** A complete set of OHLCV columns (e.g. one symbol's bars, or resampled bins). */
export interface OhlcvColumns {
  /** Bar open time, epoch ms (UTC). */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface BarQuery {
  /** Symbols to read (default: all the source has), validated against ^[A-Z0-9._-]+$. */
  symbols?: readonly string[];
  /** Inclusive start, epoch ms (default: the beginning). */
  start?: number;
  /** Exclusive end, epoch ms (default: the end). */
  end?: number;
  /** Value columns to read (default: all). */
  columns?: readonly BarColumn[];
}

export interface BarSource {
  readonly kind: 'lake' | 'mysql' | 'csv';
  /** Human description for messages (never a secret). */
  readonly description: string;
  /** Symbols available, ascending. */
  symbols(): Promise<string[]>;
  /** One SymbolBars per requested symbol that has rows in range, in ascending symbol order. */
  bars(q?: BarQuery): AsyncIterable<SymbolBars>;
  close(): Promise<void>;
}

/** Every SymbolBars `source` yields for `q`, in its order; closes the source either way. */
export async function collectBars(source: BarSource, q?: BarQuery): Promise<SymbolBars[]> {
  const out: SymbolBars[] = [];
  try {
    for await (const b of source.bars(q)) out.push(b);
  } finally {
    await source.close();
  }
  return out;
}
