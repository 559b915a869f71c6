/**
 * Partitioners: split work by symbol, or by symbol × UTC day, into keys in canonical order
 * (symbol ascending, then day ascending). Output is assembled in this order, never in completion
 * order, so results do not depend on --n-jobs.
 */
import { CgqError } from '../errors.js';

export const DAY_MS = 86_400_000;

export interface SymbolPartition {
  key: string;
  symbol: string;
}

export interface SymbolDayPartition {
  key: string;
  symbol: string;
  /** UTC day as YYYY-MM-DD. */
  day: string;
  /** The day's [startMs, endMs) clipped to the requested range. */
  startMs: number;
  endMs: number;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function bySymbol(symbols: readonly string[]): SymbolPartition[] {
  const uniq = [...new Set(symbols)].sort(compareStrings);
  return uniq.map((symbol) => ({ key: symbol, symbol }));
}

function utcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** Every UTC day touched by [startMs, endMs) for each symbol. */
export function bySymbolDay(symbols: readonly string[], startMs: number, endMs: number): SymbolDayPartition[] {
  if (!(Number.isFinite(startMs) && Number.isFinite(endMs)) || endMs < startMs) {
    throw new CgqError('USAGE', `bad time range [${startMs}, ${endMs})`);
  }
  const out: SymbolDayPartition[] = [];
  for (const { symbol } of bySymbol(symbols)) {
    for (let d = Math.floor(startMs / DAY_MS) * DAY_MS; d < endMs; d += DAY_MS) {
      const day = utcDay(d);
      out.push({ key: `${symbol}/${day}`, symbol, day, startMs: Math.max(d, startMs), endMs: Math.min(d + DAY_MS, endMs) });
    }
  }
  return out;
}

/** Row ranges [from, to) of each UTC day in ascending timestamps (ms). */
export function dayRuns(ts: ArrayLike<number>): { day: string; dayStartMs: number; from: number; to: number }[] {
  const runs: { day: string; dayStartMs: number; from: number; to: number }[] = [];
  let i = 0;
  while (i < ts.length) {
    const d0 = Math.floor(ts[i]! / DAY_MS) * DAY_MS;
    let j = i + 1;
    while (j < ts.length && ts[j]! < d0 + DAY_MS) j++;
    runs.push({ day: utcDay(d0), dayStartMs: d0, from: i, to: j });
    i = j;
  }
  return runs;
}
