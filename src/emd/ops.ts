/**
 * The EMD/CEEMDAN worker operations (registered in src/engine/worker-ops.ts). Each task names
 * offsets into the shared memory (inputs, outputs, the settings block) and runs one kernel call
 * in the worker's private scratch; the reply is a few numbers (row count, siftings, knots).
 */
import { CgqError } from '../errors.js';
import type { OpTask, Task } from '../engine/protocol.js';
import type { WorkerContext } from '../engine/worker-ops.js';
import { emdKernels } from './kernels.js';
import { hilbertScratchBytes, imfHilbertInto } from './hilbert.js';

export const EMD_ROWS_OP = 'emd_rows';
export const NOISE_STEP_OP = 'emd_noise_step';
export const TRIAL_OP = 'ceemdan_trial';
export const TEST_OP = 'ceemdan_test';

/** Full EMD of x (n) into maxRows rows at out. */
export interface EmdRowsTask extends OpTask {
  op: typeof EMD_ROWS_OP;
  x: number;
  n: number;
  maxImf: number;
  cfg: number;
  out: number;
  maxRows: number;
  /**
   * With it: also the IMFs' Hilbert attributes into 3·maxRows·n f64 at this offset (./hilbert.ts
   * imfHilbertInto; the FFT plan goes in the worker's scratch, free once the EMD is done).
   */
  hilbert?: number;
}

/**
 * Advance noise realisations t0 .. t1-1 by one row each: generator t's state at
 * states + t·stateBytes, its row written to rows + t·n·8; np.std of the row when asked (row 0).
 */
export interface NoiseStepTask extends OpTask {
  op: typeof NOISE_STEP_OP;
  states: number;
  stateBytes: number;
  rows: number;
  t0: number;
  t1: number;
  n: number;
  cfg: number;
  wantStd: boolean;
}

/**
 * CEEMDAN trials of one series (see assembly/emd/ceemdan.ts ceemdan_trial), one per entry of
 * `noise` (a noise row offset, 0 for none), `s0` and `out` (its result slot). `cancel`: Int32
 * flag offset; once set, the remaining trials are skipped.
 */
export interface TrialTask extends OpTask {
  op: typeof TRIAL_OP;
  prev: number;
  noise: number[];
  s0: number[];
  out: number[];
  n: number;
  coef: number;
  mode: 0 | 1;
  cfg: number;
  cancel: number;
}

/** CEEMDAN's stop test on the residue R. */
export interface TestTask extends OpTask {
  op: typeof TEST_OP;
  R: number;
  n: number;
  cfg: number;
}

export interface EmdReply {
  rows: number;
  sifts: number;
  knots: number;
  /** NOISE_STEP_OP: per realisation, 1 when a row was written; with wantStd its np.std. */
  wrote?: number[];
  stds?: number[];
  /** TRIAL_OP: per trial, the EMD's row count, or -1 when skipped (series cancelled). */
  trialRows?: number[];
  /** EMD_ROWS_OP: rows before the residue (the rest is the residue, absent when ~0). */
  imfs?: number;
  /** EMD_ROWS_OP with hilbert: each IMF's dominant period. */
  periods?: number[];
}

export function scratchFor(ctx: WorkerContext, n: number, key: string): number {
  const need = emdKernels(ctx.runtime).scratchBytes(n);
  if (need > ctx.scratchBytes) {
    throw new CgqError('INTERNAL', `${key}: EMD of ${n} samples needs ${need} B of worker scratch, the pool has ${ctx.scratchBytes} B (create it with emdPoolScratchBytes(n))`);
  }
  return ctx.scratchOff;
}

export function emdRowsOp(task: Task, ctx: WorkerContext): EmdReply {
  const t = task as EmdRowsTask;
  const k = emdKernels(ctx.runtime);
  const rows = k.rows(t.x, t.n, t.maxImf, t.cfg, t.out, t.maxRows, scratchFor(ctx, t.n, t.key), t.key);
  const reply: EmdReply = { rows, sifts: k.lastSifts(), knots: k.lastKnots(), imfs: k.lastImfs() };
  if (t.hilbert !== undefined) {
    const need = hilbertScratchBytes(ctx.runtime, t.n);
    if (need > ctx.scratchBytes) {
      throw new CgqError('INTERNAL', `${t.key}: the Hilbert transform of ${t.n} samples needs ${need} B of worker scratch, the pool has ${ctx.scratchBytes} B`);
    }
    try {
      reply.periods = [...imfHilbertInto(ctx.runtime, t.out, reply.imfs!, t.n, t.hilbert, ctx.scratchOff)];
    } catch (e) {
      if (e instanceof CgqError) throw new CgqError(e.code, `--hilbert: ${e.message}`);
      throw e;
    }
  }
  return reply;
}

export function noiseStepOp(task: Task, ctx: WorkerContext): EmdReply {
  const t = task as NoiseStepTask;
  const k = emdKernels(ctx.runtime);
  const scratch = scratchFor(ctx, t.n, t.key);
  const reply: EmdReply = { rows: 0, sifts: 0, knots: 0, wrote: [], stds: [] };
  for (let r = t.t0; r < t.t1; r++) {
    const state = t.states + r * t.stateBytes;
    const out = t.rows + r * t.n * 8;
    const sifts0 = k.stateSifts(state);
    const knots0 = k.stateKnots(state);
    const wrote = k.next(state, t.cfg, out, scratch, `${t.key} (realisation ${r})`);
    reply.sifts += k.stateSifts(state) - sifts0;
    reply.knots += k.stateKnots(state) - knots0;
    reply.rows += wrote ? 1 : 0;
    reply.wrote!.push(wrote ? 1 : 0);
    reply.stds!.push(wrote && t.wantStd ? k.std(out, t.n) : NaN);
  }
  return reply;
}

export function trialOp(task: Task, ctx: WorkerContext): EmdReply {
  const t = task as TrialTask;
  const k = emdKernels(ctx.runtime);
  const scratch = scratchFor(ctx, t.n, t.key);
  const flag = t.cancel ? new Int32Array(ctx.memory.buffer, t.cancel, 1) : undefined;
  const reply: EmdReply = { rows: 0, sifts: 0, knots: 0, trialRows: [] };
  for (let j = 0; j < t.out.length; j++) {
    if (flag && Atomics.load(flag, 0) !== 0) {
      reply.trialRows!.push(-1);
      continue;
    }
    const rows = k.trial(t.prev, t.noise[j]!, t.n, t.s0[j]!, t.coef, t.mode, t.out[j]!, t.cfg, scratch, `${t.key} (trial ${j})`);
    reply.trialRows!.push(rows);
    reply.sifts += k.lastSifts();
    reply.knots += k.lastKnots();
  }
  return reply;
}

export function testOp(task: Task, ctx: WorkerContext): EmdReply {
  const t = task as TestTask;
  const k = emdKernels(ctx.runtime);
  const rows = k.test(t.R, t.n, t.cfg, scratchFor(ctx, t.n, t.key), t.key);
  return { rows, sifts: k.lastSifts(), knots: k.lastKnots() };
}

/** Op name → handler, for src/engine/worker-ops.ts and the in-thread executor. */
export const EMD_OPS = {
  [EMD_ROWS_OP]: emdRowsOp,
  [NOISE_STEP_OP]: noiseStepOp,
  [TRIAL_OP]: trialOp,
  [TEST_OP]: testOp,
} as const;
