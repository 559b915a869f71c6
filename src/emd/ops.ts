/**
 * The EMD/CEEMDAN worker operations (registered in src/engine/worker-ops.ts). Each task names
 * offsets into the shared memory (inputs, outputs, the settings block) and runs one kernel call
 * in the worker's private scratch; the reply is a few numbers (row count, siftings, knots).
 */
import { CgqError } from '../errors.js';
import type { OpTask, Task } from '../engine/protocol.js';
import type { WorkerContext } from '../engine/worker-ops.js';
import { emdKernels } from './kernels.js';

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
}

/** Advance a noise realisation's generator (state) by one row into out; std of row 0 when asked. */
export interface NoiseStepTask extends OpTask {
  op: typeof NOISE_STEP_OP;
  state: number;
  n: number;
  cfg: number;
  out: number;
  wantStd: boolean;
}

/** One CEEMDAN trial (see assembly/emd/ceemdan.ts ceemdan_trial). `cancel`: Int32 flag offset. */
export interface TrialTask extends OpTask {
  op: typeof TRIAL_OP;
  prev: number;
  noise: number;
  n: number;
  s0: number;
  coef: number;
  mode: 0 | 1;
  out: number;
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
  /** NOISE_STEP_OP with wantStd: np.std of the row. */
  std?: number;
  /** EMD_ROWS_OP: rows before the residue (the rest is the residue, absent when ~0). */
  imfs?: number;
  /** TRIAL_OP: the series was cancelled before the trial started. */
  skipped?: boolean;
}

function scratchFor(ctx: WorkerContext, n: number, key: string): number {
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
  return { rows, sifts: k.lastSifts(), knots: k.lastKnots(), imfs: k.lastImfs() };
}

export function noiseStepOp(task: Task, ctx: WorkerContext): EmdReply {
  const t = task as NoiseStepTask;
  const k = emdKernels(ctx.runtime);
  const sifts0 = k.stateSifts(t.state);
  const knots0 = k.stateKnots(t.state);
  const wrote = k.next(t.state, t.cfg, t.out, scratchFor(ctx, t.n, t.key), t.key);
  const reply: EmdReply = { rows: wrote ? 1 : 0, sifts: k.stateSifts(t.state) - sifts0, knots: k.stateKnots(t.state) - knots0 };
  if (wrote && t.wantStd) reply.std = k.std(t.out, t.n);
  return reply;
}

export function trialOp(task: Task, ctx: WorkerContext): EmdReply {
  const t = task as TrialTask;
  if (t.cancel && Atomics.load(new Int32Array(ctx.memory.buffer, t.cancel, 1), 0) !== 0) {
    return { rows: 0, sifts: 0, knots: 0, skipped: true };
  }
  const k = emdKernels(ctx.runtime);
  const rows = k.trial(t.prev, t.noise, t.n, t.s0, t.coef, t.mode, t.out, t.cfg, scratchFor(ctx, t.n, t.key), t.key);
  return { rows, sifts: k.lastSifts(), knots: k.lastKnots() };
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
