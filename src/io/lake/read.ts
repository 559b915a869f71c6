/**
 * Reading bars from the lake: prune symbols and day folders by name, decode each day's part file
 * (only the columns asked for), cut the first and last day to [start, end), and hand back one
 * `SymbolBars` per symbol with its days concatenated, symbols ascending.
 *
 * A day folder without _SUCCESS is a write that never completed (or a day a producer marks as
 * still open): it is skipped with one warning per folder, never read, never an error — so one
 * torn day cannot block reading the rest, and the user is told which day is missing.
 */
import { join } from 'node:path';
import { CgqError } from '../../errors.js';
import { assertSymbol } from '../../cli/options.js';
import { BAR_COLUMNS, type BarColumn, type SymbolBars } from '../../sources/types.js';
import type { EnginePool } from '../../engine/pool.js';
import { DEFAULT_TF } from './paths.js';
import { lakeSymbols, symbolDays, tfDir, type LakeDayRef, type TimeRange } from './scan.js';
import type { DayColumns } from './schema.js';
import { decodeDay, decodeDayProjected } from './day.js';
import { DECODE_DAY_OP, type DecodeDayTask } from './decode-op.js';

/**
 * How day files are decoded. 'all': synchronous decode of every column, then pick (parquet-wasm's
 * sync reader cannot project). 'projected': ParquetFile with a column list (asynchronous).
 * 'auto' picks 'projected' only when it reads few enough columns to pay for its async overhead.
 */
export type DecodeMode = 'auto' | 'all' | 'projected';

export interface LakeReadOptions extends TimeRange {
  tf?: string;
  /** Symbols to read (default: every symbol folder); validated, de-duplicated, sorted. */
  symbols?: readonly string[];
  /** Value columns (default: all); `ts` always comes. */
  columns?: readonly BarColumn[];
  decode?: DecodeMode;
  /** Where warnings (skipped incomplete days) go; default: one line each on stderr. */
  onWarning?: (message: string) => void;
  /** Decode day files on this engine pool (worker op 'lake_decode_day'); default: this thread. */
  pool?: EnginePool;
}

/** With 'auto', project when at most this many value columns are asked for (see bench/lake.ts). */
export const PROJECT_MAX_COLUMNS = 2;

function stderrWarning(m: string): void {
  process.stderr.write(`cgq: warning: ${m}\n`);
}

function checkColumns(cols: readonly string[]): BarColumn[] {
  for (const c of cols) {
    if (!(BAR_COLUMNS as readonly string[]).includes(c)) throw new CgqError('USAGE', `unknown bar column '${c}' (columns: ${BAR_COLUMNS.join(', ')})`);
  }
  return BAR_COLUMNS.filter((c) => cols.includes(c));
}

function concat(parts: readonly Float64Array[], n: number): Float64Array {
  if (parts.length === 1 && parts[0]!.length === n) return parts[0]!;
  const out = new Float64Array(n);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/**
 * Decode days in order: on the calling thread, or on the pool with at most 2 per thread in flight
 * ahead of the day being collected (bounds memory, keeps every thread busy).
 */
async function* decodeDays(days: readonly LakeDayRef[], columns: readonly BarColumn[], range: TimeRange, project: boolean, pool?: EnginePool): AsyncGenerator<DayColumns> {
  if (!pool) {
    for (const ref of days) yield project ? await decodeDayProjected(ref, columns, range) : decodeDay(ref, columns, range);
    return;
  }
  const cancel = new AbortController();
  const started: Promise<DayColumns>[] = [];
  const start = (ref: LakeDayRef) => {
    const task: DecodeDayTask = { op: DECODE_DAY_OP, key: `${ref.symbol}/${ref.day}`, ref, columns, range };
    const p = pool.run(task, cancel.signal).then((r) => r.data as DayColumns);
    p.catch(() => {}); // surfaced when awaited below; never an unhandled rejection
    started.push(p);
  };
  try {
    for (let i = 0; i < days.length; i++) {
      while (started.length < Math.min(days.length, i + 1 + 2 * pool.nJobs)) start(days[started.length]!);
      yield await started[i]!;
    }
  } finally {
    cancel.abort(); // only tasks still running after an early exit or a failure
  }
}

/** Read one symbol's complete days (ascending) into one SymbolBars, or undefined when no rows. */
export async function readSymbolDays(symbol: string, days: readonly LakeDayRef[], columns: readonly BarColumn[], range: TimeRange, project: boolean, pool?: EnginePool): Promise<SymbolBars | undefined> {
  const parts: DayColumns[] = [];
  let n = 0;
  for await (const d of decodeDays(days, columns, range, project, pool)) {
    if (d.ts.length === 0) continue;
    parts.push(d);
    n += d.ts.length;
  }
  if (n === 0) return undefined;
  const out: SymbolBars = { symbol, ts: concat(parts.map((p) => p.ts), n) };
  for (const c of columns) out[c] = concat(parts.map((p) => p[c]!), n);
  return out;
}

/** Read bars from the lake at `root`: one SymbolBars per symbol with rows in range, ascending. */
export async function* readLakeBars(root: string, opts: LakeReadOptions = {}): AsyncGenerator<SymbolBars> {
  const tf = opts.tf ?? DEFAULT_TF;
  const range: TimeRange = { start: opts.start, end: opts.end };
  if (range.start !== undefined && range.end !== undefined && range.end < range.start) {
    throw new CgqError('USAGE', `bad time range: end ${new Date(range.end).toISOString()} is before start ${new Date(range.start).toISOString()}`);
  }
  const columns = checkColumns(opts.columns ?? BAR_COLUMNS);
  const mode = opts.decode ?? 'auto';
  // Pool workers decode synchronously (every column); the projected reader is async, calling thread only.
  const project = !opts.pool && (mode === 'projected' || (mode === 'auto' && columns.length <= PROJECT_MAX_COLUMNS));
  const warn = opts.onWarning ?? stderrWarning;
  const base = tfDir(root, tf);
  let symbols: string[];
  if (opts.symbols) {
    for (const s of opts.symbols) assertSymbol(s, '--symbols');
    symbols = [...new Set(opts.symbols)].sort();
  } else {
    symbols = lakeSymbols(root, tf);
  }
  for (const symbol of symbols) {
    const days = symbolDays(join(base, symbol), symbol, range);
    const complete: LakeDayRef[] = [];
    for (const d of days) {
      if (d.complete) complete.push(d);
      else warn(`skipping ${d.dir}: no _SUCCESS (incomplete day; see \`cgq lake verify\`)`);
    }
    const bars = await readSymbolDays(symbol, complete, columns, range, project, opts.pool);
    if (bars) yield bars;
  }
}
