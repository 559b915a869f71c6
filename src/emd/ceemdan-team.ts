/**
 * The calling thread's side of a team CEEMDAN run (./team-op.ts): lay out the shared state, post
 * one team task per worker, report progress from the shared tick counter, and read the components
 * back. Used for one series whose per-trial rows and component rows fit the slot budget; the
 * coordinator in ./ceemdan.ts handles cohorts, long series and the noise cache.
 */
import { CgqError, asCgqError } from '../errors.js';
import type { LocalKernels } from '../kernels/local.js';
import type { CeemdanOptions, CeemdanResult, CeemdanRunStats } from './ceemdan.js';
import { checkedScale, componentRows, emptyRunStats } from './ceemdan-stage.js';
import type { EmdExecutor } from './executor.js';
import { emdKernels } from './kernels.js';
import { NoiseBank } from './noise-bank.js';
import { CEEMDAN_MAX_STAGES, CFG_BYTES, writeCfg } from './settings.js';
import { StageProgress } from './stage-progress.js';
import { ABORTED, CTL_WORDS, C_COMPS, C_STAGE, C_STATE, C_TICKS, FINISHED, R_AT, R_FIELDS, R_TRIAL, TEAM_OP, signalEvent, type TeamLayout, type TeamReply, type TeamTask } from './team-op.js';

/** Default arena bytes for the per-trial rows and component rows (the coordinator's slot budget). */
export const TEAM_BUDGET_BYTES = 64 * 2 ** 20;

/** Arena bytes a team run of n samples and `trials` trials holds beyond the noise bank. */
export function teamBytes(n: number, trials: number): number {
  return (trials + CEEMDAN_MAX_STAGES + 1 + 5) * n * 8;
}

/** How often the calling thread turns the workers' tick counter into progress. */
const PROGRESS_MS = 200;

export async function ceemdanTeam(
  exec: EmdExecutor,
  local: LocalKernels,
  x: Float64Array,
  key: string,
  opts: CeemdanOptions,
): Promise<{ results: CeemdanResult[]; run: CeemdanRunStats }> {
  const s = opts.settings;
  const n = x.length;
  const T = s.trials;
  const arena = local.arena;
  const mem = arena.memory;
  const run: CeemdanRunStats = emptyRunStats();
  if (opts.signal?.aborted) throw new CgqError('INTERRUPTED', 'ceemdan: interrupted');
  const mark = arena.mark();
  let progress: StageProgress | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const cfg = arena.alloc(CFG_BYTES);
    writeCfg(mem, cfg, s.emd);
    const xOff = arena.putF64(x);
    const scale = checkedScale(emdKernels(local.runtime).std(xOff, n), key);
    const bar = (progress = new StageProgress(opts.progress, n, opts.progressLabel)); // after the checks: a refused series prints no bar
    const bank = new NoiseBank(arena, local.runtime, n, T, s.seed);
    const L: TeamLayout = {
      ctl: arena.alloc(CTL_WORDS * 4),
      beta: arena.alloc(8),
      s0: arena.alloc(8 * T),
      real: arena.alloc(4 * R_FIELDS * T),
      trialRows: arena.alloc(4 * T),
      S: arena.allocF64(n),
      prev: arena.allocF64(n),
      R: arena.allocF64(n),
      acc: arena.allocF64(n),
      sumC: arena.allocF64(n),
      comps: arena.alloc((CEEMDAN_MAX_STAGES + 1) * n * 8),
      slots: arena.alloc(T * n * 8),
      rows: bank.rowsOff,
      bank: { noiseOff: bank.noiseOff, accOff: bank.accOff, statesOff: bank.statesOff, rngOff: bank.rngOff },
    };
    run.arenaBytes = arena.mark() - mark;
    const ctl = new Int32Array(mem.buffer, L.ctl, CTL_WORDS);
    ctl.fill(0);
    new Float64Array(mem.buffer, L.s0, T).fill(NaN);
    const real = new Int32Array(mem.buffer, L.real, R_FIELDS * T);
    real.fill(0);
    real.fill(-1, R_AT * T, (R_AT + 1) * T);
    real.fill(-1, R_TRIAL * T, (R_TRIAL + 1) * T);
    const S = arena.f64(L.S, n);
    for (let j = 0; j < n; j++) S[j] = x[j]! / scale;
    arena.f64(L.prev, n).set(S);

    onAbort = () => {
      Atomics.compareExchange(ctl, C_STATE, 0, ABORTED);
      signalEvent(ctl);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const tick = () => {
      // Every stage before the open one finished its T trials (two ticks each: noise row and trial).
      const stage = Atomics.load(ctl, C_STAGE);
      bar.at(stage, Atomics.load(ctl, C_TICKS) / 2 - T * stage, T);
    };
    timer = setInterval(tick, PROGRESS_MS);
    const task: TeamTask = { op: TEAM_OP, key, layout: L, n, settings: s, cfg };
    const settled = await Promise.allSettled(Array.from({ length: exec.workers }, () => exec.run<TeamReply>(task)));
    clearInterval(timer);
    timer = undefined;
    run.tasks = settled.length;
    const state = Atomics.load(ctl, C_STATE);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (state === ABORTED || opts.signal?.aborted) throw new CgqError('INTERRUPTED', 'ceemdan: interrupted');
    if (failed) throw asCgqError(failed.reason);
    if (state !== FINISHED) throw new CgqError('INTERNAL', `ceemdan: the worker team stopped in state ${state} before the series ended`);

    const closed = ctl[C_COMPS]!;
    let sifts = 0;
    for (const r of settled) {
      const d = (r as PromiseFulfilledResult<{ data: TeamReply }>).value.data;
      sifts += d.seriesSifts;
      run.seriesKnots += d.seriesKnots;
      run.seriesMs += d.seriesMs;
      run.noiseMs += d.noiseMs;
      run.noiseKnots += d.noiseKnots;
      d.noiseSiftsAt.forEach((v, st) => {
        if (st < closed) run.noiseSifts += v;
        else run.noiseUnusedSifts += v;
      });
    }
    const comps = Array.from({ length: closed }, (_, c) => arena.f64(L.comps + c * n * 8, n).slice());
    const rows = componentRows(comps, S, arena.f64(L.sumC, n), scale);
    bar.finish();
    return { results: [{ rows, stats: { components: closed, stages: closed, sifts } }], run };
  } finally {
    if (timer) clearInterval(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    progress?.stop();
    arena.release(mark);
  }
}
