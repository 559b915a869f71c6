/**
 * CEEMDAN as PyEMD 1.10.2 runs it (Colominas 2014 "improved" variant), for one or more series of
 * the same length decomposed together:
 *   1. S = x / std(x) (std 0 -> 1); noise matrix (trials × n) from RandomState(seed).normal; each
 *      noise row's EMD is scaled by the std of its first IMF.
 *   2. First component: c1 = mean over trials of row 0 of EMD(S + ε·E1(w_t), max_imf = 1).
 *   3. Then, up to 100 times: stop when max_imf components exist, or EMD(R, max_imf = 1) has one
 *      row, or range(R) < range_thr, or sum|R| < total_power_thr (R = S − Σc); otherwise with
 *      β = ε·std(r): local mean M = mean over trials of the last row of EMD(r + β·E_k(w_t),
 *      max_imf = 1) (no noise when realisation t has no row k); c = r − M; r = M.
 *   4. Rows: the components and S − Σc, all times std(x).
 * Every trial, noise step and stop test is a task on the executor (the pool's workers), so one
 * long series uses every worker. Results are committed in trial order (numpy's summation order:
 * Σ row for c1, then /trials; Σ (row/trials) for M), never in completion order, so the output is
 * bit-identical for every --n-jobs. Series run in lock-step stage by stage so that the noise bank
 * (./noise-bank.ts) advances once per stage for all of them. A stop test runs alongside its
 * stage's trials; when it ends a series, the series' in-flight trials are discarded and the rest
 * skipped (a cancel flag in shared memory).
 */
import { CgqError, asCgqError } from '../errors.js';
import type { SharedArena } from '../engine/arena.js';
import type { Progress } from '../engine/progress.js';
import type { LocalKernels } from '../kernels/local.js';
import { emdKernels } from './kernels.js';
import type { EmdExecutor, EmdDone } from './executor.js';
import { NoiseBank } from './noise-bank.js';
import { TEST_OP, TRIAL_OP, type TestTask, type TrialTask } from './ops.js';
import { CEEMDAN_MAX_STAGES, CFG_BYTES, writeCfg, type CeemdanSettings } from './settings.js';
import type { OpTask } from '../engine/protocol.js';

export interface CeemdanOptions {
  settings: CeemdanSettings;
  /** Names of the series for messages (default: series 0, 1, ...). */
  keys?: readonly string[];
  progress?: Progress;
  signal?: AbortSignal;
  /** Arena bytes the trial result slots may use (default 64 MiB). */
  slotBudgetBytes?: number;
}

export interface CeemdanStats {
  /** Components before the residue. */
  components: number;
  /** Stages run (the first IMF counts as stage 0). */
  stages: number;
  /** Siftings of this series' trials and stop tests. */
  sifts: number;
}

export interface CeemdanRunStats {
  /** Siftings of the noise realisations' EMDs (once per run). */
  noiseSifts: number;
  /** Spline knots of those siftings and of the series' (the envelope work measure). */
  noiseKnots: number;
  seriesKnots: number;
  /** Worker milliseconds spent on noise EMDs and on the series' trials/tests. */
  noiseMs: number;
  seriesMs: number;
  tasks: number;
  /** Arena bytes the run used (bank, slots, series buffers). */
  arenaBytes: number;
}

export interface CeemdanResult {
  /** Components then the residue, length n each, in the input's scale. */
  rows: Float64Array[];
  stats: CeemdanStats;
}

interface SeriesState {
  key: string;
  scale: number;
  S: Float64Array;
  /** Shared: S at stage 0, then the residue r the trials add noise to. */
  prevOff: number;
  /** Shared: R = S − Σc for the stop test. */
  rOff: number;
  /** E (stage 0) or the local mean M (later stages), summed in trial order. */
  acc: Float64Array;
  sumC: Float64Array;
  comps: Float64Array[];
  beta: number;
  done: boolean;
  nextCommit: number;
  pending: Map<number, { slot: number; rows: number }>;
  sifts: number;
}

function checkInputs(inputs: readonly Float64Array[], keys: readonly string[]): number {
  if (inputs.length === 0) throw new CgqError('INPUT_EMPTY', 'ceemdan: no series given');
  const n = inputs[0]!.length;
  inputs.forEach((x, s) => {
    if (x.length !== n) throw new CgqError('USAGE', `ceemdan: series ${keys[s]} has ${x.length} samples, expected ${n} (series decomposed together share one length)`);
    if (x.length === 0) throw new CgqError('INPUT_EMPTY', `ceemdan: series ${keys[s]} is empty`);
    if (x.length < 2) throw new CgqError('USAGE', `ceemdan: series ${keys[s]} has 1 sample; CEEMDAN needs at least 2 (its noise is scaled by a standard deviation)`);
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]!)) throw new CgqError('INPUT_NONFINITE', `ceemdan: series ${keys[s]} has a non-finite value (${x[i]}) at index ${i}`);
    }
  });
  return n;
}

/**
 * Decompose `inputs` (same length) with CEEMDAN. `local` is the calling thread's kernel instance
 * on the same arena the executor's workers see; `exec` runs the tasks.
 */
export async function ceemdan(
  exec: EmdExecutor,
  local: LocalKernels,
  inputs: readonly Float64Array[],
  opts: CeemdanOptions,
): Promise<{ results: CeemdanResult[]; run: CeemdanRunStats }> {
  const s = opts.settings;
  const keys = opts.keys ?? inputs.map((_, i) => `series ${i}`);
  const n = checkInputs(inputs, keys);
  const T = s.trials;
  const arena: SharedArena = local.arena;
  const mem = arena.memory;
  const main = emdKernels(local.runtime);
  const run: CeemdanRunStats = { noiseSifts: 0, noiseKnots: 0, seriesKnots: 0, noiseMs: 0, seriesMs: 0, tasks: 0, arenaBytes: 0 };
  const mark = arena.mark();
  let stopProgress = () => {};
  try {
    const cfg = arena.alloc(CFG_BYTES);
    writeCfg(mem, cfg, s.emd);
    const series: SeriesState[] = inputs.map((x, i) => {
      const xOff = arena.putF64(x);
      let scale = main.std(xOff, n);
      if (scale === 0) scale = 1;
      const S = new Float64Array(n);
      for (let j = 0; j < n; j++) S[j] = x[j]! / scale;
      const prevOff = arena.allocF64(n);
      arena.f64(prevOff, n).set(S);
      return {
        key: keys[i]!,
        scale,
        S,
        prevOff,
        rOff: arena.allocF64(n),
        acc: new Float64Array(n),
        sumC: new Float64Array(n),
        comps: [],
        beta: s.epsilon,
        done: false,
        nextCommit: 0,
        pending: new Map(),
        sifts: 0,
      };
    });
    const cancelOff = arena.alloc(4 * series.length);
    const cancel = new Int32Array(mem.buffer, cancelOff, series.length);
    cancel.fill(0);
    const bank = new NoiseBank(arena, local.runtime, n, T, s.seed);
    const slotCount = Math.max(2 * exec.workers + 2, Math.min(T * series.length, Math.floor((opts.slotBudgetBytes ?? 64 * 2 ** 20) / (8 * n))));
    const slotsOff = arena.alloc(slotCount * n * 8);
    run.arenaBytes = arena.mark() - mark;

    const progress = new StageProgress(opts.progress, n, T * (series.length + 1));
    stopProgress = () => progress.stop();
    for (let stage = 0; stage <= CEEMDAN_MAX_STAGES; stage++) {
      const tests: number[] = [];
      if (stage > 0) {
        for (let si = 0; si < series.length; si++) {
          const ss = series[si]!;
          if (ss.done) continue;
          if (endsCheaply(ss, s, n, main, arena)) finish(ss, si);
          else tests.push(si);
        }
      }
      const active = series.filter((x) => !x.done);
      if (active.length === 0) break;
      for (const ss of active) {
        if (stage > 0) ss.beta = s.epsilon * main.std(ss.prevOff, n);
        ss.acc.fill(0);
        ss.nextCommit = 0;
        ss.pending.clear();
      }
      await runStage(stage, tests);
      for (const ss of series) {
        if (!ss.done) closeStage(ss, stage, n, T, arena);
      }
    }
    for (let si = 0; si < series.length; si++) if (!series[si]!.done) finish(series[si]!, si);
    progress.finish();

    const results: CeemdanResult[] = series.map((ss) => {
      const res = new Float64Array(n);
      for (let j = 0; j < n; j++) res[j] = ss.S[j]! - ss.sumC[j]!;
      const rows = [...ss.comps, res].map((r) => {
        const o = new Float64Array(n);
        for (let j = 0; j < n; j++) o[j] = r[j]! * ss.scale;
        return o;
      });
      return { rows, stats: { components: ss.comps.length, stages: ss.comps.length, sifts: ss.sifts } };
    });
    return { results, run };

    function finish(ss: SeriesState, si: number): void {
      ss.done = true;
      Atomics.store(cancel, si, 1);
    }

    /** Run one stage's tests, noise steps and trials to completion. */
    async function runStage(stage: number, tests: number[]): Promise<void> {
      const freeSlots: number[] = [];
      for (let i = slotCount - 1; i >= 0; i--) freeSlots.push(i);
      const noiseDone = new Uint8Array(T);
      let noiseNext = 0;
      let cursor = 0; // canonical trial order: t-major, series-minor
      const total = T * series.length;
      const skipExhausted = () => {
        while (noiseNext < T && bank.exhausted[noiseNext]) {
          bank.hasRow[noiseNext] = 0;
          noiseDone[noiseNext] = 1;
          noiseNext++;
        }
      };
      const pick = (): { task: OpTask; done: (r: EmdDone) => void } | undefined => {
        const ti = tests.shift();
        if (ti !== undefined) {
          const ss = series[ti]!;
          const task: TestTask = { op: TEST_OP, key: `${ss.key} stop test ${stage}`, R: ss.rOff, n, cfg };
          return {
            task,
            done: ({ data, ms }) => {
              ss.sifts += data.sifts;
              run.seriesKnots += data.knots;
              run.seriesMs += ms;
              if (data.rows === 1) {
                finish(ss, ti);
                for (const p of ss.pending.values()) freeSlots.push(p.slot);
                ss.pending.clear();
              }
            },
          };
        }
        while (cursor < total && series[cursor % series.length]!.done) cursor++;
        if (cursor < total) {
          const t = Math.floor(cursor / series.length);
          const si = cursor % series.length;
          if (noiseDone[t] && freeSlots.length > 0) {
            cursor++;
            const ss = series[si]!;
            const slot = freeSlots.pop()!;
            const out = slotsOff + slot * n * 8;
            const task: TrialTask = {
              op: TRIAL_OP,
              key: `${ss.key} trial ${t} stage ${stage}`,
              prev: ss.prevOff,
              noise: bank.hasRow[t] ? bank.rowOff(t) : 0,
              n,
              s0: bank.s0[t]!,
              coef: stage === 0 ? s.epsilon : ss.beta,
              mode: stage === 0 ? 0 : 1,
              out,
              cfg,
              cancel: cancelOff + 4 * si,
            };
            return {
              task,
              done: ({ data, ms }) => {
                run.seriesMs += ms;
                run.seriesKnots += data.knots;
                ss.sifts += data.sifts;
                if (ss.done || data.skipped) {
                  freeSlots.push(slot);
                  return;
                }
                ss.pending.set(t, { slot, rows: data.rows });
                commitReady(ss, stage);
              },
            };
          }
        }
        skipExhausted();
        if (noiseNext < T && series.some((x) => !x.done)) {
          const t = noiseNext++;
          const task = bank.stepTask(t, stage, cfg);
          return {
            task,
            done: ({ data, ms }) => {
              run.noiseSifts += data.sifts;
              run.noiseKnots += data.knots;
              run.noiseMs += ms;
              bank.stepDone(t, stage, data.rows === 1, data.std);
              if (stage === 0 && data.rows === 1 && !(bank.s0[t]! > 0)) {
                throw new CgqError('KERNEL_TRAP', `ceemdan: noise realisation ${t} has a zero first IMF`);
              }
              noiseDone[t] = 1;
            },
          };
        }
        return undefined;
      };
      const commitReady = (ss: SeriesState, st: number) => {
        while (ss.pending.has(ss.nextCommit)) {
          const p = ss.pending.get(ss.nextCommit)!;
          ss.pending.delete(ss.nextCommit);
          if (p.rows > 0) {
            const row = arena.f64(slotsOff + p.slot * n * 8, n);
            const acc = ss.acc;
            if (st === 0) for (let j = 0; j < n; j++) acc[j] = acc[j]! + row[j]!;
            else for (let j = 0; j < n; j++) acc[j] = acc[j]! + row[j]! / T;
          }
          freeSlots.push(p.slot);
          ss.nextCommit++;
        }
      };
      const complete = () => tests.length === 0 && series.every((ss) => ss.done || ss.nextCommit === T);
      await schedule(exec, pick, complete, opts.signal, () => {
        run.tasks++;
        progress.tick();
      });
    }
  } finally {
    stopProgress();
    arena.release(mark);
  }
}

/**
 * One progress bar for the whole run. The number of stages is only known at the end, so the total
 * is an estimate (PyEMD gives about log2(n) − 2 components); ticks stop short of it until the run
 * ends, then the bar is completed.
 */
class StageProgress {
  private done = 0;
  private readonly total: number;

  constructor(
    private readonly p: Progress | undefined,
    n: number,
    tasksPerStage: number,
  ) {
    this.total = tasksPerStage * Math.max(2, Math.ceil(Math.log2(n + 1)) - 2);
    p?.start(this.total, 'CEEMDAN');
  }

  tick(): void {
    if (this.done < this.total - 1) {
      this.done++;
      this.p?.tick();
    }
  }

  finish(): void {
    this.p?.tick(this.total - this.done);
    this.done = this.total;
    this.stop();
  }

  /** Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.p?.stop();
  }

  private stopped = false;
}

/** The cheap half of PyEMD's end condition (range and sum|R|) on R = S − Σc; writes R to rOff. */
function endsCheaply(ss: SeriesState, s: CeemdanSettings, n: number, main: ReturnType<typeof emdKernels>, arena: SharedArena): boolean {
  if (s.maxImf > 0 && ss.comps.length >= s.maxImf) return true;
  const R = arena.f64(ss.rOff, n);
  let mx = -Infinity;
  let mn = Infinity;
  for (let j = 0; j < n; j++) {
    const r = ss.S[j]! - ss.sumC[j]!;
    R[j] = r;
    if (r > mx) mx = r;
    if (r < mn) mn = r;
  }
  if (mx - mn < s.rangeThr) return true;
  return main.sumAbs(ss.rOff, n) < s.totalPowerThr;
}

/** Turn a stage's committed sum into the next component and residue. */
function closeStage(ss: SeriesState, stage: number, n: number, T: number, arena: SharedArena): void {
  const c = new Float64Array(n);
  const prev = arena.f64(ss.prevOff, n);
  if (stage === 0) {
    for (let j = 0; j < n; j++) c[j] = ss.acc[j]! / T;
    for (let j = 0; j < n; j++) prev[j] = ss.S[j]! - c[j]!;
    ss.sumC.set(c);
  } else {
    for (let j = 0; j < n; j++) c[j] = prev[j]! - ss.acc[j]!;
    for (let j = 0; j < n; j++) ss.sumC[j] = ss.sumC[j]! + c[j]!;
    prev.set(ss.acc);
  }
  ss.comps.push(c);
}

/**
 * Keep up to 2·workers tasks in flight (a queued task hides the round trip between a worker's
 * reply and its next task), taking them from `pick` until `complete`. A failure or an abort stops
 * new work; the promise settles only once every in-flight task has, so no worker still writes
 * into memory the caller is about to release.
 */
export function schedule(
  exec: EmdExecutor,
  pick: () => { task: OpTask; done: (r: EmdDone) => void } | undefined,
  complete: () => boolean,
  signal: AbortSignal | undefined,
  onDone: () => void,
): Promise<void> {
  const cap = 2 * exec.workers;
  return new Promise<void>((resolve, reject) => {
    let inflight = 0;
    let failure: CgqError | undefined;
    const settle = () => {
      if (inflight > 0) return;
      if (failure) reject(failure);
      else if (signal?.aborted) reject(new CgqError('INTERRUPTED', 'ceemdan: interrupted'));
      else if (complete()) resolve();
      else reject(new CgqError('INTERNAL', 'ceemdan: the scheduler ran out of work before the stage completed'));
    };
    const pump = () => {
      while (!failure && !signal?.aborted && inflight < cap) {
        let job: ReturnType<typeof pick>;
        try {
          job = pick();
        } catch (e) {
          failure = asCgqError(e);
          break;
        }
        if (!job) break;
        inflight++;
        const j = job;
        exec.run(j.task).then(
          (r: EmdDone) => {
            inflight--;
            try {
              j.done(r);
              onDone();
            } catch (e) {
              failure ??= asCgqError(e);
            }
            pump();
          },
          (e: unknown) => {
            inflight--;
            failure ??= signal?.aborted ? new CgqError('INTERRUPTED', 'ceemdan: interrupted') : asCgqError(e);
            pump();
          },
        );
      }
      if (failure || signal?.aborted || complete()) settle();
      else if (inflight === 0) settle();
    };
    pump();
  });
}

