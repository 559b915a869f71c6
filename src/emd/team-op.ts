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
 * the one stream, in realisation order). A worker with nothing left to claim in a stage advances,
 * ahead, the noise of realisations whose trial of the stage is done to their next row (a busy word
 * per realisation keeps each step to one worker), so the stage's tail is not idle time. The arithmetic is ./ceemdan-stage.ts's and the kernels'
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
export const C_SEQ = 5; // bumped at every event an idle worker may wait for (a trial done, a stage opened, the run ended)
const C_CLAIM = 8; // per stage: next item to claim
const C_DONE = C_CLAIM + CEEMDAN_MAX_STAGES + 1; // per stage: items finished
const C_STOP = C_DONE + CEEMDAN_MAX_STAGES + 1; // per stage: its stop test ended the series
export const CTL_WORDS = C_STOP + CEEMDAN_MAX_STAGES + 1;

export const RUNNING = 0;
export const FINISHED = 1;
export const FAILED = 2;
export const ABORTED = 3;

// Per-realisation words (Int32 at real + 4·(field·trials + t)).
export const R_EXHAUSTED = 0; // its EMD has no rows left
export const R_AT = 1; // the stage whose row the bank holds (-1: none yet)
export const R_BUSY = 2; // a worker is advancing it
export const R_TRIAL = 3; // the last stage whose trial is done (-1: none)
export const R_FIELDS = 4;

/** Milliseconds a wait sleeps before re-checking the run state. */
const WAIT_MS = 50;

/** Offsets of a team run's shared state (./ceemdan-team.ts allocates it). */
export interface TeamLayout {
  ctl: number;
  /** f64: β of the open stage. */
  beta: number;
  /** Per realisation: np.std of its first noise row (f64), its R_* words (i32), each trial's row count (i32). */
  s0: number;
  real: number;
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

/** Wake every idle worker: something they may wait for happened. */
export function signalEvent(ctl: Int32Array): void {
  Atomics.add(ctl, C_SEQ, 1);
  Atomics.notify(ctl, C_SEQ);
}

export function ceemdanTeamOp(task: Task, ctx: WorkerContext): TeamReply {
  const { layout: L, n, settings: s, cfg, key } = task as TeamTask;
  const T = s.trials;
  const buf = ctx.memory.buffer;
  const ctl = new Int32Array(buf, L.ctl, CTL_WORDS);
  const f64 = (off: number, len = n) => new Float64Array(buf, off, len);
  const beta = f64(L.beta, 1);
  const s0 = f64(L.s0, T);
  const real = new Int32Array(buf, L.real, R_FIELDS * T);
  const rw = (f: number, t: number) => f * T + t;
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

  /** Draw realisation t's noise: the stream is drawn in realisation order, after the claimer of t - 1 drew. */
  const draw = (t: number) => {
    for (let d = Atomics.load(ctl, C_DRAWN); d < t && Atomics.load(ctl, C_STATE) === RUNNING; d = Atomics.load(ctl, C_DRAWN)) {
      Atomics.wait(ctl, C_DRAWN, d, WAIT_MS);
    }
    if (Atomics.load(ctl, C_STATE) !== RUNNING) return;
    drawRealisation(ctx.runtime, L.bank, n, t);
    Atomics.store(ctl, C_DRAWN, t + 1);
    Atomics.notify(ctl, C_DRAWN);
  };

  /** Advance realisation t's EMD to its row of stage st (the caller holds R_BUSY). */
  const advance = (t: number, st: number) => {
    const t0 = performance.now();
    const state = L.bank.statesOff + t * EMD_STATE_BYTES;
    const sifts0 = k.stateSifts(state);
    const knots0 = k.stateKnots(state);
    const wrote = k.next(state, cfg, rowOff(t), scratch, `noise ${t} row ${st} (realisation ${t})`);
    reply.noiseSiftsAt[st] += k.stateSifts(state) - sifts0;
    reply.noiseKnots += k.stateKnots(state) - knots0;
    reply.noiseMs += performance.now() - t0;
    if (!wrote) Atomics.store(real, rw(R_EXHAUSTED, t), 1);
    else if (st === 0) {
      s0[t] = k.std(rowOff(t), n);
      if (!(s0[t]! > 0)) throw new CgqError('KERNEL_TRAP', `ceemdan: noise realisation ${t} has a zero first IMF`);
    }
    Atomics.store(real, rw(R_AT, t), st);
  };

  /** Run f holding realisation t's busy word; false when another worker holds it. */
  const holding = (t: number, f: () => void): boolean => {
    if (Atomics.compareExchange(real, rw(R_BUSY, t), 0, 1) !== 0) return false;
    try {
      f();
    } finally {
      Atomics.store(real, rw(R_BUSY, t), 0);
      Atomics.notify(real, rw(R_BUSY, t));
    }
    return true;
  };

  /** Realisation t's noise row of stage st, computed here unless an idle worker did it ahead; whether it has one. */
  const noiseRow = (st: number, t: number): boolean => {
    if (st === 0) draw(t);
    const ready = () => Atomics.load(real, rw(R_EXHAUSTED, t)) !== 0 || Atomics.load(real, rw(R_AT, t)) >= st;
    while (!ready() && Atomics.load(ctl, C_STATE) === RUNNING) {
      if (holding(t, () => ready() || advance(t, st))) break;
      Atomics.wait(real, rw(R_BUSY, t), 1, WAIT_MS);
    }
    return Atomics.load(real, rw(R_EXHAUSTED, t)) === 0;
  };

  /**
   * Idle in stage st: advance one realisation whose stage-st trial is done to its next row (no one
   * reads its stage-st row any more), as the task scheduler does at stage ends. False when none can.
   */
  const aheadStep = (st: number): boolean => {
    if (st + 1 > CEEMDAN_MAX_STAGES || Atomics.load(ctl, C_STOP + st) !== 0) return false;
    for (let t = 0; t < T; t++) {
      const can = () => Atomics.load(real, rw(R_TRIAL, t)) === st && Atomics.load(real, rw(R_AT, t)) === st && Atomics.load(real, rw(R_EXHAUSTED, t)) === 0;
      if (!can() || Atomics.load(real, rw(R_BUSY, t)) !== 0) continue;
      if (holding(t, () => can() && advance(t, st + 1))) return true;
    }
    return false;
  };

  /** Nothing left to claim in stage st: work ahead, or sleep until something happens. */
  const idle = (st: number) => {
    while (Atomics.load(ctl, C_STAGE) === st && Atomics.load(ctl, C_STATE) === RUNNING) {
      const seq = Atomics.load(ctl, C_SEQ);
      if (aheadStep(st)) continue;
      if (Atomics.load(ctl, C_STAGE) !== st) break;
      Atomics.wait(ctl, C_SEQ, seq, WAIT_MS);
    }
  };

  /** Whether stage st's stop test ended the series (trial t is then skipped: it would be discarded). */
  const stopped = (st: number, t: number): boolean => {
    if (Atomics.load(ctl, C_STOP + st) === 0) return false;
    trialRows[t] = -1;
    return true;
  };

  const trial = (st: number, t: number) => {
    if (stopped(st, t)) return;
    const has = noiseRow(st, t);
    // Checked again: the stop test may have ended the series while the noise row was computed.
    if (Atomics.load(ctl, C_STATE) !== RUNNING || stopped(st, t)) return;
    const t0 = performance.now();
    const coef = st === 0 ? s.epsilon : beta[0]!;
    trialRows[t] = k.trial(L.prev, has ? rowOff(t) : 0, n, s0[t]!, coef, st === 0 ? 0 : 1, slotOff(t), cfg, scratch, `${key} trial ${t} stage ${st}`);
    reply.seriesSifts += k.lastSifts();
    reply.seriesKnots += k.lastKnots();
    reply.seriesMs += performance.now() - t0;
    Atomics.store(real, rw(R_TRIAL, t), st);
    Atomics.add(ctl, C_TICKS, 2);
    signalEvent(ctl);
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
        // Everything of this stage is claimed: work ahead until whoever finishes its last item closes it.
        idle(st);
        continue;
      }
      if (st > 0 && i === 0) stopTest(st);
      else trial(st, st === 0 ? i : i - 1);
      if (Atomics.load(ctl, C_STATE) !== RUNNING) break;
      if (Atomics.add(ctl, C_DONE + st, 1) + 1 === items) {
        closeStage(st);
        signalEvent(ctl);
      }
    }
  } catch (e) {
    Atomics.store(ctl, C_STATE, FAILED);
    signalEvent(ctl);
    throw e;
  }
  return reply;
}
