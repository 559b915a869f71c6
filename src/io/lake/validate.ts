/**
 * What the lake accepts from a writer: a path-safe symbol, every schema column present and of one
 * length, timestamps that are whole milliseconds in [1970, 10000) and strictly ascending, finite
 * prices and volumes, and trade counts that are non-negative integers or NaN (null).
 */
import { CgqError } from '../../errors.js';
import { assertSymbol } from '../../cli/options.js';
import type { SymbolBars } from '../../sources/types.js';
import { PRICE_COLUMNS } from './schema.js';

/** 10000-01-01T00:00:00Z: the layout's y=YYYY folders have four digits. */
export const MAX_TS_MS = 253_402_300_800_000;

function iso(ms: number): string {
  return Number.isFinite(ms) && ms >= 0 && ms < MAX_TS_MS ? new Date(ms).toISOString() : String(ms);
}

export function validateBars(b: SymbolBars): void {
  assertSymbol(b.symbol, 'lake write');
  const s = b.symbol;
  const n = b.ts.length;
  for (const c of PRICE_COLUMNS) {
    const col = b[c];
    if (!col) throw new CgqError('INPUT_COLUMN', `${s}: column '${c}' missing (the lake needs ${PRICE_COLUMNS.join(', ')})`);
    if (col.length !== n) throw new CgqError('INTERNAL', `${s}: column '${c}' has ${col.length} rows, ts has ${n}`);
  }
  if (b.trades && b.trades.length !== n) throw new CgqError('INTERNAL', `${s}: column 'trades' has ${b.trades.length} rows, ts has ${n}`);

  const ts = b.ts;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (!(Number.isInteger(t) && t >= 0 && t < MAX_TS_MS)) {
      throw new CgqError('INPUT_PARSE', `${s}: ts row ${i}: ${iso(t)} is not a whole-millisecond time in [1970, 10000)`);
    }
    if (i > 0 && t <= ts[i - 1]!) {
      if (t === ts[i - 1]) throw new CgqError('INPUT_DUPLICATE', `${s}: duplicate timestamp ${iso(t)} (rows ${i - 1} and ${i})`);
      throw new CgqError('INTERNAL', `${s}: timestamps not ascending at row ${i} (${iso(ts[i - 1]!)} then ${iso(t)})`);
    }
  }
  for (const c of PRICE_COLUMNS) {
    const col = b[c]!;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i]!)) throw new CgqError('INPUT_PARSE', `${s}: ${c} at ${iso(ts[i]!)} (row ${i}) is ${col[i]}, not a finite number`);
    }
  }
  const tr = b.trades;
  if (tr) {
    for (let i = 0; i < n; i++) {
      const v = tr[i]!;
      if (!Number.isNaN(v) && !(Number.isSafeInteger(v) && v >= 0)) {
        throw new CgqError('INPUT_PARSE', `${s}: trades at ${iso(ts[i]!)} (row ${i}) is ${v}, not a non-negative integer count`);
      }
    }
  }
}
