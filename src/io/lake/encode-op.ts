/**
 * Parallel day encoding: the worker op 'lake_encode_day' turns one symbol-day into Parquet bytes
 * on a pool thread, so ZSTD runs on every core while the coordinating thread puts finished days in
 * place. Workers only encode — every file-system step stays on the coordinating thread, so
 * cancelling a task (which may end its thread) can never interrupt a day swap.
 *
 * A symbol's columns are copied once into a SharedArrayBuffer (ts, open, high, low, close,
 * volume[, trades], each `n` float64s); tasks carry that buffer (shared, not copied) and a row
 * range. Encoding is the same function either way, so files are byte-identical to a
 * single-thread write.
 *
 * Every engine worker imports this module (src/engine/worker-ops.ts), so it stays light: the
 * encoder (apache-arrow, parquet-wasm) is loaded on a worker's first encode task, not at start.
 */
import { createRequire } from 'node:module';
import type { Task } from '../../engine/protocol.js';
import type { SymbolBars } from '../../sources/types.js';

export const ENCODE_DAY_OP = 'lake_encode_day';

const SHARED_COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades'] as const;

export interface SharedBars {
  symbol: string;
  buffer: SharedArrayBuffer;
  n: number;
  hasTrades: boolean;
}

export interface EncodeDayTask {
  op: typeof ENCODE_DAY_OP;
  key: string;
  bars: SharedBars;
  day: string;
  from: number;
  to: number;
  [field: string]: unknown;
}

/** Copy bars into one SharedArrayBuffer (TypedArray.set: ~10 GB/s). */
export function shareBars(b: SymbolBars): SharedBars {
  const n = b.ts.length;
  const cols = SHARED_COLUMNS.filter((c) => c !== 'trades' || b.trades);
  const buffer = new SharedArrayBuffer(Math.max(1, cols.length * n * 8));
  cols.forEach((c, k) => new Float64Array(buffer, k * n * 8, n).set(b[c]!));
  return { symbol: b.symbol, buffer, n, hasTrades: !!b.trades };
}

/** Views over shared bars (no copy). */
export function barsFromShared(s: SharedBars): SymbolBars {
  const cols = SHARED_COLUMNS.filter((c) => c !== 'trades' || s.hasTrades);
  const out: SymbolBars = { symbol: s.symbol, ts: new Float64Array(0) };
  cols.forEach((c, k) => (out[c] = new Float64Array(s.buffer, k * s.n * 8, s.n)));
  return out;
}

let encoder: typeof import('./encode.js') | undefined;

/** The worker op: encode rows [from, to) and return the Parquet bytes (cloned back, ~25–45 KB a day). */
export function encodeDayOp(task: Task): Uint8Array {
  const t = task as EncodeDayTask;
  encoder ??= createRequire(import.meta.url)('./encode.js') as typeof import('./encode.js');
  return encoder.encodeDay(barsFromShared(t.bars), t.day, t.from, t.to).parquet;
}
