/**
 * CEEMDAN's noise realisations and their EMDs, advanced one row per stage and shared by every
 * series of a run. PyEMD draws one (trials × n) matrix from RandomState(seed).normal and fully
 * decomposes each row up front; stage k only ever reads row k of each decomposition, and an EMD
 * produces its rows in order, so each realisation keeps a resumable EMD generator
 * (assembly/emd/emd.ts) and is advanced by exactly one row per stage. Memory stays at 3·trials·n
 * f64 (the noise, its running IMF sum, the current row) whatever the number of rows, instead of
 * the ~17·trials·n (1.8 GB at n = 129,600, 100 trials) a full cache needs; the EMD work is done
 * once per run however many series share it.
 *
 * The noise rows are drawn lazily in row order from one numpy-compatible stream, so the matrix is
 * PyEMD's bit for bit whatever order the workers finish in.
 */
import type { SharedArena } from '../engine/arena.js';
import type { KernelRuntime } from '../kernels/runtime.js';
import { RNG_STATE_BYTES, fillNumpyNormal, seedNumpyRng } from './rng.js';
import { EMD_STATE_BYTES, emdKernels } from './kernels.js';
import { NOISE_STEP_OP, type NoiseStepTask } from './ops.js';

/** Where a bank's generating state lives in shared memory (any thread can draw and step it). */
export interface NoiseBankOffsets {
  /** The noise matrix (trials × n), the generators' running IMF sums (trials × n), their states, the stream. */
  noiseOff: number;
  accOff: number;
  statesOff: number;
  rngOff: number;
}

/**
 * Draw realisation t's noise, the next n values of the one stream (callers draw realisations in
 * order), and start its EMD generator.
 */
export function drawRealisation(runtime: KernelRuntime, o: NoiseBankOffsets, n: number, t: number): void {
  const sig = o.noiseOff + t * n * 8;
  fillNumpyNormal(runtime, o.rngOff, sig, n);
  emdKernels(runtime).init(o.statesOff + t * EMD_STATE_BYTES, sig, o.accOff + t * n * 8, n, -1);
}

export class NoiseBank implements NoiseBankOffsets {
  /** Row k of every realisation during stage k (trials × n f64). */
  readonly rowsOff: number;
  /** np.std of each realisation's first EMD row (PyEMD divides all its rows by it). */
  readonly s0: Float64Array;
  /** Whether realisation t has a row at the current stage. */
  readonly hasRow: Uint8Array;
  /** Whether realisation t's EMD has no rows left. */
  readonly exhausted: Uint8Array;
  readonly noiseOff: number = 0;
  readonly accOff: number = 0;
  readonly statesOff: number = 0;
  readonly rngOff: number = 0;
  private drawn = 0;

  /** `generate` false: the rows come from a noise cache (./noise-store.ts), only rowsOff is held. */
  constructor(
    arena: SharedArena,
    private readonly runtime: KernelRuntime,
    readonly n: number,
    readonly trials: number,
    seed: number,
    readonly generate = true,
  ) {
    const bytes = trials * n * 8;
    this.rowsOff = arena.alloc(bytes);
    this.s0 = new Float64Array(trials).fill(NaN);
    this.hasRow = new Uint8Array(trials);
    this.exhausted = new Uint8Array(trials);
    if (!generate) return;
    this.noiseOff = arena.alloc(bytes);
    this.accOff = arena.alloc(bytes);
    this.statesOff = arena.alloc(trials * EMD_STATE_BYTES);
    this.rngOff = arena.alloc(RNG_STATE_BYTES);
    seedNumpyRng(runtime, this.rngOff, seed);
  }

  rowOff(t: number): number {
    return this.rowsOff + t * this.n * 8;
  }

  /** Draw the noise of realisations up to t (in order) and start their EMD generators. */
  ensureDrawn(t: number): void {
    if (!this.generate) throw new Error('NoiseBank: a cached bank draws no noise');
    while (this.drawn <= t) drawRealisation(this.runtime, this, this.n, this.drawn++);
  }

  /** The task advancing realisations t0 .. t1-1 by one row each to `stage` (row 0 also reports its std). */
  stepTask(t0: number, t1: number, stage: number, cfg: number): NoiseStepTask {
    this.ensureDrawn(t1 - 1);
    return {
      op: NOISE_STEP_OP,
      key: t1 - t0 > 1 ? `noise ${t0}..${t1 - 1} row ${stage}` : `noise ${t0} row ${stage}`,
      states: this.statesOff,
      stateBytes: EMD_STATE_BYTES,
      rows: this.rowsOff,
      t0,
      t1,
      n: this.n,
      cfg,
      wantStd: stage === 0,
    };
  }

  /** Record a step's outcome. */
  stepDone(t: number, stage: number, wrote: boolean, std: number | undefined): void {
    this.hasRow[t] = wrote ? 1 : 0;
    if (!wrote) this.exhausted[t] = 1;
    if (stage === 0 && wrote && std !== undefined) this.s0[t] = std;
  }
}
