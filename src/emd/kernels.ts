/**
 * Typed access to the EMD/CEEMDAN wasm entry points (assembly/emd/ceemdan.ts) on one kernel
 * instance. Everything is offsets into the shared memory; a negative kernel status becomes a
 * CgqError naming the entry point and what PyEMD would have done.
 */
import { CgqError } from '../errors.js';
import type { KernelRuntime } from '../kernels/runtime.js';

type Fn = (...args: number[]) => number;

/** Bytes of one EMD generator state (assembly/emd/emd.ts EMD_STATE_BYTES). */
export const EMD_STATE_BYTES = 64;

const STATUS_TEXT: Record<number, string> = {
  [-1]: 'an envelope spline system is singular (PyEMD would raise LinAlgError)',
  [-2]: 'envelope knots are not strictly increasing (PyEMD would raise in CubicSpline)',
  [-3]: "the mirrored boundary knots hit PyEMD's 'edge BUG' case",
  [-4]: 'the decomposition has more rows than the output was sized for',
  [-5]: 'bad arguments (empty series)',
  [-6]: 'the extrema lists are inconsistent (one kind is empty)',
};

export function emdStatusError(entry: string, status: number, key?: string): CgqError {
  const what = STATUS_TEXT[status] ?? `status ${status}`;
  return new CgqError('KERNEL_TRAP', `${entry}${key ? ` (${key})` : ''}: ${what}`);
}

export class EmdKernels {
  private readonly f: Record<string, Fn>;

  constructor(readonly runtime: KernelRuntime) {
    const names = [
      'emd_scratch_bytes', 'emd_rows', 'emd_init', 'emd_next', 'emd_state_sifts', 'emd_state_knots', 'emd_last_sifts', 'emd_last_knots', 'emd_last_imfs',
      'ceemdan_trial', 'ceemdan_test', 'emd_std', 'emd_sum', 'emd_sum_abs', 'emd_find_extrema', 'emd_probe_div',
      'emd_set_solve_split', 'emd_solve_splits',
    ];
    this.f = Object.fromEntries(names.map((n) => [n, runtime.export<Fn>(n)]));
  }

  get memory(): WebAssembly.Memory {
    return this.runtime.memory;
  }

  /** The bench's divider probe: `rounds` rounds of six independent f64x2 divisions (assembly/emd/probe.ts). */
  probeDiv(rounds: number): number {
    return this.f.emd_probe_div!(rounds);
  }

  /**
   * When this instance's envelope solves run a dependency chain as two (assembly/emd/spline.ts):
   * chains of at least `minSteps` steps, with `warm` warm-up steps. The output bits are the same
   * for any setting; tests use it to compare the split solve with the single chain and to force
   * its fallback.
   */
  setSolveSplit(minSteps: number, warm: number): void {
    this.f.emd_set_solve_split!(minSteps, warm);
  }

  /** Chains this instance has split, and how many of those fell back to one chain (no match at the midpoint). */
  solveSplits(): { splits: number; fallbacks: number } {
    return { splits: this.f.emd_solve_splits!(0), fallbacks: this.f.emd_solve_splits!(1) };
  }

  /** Scratch bytes one EMD of n samples needs (see assembly/emd/layout.ts). */
  scratchBytes(n: number): number {
    return this.f.emd_scratch_bytes!(n) >>> 0;
  }

  /** Full EMD of x into `maxRows` rows at out; returns the row count. */
  rows(x: number, n: number, maxImf: number, cfg: number, out: number, maxRows: number, scratch: number, key?: string): number {
    const r = this.f.emd_rows!(x, n, maxImf, cfg, out, maxRows, scratch);
    if (r < 0) throw emdStatusError('emd', r, key);
    return r;
  }

  init(state: number, S: number, acc: number, n: number, maxImf: number): void {
    this.f.emd_init!(state, S, acc, n, maxImf);
  }

  /** Next generator row into out: true when a row was written. */
  next(state: number, cfg: number, out: number, scratch: number, key?: string): boolean {
    const r = this.f.emd_next!(state, cfg, out, scratch);
    if (r < 0) throw emdStatusError('emd', r, key);
    return r === 1;
  }

  stateSifts(state: number): number {
    return this.f.emd_state_sifts!(state);
  }

  stateKnots(state: number): number {
    return this.f.emd_state_knots!(state);
  }

  /** Siftings / knots of the last rows / trial / test call. */
  lastSifts(): number {
    return this.f.emd_last_sifts!();
  }

  lastKnots(): number {
    return this.f.emd_last_knots!();
  }

  /** IMFs (rows before the residue) of the last `rows` call. */
  lastImfs(): number {
    return this.f.emd_last_imfs!();
  }

  /** One CEEMDAN trial; returns the EMD's row count (0: out untouched). */
  trial(prev: number, noise: number, n: number, s0: number, coef: number, mode: 0 | 1, out: number, cfg: number, scratch: number, key?: string): number {
    const r = this.f.ceemdan_trial!(prev, noise, n, s0, coef, mode, out, cfg, scratch);
    if (r < 0) throw emdStatusError('ceemdan trial', r, key);
    return r;
  }

  /** Rows of EMD(R, max_imf = 1): CEEMDAN stops when this is 1. */
  test(R: number, n: number, cfg: number, scratch: number, key?: string): number {
    const r = this.f.ceemdan_test!(R, n, cfg, scratch);
    if (r < 0) throw emdStatusError('ceemdan stop test', r, key);
    return r;
  }

  /** PyEMD's simple extrema of x (n f64 at off) and its zero-crossing count; `scratch` as for rows. */
  findExtrema(x: number, n: number, out: number, scratch: number): { maxima: number[]; minima: number[]; zeroCrossings: number } {
    this.f.emd_find_extrema!(x, n, out, scratch);
    const head = new Int32Array(this.memory.buffer, out, 3);
    const [nMax, nMin, nZero] = [head[0]!, head[1]!, head[2]!];
    const pos = new Int32Array(this.memory.buffer, out + 12, nMax + nMin);
    return { maxima: Array.from(pos.subarray(0, nMax)), minima: Array.from(pos.subarray(nMax)), zeroCrossings: nZero };
  }

  /** np.std / np.sum / np.sum(np.abs) with numpy's pairwise order. */
  std(x: number, n: number): number {
    return this.f.emd_std!(x, n);
  }

  sum(x: number, n: number): number {
    return this.f.emd_sum!(x, n);
  }

  sumAbs(x: number, n: number): number {
    return this.f.emd_sum_abs!(x, n);
  }
}

const cache = new WeakMap<KernelRuntime, EmdKernels>();

/** The EmdKernels of a runtime (one per instance). */
export function emdKernels(runtime: KernelRuntime): EmdKernels {
  let k = cache.get(runtime);
  if (!k) {
    k = new EmdKernels(runtime);
    cache.set(runtime, k);
  }
  return k;
}
