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
  const p = new StageProgress(r, n);
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
