/** Shared pieces of the EMD/CEEMDAN tests: fixture loading and an in-thread executor. */
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { SharedArena } from '../../src/engine/arena.js';
import { LocalKernels } from '../../src/kernels/local.js';
import { EnginePool } from '../../src/engine/pool.js';
import { LocalExecutor, PoolExecutor, emdPoolScratchBytes } from '../../src/emd/executor.js';
import { sharedFile } from '../helpers/shared.js';

/** The 129,600-sample synthetic log-price series every EMD fixture is a prefix of. */
export const SERIES = 'fixtures/emd_series_129600.f64';
export const EMD_N2000 = 'fixtures/pyemd_emd_n2000.f64';
export const CEEMDAN_T20_N2000 = 'fixtures/pyemd_ceemdan_t20_s1337_n2000.f64';

export function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

/** x[:n] of the fixture series, or undefined (test skipped) without ../shared. */
export function seriesPrefix(t: TestContext, n: number): Float64Array | undefined {
  const p = sharedFile(t, SERIES);
  return p ? readF64(p).slice(0, n) : undefined;
}

/** A fixture of PyEMD output rows (row-major [rows, n]). */
export function fixtureRows(t: TestContext, rel: string, n: number): Float64Array[] | undefined {
  const p = sharedFile(t, rel);
  if (!p) return undefined;
  const all = readF64(p);
  const rows: Float64Array[] = [];
  for (let k = 0; k < all.length / n; k++) rows.push(all.slice(k * n, (k + 1) * n));
  return rows;
}

/** The rows' bytes, concatenated (for byte-identity checks). */
export function bytesOf(rows: readonly Float64Array[]): Buffer {
  return Buffer.concat(rows.map((r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength)));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Population std (what the fixtures' tolerances are relative to). */
export function stdOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const m = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i]! - m) ** 2;
  return Math.sqrt(v / x.length);
}

/** max_i |Σ rows[i] − x[i]| / max|x|. */
export function reconstructionError(rows: readonly Float64Array[], x: Float64Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    let s = 0;
    for (const r of rows) s += r[i]!;
    err = Math.max(err, Math.abs(s - x[i]!));
    scale = Math.max(scale, Math.abs(x[i]!));
  }
  return err / (scale || 1);
}

let local: { arena: SharedArena; kernels: LocalKernels; exec: LocalExecutor } | undefined;

/** One in-thread kernel instance and executor (scratch for series up to 32,768 samples). */
export function inThread(): { kernels: LocalKernels; exec: LocalExecutor } {
  if (!local) {
    const arena = new SharedArena();
    local = { arena, kernels: new LocalKernels(arena), exec: new LocalExecutor(arena, 32_768) };
  }
  return local;
}

/** An engine pool for EMD tests: its arena, the coordinator's kernels and the executor. */
export interface EmdEngine {
  arena: SharedArena;
  local: LocalKernels;
  pool: EnginePool;
  exec: PoolExecutor;
}

/** A pool of nJobs workers with scratch for series up to maxN samples (close it with closeEngines). */
export function poolEngine(engines: EmdEngine[], nJobs: number, maxN: number): EmdEngine {
  const arena = new SharedArena();
  const pool = new EnginePool(arena, { nJobs, scratchBytes: emdPoolScratchBytes(maxN), noWarmup: true });
  const e = { arena, local: new LocalKernels(arena), pool, exec: new PoolExecutor(pool) };
  engines.push(e);
  return e;
}

export async function closeEngines(engines: EmdEngine[]): Promise<void> {
  for (const e of engines) await e.pool.close();
  engines.length = 0;
}

/** A deterministic two-tone series with a small sawtooth, for tests that need no ../shared data. */
export function twoTones(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7) + 0.5 * Math.sin(i / 53) + 0.02 * (((i * 7919) % 13) - 6));
}
