/**
 * Plain EMD (PyEMD 1.10.2 `EMD()(x)`): one task per series on the executor (an EMD is a sequence
 * of dependent IMFs, so one series is one unit of work); several series run on all workers at
 * once (`emdEach`, `emdMany`). Returns the IMFs then the residue (omitted when it is allclose
 * to 0), as PyEMD does.
 */
import { CgqError } from '../errors.js';
import type { SharedArena } from '../engine/arena.js';
import type { LocalKernels } from '../kernels/local.js';
import type { EmdDone, EmdExecutor } from './executor.js';
import { imfHilbert, readImfHilbert, type ImfHilbert } from './hilbert.js';
import { EMD_ROWS_OP, type EmdRowsTask } from './ops.js';
import { CFG_BYTES, writeCfg, type EmdSettings } from './settings.js';

export interface EmdResult {
  /** PyEMD's output: the IMFs, then the residue unless it is allclose to 0. */
  rows: Float64Array[];
  /** How many of `rows` are IMFs. */
  imfs: number;
  sifts: number;
  /** emdEach with `hilbert`: the IMFs' Hilbert attributes and dominant periods. */
  hilbert?: ImfHilbert;
}

export function checkFinite(x: Float64Array, what: string): void {
  if (x.length === 0) throw new CgqError('INPUT_EMPTY', `${what}: the series is empty`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new CgqError('INPUT_NONFINITE', `${what}: non-finite value (${x[i]}) at index ${i}`);
  }
}

function checkMaxImf(maxImf: number): void {
  if (!(Number.isInteger(maxImf) && (maxImf === -1 || maxImf >= 1))) throw new CgqError('USAGE', `--max-imf must be -1 or a positive integer (got ${maxImf})`);
}

/** Rows to reserve first: an EMD of n samples rarely has more than ~log2(n) + 4 rows. */
function firstMaxRows(n: number): number {
  return Math.min(n + 1, Math.ceil(Math.log2(n + 1)) + 8);
}

const ROWS_OVERFLOW = /more rows than/;

/** `rows` rows of n samples at `out` in the arena, copied out. */
function copyRows(arena: SharedArena, out: number, rows: number, n: number): Float64Array[] {
  return Array.from({ length: rows }, (_, k) => arena.f64(out + k * n * 8, n).slice());
}

/** EMD of x with `maxImf` IMFs at most (−1 = no limit). */
export async function emd(exec: EmdExecutor, local: LocalKernels, x: Float64Array, settings: EmdSettings, maxImf = -1, key = 'emd'): Promise<EmdResult> {
  checkFinite(x, key);
  checkMaxImf(maxImf);
  const n = x.length;
  const arena = local.arena;
  // Grow the rows and retry when the first reservation is too small.
  let maxRows = firstMaxRows(n);
  const held = arena.holdMark(`emd of ${key}`);
  try {
    for (;;) {
      arena.release(held); // every attempt starts from the held mark
      const cfg = arena.alloc(CFG_BYTES);
      writeCfg(arena.memory, cfg, settings);
      const xOff = arena.putF64(x);
      const out = arena.allocF64(maxRows * n);
      const task: EmdRowsTask = { op: EMD_ROWS_OP, key, x: xOff, n, maxImf, cfg, out, maxRows };
      let rows: number;
      let sifts: number;
      let imfs: number;
      try {
        const r = await exec.run(task);
        rows = r.data.rows;
        sifts = r.data.sifts;
        imfs = r.data.imfs ?? rows;
      } catch (e) {
        if (e instanceof CgqError && ROWS_OVERFLOW.test(e.message) && maxRows <= n) {
          maxRows = Math.min(n + 1, maxRows * 2);
          continue;
        }
        throw e;
      }
      return { rows: copyRows(arena, out, rows, n), imfs, sifts };
    }
  } finally {
    arena.releaseHold(held);
  }
}

export interface EmdManyOptions {
  /** IMFs at most per series (−1 = no limit). */
  maxImf?: number;
  /** Names of the series in errors (default `series <i>`). */
  keys?: readonly string[];
  /** Called (and awaited) as each series finishes, with its index and result. */
  onDone?: (index: number, result: EmdResult) => void | Promise<void>;
  /** Also compute each IMF's Hilbert attributes, on the worker that decomposed the series (its scratch must also hold hilbertScratchBytes(n)). */
  hilbert?: boolean;
}

/**
 * EMD of several series, as many at once as the executor has workers, each result handed to
 * `onDone` as it finishes (nothing is retained here, so a caller that writes each result away
 * holds one series per worker at a time). Each worker slot holds one series' input and rows and
 * takes the next series when its one is done. Each series is one task, so every result equals
 * its own `emd` call's, whatever the worker count. All inputs are checked before the first task;
 * after a failure (a task's or `onDone`'s) no new series starts, the ones running finish, and the
 * first error is thrown. A series whose rows overflow its slot is run again alone with `emd`
 * (which grows them).
 */
export async function emdEach(
  exec: EmdExecutor,
  local: LocalKernels,
  xs: readonly Float64Array[],
  settings: EmdSettings,
  opts: EmdManyOptions = {},
): Promise<void> {
  const { maxImf = -1, keys = xs.map((_, i) => `series ${i}`), onDone, hilbert = false } = opts;
  xs.forEach((x, i) => checkFinite(x, keys[i]!));
  checkMaxImf(maxImf);
  if (xs.length === 0) return;
  const arena = local.arena;
  const maxN = Math.max(...xs.map((x) => x.length));
  const rowsCap = firstMaxRows(maxN);
  const overflowed: number[] = [];
  const held = arena.holdMark(`emd of ${xs.length} series`);
  try {
    const cfg = arena.alloc(CFG_BYTES);
    writeCfg(arena.memory, cfg, settings);
    const slots = Array.from({ length: Math.min(exec.workers, xs.length) }, () => ({
      x: arena.allocF64(maxN),
      out: arena.allocF64(rowsCap * maxN),
      hilbert: hilbert ? arena.allocF64(3 * rowsCap * maxN) : undefined,
    }));
    let next = 0;
    let failure: { error: unknown } | undefined;
    const drive = async (slot: (typeof slots)[number]): Promise<void> => {
      while (!failure && next < xs.length) {
        const i = next++;
        const x = xs[i]!;
        const n = x.length;
        arena.f64(slot.x, n).set(x);
        const task: EmdRowsTask = { op: EMD_ROWS_OP, key: keys[i]!, x: slot.x, n, maxImf, cfg, out: slot.out, maxRows: firstMaxRows(n), hilbert: slot.hilbert };
        let done: EmdDone;
        try {
          done = await exec.run(task);
        } catch (e) {
          if (e instanceof CgqError && ROWS_OVERFLOW.test(e.message)) overflowed.push(i);
          else failure ??= { error: e };
          continue;
        }
        const r = done.data;
        try {
          const imfs = r.imfs ?? r.rows;
          const h = slot.hilbert === undefined ? undefined : readImfHilbert(arena.memory.buffer, slot.hilbert, imfs, n, Float64Array.from(r.periods!));
          await onDone?.(i, { rows: copyRows(arena, slot.out, r.rows, n), imfs, sifts: r.sifts, hilbert: h });
        } catch (e) {
          failure ??= { error: e };
        }
      }
    };
    await Promise.all(slots.map(drive));
    if (failure) throw failure.error;
  } finally {
    arena.releaseHold(held);
  }
  for (const i of overflowed) {
    const r = await emd(exec, local, xs[i]!, settings, maxImf, keys[i]);
    // Rare (rows beyond the slot): the attributes on the calling thread, same kernels and bits.
    if (hilbert) r.hilbert = imfHilbertOnCaller(r.rows.slice(0, r.imfs), keys[i]!);
    await onDone?.(i, r);
  }
}

/** `emdEach`, collecting the results in input order. */
export async function emdMany(
  exec: EmdExecutor,
  local: LocalKernels,
  xs: readonly Float64Array[],
  settings: EmdSettings,
  opts: EmdManyOptions = {},
): Promise<EmdResult[]> {
  const results: EmdResult[] = new Array(xs.length);
  await emdEach(exec, local, xs, settings, {
    ...opts,
    onDone: async (i, r) => {
      results[i] = r;
      await opts.onDone?.(i, r);
    },
  });
  return results;
}

/**
 * imfHilbert on the calling thread's own kernel instance (not the run's arena, which the workers'
 * tasks hold); an error names the series and the IMF, as the workers' do.
 */
export function imfHilbertOnCaller(imfs: readonly Float64Array[], key: string): ImfHilbert {
  try {
    return imfHilbert(imfs);
  } catch (e) {
    if (e instanceof CgqError) throw new CgqError(e.code, `${key}: --hilbert: ${e.message}`);
    throw e;
  }
}
