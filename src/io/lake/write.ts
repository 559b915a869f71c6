/**
 * Writing one symbol's bars into the lake: one Parquet file per UTC day, each day folder replaced
 * whole and atomically.
 *
 * A day is built completely in a hidden temp folder beside its destination (part file, then
 * MANIFEST.tsv, then _SUCCESS) and then swapped in. Linux cannot rename a folder over a non-empty
 * one, so an existing day is renamed away first, the new one renamed in, and the old one removed.
 * The two renames run synchronously back to back, so no signal handler runs between them; if the
 * second fails the old day is renamed back. At every point the day folder is either the old
 * complete day or the new complete day. Temp folders are tracked (`trackTemp`) so a failure or an
 * interrupt removes them. No fsync: this survives a failing or interrupted process, not a power
 * loss.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CgqError, isCgqError } from '../../errors.js';
import { dayRuns } from '../../engine/partition.js';
import type { SymbolBars } from '../../sources/types.js';
import { tempPathFor, trackTemp, untrackTemp } from '../atomic.js';
import { makeDirs } from '../make-dirs.js';
import { formatManifest, type ManifestEntry } from './manifest.js';
import { assertTf, dayDir, DEFAULT_TF, MANIFEST_FILE, partFileName, SUCCESS_FILE } from './paths.js';
import { LAKE_CODEC } from './schema.js';
import { encodeDay, type EncodedDay } from './encode.js';
import { validateBars } from './validate.js';
import { ENCODE_DAY_OP, shareBars, type EncodeDayTask } from './encode-op.js';
import type { EnginePool } from '../../engine/pool.js';

export interface LakeWriteOptions {
  tf?: string /* default '1m' */;
  signal?: AbortSignal;
  /**
   * Encode days on this engine pool (worker op 'lake_encode_day') while this thread puts finished
   * days in place; without it everything runs on the calling thread. Same files either way.
   */
  pool?: EnginePool;
}

export interface DayWriteResult {
  symbol: string;
  day: string /* YYYY-MM-DD */;
  rows: number;
  bytes: number;
  file: string /* absolute path */;
}

/** The steps of a day write, in order (named for the fault-injection seam below). */
export type WriteStep = 'temp-dir' | 'parquet' | 'manifest' | 'success' | 'renamed-away';

/**
 * Test seam: called after each step of every day write; a throwing hook simulates a failure at
 * that point (disk full, crash). Unset in normal runs.
 */
export const writeHooks: { afterStep?: (step: WriteStep, dayDir: string) => void } = {};

function ioError(what: string, e: unknown): CgqError {
  if (isCgqError(e)) return e as CgqError;
  return new CgqError('IO', `${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** Remove folders this write created (deepest first) when they are still empty. */
function removeCreatedEmptyDirs(deepest: string, firstCreated: string | undefined): void {
  if (!firstCreated) return;
  for (let d = deepest; d.length >= firstCreated.length; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (another day was written meanwhile) or already gone
    }
    if (d === firstCreated) return;
  }
}

/** Put a complete temp day folder at `dir`, replacing any existing day (see the file comment). */
function swapIn(tmp: string, dir: string): void {
  if (!existsSync(dir)) {
    renameSync(tmp, dir);
    return;
  }
  const old = tempPathFor(dir);
  renameSync(dir, old);
  try {
    writeHooks.afterStep?.('renamed-away', dir);
    renameSync(tmp, dir);
  } catch (e) {
    try {
      renameSync(old, dir);
    } catch (e2) {
      throw new CgqError('IO', `${dir}: could not put the new day in place (${String(e)}) nor restore the old one from ${old} (${String(e2)})`);
    }
    throw e;
  }
  trackTemp(old);
  try {
    removeDayFolder(old);
  } finally {
    untrackTemp(old);
  }
}

/** Remove a replaced day folder: it holds only files, so unlink them (much cheaper than rmSync's walk). */
function removeDayFolder(dir: string): void {
  try {
    for (const name of readdirSync(dir)) unlinkSync(join(dir, name));
    rmdirSync(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true }); // something unexpected inside: take the general path
  }
}

/** Write one encoded day into the lake (synchronous: temp folder, files, swap). */
export function putDay(root: string, tf: string, e: EncodedDay): DayWriteResult {
  const dir = dayDir(root, tf, e.symbol, e.day);
  const part = partFileName(e.day);
  const entry: ManifestEntry = {
    file: part,
    rows: e.rows,
    bytes: e.parquet.length,
    sha256: createHash('sha256').update(e.parquet).digest('hex'),
    codec: LAKE_CODEC,
    minTs: e.minTs,
    maxTs: e.maxTs,
  };
  const parent = dirname(dir);
  let firstCreated: string | undefined;
  let tmp: string | undefined;
  try {
    firstCreated = makeDirs(parent);
    tmp = trackTemp(tempPathFor(dir));
    mkdirSync(tmp);
    writeHooks.afterStep?.('temp-dir', dir);
    writeFileSync(join(tmp, part), e.parquet);
    writeHooks.afterStep?.('parquet', dir);
    writeFileSync(join(tmp, MANIFEST_FILE), formatManifest([entry]));
    writeHooks.afterStep?.('manifest', dir);
    writeFileSync(join(tmp, SUCCESS_FILE), '');
    writeHooks.afterStep?.('success', dir);
    swapIn(tmp, dir);
  } catch (err) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    removeCreatedEmptyDirs(parent, firstCreated);
    throw ioError(`lake write ${e.symbol} ${e.day} (${dir})`, err);
  } finally {
    if (tmp) untrackTemp(tmp);
  }
  return { symbol: e.symbol, day: e.day, rows: e.rows, bytes: entry.bytes, file: resolve(dir, part) };
}

function checkAborted(signal: AbortSignal | undefined, symbol: string): void {
  if (signal?.aborted) throw new CgqError('INTERRUPTED', `lake write ${symbol}: interrupted`);
}

/** Write one symbol's bars (ts ascending & unique — verify and throw INPUT_DUPLICATE / INTERNAL otherwise)
 *  into the lake: one file per UTC day, each day folder replaced atomically, MANIFEST.tsv then _SUCCESS last. */
export async function writeSymbolBars(root: string, bars: SymbolBars, opts: LakeWriteOptions = {}): Promise<DayWriteResult[]> {
  const tf = opts.tf ?? DEFAULT_TF;
  assertTf(tf);
  validateBars(bars);
  const runs = dayRuns(bars.ts);
  const encoded = opts.pool ? encodeOnPool(opts.pool, bars, runs, opts.signal) : undefined;
  const out: DayWriteResult[] = [];
  try {
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i]!;
      checkAborted(opts.signal, bars.symbol);
      const day = encoded ? { ...dayMeta(bars, r), parquet: await encoded.get(i) } : encodeDay(bars, r.day, r.from, r.to);
      checkAborted(opts.signal, bars.symbol);
      out.push(putDay(root, tf, day));
      // Give a pending SIGINT (which aborts `signal`) a chance to run between days.
      if (!encoded) await new Promise<void>((res) => setImmediate(res));
    }
  } finally {
    encoded?.cancel();
  }
  return out;
}

type DayRun = ReturnType<typeof dayRuns>[number];

function dayMeta(bars: SymbolBars, r: DayRun): Omit<EncodedDay, 'parquet'> {
  return { symbol: bars.symbol, day: r.day, rows: r.to - r.from, minTs: bars.ts[r.from]!, maxTs: bars.ts[r.to - 1]! };
}

/**
 * Encode days on the pool, at most 2 per thread in flight ahead of the day being put in place
 * (bounds memory; keeps every thread busy). `get(i)` is awaited in day order.
 */
function encodeOnPool(pool: EnginePool, bars: SymbolBars, runs: readonly DayRun[], signal?: AbortSignal) {
  const shared = shareBars(bars);
  const cancel = new AbortController();
  const onAbort = () => cancel.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const window = 2 * pool.nJobs;
  const started: Promise<Uint8Array>[] = [];
  const start = (i: number) => {
    const r = runs[i]!;
    const task: EncodeDayTask = { op: ENCODE_DAY_OP, key: `${bars.symbol}/${r.day}`, bars: shared, day: r.day, from: r.from, to: r.to };
    const p = pool.run(task, cancel.signal).then((res) => res.data as Uint8Array);
    p.catch(() => {}); // failures surface when get(i) awaits them; never as unhandled rejections
    started.push(p);
  };
  return {
    get(i: number): Promise<Uint8Array> {
      while (started.length < Math.min(runs.length, i + 1 + window)) start(started.length);
      return started[i]!;
    },
    cancel(): void {
      signal?.removeEventListener('abort', onAbort);
      cancel.abort();
    },
  };
}
