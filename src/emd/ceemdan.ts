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
 * Trials, noise steps and stop tests are tasks on the executor (the pool's workers), so one
 * long series uses every worker. Results are committed in trial order (numpy's summation order:
 * Σ row for c1, then /trials; Σ (row/trials) for M), never in completion order, so the output is
 * bit-identical for every --n-jobs. Series run in lock-step stage by stage so that the noise bank
 * (./noise-bank.ts) advances once per stage for all of them. A stop test runs alongside its
 * stage's trials; when it ends a series, the series' in-flight trials are discarded and the rest
 * skipped (a cancel flag in shared memory).
 * One series on a pool (without a noise cache, rows within the slot budget) is handed to a worker
 * team instead (./ceemdan-team.ts, ./team-op.ts): same arithmetic (./ceemdan-stage.ts), same bytes.
 * Task scheduling: one scheduler spans all stages (no idle barrier between them). Consecutive trials
 * (and noise realisations) are batched into one task, large at the start of a stage and
 * shrinking towards its end (guided self-scheduling), so small series do not drown in messages
 * and the last tasks of a stage are short. A realisation whose trials of the current stage are
 * all done is advanced to the next stage's row at once (its row is no longer read), which fills
 * the workers' idle time at the end of each stage.
 */
import { basename } from 'node:path';
import { CgqError, asCgqError } from '../errors.js';
import type { SharedArena } from '../engine/arena.js';
import type { Progress } from '../engine/progress.js';
import type { OpTask } from '../engine/protocol.js';
import type { LocalKernels } from '../kernels/local.js';
import { emdKernels } from './kernels.js';
import type { EmdExecutor, EmdDone } from './executor.js';
import { NoiseBank } from './noise-bank.js';
import { StageProgress } from './stage-progress.js';
import { TEAM_BUDGET_BYTES, ceemdanTeam, teamBytes } from './ceemdan-team.js';
import { checkedScale, closeStageInto, commitTrialRow, componentRows, emptyRunStats, residueEnds } from './ceemdan-stage.js';
import { DEFAULT_NOISE_CACHE_MAX_GIB, NoiseCacheReader, NoiseCacheWriter, pruneNoiseCache } from './noise-store.js';
import { TEST_OP, TRIAL_OP, type TestTask, type TrialTask } from './ops.js';
import { CEEMDAN_MAX_STAGES, CFG_BYTES, writeCfg, type CeemdanSettings } from './settings.js';

/** Points a task of batched trials or noise steps aims at (n · count): a few ms of work. */
const BATCH_POINTS = 60_000;

export interface CeemdanOptions {
  settings: CeemdanSettings;
  /** Names of the series for messages (default: series 0, 1, ...). */
  keys?: readonly string[];
  progress?: Progress;
  /** The progress bar's label (default `CEEMDAN`). */
  progressLabel?: string;
  signal?: AbortSignal;
  /** Arena bytes the trial result slots may use (default 64 MiB). */
  slotBudgetBytes?: number;
  /**
   * Directory of the persistent noise-EMD cache (./noise-store.ts): read the run's entry when it
   * is there, otherwise compute the noise EMDs to the end and publish the entry.
   */
  noiseCache?: string;
  /**
   * Cap on the noise cache's total bytes (default DEFAULT_NOISE_CACHE_MAX_GIB GiB; 0: none): after
   * the run, entries are evicted least recently used first, never the run's own.
   */
  noiseCacheMaxBytes?: number;
  /** Where one-line notices go (a damaged cache entry); default: nowhere. */
  log?: (line: string) => void;
  /**
   * Who schedules the work: 'team' (one series: the workers coordinate through shared memory,
   * ./team-op.ts), 'tasks' (the calling thread hands out tasks), or 'auto' (the default: a team
   * for one series without a noise cache whose rows fit the slot budget, on a pool).
   */
  scheduler?: 'auto' | 'team' | 'tasks';
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
  /** Siftings of the noise realisations' EMDs (once per run) for the stages whose trials were used. */
  noiseSifts: number;
  /**
   * Siftings of noise rows no trial ended up using: rows computed ahead for a stage that never
   * started, or rows of the last stage when its stop test ended the run (timing-dependent).
   */
  noiseUnusedSifts: number;
  /** Spline knots of those siftings and of the series' (the envelope work measure). */
  noiseKnots: number;
  seriesKnots: number;
  /** Worker milliseconds spent on noise EMDs and on the series' trials/tests. */
  noiseMs: number;
  seriesMs: number;
  tasks: number;
  /** Arena bytes the run used (bank, slots, series buffers). */
  arenaBytes: number;
  /** The noise-EMD cache: not asked for, read (hit), or computed and published (built). */
  noiseCache: 'off' | 'hit' | 'built';
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
  /** Next trial of the current stage to hand out. */
  nextTrial: number;
  /** Its stop test of the current stage has not reported yet. */
  testPending: boolean;
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
  // A constant series has nothing to decompose: no components, the series itself as the residue
  // (EMD's answer). PyEMD divides it by its std, 0 or rounding noise, and returns NaN or a
  // "component" that holds the level (README).
  const varying = inputs.flatMap((x, i) => (x.every((v) => v === x[0]) ? [] : [i]));
  if (varying.length < inputs.length) {
    const out = varying.length
      ? await ceemdan(exec, local, varying.map((i) => inputs[i]!), { ...opts, keys: varying.map((i) => keys[i]!) })
      : { results: [], run: emptyRunStats() };
    const results = inputs.map((x, i): CeemdanResult => {
      const v = varying.indexOf(i);
      return v >= 0 ? out.results[v]! : { rows: [Float64Array.from(x)], stats: { components: 0, stages: 0, sifts: 0 } };
    });
    return { results, run: out.run };
  }
  const T = s.trials;
  const team = opts.scheduler ?? 'auto';
  const teamFits = inputs.length === 1 && opts.noiseCache === undefined && exec.teams && teamBytes(n, T) <= (opts.slotBudgetBytes ?? TEAM_BUDGET_BYTES);
  if (team === 'team' && !teamFits) {
    throw new CgqError('USAGE', 'ceemdan: a worker team runs one series of a pool, without a noise cache, whose rows fit the slot budget');
  }
  const held = local.arena.holdMark(`ceemdan of ${keys[0]}${inputs.length > 1 ? ` and ${inputs.length - 1} more series` : ''}`);
  try {
    if (team === 'team' || (team === 'auto' && teamFits)) return await ceemdanTeam(exec, local, inputs[0]!, keys[0]!, opts);
    return await ceemdanTasks(exec, local, inputs, keys, n, opts);
  } finally {
    local.arena.releaseHold(held);
  }
}

/** The task scheduler (cohorts, long series, the noise cache): the calling thread hands out the stages' work as tasks. */
async function ceemdanTasks(
  exec: EmdExecutor,
  local: LocalKernels,
  inputs: readonly Float64Array[],
  keys: readonly string[],
  n: number,
  opts: CeemdanOptions,
): Promise<{ results: CeemdanResult[]; run: CeemdanRunStats }> {
  const s = opts.settings;
  const T = s.trials;
  const arena: SharedArena = local.arena;
  const mem = arena.memory;
  const main = emdKernels(local.runtime);
  const run: CeemdanRunStats = emptyRunStats();
  const mark = arena.mark();
  let stopProgress = () => {};
  let writer: NoiseCacheWriter | undefined;
  let reader: NoiseCacheReader | undefined;
  try {
    const cfg = arena.alloc(CFG_BYTES);
    writeCfg(mem, cfg, s.emd);
    const series: SeriesState[] = inputs.map((x, i) => {
      const xOff = arena.putF64(x);
      const scale = checkedScale(main.std(xOff, n), keys[i]!);
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
        nextTrial: 0,
        testPending: false,
        sifts: 0,
      };
    });
    const cancelOff = arena.alloc(4 * series.length);
    const cancel = new Int32Array(mem.buffer, cancelOff, series.length);
    cancel.fill(0);
    if (opts.noiseCache !== undefined) {
      const key = { n, trials: T, seed: s.seed, emd: s.emd };
      const found = NoiseCacheReader.open(opts.noiseCache, key);
      if (found instanceof NoiseCacheReader) reader = found;
      else {
        if (found.reason !== 'absent') opts.log?.(`ceemdan: noise cache entry not used, rebuilding it: ${found.reason}`);
        writer = new NoiseCacheWriter(opts.noiseCache, key);
      }
    }
    const bank = new NoiseBank(arena, local.runtime, n, T, s.seed, reader === undefined);
    if (reader) bank.s0.set(reader.s0);
    const slotCount = Math.max(2 * exec.workers + 2, Math.min(T * series.length, Math.floor((opts.slotBudgetBytes ?? 64 * 2 ** 20) / (8 * n))));
    const slotsOff = arena.alloc(slotCount * n * 8);
    run.arenaBytes = arena.mark() - mark;
    const freeSlots: number[] = [];
    for (let i = slotCount - 1; i >= 0; i--) freeSlots.push(i);
    /** Per realisation t: trials of the current stage that will still read its noise row. */
    const trialsLeft = new Int32Array(T);

    const progress = new StageProgress(opts.progress, n, opts.progressLabel);
    stopProgress = () => progress.stop();
    await runStages();
    for (let si = 0; si < series.length; si++) if (!series[si]!.done) finish(series[si]!, si);
    if (opts.noiseCache !== undefined) {
      const entry = writer ? writer.publish() : reader!.dir;
      run.noiseCache = writer ? 'built' : 'hit';
      writer = undefined;
      const maxBytes = opts.noiseCacheMaxBytes ?? DEFAULT_NOISE_CACHE_MAX_GIB * 2 ** 30;
      pruneNoiseCache(opts.noiseCache, { maxBytes, keep: basename(entry), log: opts.log });
    }
    progress.finish();

    const results: CeemdanResult[] = series.map((ss) => ({
      rows: componentRows(ss.comps, ss.S, ss.sumC, ss.scale),
      stats: { components: ss.comps.length, stages: ss.comps.length, sifts: ss.sifts },
    }));
    return { results, run };

    /** End a series: cancel its trials and release what it holds of the current stage. */
    function finish(ss: SeriesState, si: number): void {
      ss.done = true;
      Atomics.store(cancel, si, 1);
      for (const p of ss.pending.values()) freeSlots.push(p.slot);
      ss.pending.clear();
      for (let t = ss.nextTrial; t < T; t++) trialsLeft[t]!--;
      ss.nextTrial = T;
      ss.testPending = false;
    }

    /** Run every stage to the end on one scheduler. */
    async function runStages(): Promise<void> {
      let stage = 0;
      let closed = 0; // stages whose trials were used (closed with a component)
      let running = true;
      const tests: number[] = [];
      /** The last stage each realisation was advanced to (-1: not yet), and whether a step is running. */
      const noiseAt = new Int32Array(T).fill(-1);
      const noiseBusy = new Uint8Array(T);
      /** Noise siftings per stage (only those of stages whose trials were used are the run's). */
      const noiseSiftsAt = new Float64Array(CEEMDAN_MAX_STAGES + 2);
      let noiseCursor = 0; // current stage: realisations before it are advanced or being advanced
      let aheadCursor = 0; // next stage: same
      let trialsInFlight = 0;
      /** Progress of the open stage: its trials (they are most of its work), and how many are done. */
      let stageTrials = 0;
      let stageTrialsDone = 0;
      let loadedStage = -1; // with a cache reader: the stage whose rows the bank holds
      const workers = exec.workers;
      const maxBatch = Math.max(1, Math.min(32, Math.floor(BATCH_POINTS / n)));
      const batchOf = (remaining: number) => Math.max(1, Math.min(maxBatch, Math.ceil(remaining / (2 * workers))));

      const beginStage = () => {
        if (stage > CEEMDAN_MAX_STAGES) {
          running = false;
          return;
        }
        if (stage > 0) {
          for (let si = 0; si < series.length; si++) {
            const ss = series[si]!;
            if (ss.done) continue;
            if (endsCheaply(ss, s, n, main, arena)) {
              ss.done = true;
              Atomics.store(cancel, si, 1);
            } else {
              tests.push(si);
              ss.testPending = true;
            }
          }
        }
        const active = series.filter((x) => !x.done);
        if (active.length === 0) {
          running = false;
          return;
        }
        for (const ss of series) {
          ss.nextTrial = ss.done ? T : 0;
          if (ss.done) continue;
          if (stage > 0) ss.beta = s.epsilon * main.std(ss.prevOff, n);
          ss.acc.fill(0);
          ss.nextCommit = 0;
          ss.pending.clear();
        }
        trialsLeft.fill(active.length);
        noiseCursor = 0;
        aheadCursor = 0;
        stageTrials = T * active.length;
        stageTrialsDone = 0;
        progress.at(stage, 0, stageTrials);
      };

      /** Close finished stages and open the next ones. */
      const advance = () => {
        while (running && series.every((ss) => ss.done || (!ss.testPending && ss.nextCommit === T))) {
          for (const ss of series) {
            if (ss.done) continue;
            closeStage(ss, stage, n, T, arena);
            closed = stage + 1;
          }
          stage++;
          beginStage();
        }
      };

      /** Realisation t holds (or, exhausted, stands for) the noise row of stage st. */
      const noiseReady = (t: number, st: number) => noiseAt[t]! >= st;

      /** Skip realisations with no rows left (no task: the trials use no noise). */
      const skipExhausted = (t: number, st: number) => {
        if (noiseAt[t]! === st - 1 && !noiseBusy[t] && bank.exhausted[t]) {
          bank.hasRow[t] = 0;
          noiseAt[t] = st;
        }
      };

      const noiseTask = (t0: number, t1: number, st: number): { task: OpTask; done: (r: EmdDone) => void } => {
        for (let t = t0; t < t1; t++) noiseBusy[t] = 1;
        return {
          task: bank.stepTask(t0, t1, st, cfg),
          done: ({ data, ms }) => {
            noiseSiftsAt[st] += data.sifts;
            run.noiseKnots += data.knots;
            run.noiseMs += ms;
            if (writer) writer.addSifts(st, data.sifts);
            for (let t = t0; t < t1; t++) {
              const wrote = data.wrote![t - t0] === 1;
              bank.stepDone(t, st, wrote, data.stds![t - t0]);
              if (writer) {
                if (wrote) writer.putRow(st, t, new Uint8Array(mem.buffer, bank.rowOff(t), n * 8), data.stds![t - t0]);
                else writer.ended(t, st);
                if (wrote && st === CEEMDAN_MAX_STAGES) writer.ended(t, st + 1);
              }
              if (st === 0 && wrote && !(bank.s0[t]! > 0)) {
                throw new CgqError('KERNEL_TRAP', `ceemdan: noise realisation ${t} has a zero first IMF`);
              }
              noiseAt[t] = st;
              noiseBusy[t] = 0;
            }
          },
        };
      };

      const pick = (): { task: OpTask; done: (r: EmdDone) => void } | undefined => {
        if (!running) return undefined;
        const st = stage;
        // 1. Stop tests (they decide whether the stage's trials count at all).
        const ti = tests.shift();
        if (ti !== undefined) {
          const ss = series[ti]!;
          const task: TestTask = { op: TEST_OP, key: `${ss.key} stop test ${st}`, R: ss.rOff, n, cfg };
          return {
            task,
            done: ({ data, ms }) => {
              ss.sifts += data.sifts;
              run.seriesKnots += data.knots;
              run.seriesMs += ms;
              ss.testPending = false;
              if (data.rows === 1) finish(ss, ti);
              advance();
            },
          };
        }
        // With a cache: the stage's rows, once no trial (of a cancelled series) still reads the last ones.
        if (reader && loadedStage < st) {
          if (trialsInFlight > 0) return undefined;
          loadCachedStage(st);
        }
        // 2. Trials whose noise rows are ready: the series furthest behind first.
        let best = -1;
        for (let si = 0; si < series.length; si++) {
          const ss = series[si]!;
          if (ss.nextTrial < T && (best < 0 || ss.nextTrial < series[best]!.nextTrial)) best = si;
        }
        if (best >= 0 && freeSlots.length > 0) {
          const ss = series[best]!;
          const t0 = ss.nextTrial;
          const want = Math.min(batchOf(T - t0), freeSlots.length);
          let t1 = t0;
          while (t1 < T && t1 - t0 < want) {
            skipExhausted(t1, st);
            if (!noiseReady(t1, st)) break;
            t1++;
          }
          if (t1 > t0) {
            ss.nextTrial = t1;
            trialsInFlight++;
            const slots: number[] = [];
            const task: TrialTask = {
              op: TRIAL_OP,
              key: t1 - t0 > 1 ? `${ss.key} trials ${t0}..${t1 - 1} stage ${st}` : `${ss.key} trial ${t0} stage ${st}`,
              prev: ss.prevOff,
              noise: [],
              s0: [],
              out: [],
              n,
              coef: st === 0 ? s.epsilon : ss.beta,
              mode: st === 0 ? 0 : 1,
              cfg,
              cancel: cancelOff + 4 * best,
            };
            for (let t = t0; t < t1; t++) {
              const slot = freeSlots.pop()!;
              slots.push(slot);
              task.noise.push(bank.hasRow[t] ? bank.rowOff(t) : 0);
              task.s0.push(bank.s0[t]!);
              task.out.push(slotsOff + slot * n * 8);
            }
            return {
              task,
              done: ({ data, ms }) => {
                run.seriesMs += ms;
                run.seriesKnots += data.knots;
                ss.sifts += data.sifts;
                trialsInFlight--;
                for (let t = t0; t < t1; t++) {
                  // A cancelled series' trials can report after the stage closed: not this stage's.
                  if (st === stage) trialsLeft[t]!--;
                  const rows = data.trialRows![t - t0]!;
                  if (ss.done || rows < 0) freeSlots.push(slots[t - t0]!);
                  else ss.pending.set(t, { slot: slots[t - t0]!, rows });
                }
                if (!ss.done) commitReady(ss, st);
                if (st === stage) {
                  stageTrialsDone += t1 - t0;
                  progress.at(stage, stageTrialsDone, stageTrials);
                }
                advance();
              },
            };
          }
        }
        if (!bank.generate) return undefined;
        // 3. Noise steps of this stage, in realisation order (exhausted realisations need none).
        while (noiseCursor < T) {
          skipExhausted(noiseCursor, st);
          if (!noiseReady(noiseCursor, st) && !noiseBusy[noiseCursor]) break;
          noiseCursor++;
        }
        if (noiseCursor < T) {
          const t0 = noiseCursor;
          let t1 = t0;
          const want = batchOf(T - t0);
          while (t1 < T && t1 - t0 < want && noiseAt[t1]! === st - 1 && !noiseBusy[t1] && !bank.exhausted[t1]) t1++;
          noiseCursor = t1;
          return noiseTask(t0, t1, st);
        }
        // 4. The next stage's noise steps for realisations this stage no longer reads.
        if (st + 1 <= CEEMDAN_MAX_STAGES) {
          while (aheadCursor < T && (noiseAt[aheadCursor]! > st || noiseBusy[aheadCursor] || bank.exhausted[aheadCursor])) aheadCursor++;
          const t0 = aheadCursor;
          let t1 = t0;
          const want = batchOf(T - t0);
          while (t1 < T && t1 - t0 < want && noiseAt[t1]! === st && !noiseBusy[t1] && !bank.exhausted[t1] && trialsLeft[t1] === 0) t1++;
          if (t1 > t0) {
            aheadCursor = t1;
            return noiseTask(t0, t1, st + 1);
          }
        }
        return undefined;
      };

      const commitReady = (ss: SeriesState, st: number) => {
        while (ss.pending.has(ss.nextCommit)) {
          const p = ss.pending.get(ss.nextCommit)!;
          ss.pending.delete(ss.nextCommit);
          if (p.rows > 0) commitTrialRow(ss.acc, arena.f64(slotsOff + p.slot * n * 8, n), st, T);
          freeSlots.push(p.slot);
          ss.nextCommit++;
        }
      };

      /** Stage st's rows from the cache reader into the bank. */
      const loadCachedStage = (st: number) => {
        reader!.loadStage(st, new Uint8Array(mem.buffer, bank.rowsOff, T * n * 8));
        for (let t = 0; t < T; t++) {
          const has = st < reader!.rowsOf[t]!;
          bank.hasRow[t] = has ? 1 : 0;
          bank.exhausted[t] = has ? 0 : 1;
          noiseAt[t] = st;
        }
        loadedStage = st;
      };

      /** After the series: the noise EMDs' remaining rows (counted as unused), so the cache entry is complete. */
      const pickFinish = (): { task: OpTask; done: (r: EmdDone) => void } | undefined => {
        const w = writer!;
        let t0 = 0;
        while (t0 < T && !(w.open(t0) && !noiseBusy[t0])) t0++;
        if (t0 === T) return undefined;
        const st = noiseAt[t0]! + 1;
        let t1 = t0 + 1;
        const want = batchOf(T - t0);
        while (t1 < T && t1 - t0 < want && w.open(t1) && !noiseBusy[t1] && noiseAt[t1]! + 1 === st) t1++;
        return noiseTask(t0, t1, st);
      };

      beginStage();
      await schedule(exec, pick, () => !running, opts.signal, () => {
        run.tasks++;
      });
      if (writer) {
        const w = writer;
        await schedule(exec, pickFinish, () => noiseAt.every((_, t) => !w.open(t)), opts.signal, () => {
          run.tasks++;
        });
      }
      noiseSiftsAt.forEach((v, st) => {
        if (st < closed) run.noiseSifts += v;
        else run.noiseUnusedSifts += v;
      });
    }
  } finally {
    writer?.abort();
    reader?.close();
    stopProgress();
    arena.release(mark);
  }
}

/** The cheap half of PyEMD's end condition on R = S − Σc; writes R to rOff. */
function endsCheaply(ss: SeriesState, s: CeemdanSettings, n: number, main: ReturnType<typeof emdKernels>, arena: SharedArena): boolean {
  return residueEnds(s, ss.comps.length, ss.S, ss.sumC, arena.f64(ss.rOff, n), () => main.sumAbs(ss.rOff, n));
}

/** Turn a stage's committed sum into the next component and residue. */
function closeStage(ss: SeriesState, stage: number, n: number, T: number, arena: SharedArena): void {
  const c = new Float64Array(n);
  closeStageInto(stage, T, ss.acc, arena.f64(ss.prevOff, n), ss.S, ss.sumC, c);
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

