/**
 * CEEMDAN of one series by a team of workers that coordinate through shared memory instead of
 * through the calling thread (./ceemdan-team.ts posts one `ceemdan_team` task per worker).
 *
 * Why: a stage of a short series is a few milliseconds of work. Sent as tasks, every stage pays
 * message round trips and a calling thread that competes with the workers for the cores, so two
 * workers were barely faster than one at n = 2,000. Here each worker claims the stage's work items
 * from an atomic counter, and the worker that finishes a stage's last item closes it (commits the
 * trials in trial order, forms the component, opens the next stage) while the others wait on the
 * stage word.
 *
 * Items of stage k: the stop test (k ≥ 1, item 0), then trial t for every realisation t, which
 * first advances realisation t's noise EMD by one row (at stage 0 it first draws the noise, from
 * the one stream, in realisation order). The arithmetic is ./ceemdan-stage.ts's and the kernels'
 * (the same as the coordinator's), committed in trial order, so the output is the same bits for
 * every worker count and either scheduler.
 *
 * No worker ever waits for a team task that has not started: work is only ever waited on once it
 * is claimed, so a team task queued behind other work joins late (or finds the run finished)
 * without blocking the others. Every wait times out to re-check the run state, so a failed or
 * aborted run releases all of them.
 */
import { CgqError } from '../errors.js';
import type { OpTask, Task } from '../engine/protocol.js';
import type { WorkerContext } from '../engine/worker-ops.js';
import { closeStageInto, commitTrialRow, residueEnds } from './ceemdan-stage.js';
import { EMD_STATE_BYTES, emdKernels } from './kernels.js';
import { drawRealisation, type NoiseBankOffsets } from './noise-bank.js';
import { scratchFor } from './ops.js';
import { CEEMDAN_MAX_STAGES, type CeemdanSettings } from './settings.js';

export const TEAM_OP = 'ceemdan_team';

// Control words (Int32, shared).
export const C_STATE = 0; // RUNNING, FINISHED, FAILED, ABORTED
export const C_STAGE = 1; // the open stage
export const C_DRAWN = 2; // realisations whose noise is drawn
export const C_TICKS = 3; // progress: noise steps + trials done
export const C_COMPS = 4; // components formed
const C_CLAIM = 8; // per stage: next item to claim
const C_DONE = C_CLAIM + CEEMDAN_MAX_STAGES + 1; // per stage: items finished
const C_STOP = C_DONE + CEEMDAN_MAX_STAGES + 1; // per stage: its stop test ended the series
export const CTL_WORDS = C_STOP + CEEMDAN_MAX_STAGES + 1;

export const RUNNING = 0;
export const FINISHED = 1;
export const FAILED = 2;
export const ABORTED = 3;

/** Milliseconds a wait sleeps before re-checking the run state. */
const WAIT_MS = 50;

/** Offsets of a team run's shared state (./ceemdan-team.ts allocates it). */
export interface TeamLayout {
  ctl: number;
  /** f64: β of the open stage. */
  beta: number;
  /** Per realisation: np.std of its first noise row (f64), whether its EMD has no rows left, each trial's row count (i32). */
  s0: number;
  exhausted: number;
  trialRows: number;
  /** n f64 each: the normalised input, the residue the trials add noise to, R for the stop test, the stage sum, Σc. */
  S: number;
  prev: number;
  R: number;
  acc: number;
  sumC: number;
  /** (CEEMDAN_MAX_STAGES + 1) rows of n f64: the components. */
  comps: number;
  /** trials rows of n f64: each trial's result row. */
  slots: number;
  /** The noise bank: current rows (trials × n) and its generating state. */
  rows: number;
  bank: NoiseBankOffsets;
}

export interface TeamTask extends OpTask {
  op: typeof TEAM_OP;
  layout: TeamLayout;
  n: number;
  settings: CeemdanSettings;
  cfg: number;
}

export interface TeamReply {
  seriesSifts: number;
  seriesKnots: number;
  seriesMs: number;
  noiseMs: number;
  noiseKnots: number;
  /** Noise siftings by stage (those of stages that closed with a component are the run's). */
  noiseSiftsAt: number[];
}

/** Sleep on word i while it holds v and the run is running. */
function waitWhile(ctl: Int32Array, i: number, v: number): void {
  while (Atomics.load(ctl, i) === v && Atomics.load(ctl, C_STATE) === RUNNING) Atomics.wait(ctl, i, v, WAIT_MS);
}

/** Wake every waiter (the run ended or a stage opened). */
function wakeAll(ctl: Int32Array): void {
  Atomics.notify(ctl, C_STAGE);
  Atomics.notify(ctl, C_DRAWN);
}

export function ceemdanTeamOp(task: Task, ctx: WorkerContext): TeamReply {
  const { layout: L, n, settings: s, cfg, key } = task as TeamTask;
  const T = s.trials;
  const buf = ctx.memory.buffer;
  const ctl = new Int32Array(buf, L.ctl, CTL_WORDS);
  const f64 = (off: number, len = n) => new Float64Array(buf, off, len);
  const beta = f64(L.beta, 1);
  const s0 = f64(L.s0, T);
  const exhausted = new Int32Array(buf, L.exhausted, T);
  const trialRows = new Int32Array(buf, L.trialRows, T);
  const k = emdKernels(ctx.runtime);
  const scratch = scratchFor(ctx, n, key);
  const reply: TeamReply = { seriesSifts: 0, seriesKnots: 0, seriesMs: 0, noiseMs: 0, noiseKnots: 0, noiseSiftsAt: new Array<number>(CEEMDAN_MAX_STAGES + 1).fill(0) };
  const rowOff = (t: number) => L.rows + t * n * 8;
  const slotOff = (t: number) => L.slots + t * n * 8;

  const stopTest = (st: number) => {
    const t0 = performance.now();
    const rows = k.test(L.R, n, cfg, scratch, `${key} stop test ${st}`);
    reply.seriesSifts += k.lastSifts();
    reply.seriesKnots += k.lastKnots();
    reply.seriesMs += performance.now() - t0;
    if (rows === 1) Atomics.store(ctl, C_STOP + st, 1);
  };

  /** Realisation t's noise row of stage st (drawing it first at stage 0); whether it has one. */
  const noiseRow = (st: number, t: number): boolean => {
    if (st === 0) {
      // The stream is drawn in realisation order: wait for the claimer of t - 1 to draw its noise.
      for (let d = Atomics.load(ctl, C_DRAWN); d < t && Atomics.load(ctl, C_STATE) === RUNNING; d = Atomics.load(ctl, C_DRAWN)) {
        Atomics.wait(ctl, C_DRAWN, d, WAIT_MS);
      }
      if (Atomics.load(ctl, C_STATE) !== RUNNING) return false;
      drawRealisation(ctx.runtime, L.bank, n, t);
      Atomics.store(ctl, C_DRAWN, t + 1);
      Atomics.notify(ctl, C_DRAWN);
    }
    if (exhausted[t]) return false;
    const t0 = performance.now();
    const state = L.bank.statesOff + t * EMD_STATE_BYTES;
    const sifts0 = k.stateSifts(state);
    const knots0 = k.stateKnots(state);
    const wrote = k.next(state, cfg, rowOff(t), scratch, `noise ${t} row ${st} (realisation ${t})`);
    reply.noiseSiftsAt[st] += k.stateSifts(state) - sifts0;
    reply.noiseKnots += k.stateKnots(state) - knots0;
    reply.noiseMs += performance.now() - t0;
    if (!wrote) {
      exhausted[t] = 1;
      return false;
    }
    if (st === 0) {
      s0[t] = k.std(rowOff(t), n);
      if (!(s0[t]! > 0)) throw new CgqError('KERNEL_TRAP', `ceemdan: noise realisation ${t} has a zero first IMF`);
    }
    return true;
  };

  const trial = (st: number, t: number) => {
    if (Atomics.load(ctl, C_STOP + st) !== 0) {
      trialRows[t] = -1;
      return;
    }
    const has = noiseRow(st, t);
    if (Atomics.load(ctl, C_STATE) !== RUNNING) return;
    const t0 = performance.now();
    const coef = st === 0 ? s.epsilon : beta[0]!;
    trialRows[t] = k.trial(L.prev, has ? rowOff(t) : 0, n, s0[t]!, coef, st === 0 ? 0 : 1, slotOff(t), cfg, scratch, `${key} trial ${t} stage ${st}`);
    reply.seriesSifts += k.lastSifts();
    reply.seriesKnots += k.lastKnots();
    reply.seriesMs += performance.now() - t0;
    Atomics.add(ctl, C_TICKS, 2);
  };

  /** The last item of stage st is done: form its component and open the next stage, or end. */
  const closeStage = (st: number) => {
    if (st > 0 && Atomics.load(ctl, C_STOP + st) !== 0) {
      Atomics.store(ctl, C_STATE, FINISHED);
      return;
    }
    const acc = f64(L.acc);
    acc.fill(0);
    for (let t = 0; t < T; t++) if (trialRows[t]! > 0) commitTrialRow(acc, f64(slotOff(t)), st, T);
    const comps = ctl[C_COMPS]!;
    const S = f64(L.S);
    const sumC = f64(L.sumC);
    const prev = f64(L.prev);
    closeStageInto(st, T, acc, prev, S, sumC, f64(L.comps + comps * n * 8));
    ctl[C_COMPS] = comps + 1;
    const next = st + 1;
    if (next > CEEMDAN_MAX_STAGES || residueEnds(s, comps + 1, S, sumC, f64(L.R), () => k.sumAbs(L.R, n))) {
      Atomics.store(ctl, C_STATE, FINISHED);
      return;
    }
    beta[0] = s.epsilon * k.std(L.prev, n);
    Atomics.store(ctl, C_STAGE, next);
  };

  try {
    while (Atomics.load(ctl, C_STATE) === RUNNING) {
      const st = Atomics.load(ctl, C_STAGE);
      const items = st === 0 ? T : T + 1;
      const i = Atomics.add(ctl, C_CLAIM + st, 1);
      if (i >= items) {
        // Everything of this stage is claimed: wait for whoever finishes its last item.
        waitWhile(ctl, C_STAGE, st);
        continue;
      }
      if (st > 0 && i === 0) stopTest(st);
      else trial(st, st === 0 ? i : i - 1);
      if (Atomics.load(ctl, C_STATE) !== RUNNING) break;
      if (Atomics.add(ctl, C_DONE + st, 1) + 1 === items) {
        closeStage(st);
        wakeAll(ctl);
      }
    }
  } catch (e) {
    Atomics.store(ctl, C_STATE, FAILED);
    wakeAll(ctl);
    throw e;
  }
  return reply;
}
