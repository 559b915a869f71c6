/** Progress of a CEEMDAN run. */
import type { Progress } from '../engine/progress.js';

/** The bar's scale: thousandths of the run's estimated work. */
export const PROGRESS_UNITS = 1000;

/**
 * Stage k's share of a run's work relative to stage 0. Stages get cheaper as the residue gets
 * smoother: on the bench series (2 workers, n = 32,000 t20/t100 and n = 129,600 t20) stage 1
 * took 0.8–1.6× stage 0's time and each later stage about half the one before, so the first two
 * stages are ≈ 60 % of a run. Counting stages as equal made the bar read 15 % at two thirds of
 * the run, and its ETA several times too long.
 */
export function stageWeight(k: number): number {
  return k === 0 ? 1 : 1.2 * 0.55 ** (k - 1);
}

/** Bounds on the measured stage-to-stage cost ratio the bar extrapolates with. */
const MIN_DECAY = 0.3;
const MAX_DECAY = 1;

/**
 * One progress bar for the whole run, in thousandths of the estimated work. The number of stages
 * is only known at the end, so the total is an estimate (PyEMD gives about log2(n) − 2
 * components, and the bar plans at least one stage after the current one); the bar stops short
 * of the end until the run ends, then it is completed.
 *
 * The work is measured in time as the run goes: each finished stage counts with its measured
 * duration, and the stages to come are extrapolated from the last finished one, with the prior
 * weights' ratios (stageWeight) until three stages have ended and with the last measured ratio
 * (clamped to [0.3, 1]) after that. Series whose later stages stay expensive (raw minute volume:
 * a ratio of ≈ 0.8–0.9 instead of 0.55) would otherwise read 99 % long before the end; for
 * price-like series the two agree. When an estimate falls behind what the bar shows, the bar
 * slows down instead of standing still (see anchorShown).
 */
export class StageProgress {
  /** Estimated number of stages. */
  private readonly stages: number;
  /** Measured duration of every finished stage (ms). */
  private readonly durations: number[] = [];
  private stage = 0;
  private stageStart: number;
  private shown = 0;
  /**
   * Where the current stage's estimate took over: the bar's reading and the estimated fraction
   * then. A stage that ends later than estimated lowers the estimate; rather than stand still
   * until the estimate catches up, the bar spreads what is left of it over the work left.
   */
  private anchorShown = 0;
  private anchorFraction = 0;
  private stopped = false;

  constructor(
    private readonly p: Progress | undefined,
    n: number,
    label = 'CEEMDAN',
    private readonly now: () => number = () => performance.now(),
  ) {
    this.stages = Math.max(2, Math.ceil(Math.log2(n + 1)) - 2);
    this.stageStart = now();
    p?.start(PROGRESS_UNITS, label);
  }

  /** `done` of stage `stage`'s `items` work items are finished (absolute; the bar never moves back). */
  at(stage: number, done: number, items: number): void {
    if (stage > this.stage) {
      this.enter(stage);
      const f0 = this.fraction(0);
      this.anchorShown = Math.max(this.shown / PROGRESS_UNITS, f0);
      this.anchorFraction = f0;
    }
    const within = items > 0 ? Math.min(1, Math.max(0, done) / items) : 0;
    const f = this.fraction(within);
    const a = this.anchorShown;
    const reading = this.anchorFraction < 1 ? a + ((1 - a) * (f - this.anchorFraction)) / (1 - this.anchorFraction) : a;
    const units = Math.min(PROGRESS_UNITS - 1, Math.floor(PROGRESS_UNITS * reading));
    if (units > this.shown) {
      this.p?.tick(units - this.shown);
      this.shown = units;
    }
  }

  /** Stage `stage` began: the stages since the last one seen end now (several share the span by their prior weights: the team's reports are sampled). */
  private enter(stage: number): void {
    const t = this.now();
    let w = 0;
    for (let k = this.stage; k < stage; k++) w += stageWeight(k);
    for (let k = this.stage; k < stage; k++) this.durations[k] = ((t - this.stageStart) * stageWeight(k)) / w;
    this.stage = stage;
    this.stageStart = t;
  }

  /** Share of the run's estimated work done, with `within` of the current stage. */
  private fraction(within: number): number {
    const k = this.stage;
    const last = Math.max(this.stages, k + 2);
    const d = this.durations;
    if (k === 0 || !(d[k - 1]! > 0)) {
      // Nothing measured yet (or a clock that did not move): the prior weights.
      let done = 0;
      let total = 0;
      for (let j = 0; j < last; j++) {
        total += stageWeight(j);
        if (j < k) done += stageWeight(j);
      }
      return (done + within * stageWeight(k)) / total;
    }
    const measured = k >= 3 && d[k - 2]! > 0 ? Math.min(MAX_DECAY, Math.max(MIN_DECAY, d[k - 1]! / d[k - 2]!)) : undefined;
    let past = 0;
    for (let j = 0; j < k; j++) past += d[j]!;
    let cost = d[k - 1]!;
    let current = 0;
    let ahead = 0;
    for (let j = k; j < last; j++) {
      cost *= measured ?? stageWeight(j) / stageWeight(j - 1);
      if (j === k) current = cost;
      ahead += cost;
    }
    return (past + within * current) / (past + ahead);
  }

  finish(): void {
    if (this.shown < PROGRESS_UNITS) this.p?.tick(PROGRESS_UNITS - this.shown);
    this.shown = PROGRESS_UNITS;
    this.stop();
  }

  /** Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.p?.stop();
  }
}
