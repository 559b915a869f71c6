/**
 * CEEMDAN progress (src/emd/stage-progress.ts): thousandths of the estimated work with stages
 * weighted by their measured cost, never moving back, never complete before the run ends; and
 * what both schedulers report through it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { ceemdanSettings } from '../../src/emd/settings.js';
import { PROGRESS_UNITS, StageProgress, stageWeight } from '../../src/emd/stage-progress.js';
import type { Progress } from '../../src/engine/progress.js';
import { closeEngines, poolEngine, twoTones, type EmdEngine } from './emd-helpers.js';

class Recorder implements Progress {
  starts: [number, string][] = [];
  ticks: number[] = [];
  stops = 0;
  start(total: number, label: string): void {
    this.starts.push([total, label]);
  }
  tick(n = 1): void {
    this.ticks.push(n);
  }
  stop(): void {
    this.stops++;
  }
  get shown(): number {
    return this.ticks.reduce((a, b) => a + b, 0);
  }
}

/** Work of the first k stages when `stages` are estimated. */
const workBefore = (k: number) => Array.from({ length: k }, (_, j) => stageWeight(j)).reduce((a, b) => a + b, 0);

test('stage weights: stage 1 weighs 1.2 stage 0, each later stage 0.55 of the one before; the first two are ~60 % of a long run', () => {
  assert.equal(stageWeight(0), 1);
  assert.equal(stageWeight(1), 1.2);
  assert.ok(Math.abs(stageWeight(2) - 0.66) < 1e-12);
  assert.ok(Math.abs(stageWeight(5) / stageWeight(4) - 0.55) < 1e-12);
  // n = 129,600: ceil(log2(n + 1)) - 2 = 15 estimated stages.
  const share = workBefore(2) / workBefore(15);
  assert.ok(share > 0.55 && share < 0.65, `first two stages ${share}`);
});

test('StageProgress: weighted thousandths, never back, capped below the end until finish', () => {
  const r = new Recorder();
  const n = 2000; // ceil(log2(2001)) - 2 = 9 estimated stages
  const total = workBefore(9);
  const p = new StageProgress(r, n, 'CEEMDAN', () => 0); // a clock that never moves: the prior weights alone
  assert.deepEqual(r.starts, [[PROGRESS_UNITS, 'CEEMDAN']]);
  p.at(0, 0, 20);
  assert.equal(r.shown, 0);
  p.at(0, 10, 20);
  assert.equal(r.shown, Math.floor((PROGRESS_UNITS * 0.5) / total));
  p.at(0, 4, 20); // late report: no move back
  assert.equal(r.shown, Math.floor((PROGRESS_UNITS * 0.5) / total));
  p.at(1, 0, 20);
  assert.equal(r.shown, Math.floor(PROGRESS_UNITS / total));
  p.at(1, 30, 20); // more than the stage's items counts as the whole stage
  assert.equal(r.shown, Math.floor((PROGRESS_UNITS * 2.2) / total));
  p.at(12, 5, 20); // more stages than estimated: held just short of the end
  assert.equal(r.shown, PROGRESS_UNITS - 1);
  assert.ok(r.ticks.every((k) => Number.isInteger(k) && k > 0));
  p.finish();
  assert.equal(r.shown, PROGRESS_UNITS);
  p.stop();
  assert.equal(r.stops, 1);
});

/**
 * Replays a run whose stages take `durations` (ms) on a simulated clock, reporting each stage in
 * 10 steps, and returns the bar's reading (%) when 25, 50, 75 and 90 % of the time has passed.
 */
function readings(durations: number[], n: number): number[] {
  let t = 0;
  const clock = () => t;
  const r = new Recorder();
  const p = new StageProgress(r, n, 'CEEMDAN', clock);
  const total = durations.reduce((a, b) => a + b, 0);
  const marks = [0.25, 0.5, 0.75, 0.9];
  const out: number[] = [];
  durations.forEach((d, k) => {
    for (let step = 1; step <= 10; step++) {
      t += d / 10;
      p.at(k, step, 10);
      while (out.length < marks.length && t >= marks[out.length]! * total) out.push(r.shown / 10);
    }
  });
  return out;
}

test('StageProgress: extrapolates the measured stage costs, so a run whose later stages stay expensive does not sit at 99 %', () => {
  // Stage times of the 48-series cohort run of closes and raw volumes (README: 70,320 minutes,
  // t100), reconstructed from its progress log for stages 0-8 (each ≈ 0.8-0.9 of the one before,
  // not 0.55); the log cannot separate the later stages, so stages 9-17 are an assumed tail that
  // keeps shrinking (their sum, 413 ms-units, is ≈ 9 % of the whole). The prior weights alone
  // read 96 % at 75 % of the time and 99 % from 90 % on; the first stages cannot tell such a run
  // from a price series, so the early readings stay the prior's.
  const cohort = [852, 763, 618, 517, 410, 320, 283, 193, 168, 120, 90, 70, 50, 30, 20, 15, 10, 8];
  const [, , q3, q9] = readings(cohort, 70320);
  assert.ok(q3! <= 92, `at 75 % of the time the bar read ${q3} %`);
  assert.ok(q9! <= 97, `at 90 % of the time it read ${q9} %`);
  // Stages that cost what the prior weights say: the bar reads the share of the time.
  const prior = Array.from({ length: 15 }, (_, k) => 1000 * stageWeight(k));
  readings(prior, 129600).forEach((v, i) => assert.ok(Math.abs(v - [25, 50, 75, 90][i]!) <= 3, `prior-shaped run: ${v} % at mark ${i}`));
});

test('StageProgress: stages passed between two reports share the time by their prior weights', () => {
  let t = 0;
  const r = new Recorder();
  const p = new StageProgress(r, 129600, 'CEEMDAN', () => t); // 15 estimated stages
  t = 1000;
  p.at(1, 0, 10); // stage 0 took 1000 ms
  t = 4000;
  p.at(4, 0, 10); // stages 1-3 ended together: 3000 ms split 1.2 : 0.66 : 0.363
  // Stage 4 on is extrapolated from stage 3 (3000 · 0.363 / 2.223 ms) with the measured ratio of
  // stage 3 to stage 2 (0.55 here, as the split follows the prior weights): 869, where the prior
  // weights alone would read 879 (stage 0 took less than they say).
  const d3 = (3000 * stageWeight(3)) / (stageWeight(1) + stageWeight(2) + stageWeight(3));
  let ahead = 0;
  for (let j = 4, c = d3; j < 15; j++) ahead += c *= stageWeight(3) / stageWeight(2);
  assert.equal(r.shown, Math.floor((PROGRESS_UNITS * 4000) / (4000 + ahead)));
  assert.equal(r.shown, 869);
});

const engines: EmdEngine[] = [];
let two: EmdEngine;
before(() => {
  two = poolEngine(engines, 2, 3000);
});
after(() => closeEngines(engines));

for (const scheduler of ['team', 'tasks'] as const) {
  test(`ceemdan (${scheduler}) reports one bar that only moves forward and ends at ${PROGRESS_UNITS}`, async () => {
    const r = new Recorder();
    await ceemdan(two.exec, two.local, [twoTones(3000)], { settings: ceemdanSettings({ trials: 12 }), scheduler, progress: r });
    assert.deepEqual(r.starts, [[PROGRESS_UNITS, 'CEEMDAN']]);
    assert.ok(r.ticks.every((k) => Number.isInteger(k) && k > 0), `ticks ${r.ticks}`);
    assert.equal(r.shown, PROGRESS_UNITS);
    assert.equal(r.stops, 1);
    // The task scheduler reports every batch of trials: the bar moves during the run, not only at the end.
    if (scheduler === 'tasks') assert.ok(r.ticks.length >= 5, `only ${r.ticks.length} progress updates`);
  });
}
