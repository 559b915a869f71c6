/**
 * Bars reindexed onto a strict 1-minute grid, as the IMF stage prepares each symbol (spec
 * data_pipeline.md §8.3): a bar lands on the grid point equal to its open time; a bar whose time
 * is not on a whole minute, or outside the grid, is dropped; prices (open, high, low, close) are
 * carried forward, then leading gaps take the first value; volume and trades of a missing minute
 * are 0. Series of a cohort on one grid have one length, so CEEMDAN runs them on one noise bank.
 */
import { CgqError } from '../errors.js';
import type { BarColumn, SymbolBars } from './types.js';

export const MINUTE_MS = 60_000;

/** How a missing minute is filled: the price carried over, or nothing traded. */
export const MINUTE_FILL: Readonly<Record<BarColumn, 'carry' | 'zero'>> = {
  open: 'carry',
  high: 'carry',
  low: 'carry',
  close: 'carry',
  volume: 'zero',
  trades: 'zero',
};

/** A whole minute as ISO-8601 without seconds (2024-01-01T00:00Z). */
export function minuteIso(ms: number): string {
  return new Date(ms).toISOString().replace(':00.000Z', 'Z');
}

/** Grid points from, from + 1 min, ... (count of them), epoch ms. */
export interface MinuteGrid {
  from: number;
  count: number;
}

/**
 * The grid over [start, end) (a start inside a minute begins at the next whole minute). An open
 * side takes the cohort's earliest / latest whole-minute bar, so every symbol shares the grid.
 */
export function minuteGrid(cohort: readonly SymbolBars[], start?: number, end?: number): MinuteGrid {
  let first = Infinity;
  let last = -Infinity;
  for (const b of cohort) {
    for (const t of b.ts) {
      if (t % MINUTE_MS !== 0) continue;
      if (t < first) first = t;
      break;
    }
    for (let i = b.ts.length - 1; i >= 0; i--) {
      const t = b.ts[i]!;
      if (t % MINUTE_MS !== 0) continue;
      if (t > last) last = t;
      break;
    }
  }
  const from = start !== undefined ? Math.ceil(start / MINUTE_MS) * MINUTE_MS : first;
  const to = end !== undefined ? end : last + MINUTE_MS;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new CgqError('INPUT_EMPTY', 'minute grid: no whole-minute bar in the requested time range');
  }
  return { from, count: Math.ceil((to - from) / MINUTE_MS) };
}

export interface GridSeries {
  /** One array per requested column, grid.count long. */
  values: Float64Array[];
  /** Bars that landed on the grid (the rest of the grid was filled). */
  placed: number;
  /** Bars dropped because their time is not on a whole minute or falls outside the grid. */
  dropped: number;
}

/** `columns` of one symbol's bars on `grid`; INPUT_EMPTY when none of its bars lands there. */
export function reindexMinutes(bars: SymbolBars, columns: readonly BarColumn[], grid: MinuteGrid): GridSeries {
  const at = new Int32Array(grid.count).fill(-1);
  let placed = 0;
  for (let i = 0; i < bars.ts.length; i++) {
    const k = (bars.ts[i]! - grid.from) / MINUTE_MS;
    if (!Number.isInteger(k) || k < 0 || k >= grid.count) continue;
    at[k] = i;
    placed++;
  }
  if (placed === 0) {
    throw new CgqError('INPUT_EMPTY', `--symbol ${bars.symbol}: no bar on the minute grid ${minuteIso(grid.from)} + ${grid.count} min`);
  }
  const values = columns.map((column) => {
    const src = bars[column];
    if (!src) throw new CgqError('INTERNAL', `minute grid: column ${column} of ${bars.symbol} was not read`);
    const out = new Float64Array(grid.count);
    if (MINUTE_FILL[column] === 'zero') {
      for (let k = 0; k < grid.count; k++) out[k] = at[k]! >= 0 ? src[at[k]!]! : 0;
      return out;
    }
    let firstK = -1;
    let carry = NaN;
    for (let k = 0; k < grid.count; k++) {
      if (at[k]! >= 0) {
        carry = src[at[k]!]!;
        if (firstK < 0) firstK = k;
      }
      out[k] = carry;
    }
    out.fill(out[firstK]!, 0, firstK);
    return out;
  });
  return { values, placed, dropped: bars.ts.length - placed };
}
