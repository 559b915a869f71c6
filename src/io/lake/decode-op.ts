/**
 * Parallel day decoding: the worker op 'lake_decode_day' reads and decodes one day file on a pool
 * thread and returns its columns (cut to [start, end), cloned back: ~80 KB for a full day of
 * seven columns). Reads have no side effects, so a cancelled task leaves nothing behind.
 *
 * Every engine worker imports this module (src/engine/worker-ops.ts), so it stays light: the
 * decoder (parquet-wasm) is loaded on a worker's first decode task, not at start.
 */
import { createRequire } from 'node:module';
import type { Task } from '../../engine/protocol.js';
import type { BarColumn } from '../../sources/types.js';
import type { LakeDayRef, TimeRange } from './scan.js';
import type { DayColumns } from './schema.js';

export const DECODE_DAY_OP = 'lake_decode_day';

export interface DecodeDayTask {
  op: typeof DECODE_DAY_OP;
  key: string;
  ref: LakeDayRef;
  columns: readonly BarColumn[];
  range: TimeRange;
  [field: string]: unknown;
}

let decoder: typeof import('./day.js') | undefined;

export function decodeDayOp(task: Task): DayColumns {
  const t = task as DecodeDayTask;
  decoder ??= createRequire(import.meta.url)('./day.js') as typeof import('./day.js');
  return decoder.decodeDay(t.ref, t.columns, t.range, true);
}
