/**
 * `cgq load`: read and check a bars CSV completely, apply the bad-row policy, then write the good
 * rows — sorted by (symbol, timestamp) — into the lake or into MySQL. Nothing is written until the
 * whole file has been checked; a MySQL load is one transaction, a lake load merges and checks every
 * touched day before writing the first.
 */
import type { Progress } from '../../engine/progress.js';
import { SharedArena } from '../../engine/arena.js';
import { EnginePool } from '../../engine/pool.js';
import { closeMysql, openMysql } from '../../io/mysql/connect.js';
import { loadBarsToMysql } from '../../io/mysql/write.js';
import { readCsvBars } from '../../sources/csv.js';
import { describeDb, type DbConfig } from '../../sources/db-config.js';
import { applyBadRowPolicy, type BadRowMode } from './bad-row-policy.js';
import { loadBarsToLake } from './to-lake.js';

export type LoadTarget = { kind: 'lake'; root: string; tf?: string } | { kind: 'mysql'; db: DbConfig };

export interface LoadRun {
  input: string;
  target: LoadTarget;
  replace: boolean;
  onBadRow: BadRowMode;
  signal?: AbortSignal;
  /** Worker threads for encoding lake day files (1: the calling thread only). */
  nJobs?: number;
  progress?: Progress;
  /** One-line notes for stderr (skipped rows, dropped trades). */
  onNote?: (line: string) => void;
}

export interface LoadSummary {
  input: string;
  /** Rows written from the input. */
  rows: number;
  symbols: number;
  /** Bad rows skipped (--on-bad-row skip). */
  skipped: number;
  first?: number;
  last?: number;
  target: string;
  /** Target-specific detail (days written, table created, rows replaced, ...). */
  detail: string;
}

/** Below this many rows a lake load stays on the calling thread (a pool costs ~0.3 s to start). */
export const POOL_MIN_ROWS = 100_000;

export async function runLoad(run: LoadRun): Promise<LoadSummary> {
  const { target } = run;
  // Fail fast on credentials or an unreachable server, before reading a large file.
  if (target.kind === 'mysql') await closeMysql(await openMysql(target.db));

  const csv = await readCsvBars(run.input, { signal: run.signal });
  const skippedNote = applyBadRowPolicy(csv, run.onBadRow);
  if (skippedNote) run.onNote?.(skippedNote);

  let first = Infinity;
  let last = -Infinity;
  for (const b of csv.bars) {
    first = Math.min(first, b.ts[0]!);
    last = Math.max(last, b.ts[b.ts.length - 1]!);
  }
  const base = { input: run.input, skipped: csv.bad.total, first: Number.isFinite(first) ? first : undefined, last: Number.isFinite(last) ? last : undefined };

  const progress = run.progress;
  if (target.kind === 'lake') {
    // Day files are independent: encode them on the pool when there are enough to repay its start.
    // Encoding runs no kernels, so the workers skip the kernel warm-up.
    const pool = (run.nJobs ?? 1) > 1 && csv.rows >= POOL_MIN_ROWS ? new EnginePool(new SharedArena(), { nJobs: run.nJobs, noWarmup: true }) : undefined;
    progress?.start(csv.bars.length, `load ${csv.rows} rows into the lake`);
    try {
      const r = await loadBarsToLake(target.root, csv.bars, { tf: target.tf, replace: run.replace, signal: run.signal, pool, onSymbol: () => progress?.tick() });
      const extra = [r.replaced ? `${r.replaced} rows replaced` : '', r.kept ? `${r.kept} existing rows kept in rewritten days` : ''].filter(Boolean).join(', ');
      return { ...base, rows: r.rows, symbols: r.symbols, target: `lake ${target.root} (${target.tf ?? '1m'})`, detail: `${r.days} day files, ${r.bytes} bytes${extra ? `; ${extra}` : ''}` };
    } finally {
      progress?.stop();
      await pool?.close();
    }
  }
  progress?.start(csv.rows, `load ${csv.rows} rows into MySQL`);
  try {
    const r = await loadBarsToMysql(target.db, csv.bars, { replace: run.replace, signal: run.signal, onRows: (n) => progress?.tick(n) });
    if (r.tradesDropped > 0) run.onNote?.(`table '${target.db.table}' has no trades column: ${r.tradesDropped} trade counts were not stored`);
    // MariaDB does not report how many keys REPLACE overwrote, so no count is claimed here.
    const detail = [r.created ? 'table created' : 'existing table', run.replace ? 'existing keys overwritten (--replace)' : ''].filter(Boolean).join(', ');
    return { ...base, rows: r.rows, symbols: r.symbols, target: describeDb(target.db), detail };
  } finally {
    progress?.stop();
  }
}
