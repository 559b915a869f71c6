/** Progress of a CEEMDAN run. */
import type { Progress } from '../engine/progress.js';

/**
 * One progress bar for the whole run. The number of stages is only known at the end, so the total
 * is an estimate (PyEMD gives about log2(n) − 2 components); ticks stop short of it until the run
 * ends, then the bar is completed.
 */
export class StageProgress {
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

  tick(k = 1): void {
    const step = Math.min(k, this.total - 1 - this.done);
    if (step > 0) {
      this.done += step;
      this.p?.tick(step);
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
