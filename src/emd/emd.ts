/**
 * Plain EMD of one series (PyEMD 1.10.2 `EMD()(x)`): one task on the executor (an EMD is a
 * sequence of dependent IMFs, so one series is one unit of work). Returns the IMFs then the
 * residue (omitted when it is allclose to 0), as PyEMD does.
 */
import { CgqError } from '../errors.js';
import type { LocalKernels } from '../kernels/local.js';
import type { EmdExecutor } from './executor.js';
import { EMD_ROWS_OP, type EmdRowsTask } from './ops.js';
import { CFG_BYTES, writeCfg, type EmdSettings } from './settings.js';

export interface EmdResult {
  /** PyEMD's output: the IMFs, then the residue unless it is allclose to 0. */
  rows: Float64Array[];
  /** How many of `rows` are IMFs. */
  imfs: number;
  sifts: number;
}

export function checkFinite(x: Float64Array, what: string): void {
  if (x.length === 0) throw new CgqError('INPUT_EMPTY', `${what}: the series is empty`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new CgqError('INPUT_NONFINITE', `${what}: non-finite value (${x[i]}) at index ${i}`);
  }
}

/** EMD of x with `maxImf` IMFs at most (−1 = no limit). */
export async function emd(exec: EmdExecutor, local: LocalKernels, x: Float64Array, settings: EmdSettings, maxImf = -1, key = 'emd'): Promise<EmdResult> {
  checkFinite(x, key);
  if (!(Number.isInteger(maxImf) && (maxImf === -1 || maxImf >= 1))) throw new CgqError('USAGE', `--max-imf must be -1 or a positive integer (got ${maxImf})`);
  const n = x.length;
  const arena = local.arena;
  // Rows: an EMD of n samples rarely has more than ~log2(n) + 4 rows; grow and retry if needed.
  let maxRows = Math.min(n + 1, Math.ceil(Math.log2(n + 1)) + 8);
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
        if (e instanceof CgqError && /more rows than/.test(e.message) && maxRows <= n) {
          maxRows = Math.min(n + 1, maxRows * 2);
          continue;
        }
        throw e;
      }
      const res: Float64Array[] = [];
      for (let k = 0; k < rows; k++) res.push(arena.f64(out + k * n * 8, n).slice());
      return { rows: res, imfs, sifts };
    }
  } finally {
    arena.releaseHold(held);
  }
}
