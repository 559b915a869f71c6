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

/**
 * One progress bar for the whole run, in thousandths of the estimated work. The number of stages
 * is only known at the end, so the total is an estimate (PyEMD gives about log2(n) − 2
 * components); the bar stops short of the end until the run ends, then it is completed.
 */
export class StageProgress {
  /** Work before stage k, for k = 0 .. estimated stages. */
  private readonly before: number[] = [0];
  private readonly stages: number;
  private shown = 0;
  private stopped = false;

  constructor(
    private readonly p: Progress | undefined,
    n: number,
    label = 'CEEMDAN',
  ) {
    this.stages = Math.max(2, Math.ceil(Math.log2(n + 1)) - 2);
    for (let k = 0; k < this.stages; k++) this.before.push(this.before[k]! + stageWeight(k));
    p?.start(PROGRESS_UNITS, label);
  }

  /** `done` of stage `stage`'s `items` work items are finished (absolute; the bar never moves back). */
  at(stage: number, done: number, items: number): void {
    const total = this.before[this.stages]!;
    const k = Math.min(stage, this.stages);
    const within = k < this.stages && items > 0 ? stageWeight(k) * Math.min(1, Math.max(0, done) / items) : 0;
    const units = Math.min(PROGRESS_UNITS - 1, Math.floor((PROGRESS_UNITS * (this.before[k]! + within)) / total));
    if (units > this.shown) {
      this.p?.tick(units - this.shown);
      this.shown = units;
    }
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
